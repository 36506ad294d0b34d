"""The photo library. A custom image model so that every upload is sanitised (cms/images.py),
and so that the picture an officer reviewed is the picture published (cms/permissions.py)."""

import os

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Image

from cms.images import strip_metadata
from cms.permissions import picture_is_fixed
from cms.renditions import make_renditions_after_commit, shared_filter
from institutions.models import Institution

# What the renditions are cut from: the file, and the focal area that crops are centred on.
PICTURE_FIELDS = (
    "file",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
)

PICTURE_FIXED_MESSAGE = _(
    "A page in review or on the public site shows this photo, so its picture cannot be changed. "
    "Upload the new picture as a new photo and put it in the page instead."
)
DELETE_REFUSED_MESSAGE = _(
    "A page in review or on the public site shows this photo, so it cannot be deleted."
)


class PictureFixed(PermissionDenied):
    """A change of a fixed picture (or a delete) that came past the admin's form and policy."""


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

    def changed_picture_fields(self) -> list[str]:
        """The picture fields that differ from the stored photo (none for a new photo)."""
        if self.pk is None:
            return []
        stored = type(self).objects.filter(pk=self.pk).values(*PICTURE_FIELDS).first() or {}
        current = {field: getattr(self, field) for field in PICTURE_FIELDS}
        current["file"] = self.file.name
        return [
            field for field in PICTURE_FIELDS if field in stored and stored[field] != current[field]
        ]

    def get_rendition(self, filter):
        return super().get_rendition(shared_filter(filter))

    def get_renditions(self, *filters):
        return super().get_renditions(*map(shared_filter, filters))

    def _set_image_file_metadata(self):
        # Both admin upload paths (single and multiple) call this right after a new file is
        # attached and before the record is saved: the one place to clean every upload.
        self._strip_file_metadata()
        super()._set_image_file_metadata()

    def save(self, *args, **kwargs):
        # Every way of changing a photo ends here, whatever view or code path it took.
        changed_picture = self.changed_picture_fields()
        if changed_picture and picture_is_fixed(self):
            self._discard_new_file()
            raise PictureFixed(PICTURE_FIXED_MESSAGE)
        new_picture = self.pk is None or bool(changed_picture)
        # Files attached in code (demo content, imports) reach the database through here.
        if self.file and not self.file._committed:
            self._strip_file_metadata()
        super().save(*args, **kwargs)
        if new_picture:
            make_renditions_after_commit([self.pk])

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

    def _discard_new_file(self):
        """Remove a refused new file that an upload view already stored (under a new name)."""
        stored_name = type(self).objects.filter(pk=self.pk).values_list("file", flat=True).get()
        if self.file._committed and self.file.name != stored_name:
            self.file.storage.delete(self.file.name)


@receiver(pre_delete, sender=Photo)
def refuse_deleting_a_fixed_picture(sender, instance, **kwargs):
    """Bulk deletes and cascades do not call ``Photo.delete``; every delete sends this."""
    if picture_is_fixed(instance):
        raise PictureFixed(DELETE_REFUSED_MESSAGE)


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
