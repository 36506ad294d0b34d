"""``manage.py publish --verify [--repair]``: the target compared with the build, file by file,
after someone or something changed it behind the publish's back."""

import gzip
import json
from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from sitegen.models import Deployment, Status
from sitegen.targets import MANIFEST_NAME

PAGE = "katalog/batik-parang/index.html"
GONE = "katalog/sandal-hotel/index.html"


def run(*args):
    out = StringIO()
    call_command("publish", *args, stdout=out, verbosity=2)
    return out.getvalue()


@pytest.fixture
def published(shop, folder_deployment):
    call_command("bake", stdout=StringIO())
    run()
    return folder_deployment


def tamper_with_folder(root):
    (root / PAGE).write_bytes(b"<h1>defaced</h1>")
    (root / GONE).unlink()
    (root / "leftover.html").write_bytes(b"<h1>old</h1>")


def test_verify_lists_what_is_missing_changed_and_extra_and_fails(published):
    tamper_with_folder(published.root)

    lines, error = failing_run("--verify")

    assert {f"missing {GONE}", f"changed {PAGE}", "extra leftover.html"} <= set(lines)
    assert any(line.startswith("1/") for line in lines)  # progress n/N
    assert "1 missing, 1 changed, 1 extra" in error and "--verify --repair" in error
    assert (published.root / "leftover.html").exists()  # nothing changed


def failing_run(*args) -> tuple[list[str], str]:
    """The lines a failing run printed, and its error."""
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("publish", *args, stdout=out, verbosity=2)
    return out.getvalue().splitlines(), str(failure.value)


def test_repair_makes_the_target_equal_to_the_build(published, build_dir):
    tamper_with_folder(published.root)

    output = run("--verify", "--repair")

    assert "Repaired (1 missing, 1 changed, 1 extra)" in output
    assert "2 uploaded" in output and "1 deleted" in output
    assert "The target matches the build" in run("--verify")
    assert (published.root / PAGE).read_bytes() == (build_dir / PAGE).read_bytes()
    assert not (published.root / "leftover.html").exists()
    repair = Deployment.objects.latest("started_at")
    assert (repair.status, repair.trigger) == (
        Status.SUCCEEDED,
        "manage.py publish --verify --repair",
    )


def test_repair_replaces_a_manifest_naming_a_path_outside_the_site(published):
    victim = published.root.parent / "victim.txt"
    victim.write_bytes(b"not the site's")
    document = {"version": 1, "files": {"../victim.txt": {"sha256": "0" * 64, "size": 1}}}
    (published.root / MANIFEST_NAME).write_text(json.dumps(document))

    with pytest.raises(CommandError, match=r"'\.\./victim\.txt'"):
        run()
    lines, _error = failing_run("--verify")
    assert any("manifest: it cannot be read" in line for line in lines)

    run("--verify", "--repair")

    assert "The target matches the build" in run("--verify")
    assert victim.read_bytes() == b"not the site's"


def test_repair_without_verify_is_refused(db):
    with pytest.raises(CommandError, match="add --verify"):
        run("--repair")


def test_verify_on_s3_compares_the_stored_gzipped_bodies(shop, settings, s3_deployment):
    s3_deployment.target()
    settings.SITEGEN_PUBLISH_TARGET = "s3"
    call_command("bake", stdout=StringIO())
    run()
    client, bucket = s3_deployment.client, s3_deployment.bucket
    body = gzip.compress(b"<h1>defaced</h1>", mtime=0)
    client.put_object(Bucket=bucket, Key=PAGE, Body=body, ContentEncoding="gzip")
    client.delete_object(Bucket=bucket, Key=GONE)
    client.put_object(Bucket=bucket, Key="leftover.html", Body=b"old")

    with pytest.raises(CommandError, match="1 missing, 1 changed, 1 extra"):
        run("--verify")
    run("--verify", "--repair")

    assert "The target matches the build" in run("--verify")
    assert b"defaced" not in s3_deployment.read(PAGE)
    assert s3_deployment.read(GONE) is not None
    assert "leftover.html" not in s3_deployment.stored_paths()
