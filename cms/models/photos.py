"""The photo library. A custom image model so that every upload is sanitised (cms/images.py)."""

import os

from django.core.files.base import ContentFile
from django.db import models

from wagtail.images.models import AbstractImage, AbstractRendition, Image

from cms.images import strip_metadata
from cms.models.institutions import Institution


class Photo(AbstractImage):
    """A photo of a product, a workshop or a story, stored without any camera metadata."""

    admin_form_fields = Image.admin_form_fields

    def public_site_ids(self) -> set[int] | None:
        """The sites whose pages may show the photo: its institution's, as a page shows only
        photos of its institution's collections (None, every site, for a photo outside them).
        A change to the photo re-bakes those sites only, and only their history names it."""
        path = self.collection.path
        institutions = Institution.objects.values_list("site_id", "collection__path")
        return {site for site, root in institutions if path.startswith(root)} or None

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
