"""After baking and publishing the demo, nothing unapproved or private is anywhere public.

(Photos used only by hidden pages are covered in test_bake: the demo's pages share photos.)
"""

from io import StringIO

import pytest

from django.core.management import call_command

from wagtail.models import PageViewRestriction

from cms.models import ProductPage, StoryPage
from sitegen.bake import bake
from sitegen.jobs import run_publish


@pytest.fixture
def demo(settings, db):
    settings.DEBUG = True
    call_command("seed_demo", "--seed", "5", stdout=StringIO())
    settings.DEBUG = False


def test_no_draft_review_or_private_content_reaches_the_build_or_the_bucket(
    demo, s3_deployment, build_dir
):
    in_review = ProductPage.objects.get(code="BTK-099")
    with_draft = next(page for page in ProductPage.objects.live() if page.has_unpublished_changes)
    draft = with_draft.get_latest_revision_as_object()
    private = StoryPage.objects.live().first()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    secrets = [in_review.title, in_review.short_description, draft.title, private.title]
    secrets += [private.summary]
    assert all(secrets)

    s3_deployment.target()
    bake()
    assert not run_publish(target_name="s3", trigger="test").error

    built = {
        path.relative_to(build_dir).as_posix(): path.read_bytes()
        for path in build_dir.rglob("*")
        if path.is_file()
    }
    published = {path: s3_deployment.read(path) for path in s3_deployment.stored_paths()}
    assert set(published) == {path for path in built if not path.startswith(".etalase/")}
    for where in (built, published):
        everything = b"\n".join([*where.values(), *(path.encode() for path in where)])
        for secret in secrets:
            assert secret.encode() not in everything, secret
    assert with_draft.title.encode() in built[with_draft.url.lstrip("/") + "index.html"]
