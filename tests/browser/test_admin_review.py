"""A product goes from a manager's draft to the public through the officer's review, clicked
through the admin in a real browser."""

import pytest

from wagtail.models import PageLogEntry

from cms.models import ProductPage
from sitegen.bake import bake
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def posted_to(url):
    """The answer to a form posted to `url` (not the editor's own background posts, such as
    its editing-session pings)."""
    return lambda response: response.request.method == "POST" and response.url == url


def test_manager_submits_and_officer_approves_in_the_browser(
    login, live_server, manager, officer, catalog, category, workshop, build_dir
):
    product = ProductPageFactory(
        parent=catalog, live=False, workshop=workshop, category=category, title="Kain Batik Parang"
    )
    edit_url = f"{live_server.url}/admin/pages/{product.pk}/edit/"

    page = login(manager)
    page.goto(edit_url)
    assert page.locator("button[name=action-publish]").count() == 0
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    with page.expect_response(posted_to(edit_url)):
        page.locator("button[name=action-submit]").click()
    product.refresh_from_db()
    assert product.workflow_in_progress and not product.live

    page = login(officer)
    page.goto(edit_url)
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    # The approval may answer with this same page: wait for the answer to the post itself.
    with page.expect_response(posted_to(edit_url)):
        page.locator("button[data-workflow-action-name=approve]").first.click()

    product.refresh_from_db()
    assert product.live
    # The public reads the baked site, not the admin host (its pages published as approved).
    for parent in (
        catalog.get_parent().specific,
        catalog,
        workshop.get_parent().specific,
        workshop,
    ):
        publish(parent)
    bake()
    baked = build_dir / ProductPage.objects.get(pk=product.pk).url.strip("/") / "index.html"
    public = page.context.new_page()
    public.goto(baked.as_uri())
    assert public.locator("h1").inner_text() == "Kain Batik Parang"

    # A page made in code (the demo, an import), left untouched by the officer, is approved
    # as it is: the editor's Approve posts the whole form, and a field it rewrote (an empty rich
    # text) made a revision of the officer's, which restarts the review and waits for a second
    # officer. (One test, the twenty approvals at its end included: the migrations' roles are
    # gone once a transactional test has run.)
    made_in_code = ProductPageFactory(
        parent=catalog, live=False, workshop=workshop, category=category, materials_and_care=""
    )
    made_in_code.save_revision(user=manager)
    made_in_code.get_workflow().start(made_in_code, manager)
    edit_url = f"{live_server.url}/admin/pages/{made_in_code.pk}/edit/"
    page.goto(edit_url)
    page.locator("[data-draftail-input]").first.wait_for(state="attached")
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    with page.expect_response(posted_to(edit_url)):
        page.locator("button[data-workflow-action-name=approve]").first.click()

    made_in_code.refresh_from_db()
    assert made_in_code.live and made_in_code.revisions.count() == 1

    approve_twenty_reviews_right_after_typing(
        page, live_server, manager, catalog, category, workshop, build_dir
    )


def approve_twenty_reviews_right_after_typing(
    page, live_server, manager, catalog, category, workshop, build_dir
):
    """The officer signed in on `page` changes the title, then at once More actions → Approve,
    on 20 pages in a row: the approval publishes what the manager submitted, never the
    half-typed form, each history says one approval and one publish, and the public site
    holds every one of them."""
    reviewed = {}
    for number in range(20):
        product = ProductPageFactory(
            parent=catalog,
            live=False,
            workshop=workshop,
            category=category,
            title=f"Tas Rotan {number}",
        )
        reviewed[product.pk] = product.save_revision(user=manager)
        product.get_workflow().start(product, manager)

    for pk in reviewed:
        edit_url = f"{live_server.url}/admin/pages/{pk}/edit/"
        page.goto(edit_url)
        page.locator("input[name=title]").press_sequentially(" (dicek)")
        page.locator("footer [data-w-dropdown-target=toggle]").first.click()
        with page.expect_response(posted_to(edit_url)) as approval:
            page.locator("button[data-workflow-action-name=approve]").first.click()
        assert approval.value.status == 302

    for pk, revision in reviewed.items():
        product = ProductPage.objects.get(pk=pk)
        assert product.live and product.title == revision.as_object().title
        assert product.live_revision == revision == product.get_latest_revision()
        decisions = PageLogEntry.objects.filter(
            page=product, action__in=("wagtail.workflow.approve", "wagtail.publish")
        )
        assert sorted(decisions.values_list("action", flat=True)) == [
            "wagtail.publish",
            "wagtail.workflow.approve",
        ]

    bake(changed_only=True)
    for pk, revision in reviewed.items():
        baked = build_dir / ProductPage.objects.get(pk=pk).url.strip("/") / "index.html"
        assert f"<h1>{revision.as_object().title}</h1>" in baked.read_text()
