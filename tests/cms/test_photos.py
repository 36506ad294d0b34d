"""Uploaded photos lose their camera metadata and stay upright."""

from io import BytesIO

import pytest
from PIL import Image

from django.urls import reverse

from cms.models import Photo
from tests.factories import jpeg_file

GPS_IFD = 0x8825
ORIENTATION = 0x0112
BODY_SERIAL_NUMBER = 0xA431
DATETIME_ORIGINAL = 0x9003
# What Pillow reports about the encoding itself, not about the photo.
HARMLESS_INFO = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "progressive",
    "progression",
    "dpi",
}


def phone_photo_exif():
    """EXIF as a phone writes it: GPS position, camera serial, time taken, rotated 90°."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[BODY_SERIAL_NUMBER] = "SN-1234567"
    exif[DATETIME_ORIGINAL] = "2026:11:01 09:30:00"
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (6.0, 54.0, 50.0), 3: "E", 4: (107.0, 36.0, 35.0)})
    return exif.tobytes()


def metadata_of(file):
    file.open("rb")
    file.seek(0)
    data = file.read()
    file.seek(0)
    with Image.open(BytesIO(data)) as image:
        return {
            "exif": dict(image.getexif()),
            "gps": dict(image.getexif().get_ifd(GPS_IFD)),
            "info": set(image.info) - HARMLESS_INFO,
            "size": image.size,
        }


@pytest.fixture
def uploaded_photo(client, manager):
    """A phone photo (landscape pixels, portrait orientation) uploaded through the admin."""
    original = jpeg_file(
        "kain-batik.jpg", size=(80, 60), exif=phone_photo_exif(), comment=b"IMG_0042"
    )
    assert metadata_of(original)["gps"], "the fixture must carry GPS data to prove anything"
    client.force_login(manager)

    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Kain batik", "file": original, "collection": "1", "tags": ""},
    )

    assert response.status_code == 302, response.context["form"].errors
    return Photo.objects.get(title="Kain batik")


def test_stored_original_has_no_metadata_and_is_upright(uploaded_photo):
    stored = metadata_of(uploaded_photo.file)

    assert stored["exif"] == {}
    assert stored["gps"] == {}
    assert stored["info"] == set()
    assert stored["size"] == (60, 80)  # rotated upright
    assert (uploaded_photo.width, uploaded_photo.height) == (60, 80)


def test_renditions_have_no_metadata(uploaded_photo):
    for filter_spec in ("fill-40x40", "width-30|format-webp", "width-50|format-png"):
        rendition = uploaded_photo.get_rendition(filter_spec)
        stored = metadata_of(rendition.file)
        assert stored["exif"] == {} and stored["gps"] == {}, filter_spec


def test_multiple_upload_is_sanitised_too(client, manager):
    client.force_login(manager)
    original = jpeg_file("sandal.jpg", exif=phone_photo_exif())

    response = client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": original, "collection": "1"}
    )

    assert response.status_code == 200
    photo = Photo.objects.get()
    assert metadata_of(photo.file)["gps"] == {}
    assert metadata_of(photo.file)["exif"] == {}
    assert (photo.width, photo.height) == (48, 64)


def test_photo_created_in_code_is_sanitised(db):
    photo = Photo.objects.create(title="Imported", file=jpeg_file(exif=phone_photo_exif()))

    assert metadata_of(photo.file)["exif"] == {}
