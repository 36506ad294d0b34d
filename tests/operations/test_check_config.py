"""``manage.py check_config``: one line per check, each problem in plain words naming the
environment variable to fix, and a failing exit status when anything is wrong."""

import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import moto.settings
import pytest

from django.core.management import CommandError, call_command

from sitegen.models import PublishSettings
from tests.conftest import free_port, media_in_bucket

REPOSITORY = Path(__file__).resolve().parents[2]


def check_config():
    """(lines printed, error message or None), as an operator would read them."""
    output = io.StringIO()
    try:
        call_command("check_config", stdout=output, no_color=True)
        error = None
    except CommandError as failure:
        error = str(failure)
    return output.getvalue().splitlines(), error


def line(lines, name):
    return next(text for text in lines if text.split(":")[0].split(None, 1)[1] == name)


@pytest.fixture
def good_configuration(db, settings, tmp_path, monkeypatch):
    """A configuration like a real deployment's, with the folder target."""
    settings.SECRET_KEY = "k3V9-production-like-secret-for-the-config-check-4f8a9b2c7d1e"
    settings.ALLOWED_HOSTS = ["admin.lapas.example"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "smtp.lapas.example", 587
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://etalase:secret@smtp.lapas.example:587")
    # The database was chosen on purpose (the check reads whether the variable is set).
    monkeypatch.setenv("DATABASE_URL", os.environ.get("DATABASE_URL", "sqlite:///chosen"))
    settings.DEFAULT_FROM_EMAIL = "etalase@lapas.example"
    settings.WAGTAILADMIN_BASE_URL = "https://admin.lapas.example"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SITEGEN_PUBLISH_TARGET = "folder"
    settings.SITEGEN_PUBLISH_TARGETS = {
        "folder": {"BACKEND": "sitegen.targets.FolderTarget", "OPTIONS": {"path": tmp_path / "www"}}
    }
    return settings


@pytest.fixture
def s3_configuration(good_configuration, s3_endpoint):
    """The S3 target on moto's server; tests set the bucket."""
    good_configuration.SITEGEN_PUBLISH_TARGET = "s3"
    good_configuration.SITEGEN_PUBLISH_TARGETS = {
        "s3": {
            "BACKEND": "sitegen.targets.S3Target",
            "OPTIONS": {"bucket": "", "endpoint_url": s3_endpoint, "max_attempts": 1},
        }
    }
    return good_configuration.SITEGEN_PUBLISH_TARGETS["s3"]["OPTIONS"]


def test_a_good_configuration_is_all_ok(good_configuration, tmp_path):
    lines, error = check_config()

    assert error is None
    assert [text.split(":")[0] for text in lines[:-1]] == [
        "OK      database",
        "OK      migrations",
        "OK      media folder",
        "OK      build folder",
        "OK      S3 credentials",
        "OK      publish target",
        "OK      e-mail",
        "OK      secrets",
    ]
    assert lines[-1] == "All 8 checks passed."
    assert list((tmp_path / "www").iterdir()) == []  # the probe file is gone again


def test_a_good_s3_bucket_is_ok(s3_configuration, bucket, s3_client):
    s3_configuration["bucket"] = bucket

    lines, error = check_config()

    assert error is None
    assert line(lines, "publish target").startswith(f"OK      publish target: s3://{bucket}/")
    assert "Contents" not in s3_client.list_objects_v2(Bucket=bucket)


def test_a_missing_bucket_is_named(s3_configuration):
    s3_configuration["bucket"] = "etalase-no-such-bucket"

    lines, error = check_config()

    assert line(lines, "publish target") == (
        "PROBLEM publish target: S3 answered NoSuchBucket while reading the manifest of the last "
        f"publish at s3://etalase-no-such-bucket/ ({s3_configuration['endpoint_url']}): the bucket "
        "'etalase-no-such-bucket' does not exist; check ETALASE_S3_BUCKET and "
        "ETALASE_S3_ENDPOINT_URL."
    )
    assert error == "1 of 8 checks found a problem: fix the environment variables named above."


@pytest.mark.parametrize(
    ("credentials", "advice"),
    [
        ("unknown key", "the access key is unknown to this service; check AWS_ACCESS_KEY_ID."),
        (
            "wrong secret",
            "the secret key does not match the access key; check AWS_SECRET_ACCESS_KEY.",
        ),
    ],
)
def test_wrong_credentials_are_named(
    s3_configuration, bucket, s3_endpoint, monkeypatch, credentials, advice
):
    iam = boto3.client("iam", endpoint_url=s3_endpoint)
    name = f"publisher-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    key_id, secret = {
        "unknown key": ("AKIAETALASEUNKNOWN00", "secret"),
        "wrong secret": (key["AccessKeyId"], "not-the-secret"),
    }[credentials]
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    # moto accepts any credentials unless told to check them from now on.
    monkeypatch.setattr(moto.settings, "INITIAL_NO_AUTH_ACTION_COUNT", 0)
    s3_configuration["bucket"] = bucket

    lines, error = check_config()

    assert line(lines, "S3 credentials") == "OK      S3 credentials: found (env)"
    assert line(lines, "publish target").startswith("PROBLEM publish target: S3 answered")
    assert line(lines, "publish target").endswith(advice)
    assert error


def test_missing_credentials_are_named(s3_configuration, bucket, monkeypatch, tmp_path):
    for variable in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    # Nor from files or the cloud's metadata service: boto3 would look there next.
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    s3_configuration["bucket"] = bucket

    lines, error = check_config()

    assert line(lines, "S3 credentials") == (
        "PROBLEM S3 credentials: none found: "
        "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the bucket."
    )
    assert "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" in line(lines, "publish target")
    assert error.startswith("2 of 8 checks found a problem")


def test_an_unwritable_media_folder_is_named(good_configuration, tmp_path):
    # Root may write in any folder, so the folder is made impossible: its parent is a file.
    (tmp_path / "disk").write_text("a file, not a folder")
    good_configuration.MEDIA_ROOT = tmp_path / "disk" / "media"

    lines, error = check_config()

    assert line(lines, "media folder") == (
        f"PROBLEM media folder: cannot write in {tmp_path}/disk/media (Not a directory). "
        f"Set ETALASE_MEDIA_ROOT (or ETALASE_VAR_DIR) to a folder that user {os.getuid()} may "
        "write, or give that user the folder."
    )
    assert line(lines, "build folder").startswith("OK")
    assert error


def test_mail_left_at_its_defaults_is_named(good_configuration, monkeypatch):
    monkeypatch.delenv("EMAIL_URL")
    good_configuration.EMAIL_HOST, good_configuration.EMAIL_PORT = "localhost", 25
    good_configuration.DEFAULT_FROM_EMAIL = "etalase@localhost"
    good_configuration.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"

    lines, error = check_config()

    assert line(lines, "e-mail") == (
        "PROBLEM e-mail: EMAIL_URL is not set, so e-mails go to localhost:25: set it to the mail "
        "server, e.g. smtp+tls://user:password@smtp.example:587; the sender etalase@localhost "
        "will be refused by mail servers: set ETALASE_FROM_EMAIL; links in e-mails would point "
        "to http://127.0.0.1:8000: set ETALASE_ADMIN_BASE_URL to the admin's public address."
    )


def test_a_weak_secret_key_is_named(good_configuration):
    good_configuration.SECRET_KEY = "changeme"

    lines, error = check_config()

    assert line(lines, "secrets").startswith(
        "PROBLEM secrets: DJANGO_SECRET_KEY is short or a placeholder: set it to 50 or more "
        "random characters"
    )


def test_every_sites_build_folder_and_publish_target_are_checked(
    good_configuration, bandung, s3_endpoint, tmp_path
):
    good_configuration.SITEGEN_PUBLISH_TARGETS["s3"] = {
        "BACKEND": "sitegen.targets.S3Target",
        "OPTIONS": {"bucket": "", "endpoint_url": s3_endpoint, "max_attempts": 1},
    }
    PublishSettings.objects.create(site=bandung.site, target="s3", bucket="etalase-bandung-gone")
    # Where Bandung's build folder would go is a file.
    build = Path(good_configuration.SITEGEN_BUILD_DIR)
    build.with_name(f"{build.name}-bandung.etalase.test").write_text("not a folder")

    lines, error = check_config()

    assert line(lines, "build folder of localhost").startswith("OK")
    assert line(lines, "build folder of Lapas Bandung (bandung.etalase.test)").startswith(
        "PROBLEM build folder of Lapas Bandung (bandung.etalase.test): cannot write in "
    )
    assert line(lines, "publish target of localhost").startswith("OK")
    # The head's own choice, corrected in the admin: it must not keep the admin from starting.
    assert line(lines, "publish target of Lapas Bandung (bandung.etalase.test)") == (
        "WARNING publish target of Lapas Bandung (bandung.etalase.test): S3 answered "
        "NoSuchBucket while reading the manifest of the last publish at "
        f"s3://etalase-bandung-gone/ ({s3_endpoint}): the bucket 'etalase-bandung-gone' does not "
        "exist; check ETALASE_S3_BUCKET and ETALASE_S3_ENDPOINT_URL. This site's place is set "
        "in the admin: correct it under Settings → Publishing of the site."
    )
    assert line(lines, "S3 credentials").startswith("OK      S3 credentials: found")
    assert error == "1 of 10 checks found a problem: fix the environment variables named above."


def test_an_unreachable_publish_target_is_a_warning_not_a_failure(s3_configuration):
    s3_configuration["bucket"] = "etalase-lapas"
    s3_configuration["endpoint_url"] = f"http://127.0.0.1:{free_port()}"  # nothing listens

    lines, error = check_config()

    assert line(lines, "publish target").startswith(
        "WARNING publish target: Could not reach the S3 endpoint http://127.0.0.1:"
    )
    assert error is None
    assert lines[-1].startswith("PROBLEM: a configuration that cannot work; the start scripts")


def test_read_only_leaves_no_trace_in_the_bucket(s3_configuration, bucket, s3_client):
    s3_configuration["bucket"] = bucket
    # A versioned bucket keeps every file ever stored, the probe too.
    s3_client.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})

    output = io.StringIO()
    call_command("check_config", "--read-only", stdout=output, no_color=True)
    after_start = s3_client.list_object_versions(Bucket=bucket)
    call_command("check_config", stdout=io.StringIO(), no_color=True)
    after_full_check = s3_client.list_object_versions(Bucket=bucket)

    assert line(output.getvalue().splitlines(), "publish target") == (
        f"OK      publish target: s3://{bucket}/ ({s3_configuration['endpoint_url']}) can be "
        "read (not written: --read-only)"
    )
    assert "Versions" not in after_start and "DeleteMarkers" not in after_start
    assert [version["Key"] for version in after_full_check["Versions"]] == [".etalase-config-check"]


def test_djangos_system_checks_try_nothing(good_configuration, tmp_path):
    """``manage.py check`` (run by ``migrate`` and ``runserver`` too) neither writes a folder nor
    stores the probe file at a publish target: only ``check_config`` tries them."""
    call_command("check", stdout=io.StringIO())

    assert not (tmp_path / "media").exists()
    assert not (tmp_path / "www").exists()


def check_config_in_production(tmp_path, **environment):
    """`manage.py check_config` as the image runs it: production settings, its own database."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "manage.py", "check_config", "--no-color"],
        cwd=REPOSITORY,
        env={
            **base,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "DJANGO_SECRET_KEY": "k3V9-production-like-secret-for-the-config-check-4f8a9b2c7d1e",
            "DJANGO_ALLOWED_HOSTS": "admin.lapas.example",
            "ETALASE_VAR_DIR": str(tmp_path),
            **environment,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unreachable_postgresql_server_is_named(tmp_path):
    port = free_port()  # nothing listens there
    url = f"postgres://etalase:s3cret-password@127.0.0.1:{port}/etalase_hardening"

    result = check_config_in_production(tmp_path, DATABASE_URL=url)

    assert result.returncode == 1
    database = line(result.stdout.splitlines(), "database")
    assert database.startswith(
        f"PROBLEM database: cannot connect to postgresql database 'etalase_hardening' on "
        f"127.0.0.1:{port}: "
    )
    assert database.endswith(
        "Check DATABASE_URL (host, port, name, user and password) and that the server runs."
    )
    assert "PROBLEM migrations: not checked, because the database does not answer." in result.stdout
    assert "s3cret-password" not in result.stdout + result.stderr
    assert "checks found a problem" in result.stderr


def test_a_database_not_yet_migrated_is_named(tmp_path):
    result = check_config_in_production(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/new.sqlite3")

    migrations = line(result.stdout.splitlines(), "migrations")
    assert migrations.startswith("PROBLEM migrations: ")
    assert migrations.endswith("Run `manage.py migrate` with this configuration.")
    assert result.returncode == 1


def test_production_without_database_url_is_a_problem(tmp_path):
    result = check_config_in_production(tmp_path)

    assert line(result.stdout.splitlines(), "database") == (
        f"PROBLEM database: DATABASE_URL is not set, so the default SQLite database "
        f"{tmp_path}/etalase.sqlite3 is used, which a container loses when it is replaced. Set "
        "DATABASE_URL to the PostgreSQL server (postgres://user:password@host:5432/etalase), or "
        "to sqlite:////path/on/a/volume to keep SQLite on purpose."
    )
    assert result.returncode == 1


def test_a_good_media_bucket_is_ok_and_keeps_no_probe(
    good_configuration, s3_endpoint, bucket, s3_client
):
    media_in_bucket(good_configuration, bucket, s3_endpoint)

    lines, error = check_config()

    assert error is None
    assert line(lines, "media bucket") == (
        f"OK      media bucket: s3://{bucket}/media/ ({s3_endpoint}) can be read and written"
    )
    assert "Contents" not in s3_client.list_objects_v2(Bucket=bucket)


def test_an_unreachable_media_bucket_is_named(good_configuration, s3_endpoint):
    """With the credentials of the S3 fixtures: only the endpoint is wrong."""
    endpoint = f"http://127.0.0.1:{free_port()}"  # nothing listens
    media_in_bucket(good_configuration, "etalase-media", endpoint)

    lines, error = check_config()

    assert line(lines, "media bucket").startswith(
        f"WARNING media bucket: cannot use s3://etalase-media/media/ ({endpoint}): Could not "
        f'connect to the endpoint URL: "{endpoint}/etalase-media'
    )
    assert line(lines, "media bucket").endswith("Check ETALASE_S3_ENDPOINT_URL and the service.")


def test_a_missing_media_bucket_is_a_problem(good_configuration, s3_endpoint):
    media_in_bucket(good_configuration, "etalase-no-such-media", s3_endpoint)

    lines, error = check_config()

    assert line(lines, "media bucket").startswith("PROBLEM media bucket: cannot use s3://")
    assert "NoSuchBucket" in line(lines, "media bucket")
    assert error == "1 of 8 checks found a problem: fix the environment variables named above."


@pytest.mark.parametrize(
    ("site_prefix", "media_prefix"),
    [("", "media"), ("live", "live/media"), ("live", "live"), ("shared", "")],
    ids=["inside the bucket", "inside the prefix", "the same prefix", "around the site"],
)
def test_media_in_the_public_sites_place_is_refused(
    settings, s3_configuration, bucket, s3_endpoint, s3_client, site_prefix, media_prefix
):
    s3_configuration.update(bucket=bucket, prefix=site_prefix)
    media_in_bucket(settings, bucket, s3_endpoint, media_prefix)

    lines, error = check_config()

    where = f"s3://{bucket}/{media_prefix}/" if media_prefix else f"s3://{bucket}/"
    assert line(lines, "media bucket") == (
        f"PROBLEM media bucket: {where} ({s3_endpoint}) is in the place of the public site "
        f"s3://{bucket}/{site_prefix + '/' if site_prefix else ''} ({s3_endpoint}) (or holds "
        "it): every photo, of drafts too, would be published. Set ETALASE_MEDIA_S3_BUCKET (and "
        "ETALASE_MEDIA_S3_PREFIX) to a private bucket of its own."
    )
    assert error
    assert "Contents" not in s3_client.list_objects_v2(Bucket=bucket)  # nothing was written


def test_media_in_another_bucket_than_the_public_site_is_ok(
    settings, s3_configuration, bucket, s3_endpoint, s3_client
):
    s3_configuration.update(bucket=bucket, prefix="")
    media_bucket = f"{bucket}-media"
    s3_client.create_bucket(Bucket=media_bucket)
    media_in_bucket(settings, media_bucket, s3_endpoint, "")

    lines, error = check_config()

    assert line(lines, "media bucket").startswith("OK      media bucket:")
    assert error is None
