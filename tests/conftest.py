"""Fixtures shared by the whole suite: the site tree of a fresh database, one user per role, and
a real S3 server (moto) with a bucket per test."""

import socket
import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from django.contrib.auth.models import Group

from wagtail.models import Site

from cms.setup import create_institution
from institutions.models import InstitutionGroup
from tests.factories import (
    CatalogIndexPageFactory,
    CategoryFactory,
    WorkshopIndexPageFactory,
    WorkshopPageFactory,
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Among the transactional tests (run last, after pytest-django's ordering), those marked
    `serialized_rollback` run first. Each starts by loading the migrations' data as saved when the
    test database was made, which works on the migrated database the other tests leave, or on the
    empty one its own kind leaves. After a transactional test without the mark, the flush has made
    the content types again, and on PostgreSQL, whose flush keeps the sequences, with ids the
    saved copy does not know: loading it would collide with their unique names."""
    transactional = [index for index, item in enumerate(items) if _is_transactional(item)]
    if transactional:
        first, last = transactional[0], transactional[-1] + 1
        items[first:last] = sorted(items[first:last], key=lambda item: not _serialized(item))


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    marked = bool(marker and (marker.kwargs.get("transaction") or _serialized(item)))
    fixtures = getattr(item, "fixturenames", [])
    return marked or "transactional_db" in fixtures or "live_server" in fixtures


def _serialized(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("serialized_rollback"))


@pytest.fixture(autouse=True)
def build_dir(settings, tmp_path):
    """Each test bakes into a folder of its own."""
    settings.SITEGEN_BUILD_DIR = tmp_path / "build"
    return settings.SITEGEN_BUILD_DIR


@pytest.fixture(autouse=True)
def fresh_site_root_paths():
    """Wagtail caches the sites' root paths across requests and forgets them when a site is
    saved; a test's rollback saves nothing, so a site of the previous test would otherwise still
    make page URLs absolute."""
    yield
    Site.clear_site_root_paths_cache()


@pytest.fixture
def home(db):
    """The home page the migrations create as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def catalog(home):
    return CatalogIndexPageFactory(parent=home)


@pytest.fixture
def workshop(home):
    return WorkshopPageFactory(parent=WorkshopIndexPageFactory(parent=home), title="Batik Tulis")


@pytest.fixture
def category(db):
    return CategoryFactory(name="Batik", slug="batik")


def _user_in_role(django_user_model, username, role):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.test",
        password="x",  # noqa: S106
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def manager(django_user_model):
    return _user_in_role(django_user_model, "manager", "Manager")


@pytest.fixture
def officer(django_user_model):
    return _user_in_role(django_user_model, "officer", "Officer")


@pytest.fixture
def second_officer(django_user_model):
    return _user_in_role(django_user_model, "officer2", "Officer")


@pytest.fixture
def clerk(django_user_model):
    return _user_in_role(django_user_model, "clerk", "Clerk")


@pytest.fixture
def head(django_user_model):
    return _user_in_role(django_user_model, "head", "Head")


@pytest.fixture
def bandung(db):
    """A second institution on the installation, with its own site and groups."""
    return create_institution("Lapas Bandung", "bandung.etalase.test")


@pytest.fixture
def bandung_catalog(bandung):
    """The catalog and a workshop of the second institution."""
    home = bandung.site.root_page
    workshop = WorkshopPageFactory(parent=WorkshopIndexPageFactory(parent=home), title="Kulit")
    return CatalogIndexPageFactory(parent=home), workshop


@pytest.fixture
def member_of(django_user_model):
    """`member_of(institution, Role.CLERK, "clerk_bandung")`: a user in one of its groups."""

    def make(institution, role, username):
        user = django_user_model.objects.create_user(username, f"{username}@example.test", "x")
        user.groups.add(InstitutionGroup.objects.get(institution=institution, role=role).group)
        return user

    return make


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A SQLite database migrated once for the session, for the tests of real processes to copy."""
    from tests.worker_processes import migrated_sqlite_database

    return migrated_sqlite_database(tmp_path_factory.mktemp("migrated"))


def free_port() -> int:
    """A port nothing listens on (the OS picks a free one; we close it at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """The URL of moto's S3 server, on a real HTTP port, with fake credentials for the session."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("AWS_ACCESS_KEY_ID", "testing")
        environment.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        environment.setenv("AWS_DEFAULT_REGION", "us-east-1")
        yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def s3_client(s3_endpoint):
    """A plain boto3 client, for the tests' own set-up and reading."""
    return boto3.client("s3", endpoint_url=s3_endpoint)


@pytest.fixture
def bucket(s3_client):
    name = f"etalase-test-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=name)
    return name


def media_in_bucket(settings, bucket, endpoint_url, prefix="media"):
    """Photos in `bucket` under `prefix`, as ETALASE_MEDIA_S3_BUCKET and its prefix put them.
    Changing STORAGES makes Django forget its default storage, and again when the test ends."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "cms.storage.PrivateMediaStorage",
            "OPTIONS": {"bucket_name": bucket, "location": prefix, "endpoint_url": endpoint_url},
        },
    }


@pytest.fixture
def media_bucket(settings, s3_client, s3_endpoint):
    """Photos on S3 for one test: the default storage is a fresh private bucket on moto's
    server, under the prefix media/."""
    name = f"etalase-media-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=name)
    media_in_bucket(settings, name, s3_endpoint)
    return name
