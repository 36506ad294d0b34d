from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Catalog")

    def ready(self):
        from django.conf import settings

        from wagtail.permissions import register_permission_policy

        from cms.images import refuse_images_over, use_faster_avif_encoding
        from cms.models import Photo
        from cms.permissions import PhotoPermissionPolicy
        from cms.renditions import connect_signals

        use_faster_avif_encoding()
        connect_signals()
        refuse_images_over(settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS)
        # For the photo model exactly, so that it wins over the policy wagtail.images registers.
        register_permission_policy(
            Photo,
            PhotoPermissionPolicy(
                Photo, auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
            ),
            exact_class=True,
        )
