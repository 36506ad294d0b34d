"""A product goes from a manager's draft to the public through the officer's review, clicked
through the admin in a real browser."""

import pytest

from cms.models import ProductPage
from tests.factories import ProductPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def posted_to(url):
    """The answer to a form posted to `url` (not the editor's own background posts, such as
    its editing-session pings)."""
    return lambda response: response.request.method == "POST" and response.url == url


def test_manager_submits_and_officer_approves_in_the_browser(
    login, live_server, manager, officer, catalog, category, workshop
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
    public = page.context.new_page()
    public.goto(f"{live_server.url}{ProductPage.objects.get(pk=product.pk).url}")
    assert public.locator("h1").inner_text() == "Kain Batik Parang"

    # A page made in code (the demo, an import), left untouched by the officer, is approved
    # as it is: the editor's Approve posts the whole form, and a field it rewrote (an empty rich
    # text) made a revision of the officer's, which restarts the review and waits for a second
    # officer. (One test: the migrations' roles are gone once a transactional test has run.)
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
