"""The photo form of the admin (single upload, multiple upload, edit): Wagtail's, with two
refusals said plainly, in the admin's language, before anything is stored:

- a new picture for a photo that a page in review or on the public site shows (the photo model
  refuses it too, for any other path);
- a picture of too many pixels (WAGTAILIMAGES_MAX_IMAGE_PIXELS). Pillow refuses it from its
  header (cms.images.refuse_images_over), so the number of pixels is not known here: the message
  gives the limit.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

from cms.models.photos import PICTURE_FIELDS, PICTURE_FIXED_MESSAGE
from cms.permissions import picture_is_fixed


class PhotoForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["file_too_many_pixels"] = _(
                "This picture has more than %(max_pixels_count)s pixels. Make it smaller (for "
                "example 4000 pixels wide) and upload it again."
            )

    def clean(self):
        cleaned_data = super().clean()
        changed = [field for field in PICTURE_FIELDS if field in self.changed_data]
        if changed and picture_is_fixed(self.instance):
            # On the file input when a file was chosen; the focal area's inputs are hidden.
            self.add_error("file" if "file" in changed else None, PICTURE_FIXED_MESSAGE)
        return cleaned_data
