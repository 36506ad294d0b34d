"""Each institution's clerks and head see and record its own orders only.

Sales, inquiries and imports carry their institution's site; stock movements and products'
stock belong to the institution of their product. Every list, record page and product choice
of the orders admin goes through these functions.
"""

from django.core.exceptions import ValidationError
from django.db.models import Value
from django.utils.translation import gettext as _

from wagtail.models import Site

from cms.models import ProductPage
from institutions.scopes import pages_of, sites_of


def products_for(user):
    """The products of the user's institutions, the ones they may record orders of."""
    return ProductPage.objects.filter(pages_of(sites_of(user)))


def scoped(queryset, user):
    """The records of `queryset` that belong to the user's institutions."""
    if has_site(queryset.model):
        return queryset.filter(site__in=sites_of(user))
    return queryset.filter(pages_of(sites_of(user), field="product"))


def scoped_for_admin(queryset, user):
    """`scoped`, each record loaded remembering whom it was scoped for, so that `in_scope` asks
    nothing more of a record of the admin's lists and forms (it is asked for every button)."""
    return scoped(queryset, user).annotate(scoped_for_user=Value(user.pk))


def in_scope(user, record) -> bool:
    if getattr(record, "scoped_for_user", None) == user.pk:
        return True
    return scoped(type(record)._default_manager.filter(pk=record.pk), user).exists()


def has_site(model) -> bool:
    return any(field.name == "site" for field in model._meta.concrete_fields)


def site_of_products(products):
    """The institution whose tree holds the products (the deepest root that contains them)."""
    paths = [product.path for product in products]
    sites = Site.objects.select_related("root_page").order_by("-root_page__depth")
    for site in sites:
        if all(path.startswith(site.root_page.path) for path in paths):
            return site
    raise ValidationError(_("The products of one record must belong to one institution."))


def check_products_of(site, products):
    """Refuse a record whose products are not the institution's own."""
    foreign = [
        product.code for product in products if not product.path.startswith(site.root_page.path)
    ]
    if foreign:
        raise ValidationError(
            _("%(codes)s: not a product of %(institution)s.")
            % {"codes": ", ".join(foreign), "institution": site.site_name or site.hostname}
        )
