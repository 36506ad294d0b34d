from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Catalog")

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from cms.images import use_faster_avif_encoding
        from cms.models import Photo
        from cms.permissions import PhotoPermissionPolicy

        use_faster_avif_encoding()
        # For the photo model exactly, so that it wins over the policy wagtail.images registers.
        register_permission_policy(
            Photo,
            PhotoPermissionPolicy(
                Photo, auth_model="wagtailimages.Image", owner_field_name="uploaded_by_user"
            ),
            exact_class=True,
        )
