"""Admin registrations of the reach app."""

from django.urls import path

from wagtail import hooks

from reach.views import share_kit


# Share kits (reach/views/share_kit.py).
@hooks.register("register_admin_urls")
def register_share_kit_urls():
    return [
        path("share-kit/<int:page_id>/", share_kit.share_kit, name="reach_share_kit"),
        path(
            "share-kit/<int:page_id>/<str:layout>.jpg",
            share_kit.share_kit_image,
            name="reach_share_kit_image",
        ),
    ]


@hooks.register("register_page_header_buttons")
def share_kit_header_button(page, user, view_name, next_url=None):
    yield share_kit.ShareKitButton(page=page, priority=40)


@hooks.register("register_page_listing_more_buttons")
def share_kit_listing_button(page, user, next_url=None):
    yield share_kit.ShareKitButton(page=page, priority=7)
