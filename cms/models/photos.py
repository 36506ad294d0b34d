"""The photo library. A custom image model so that every upload is sanitised (cms/images.py)."""

import os

from django.core.files.base import ContentFile
from django.db import models

from wagtail.images.models import AbstractImage, AbstractRendition, Image

from cms.images import strip_metadata


class Photo(AbstractImage):
    """A photo of a product, a workshop or a story, stored without any camera metadata."""

    admin_form_fields = Image.admin_form_fields

    def _set_image_file_metadata(self):
        # Both admin upload paths (single and multiple) call this right after a new file is
        # attached and before the record is saved: the one place to clean every upload.
        self._strip_file_metadata()
        super()._set_image_file_metadata()

    def save(self, *args, **kwargs):
        # Files attached in code (demo content, imports) reach the database through here.
        if self.file and not self.file._committed:
            self._strip_file_metadata()
        super().save(*args, **kwargs)

    def _strip_file_metadata(self):
        if getattr(self, "_sanitised_name", None) == self.file.name:
            return
        self.file.open("rb")
        self.file.seek(0)
        clean = strip_metadata(self.file.read())
        previous_name = self.file.name if self.file._committed else None
        self.file.save(os.path.basename(self.file.name), ContentFile(clean.data), save=False)
        # Set from the clean image: rotation may have swapped them.
        self.width, self.height = clean.width, clean.height
        if previous_name and previous_name != self.file.name:
            self.file.storage.delete(previous_name)
        self._sanitised_name = self.file.name


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
