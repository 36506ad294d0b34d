"""Uploaded photos, their renditions and profile pictures on object storage.

With several admin machines and task workers, a folder on one of them is seen by that one only:
``ETALASE_MEDIA_S3_BUCKET`` puts the media in a bucket (``cms/settings/base.py``) they all read.
That bucket or prefix is private: objects are stored without an ACL (the bucket's own, private),
and no address of the bucket is ever handed out. A file's address is the admin's ``/media/`` view
(``cms/media.py``), which checks who asks before it streams the file from here; the public site
carries the baker's own copies of the renditions it shows.
"""

import os
import threading

from botocore.config import Config
from storages.backends.s3 import S3Storage

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri

from sitegen.targets import Location

# Without timeouts and a bound on retries, a bucket that does not answer hangs an admin request.
CLIENT_LIMITS = Config(
    connect_timeout=5, read_timeout=30, retries={"max_attempts": 4, "mode": "standard"}
)


def media_address(name: str) -> str:
    """A stored file's address under MEDIA_URL: ``/media/images/batik.jpg``.

    Joined as text: Django's FileSystemStorage parses URLs to join them, a tenth of the time a
    bake spends on a product page, which shows some twenty renditions."""
    return settings.MEDIA_URL + filepath_to_uri(name).lstrip("/")


class MediaFolderStorage(FileSystemStorage):
    """The media folder of one machine (the default), with the addresses of ``media_address``."""

    def url(self, name):
        return media_address(name)


class PrivateMediaStorage(S3Storage):
    """django-storages' S3 backend, private and with the names a folder would give."""

    # The bucket's own ACL (private): never "public-read".
    default_acl = None
    # A second upload of "batik.jpg" gets a new name, as on a disk, instead of replacing the first
    # photo's file: a name never changes its content (cms/media.py lets browsers keep it a day).
    file_overwrite = False
    # url() below never gives a bucket address, signed or not.
    querystring_auth = False

    def __init__(self, **options):
        super().__init__(**options)
        self.client_config = self.client_config.merge(CLIENT_LIMITS)
        self._process = os.getpid()

    @property
    def connection(self):
        self._forget_connections_of_another_process()
        return super().connection

    @property
    def bucket(self):
        self._forget_connections_of_another_process()
        return super().bucket

    def _forget_connections_of_another_process(self):
        """A forked child (the baker's rendering workers) opens connections of its own: sharing
        the parent's sockets, two processes would read each other's answers."""
        if self._process != os.getpid():
            self._connections = threading.local()
            self._unsigned_connections = threading.local()
            self._bucket = None
            self._process = os.getpid()

    def url(self, name, parameters=None, expire=None, http_method=None):
        """The admin's ``/media/`` address of the file, as in a media folder."""
        return media_address(name)

    def describe(self) -> str:
        """Where the files are, for messages: ``s3://bucket/prefix/ (endpoint)``."""
        where = f"s3://{self.bucket_name}/{self.location_prefix()}"
        return f"{where} ({self.endpoint_url})" if self.endpoint_url else where

    def location_prefix(self) -> str:
        """The key prefix of every file, as ``name/`` (or empty: the whole bucket)."""
        name = self.location.strip("/")
        return f"{name}/" if name else ""

    def place(self) -> Location:
        """Where the files are, in the terms of a publish target's place, to compare them."""
        return Location(
            f"s3 {self.endpoint_url or 'AWS'} {self.bucket_name}", self.location_prefix()
        )
