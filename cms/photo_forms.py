"""The form of a photo upload in the admin (single and multiple): Wagtail's, with the refusal of
a picture of too many pixels (WAGTAILIMAGES_MAX_IMAGE_PIXELS) said plainly, in the admin's
language. Pillow refuses such a picture from its header (cms.images.refuse_images_over), so the
number of pixels is not known here: the message gives the limit."""

from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm


class PhotoForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["file_too_many_pixels"] = _(
                "This picture has more than %(max_pixels_count)s pixels. Make it smaller (for "
                "example 4000 pixels wide) and upload it again."
            )
