from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from sitegen.models import Deployment, Status


def run(*args):
    out = StringIO()
    call_command("publish", *args, stdout=out, verbosity=2)
    return out.getvalue()


def test_publish_before_any_bake_says_what_to_run(db):
    with pytest.raises(CommandError, match="manage.py bake"):
        run()


def test_dry_run_lists_the_plan_and_changes_nothing(shop, build_dir):
    call_command("bake", stdout=StringIO())
    output = run("--dry-run")
    assert "upload katalog/batik-parang/index.html" in output
    assert "Nothing was changed." in output
    assert not (build_dir.parent / "public").exists()
    assert not Deployment.objects.exists()


def test_publish_copies_the_build_then_uploads_nothing_more(shop, build_dir):
    call_command("bake", stdout=StringIO())
    first = run()
    assert "Published:" in first and "0 unchanged" in first
    assert (build_dir.parent / "public/katalog/batik-parang/index.html").exists()
    assert "Published: 0 uploaded" in run()
    assert list(Deployment.objects.values_list("status", flat=True)) == [Status.SUCCEEDED] * 2


def test_an_unknown_target_names_the_setting_and_is_recorded(shop):
    with pytest.raises(CommandError, match="ETALASE_PUBLISH_TARGET"):
        run("--target", "ftp")
    failed = Deployment.objects.get()
    assert failed.status == Status.FAILED and "ETALASE_PUBLISH_TARGET" in failed.error
