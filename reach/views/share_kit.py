"""The share kit in the admin: a product's or story's two images and its captions, for the
managers and the head of the page's institution.

Another institution's page is not found, whoever asks; the page's own institution's officers
and clerks are refused (sharing is the managers' work, and the head's). A kit is made only for a
page the public can see, so its QR code and links never lead to a page that is not published.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page, Site

from institutions.models import Role
from institutions.scopes import pages_of, sites_of
from reach.share_kit import LAYOUTS, SHAREABLE_PAGE_TYPES, share_image, share_kit_of
from sitegen.pages import visible

SHARING_ROLES = (Role.MANAGER, Role.HEAD)
# Where the sites a user shares from are kept for the rest of the request: the page listing
# asks for every row.
SHARING_ROOTS_ATTRIBUTE = "_reach_sharing_roots"


def sharing_roots(user) -> list[str]:
    """The tree paths of the sites where the user is a manager or the head."""
    if SHARING_ROOTS_ATTRIBUTE not in user.__dict__:
        sites = Site.objects.filter(
            institution__role_groups__role__in=SHARING_ROLES,
            institution__role_groups__group__user=user,
        )
        user.__dict__[SHARING_ROOTS_ATTRIBUTE] = list(
            sites.values_list("root_page__path", flat=True)
        )
    return user.__dict__[SHARING_ROOTS_ATTRIBUTE]


def may_share(user, page) -> bool:
    return any(page.path.startswith(root) for root in sharing_roots(user))


def is_public(page) -> bool:
    return visible(Page.objects.filter(pk=page.pk)).exists()


def shareable_page(request, page_id):
    """The product or story page, as its live row has it, if the user may share it."""
    pages = Page.objects.filter(pages_of(sites_of(request.user)))
    page = get_object_or_404(pages, pk=page_id).specific
    if not isinstance(page, SHAREABLE_PAGE_TYPES):
        raise Http404
    if not may_share(request.user, page):
        raise PermissionDenied
    return page


@never_cache
def share_kit(request, page_id):
    page = shareable_page(request, page_id)
    context = {
        "page": page,
        "header_title": _("Share kit: %(title)s") % {"title": page.title},
        "page_title": _("Share kit"),
        "page_subtitle": page.title,
    }
    if is_public(page):
        kit = share_kit_of(page, request)
        context |= {"kit": kit, "layouts": LAYOUTS.values(), "captions": kit.captions()}
    return render(request, "reach/share_kit/index.html", context)


@never_cache
def share_kit_image(request, page_id, layout):
    """One of the kit's images, as a file to download (shown in the kit's page as well)."""
    page = shareable_page(request, page_id)
    if layout not in LAYOUTS or not is_public(page):
        raise Http404
    kit = share_kit_of(page, request)
    response = HttpResponse(share_image(kit, LAYOUTS[layout]), content_type="image/jpeg")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=kit.file_name(LAYOUTS[layout])
    )
    return response


class ShareKitButton(PageMenuItem):
    """In a page's header and in its row of the page listing, for those who may share it."""

    label = gettext_lazy("Share kit")
    icon_name = "link"
    url_name = "reach_share_kit"

    def is_shown(self, user):
        return (
            issubclass(self.page.specific_class, SHAREABLE_PAGE_TYPES)
            and self.page.live
            and may_share(user, self.page)
        )
