"""Template tags of the public site: prices, absolute links for sharing, order buttons and the
structured data search engines read."""

import json
from html import escape

from django import template
from django.apps import apps
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags.wagtailimages_tags import ImageNode, PictureNode
from wagtail.models import Site

from cms.formats import thousands
from cms.models import Availability, InstitutionSettings
from cms.renditions import SHARE_IMAGE_FILTER, THEME_PICTURES
from sitegen.api import public_page_url, public_url
from sitegen.pages import site_wide_value, visible
from theme import order_addresses

register = template.Library()

# schema.org's names for the product's availability (https://schema.org/ItemAvailability).
SCHEMA_AVAILABILITY = {
    Availability.READY_STOCK: "https://schema.org/InStock",
    Availability.PRE_ORDER: "https://schema.org/PreOrder",
    Availability.MADE_TO_ORDER: "https://schema.org/MadeToOrder",
    Availability.SOLD_OUT: "https://schema.org/SoldOut",
}


def html_attributes(attributes: dict) -> str:
    """Django's ``flatatt`` (names sorted, ``True`` written bare, ``False`` and ``None`` left
    out, values escaped unless safe) in a fifth of its time: it escapes through lazy-aware
    wrappers, and the catalog's pictures carry thousands of attributes per bake."""

    def text(value) -> str:
        return value.__html__() if hasattr(value, "__html__") else escape(str(value))

    pairs = sorted(
        (name, value)
        for name, value in attributes.items()
        if value is not None and not isinstance(value, bool)
    )
    flags = sorted(name for name, value in attributes.items() if value is True)
    return "".join(f' {text(name)}="{text(value)}"' for name, value in pairs) + "".join(
        f" {text(name)}" for name in flags
    )


class ThemePicture(Picture):
    """Wagtail's ``<picture>``, the same markup, written with ``html_attributes``."""

    def __html__(self):
        if not self.formats:  # one format: Wagtail's plain <img> in a <picture>
            return super().__html__()
        attrs = dict(self.attrs or {})
        fallback_format = self.get_fallback_format()
        fallback_renditions = self.formats[fallback_format]
        sizes = attrs.get("sizes")
        sources = "".join(
            self._source(image_format, sizes)
            for image_format in self.source_format_order
            if image_format.name != fallback_format and image_format.name in self.formats
        )
        if len(fallback_renditions) > 1:
            attrs["srcset"] = self.get_width_srcset(fallback_renditions)
        img = {
            **fallback_renditions[0].attrs_dict,
            **apps.get_app_config("wagtailimages").default_attrs,
            **attrs,
        }
        # Every value is escaped by html_attributes.
        return mark_safe(f"<picture>{sources}<img{html_attributes(img)}></picture>")  # noqa: S308

    def _source(self, image_format, sizes) -> str:
        srcset = self.get_width_srcset(self.formats[image_format.name])
        attributes = {"srcset": srcset, "sizes": sizes, "type": image_format.mime_type}
        return f"<source{html_attributes(attributes)}>"


class ThemePictureNode(PictureNode):
    """Wagtail's ``{% picture %}``, rendered as a ``ThemePicture``."""

    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        renditions = get_renditions_or_not_found(image, self.get_filters())
        attrs = {name: value.resolve(context) for name, value in self.attrs.items()}
        return ThemePicture(renditions, attrs).__html__()


THEME_PICTURE_NODES = {"picture": ThemePictureNode, "image": ImageNode}


@register.tag
def theme_picture(parser, token):
    """``{% theme_picture photo "product_photo" sizes="..." alt=... %}``: Wagtail's picture (or
    image) tag with the filter specs of that entry of ``cms.renditions.THEME_PICTURES``, the
    list the renditions made ahead of a bake are read from."""
    tag_name, image, name, *attributes = token.split_contents()
    picture = THEME_PICTURES.get(name.strip("\"'"))
    if picture is None:
        raise template.TemplateSyntaxError(
            f"{tag_name}: {name} is not one of {', '.join(THEME_PICTURES)} (cms/renditions.py)"
        )
    attrs = {}
    for attribute in attributes:
        key, separator, value = attribute.partition("=")
        if not separator:
            raise template.TemplateSyntaxError(f"{tag_name}: {attribute} is not name=value")
        attrs[key] = parser.compile_filter(value)
    node_class = THEME_PICTURE_NODES[picture.tag]
    return node_class(parser.compile_filter(image), list(picture.specs), attrs=attrs)


@register.filter
def rupiah(amount) -> str:
    """150000 → "Rp 150.000", the way prices are written in Indonesia."""
    return f"Rp {thousands(int(amount))}"


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """The path's address on the public site (its public address, not the admin's host)."""
    return public_url(context["request"], path)


@register.simple_tag(takes_context=True)
def share_image(context, photo):
    """The rendition and absolute URL of a link preview photo, for the Open Graph tags."""
    rendition = photo.get_rendition(SHARE_IMAGE_FILTER)
    return {"url": public_url(context["request"], rendition.url), "rendition": rendition}


@register.simple_tag(takes_context=True)
def whatsapp_order_url(context, product, bulk=False) -> str:
    request = context["request"]
    institution = InstitutionSettings.for_request(request)
    return institution.whatsapp_order_url(product, public_page_url(product, request), bulk=bulk)


@register.simple_tag(takes_context=True)
def order_address(context, product, destination, target) -> str:
    """The link of one of the product's order buttons to `target`: on the baked site, its
    order address for `destination`, which redirects to `target` (theme/order_addresses.py)."""
    url = product.get_url(context["request"])
    return order_addresses.order_address(url, destination, target)


# What a sold-out product offers instead of the order button: a message asking to be told when
# it is back, and, when its workshop takes custom orders, one asking for it to be made. Fixed
# texts of the theme (in the site's language), with the placeholders of the order messages.
SOLD_OUT_MESSAGES = {
    "notify": _("Hello, please tell me when {name} (code {code}) is available again. {url}"),
    "make": _(
        "Hello, I would like to order {name} (code {code}) made for me. "
        "Please tell me the price and how long it takes. {url}"
    ),
}


@register.simple_tag(takes_context=True)
def whatsapp_sold_out_url(context, product, wish) -> str:
    """The click-to-chat link of a sold-out product's `wish`: "notify" or "make"."""
    request = context["request"]
    institution = InstitutionSettings.for_request(request)
    template = str(SOLD_OUT_MESSAGES[wish])
    return institution.whatsapp_message_url(template, product, public_page_url(product, request))


@register.simple_tag(takes_context=True)
def product_json_ld(context, product, photos):
    """schema.org Product and Offer of a product page, as a JSON-LD script element."""
    request = context["request"]
    institution = InstitutionSettings.for_request(request)
    seller = {"@type": "Organization", "name": institution.institution_name}
    url = public_page_url(product, request)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "sku": product.code,
        "description": product.short_description,
        "url": url,
        "image": [
            public_url(request, photo.image.get_rendition(SHARE_IMAGE_FILTER).url)
            for photo in photos
        ],
        "brand": seller,
        "offers": {
            "@type": "Offer",
            "price": product.price,
            "priceCurrency": "IDR",
            "availability": SCHEMA_AVAILABILITY[product.availability],
            "url": url,
            "seller": seller,
        },
    }
    if product.category_id:
        data["category"] = product.category.name
    return json_ld(data)


def json_ld(data) -> str:
    # Escaped like Django's json_script: the text cannot close the script element.
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.simple_tag(takes_context=True)
def site_menu(context):
    """The pages the header links to: the home page's children marked "show in menus"."""
    site = Site.find_for_request(context["request"])
    if site is None:
        return []

    def menu():
        pages = site.root_page.get_children().filter(show_in_menus=True)
        return list(visible(pages).order_by("path"))

    return site_wide_value("menu", menu)


@register.simple_tag
def workshop_public_lines(workshop) -> list[str]:
    """Sentences other apps add to a workshop's public page through the
    ``workshop_public_lines`` hook (orders: its record of business orders), since the theme
    imports no app above it. Each hook takes the workshop page and returns a list of strings."""
    return [line for hook in hooks.get_hooks("workshop_public_lines") for line in hook(workshop)]
