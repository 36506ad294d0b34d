"""Uploaded photos lose their camera metadata and stay upright; a picture of too many pixels is
refused before it is decoded."""

import re
import struct
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from django.core.files.uploadedfile import SimpleUploadedFile
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


BOMB_SIDE = 11_000  # 121 million pixels; a phone's 48-megapixel photo has 8000 × 6000
# Peak memory the admin process may gain while refusing it (decoding it would take ~363 MB).
MEMORY_BOUND_KB = 40 * 1024


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


@pytest.fixture(scope="module")
def pixel_bomb(tmp_path_factory) -> Path:
    """An 11,000 × 11,000 RGB PNG of one colour: about 350 KB on disk, 363 MB decoded. Written
    row by row, so the test itself never holds the picture."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * (BOMB_SIDE * 3)  # filter byte, then black pixels
    compressed = b"".join(compressor.compress(row) for _row in range(BOMB_SIDE))
    compressed += compressor.flush()
    header = struct.pack(">IIBBBBB", BOMB_SIDE, BOMB_SIDE, 8, 2, 0, 0, 0)
    path = tmp_path_factory.mktemp("bomb") / "kain-besar.png"
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", compressed)
        + png_chunk(b"IEND", b"")
    )
    return path


class PeakMemory:
    """The growth of this process's peak resident memory (Linux's VmHWM) over a block."""

    def __enter__(self):
        Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from now
        self.before = self._peak_kb()
        return self

    def __exit__(self, *exc_info):
        self.growth_kb = self._peak_kb() - self.before

    @staticmethod
    def _peak_kb() -> int:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))


TOO_MANY_PIXELS = "Gambar ini lebih dari 50000000 piksel."


def test_an_upload_of_too_many_pixels_is_refused_before_decoding(client, manager, pixel_bomb):
    client.force_login(manager)
    upload = SimpleUploadedFile(pixel_bomb.name, pixel_bomb.read_bytes(), "image/png")

    with PeakMemory() as memory:
        response = client.post(
            reverse("wagtailimages:add"),
            {"title": "Kain besar", "file": upload, "collection": "1", "tags": ""},
        )

    assert response.status_code == 200
    assert TOO_MANY_PIXELS in response.text
    assert not Photo.objects.exists()
    assert memory.growth_kb < MEMORY_BOUND_KB


def test_a_multiple_upload_of_too_many_pixels_is_refused_too(client, manager, pixel_bomb):
    client.force_login(manager)
    upload = SimpleUploadedFile(pixel_bomb.name, pixel_bomb.read_bytes(), "image/png")

    with PeakMemory() as memory:
        response = client.post(
            reverse("wagtailimages:add_multiple"), {"files[]": upload, "collection": "1"}
        )

    assert TOO_MANY_PIXELS in response.json()["error_message"]
    assert not Photo.objects.exists()
    assert memory.growth_kb < MEMORY_BOUND_KB


def test_a_photo_of_too_many_pixels_added_in_code_is_refused_before_decoding(db, pixel_bomb):
    upload = SimpleUploadedFile(pixel_bomb.name, pixel_bomb.read_bytes(), "image/png")

    with PeakMemory() as memory, pytest.raises(Image.DecompressionBombError):
        Photo.objects.create(title="Imported", file=upload)

    assert not Photo.objects.exists()
    assert memory.growth_kb < MEMORY_BOUND_KB
