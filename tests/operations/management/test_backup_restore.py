"""`manage.py backup` and `manage.py restore`: one archive brings an installation back whole.

The round trip restores into a fresh database in a process of its own, as on a new machine, and
bakes the site again there; the other tests restore into the test database itself.
"""

import datetime
import hashlib
import io
import json
import os
import re
import signal
import stat
import subprocess
import sys
import tarfile
import tempfile
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import psycopg
import pytest

from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.models import PageLogEntry, Revision

from cms.models import ProductPage
from operations.backups import archive as backup_archive
from operations.backups import archive_path, media_files, scratch
from orders.models import Channel, MovementKind, ProductStock, Sale
from orders.recording import LineInput, record_sale, void_sale
from orders.stock import record_movement
from sitegen.bake import bake
from sitegen.sites import build_dir as site_build_dir
from tests.conftest import media_in_bucket
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import edit, publish

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def media_root(settings, tmp_path):
    """A media folder of the test's own: the archive holds exactly the test's photos."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def shop(media_root, home, catalog, workshop, category, clerk):
    """A published catalog with photos, a draft, a live page with a newer draft, and sales: one
    product sold out by them, one sale voided."""
    for page in (home, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    batik, sandal, leather = (
        publish(ProductPageFactory(parent=catalog, category=category, workshop=workshop, **names))
        for names in (
            {"title": "Batik Parang", "slug": "batik-parang", "code": "BTK-001"},
            {"title": "Sandal Hotel", "slug": "sandal-hotel", "code": "SDL-001"},
            {"title": "Dompet Kulit", "slug": "dompet-kulit", "code": "KLT-001"},
        )
    )
    ProductPageFactory(
        parent=catalog, category=category, workshop=workshop, live=False, title="Batik Baru"
    )
    leather.title = "Dompet Kulit (draft)"
    leather.save_revision()
    whatsapp = Channel.objects.get(code="whatsapp")
    record_movement(batik, 5, MovementKind.INTAKE, clerk)
    record_movement(sandal, 1, MovementKind.INTAKE, clerk)
    record_sale(Sale(channel=whatsapp), [LineInput(sandal, 1)], clerk)
    mistake = record_sale(Sale(channel=whatsapp), [LineInput(batik, 2, discount=5000)], clerk)
    void_sale(mistake, "Wrong product", clerk)
    return {"batik": batik, "sandal": sandal, "leather": leather}


def back_up(path: Path) -> str:
    output = StringIO()
    call_command("backup", "--output", str(path), stdout=output)
    return output.getvalue()


def restore(path: Path, *options) -> str:
    output = StringIO()
    call_command("restore", str(path), *options, stdout=output)
    return output.getvalue()


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as archive:
        return {
            member.name: archive.extractfile(member).read()
            for member in archive.getmembers()
            if member.isfile()
        }


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# -- the round trip on a new machine ---------------------------------------------------------


def target_engines():
    """Restore into SQLite always, and into PostgreSQL too when the suite runs on it (so a
    PostgreSQL run also proves the move between engines)."""
    engines = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        engines.append("postgresql")
    return engines


@contextmanager
def fresh_database(engine: str, folder: Path):
    """The environment of `manage.py` on a new machine: an empty database and data folder."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "ETALASE_VAR_DIR": str(folder),
        "ETALASE_AUTO_PUBLISH": "false",
        "ETALASE_BAKE_WORKERS": "1",
    }
    environment.pop("DATABASE_URL", None)
    if engine == "sqlite":
        yield environment
        return
    database = connection.settings_dict
    name = f"{database['NAME']}_restored"
    server = {
        key: database[setting]
        for key, setting in [("user", "USER"), ("password", "PASSWORD"), ("host", "HOST")]
    }
    with psycopg.connect(dbname="postgres", port=database["PORT"] or 5432, **server) as admin:
        admin.autocommit = True
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        environment["DATABASE_URL"] = (
            f"postgres://{server['user']}:{server['password']}@{server['host']}:"
            f"{database['PORT'] or 5432}/{name}"
        )
        try:
            yield environment
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(environment, *arguments) -> str:
    result = subprocess.run(  # noqa: S603 - our own interpreter and commands
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


# Before the restore, the new database gets content types that the old one never had, so every
# content type of the restore has another id than in the backed-up database, as happens when
# apps were installed in another order.
SHIFT_CONTENT_TYPE_IDS = """
from django.core.management import call_command
from django.contrib.contenttypes.models import ContentType
call_command("migrate", "contenttypes", verbosity=0)
ContentType.objects.bulk_create(ContentType(app_label="other", model=f"m{n}") for n in range(40))
print("last id", ContentType.objects.order_by("pk").last().pk)
"""


@pytest.fixture
def second_institution(shop, bandung, bandung_catalog, category):
    """Another institution on the installation, with a published product of its own."""
    catalog, workshop = bandung_catalog
    for page in (bandung.site.root_page, catalog, workshop.get_parent().specific, workshop):
        publish(page)
    publish(
        ProductPageFactory(
            parent=catalog,
            category=category,
            workshop=workshop,
            title="Sepatu Kulit",
            slug="sepatu-kulit",
            code="BDG-001",
        )
    )
    return bandung.site


@pytest.mark.parametrize("engine", target_engines())
def test_a_backup_restored_on_a_new_machine_bakes_the_same_sites_byte_for_byte(
    shop, second_institution, build_dir, tmp_path, engine
):
    bake()
    bake(site=second_institution)
    archive = tmp_path / "etalase.tar.gz"
    back_up(archive)

    with fresh_database(engine, tmp_path / "new-machine") as environment:
        assert "last id 41" in manage(environment, "shell", "-c", SHIFT_CONTENT_TYPE_IDS)
        output = manage(environment, "restore", str(archive))
        manage(environment, "bake", "--all-sites")

    assert "Migrating the database" in output
    assert "Restored the backup of" in output
    second_build = site_build_dir(second_institution)
    for original_dir in (build_dir, second_build):
        rebaked_dir = tmp_path / "new-machine" / original_dir.name
        rebaked, original = tree(rebaked_dir), tree(original_dir)
        assert rebaked.keys() == original.keys()
        assert [path for path in original if rebaked[path] != original[path]] == []
    assert "katalog/sandal-hotel/index.html" in tree(build_dir)
    assert not any("batik-baru" in path for path in tree(build_dir))
    assert "katalog/sepatu-kulit/index.html" in tree(second_build)


def test_a_restore_on_a_new_machine_makes_the_folder_of_its_sqlite_database(shop, tmp_path):
    """The first command there may be the restore itself (it migrates): the settings create no
    folder, so it makes the one of the SQLite file."""
    archive = tmp_path / "etalase.tar.gz"
    back_up(archive)
    machine = tmp_path / "new-machine"

    with fresh_database("sqlite", machine) as environment:
        output = manage(environment, "restore", str(archive))

    assert "Restored the backup of" in output
    assert (machine / "etalase.sqlite3").is_file()


# -- restoring into this database ------------------------------------------------------------


def test_restore_replace_brings_back_exactly_what_was_backed_up(shop, media_root, tmp_path, clerk):
    first = tmp_path / "first.tar.gz"
    back_up(first)
    batik, leather = shop["batik"], shop["leather"]
    edit(batik, title="Batik Parang Baru")
    leather.delete()
    record_sale(Sale(channel=Channel.objects.get(code="whatsapp")), [LineInput(batik, 1)], clerk)
    stray = media_root / "original_images" / "stray.jpg"
    stray.write_bytes(b"not in the archive")

    output = restore(first, "--replace")

    assert "Restored the backup of" in output
    assert ProductPage.objects.get(pk=batik.pk).title == "Batik Parang"
    restored = ProductPage.objects.get(pk=leather.pk)
    assert restored.live_revision_id == leather.live_revision_id
    assert restored.get_latest_revision_as_object().title == "Dompet Kulit (draft)"
    assert Sale.objects.count() == 2
    assert ProductStock.objects.get(product=batik).quantity == 5
    # Everything, to the microsecond and the id: a new backup holds the same rows.
    second = tmp_path / "second.tar.gz"
    back_up(second)
    again, before = members(second), members(first)
    assert again[backup_archive.DATABASE] == before[backup_archive.DATABASE]
    media = {name for name in before if name.startswith(backup_archive.MEDIA_PREFIX)}
    assert media and all(again[name] == before[name] for name in media)
    assert stray.exists()  # other files of the media folder are left alone


def content_now():
    return (
        sorted(ProductPage.objects.values_list("pk", "title")),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        Sale.objects.count(),
    )


@pytest.fixture
def archive_and_later_edit(shop, media_root, tmp_path):
    """A backup, then an edit the database holds but the archive does not."""
    path = tmp_path / "etalase.tar.gz"
    back_up(path)
    edit(shop["batik"], title="Batik Parang, edited after the backup")
    return path


def repack(source: Path, destination: Path, change, recompute_checksums=False):
    """A copy of an archive with some members changed by ``change(name, content)``."""
    contents = {name: change(name, content) for name, content in members(source).items()}
    if recompute_checksums:
        contents.pop(backup_archive.CHECKSUMS)
        with backup_archive.writing(destination) as writer:
            for name, content in contents.items():
                writer.add_bytes(name, content)
        return
    with tarfile.open(destination, "w:gz") as archive:
        for name, content in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))


def a_photo_changed(source, destination):
    def change(name, content):
        return content + b"\0" if name.startswith("media/original_images/") else content

    repack(source, destination, change)


def truncated(source, destination):
    content = source.read_bytes()
    destination.write_bytes(content[: len(content) // 2])


def of_another_version(source, destination):
    def change(name, content):
        if name != backup_archive.MANIFEST:
            return content
        manifest = json.loads(content)
        manifest["migrations"]["cms"] = ["0099_from_the_future"]
        return json.dumps(manifest).encode()

    repack(source, destination, change, recompute_checksums=True)


def not_an_archive(source, destination):
    destination.write_text("etalase")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (truncated, "is damaged or incomplete"),
        (a_photo_changed, "does not match its checksums: media/original_images/.* differs"),
        (of_another_version, "another version of Etalase .* cms 0099_from_the_future"),
        (not_an_archive, "is damaged or incomplete"),
    ],
)
def test_a_damaged_or_foreign_archive_is_refused_and_changes_nothing(
    archive_and_later_edit, media_root, tmp_path, damage, message
):
    damaged = tmp_path / "damaged.tar.gz"
    damage(archive_and_later_edit, damaged)
    before, media_before = content_now(), tree(media_root)

    with pytest.raises(CommandError, match=message + r".* Nothing was changed\."):
        restore(damaged, "--replace")

    assert content_now() == before
    assert tree(media_root) == media_before


def test_restore_into_a_database_with_content_is_refused_without_replace(
    archive_and_later_edit,
):
    before = content_now()

    with pytest.raises(CommandError, match=r"already holds content \(users: 1, .*--replace"):
        restore(archive_and_later_edit)

    assert content_now() == before


def test_a_restore_that_fails_while_loading_leaves_the_database_as_it_was(
    archive_and_later_edit, media_root, monkeypatch
):
    before, media_before = content_now(), tree(media_root)

    def fail_after_loading(counts):
        assert ProductPage.objects.filter(title="Batik Parang").exists()  # loaded by now
        raise ValueError("the disk is full")

    monkeypatch.setattr("operations.backups.database.check_counts", fail_after_loading)
    with pytest.raises(CommandError, match="Restore failed: the disk is full. .*rolled back"):
        restore(archive_and_later_edit, "--replace")

    assert content_now() == before
    assert tree(media_root) == media_before


# -- the working folder: private, and gone after any end ------------------------------------

# `manage.py restore`, killed by the kernel (nothing of Python runs after it) as it starts to load
# the rows: the archive is unpacked and checked by then, the database about to change.
RESTORE_KILLED_WHILE_LOADING = """
import os, signal
from django.core.management import call_command
from operations.backups import database

def killed(dump_file):
    assert dump_file.is_file()
    os.kill(os.getpid(), signal.SIGKILL)

database.load = killed
call_command("restore", {archive!r})
"""


def test_a_killed_restore_leaves_the_database_in_no_served_folder_and_the_next_run_removes_it(
    shop, tmp_path
):
    archive = tmp_path / "etalase.tar.gz"
    back_up(archive)
    machine, temporary = tmp_path / "new-machine", tmp_path / "tmp"
    temporary.mkdir()
    # What a restore of an earlier version, killed, left inside the media folder.
    earlier = machine / "media" / ".restore-x7k2" / "archive" / backup_archive.DATABASE
    earlier.parent.mkdir(parents=True)
    earlier.write_text('{"model": "auth.user"}')

    with fresh_database("sqlite", machine) as environment:
        environment["TMPDIR"] = str(temporary)
        killed = subprocess.run(  # noqa: S603 - our own interpreter and commands
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                RESTORE_KILLED_WHILE_LOADING.format(archive=str(archive)),
            ],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
        )
        assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
        assert "Loading" in killed.stdout
        [left] = temporary.iterdir()
        assert (left / "archive" / backup_archive.DATABASE).is_file()
        assert stat.S_IMODE(left.stat().st_mode) == 0o700
        served = [path for path in (machine / "media").rglob("*") if ".restore-" not in str(path)]
        assert not any(path.name == backup_archive.DATABASE for path in served)

        output = manage(environment, "restore", str(archive))

    assert "Restored the backup of" in output
    assert list(temporary.iterdir()) == []
    assert not earlier.parent.parent.exists()


def test_the_next_run_leaves_the_working_folder_of_a_run_still_going(
    tmp_path, media_root, monkeypatch
):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    abandoned = Path(tempfile.mkdtemp(prefix=scratch.PREFIX))  # as a killed run leaves it

    with scratch.private_folder() as running:
        (running / backup_archive.DATABASE).write_text("rows")
        with scratch.private_folder() as another:
            assert (running / backup_archive.DATABASE).read_text() == "rows"
            assert another != running
            assert not abandoned.exists()
        assert not another.exists()
    assert list((tmp_path / "tmp").iterdir()) == []


# -- what an archive holds --------------------------------------------------------------------


def test_the_archive_holds_no_secret_and_names_the_secrets_to_set_again(
    shop, tmp_path, monkeypatch
):
    secrets = {
        "DJANGO_SECRET_KEY": "django-secret-3f9a1c",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE7Q2",
        "AWS_SECRET_ACCESS_KEY": "aws-secret-8d7e6f",
        "DATABASE_URL": "postgres://etalase:db-password-5c4b@db.internal:5432/etalase",
        "EMAIL_URL": "submission://mailer:mail-password-2a1b@smtp.example:587",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ETALASE_PUBLISH_TARGET", "s3")
    path = tmp_path / "etalase.tar.gz"

    output = back_up(path)

    archive = members(path)
    hidden = ["django-secret-3f9a1c", "AKIAEXAMPLE7Q2", "aws-secret-8d7e6f", "db-password-5c4b"]
    hidden.append("mail-password-2a1b")
    for name, content in archive.items():
        for value in hidden:
            assert value.encode() not in content, f"{value} in {name}"
    settings_env = archive[backup_archive.SETTINGS].decode()
    assert "ETALASE_PUBLISH_TARGET=s3\n" in settings_env
    assert "DATABASE_URL=postgres://etalase@db.internal:5432/etalase\n" in settings_env
    for name in ("DJANGO_SECRET_KEY", "AWS_SECRET_ACCESS_KEY", "DATABASE_URL (its password)"):
        assert f"#   {name}\n" in settings_env
        assert name in output
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_failed_backup_leaves_no_archive(shop, tmp_path, monkeypatch):
    def fail(self, name, source):
        raise OSError("No space left on device")

    monkeypatch.setattr(backup_archive.ArchiveWriter, "add_file", fail)
    with pytest.raises(OSError, match="No space left"):
        back_up(tmp_path / "backups" / "etalase.tar.gz")

    assert list((tmp_path / "backups").iterdir()) == []


def test_a_backup_of_the_demo_lists_and_checksums_everything(settings, tmp_path, media_root, db):
    settings.DEBUG = True
    call_command("seed_demo", "--seed", "2", stdout=StringIO())
    settings.VAR_DIR = tmp_path

    output = StringIO()
    call_command("backup", stdout=output)

    [path] = (tmp_path / "backups").iterdir()
    assert re.fullmatch(r"etalase-backup-\d{8}-\d{6}\.tar\.gz", path.name)
    assert str(path) in output.getvalue()
    archive = members(path)
    names = list(archive)
    assert names[0] == backup_archive.MANIFEST and names[-1] == backup_archive.CHECKSUMS
    manifest = json.loads(archive[backup_archive.MANIFEST])
    assert manifest["database"]["models"]["cms.productpage"] == ProductPage.objects.count()
    assert manifest["database"]["models"]["orders.sale"] == Sale.objects.count() > 0
    rows = archive[backup_archive.DATABASE].decode().splitlines()
    assert len(rows) == manifest["database"]["rows"]
    media = [name.removeprefix("media/") for name in names if name.startswith("media/")]
    assert media == list(media_files()) and len(media) == manifest["media"]["files"]
    checksums = archive[backup_archive.CHECKSUMS].decode()
    for name in names[:-1]:
        assert f"{hashlib.sha256(archive[name]).hexdigest()}  {name}\n" in checksums


def test_output_names_the_archive_or_the_folder_of_a_dated_one(settings, tmp_path):
    now = datetime.datetime(2026, 11, 24, 2, 15, 0)
    dated = "etalase-backup-20261124-021500.tar.gz"

    assert archive_path(None, now) == Path(settings.VAR_DIR) / "backups" / dated
    assert archive_path(str(tmp_path), now) == tmp_path / dated
    assert archive_path(f"{tmp_path}/usb/", now) == tmp_path / "usb" / dated
    assert archive_path(str(tmp_path / "daily.tar.gz"), now) == tmp_path / "daily.tar.gz"


# -- media on object storage -----------------------------------------------------------------


def bucket_files(s3_client, bucket) -> dict[str, bytes]:
    """Every object of the bucket's media/ prefix, by its name in the media storage."""
    listing = s3_client.list_objects_v2(Bucket=bucket, Prefix="media/")
    return {
        item["Key"].removeprefix("media/"): s3_client.get_object(Bucket=bucket, Key=item["Key"])[
            "Body"
        ].read()
        for item in listing.get("Contents", [])
    }


def test_media_in_a_bucket_are_backed_up_and_restored_into_another_bucket(
    media_bucket, shop, settings, s3_client, s3_endpoint, tmp_path
):
    ProductPage.objects.get(pk=shop["batik"].pk).photos.first().image.get_rendition("width-40")
    in_bucket = bucket_files(s3_client, media_bucket)
    archive = tmp_path / "etalase.tar.gz"

    back_up(archive)
    new_bucket = f"{media_bucket}-new"  # a new machine's, empty
    s3_client.create_bucket(Bucket=new_bucket)
    media_in_bucket(settings, new_bucket, s3_endpoint)
    output = restore(archive, "--replace")

    archived = {
        name.removeprefix(backup_archive.MEDIA_PREFIX): content
        for name, content in members(archive).items()
        if name.startswith(backup_archive.MEDIA_PREFIX)
    }
    assert any(name.startswith("original_images/") for name in in_bucket)
    assert any(name.startswith("images/") for name in in_bucket)
    assert archived == in_bucket
    assert f"media files in s3://{new_bucket}/media/ ({s3_endpoint})" in output
    assert bucket_files(s3_client, new_bucket) == in_bucket
