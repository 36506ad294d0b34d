from io import StringIO

import pytest

from django.core.management import CommandError, call_command

from sitegen.models import Build, Status
from tests.sitegen.helpers import edit


def run(*args):
    out = StringIO()
    call_command("bake", *args, stdout=out, verbosity=2)
    return out.getvalue()


def test_bake_shows_progress_and_a_summary(shop, build_dir):
    output = run()
    assert "1/" in output and "katalog/batik-parang/index.html" in output
    assert "Full bake (requested):" in output and "pages rendered" in output
    assert (build_dir / "index.html").exists()
    build = Build.objects.get()
    assert build.status == Status.SUCCEEDED and build.trigger == "manage.py bake"
    assert build.pages_rendered > 0 and build.duration is not None


def test_changed_bakes_only_what_changed(shop):
    run()
    assert "Nothing changed since the last bake" in run("--changed")
    edit(shop[0], title="Batik Parang Biru")
    assert "Incremental bake: 3 pages rendered" in run("--changed")


def test_an_unknown_site_is_named(shop):
    with pytest.raises(CommandError, match="No site with hostname 'katalog.example'"):
        run("--site", "katalog.example")


def test_a_template_error_is_recorded_with_the_page_named_and_other_pages_baked(
    shop, build_dir, settings
):
    run()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [build_dir.parent / "broken"]}]
    broken = build_dir.parent / "broken" / "cms" / "product_page.html"
    broken.parent.mkdir(parents=True)
    broken.write_text("{% if %}")

    run()

    build = Build.objects.filter(status=Status.SUCCEEDED).first()
    assert "/katalog/batik-parang/ (Batik Parang)" in build.pages_not_baked
    assert (build_dir / "katalog/index.html").exists()
