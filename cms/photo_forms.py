"""The photo edit form of the admin (single upload, multiple upload, edit).

It refuses a new picture for a photo that a page in review or on the public site shows, with
the reason, before anything is stored; the photo model refuses it too, for any other path.
"""

from wagtail.images.forms import BaseImageForm

from cms.models.photos import PICTURE_FIELDS, PICTURE_FIXED_MESSAGE
from cms.permissions import picture_is_fixed


class PhotoForm(BaseImageForm):
    def clean(self):
        cleaned_data = super().clean()
        changed = [field for field in PICTURE_FIELDS if field in self.changed_data]
        if changed and picture_is_fixed(self.instance):
            # On the file input when a file was chosen; the focal area's inputs are hidden.
            self.add_error("file" if "file" in changed else None, PICTURE_FIXED_MESSAGE)
        return cleaned_data
