"""The publication workflow through the admin's real views, logged in as each role."""

import pytest

from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import PageLogEntry, TaskState

from cms.models import ProductPage
from tests.admin import (
    add_product_url,
    edit_url,
    product_form_data,
    submit_new_product,
    workflow_action_url,
    workflow_buttons,
)
from tests.factories import PhotoFactory, ProductPageFactory


@pytest.fixture
def photo(db):
    return PhotoFactory()


def approve_from_the_editor(client, product, form_data):
    """Post Approve the way the editor's button does: the whole edit form, with the two
    hidden inputs the button adds to it."""
    decision = {"action-workflow-action": "true", "workflow-action-name": "approve"}
    return client.post(edit_url(product), {**form_data, **decision})


def logged(product, action):
    return PageLogEntry.objects.filter(page=product, action=action).count()


def test_manager_cannot_publish_directly(client, manager, catalog, category, workshop, photo):
    client.force_login(manager)
    data = product_form_data(category, workshop, photo)
    data["action-publish"] = "Publish"

    client.post(add_product_url(catalog), data)

    product = ProductPage.objects.get(code="BTK-001")
    assert not product.live
    assert not PageLogEntry.objects.filter(page=product, action="wagtail.publish").exists()


def test_manager_cannot_publish_an_existing_draft(
    client, manager, catalog, category, workshop, photo
):
    draft = ProductPageFactory(parent=catalog, live=False, workshop=workshop, category=category)
    client.force_login(manager)
    data = product_form_data(category, workshop, photo, code=draft.code, slug=draft.slug)
    data["action-publish"] = "Publish"

    client.post(edit_url(draft), data)

    draft.refresh_from_db()
    assert not draft.live
    response = client.get(edit_url(draft))
    assert b'name="action-publish"' not in response.content


def test_submission_notifies_officers_and_approval_publishes(
    client, manager, officer, catalog, category, workshop, photo
):
    product = submit_new_product(client, manager, catalog, category, workshop, photo)
    assert not product.live
    assert product.workflow_in_progress
    assert [message.to for message in mail.outbox] == [[officer.email]]

    client.force_login(officer)
    response = client.post(workflow_action_url(product, "approve"), {"comment": ""})

    assert response.status_code in (200, 302)
    product.refresh_from_db()
    assert product.live
    published = PageLogEntry.objects.get(page=product, action="wagtail.publish")
    assert published.user == officer
    assert PageLogEntry.objects.filter(
        page=product, action="wagtail.workflow.approve", user=officer
    ).exists()
    assert PageLogEntry.objects.filter(
        page=product, action="wagtail.workflow.start", user=manager
    ).exists()


def test_officer_cannot_approve_own_submission(
    client, officer, second_officer, catalog, category, workshop, photo
):
    product = submit_new_product(client, officer, catalog, category, workshop, photo)

    assert "approve" not in workflow_buttons(client.get(edit_url(product)))
    client.post(workflow_action_url(product, "approve"), {"comment": ""})
    product.refresh_from_db()
    assert not product.live
    assert not PageLogEntry.objects.filter(page=product, action="wagtail.workflow.approve").exists()

    client.force_login(second_officer)
    assert "approve" in workflow_buttons(client.get(edit_url(product)))
    client.post(workflow_action_url(product, "approve"), {"comment": ""})
    product.refresh_from_db()
    assert product.live


def test_officer_cannot_approve_a_revision_they_wrote(
    client, manager, officer, second_officer, catalog, category, workshop, photo
):
    product = submit_new_product(client, manager, catalog, category, workshop, photo)
    client.force_login(officer)
    data = product_form_data(category, workshop, photo, short_description="Corrected by officer.")
    client.post(edit_url(product), data)  # saving restarts the review on the new revision

    client.post(workflow_action_url(product, "approve"), {"comment": ""})

    product.refresh_from_db()
    assert not product.live
    client.force_login(second_officer)
    assert "approve" in workflow_buttons(client.get(edit_url(product)))
    client.post(workflow_action_url(product, "approve"), {"comment": ""})
    product.refresh_from_db()
    assert product.live
    assert product.short_description == "Corrected by officer."


def test_officer_rejects_with_comment(client, manager, officer, catalog, category, workshop, photo):
    product = submit_new_product(client, manager, catalog, category, workshop, photo)
    client.force_login(officer)

    client.post(workflow_action_url(product, "reject"), {"comment": "Photo shows a face."})

    product.refresh_from_db()
    assert not product.live
    assert not product.workflow_in_progress
    assert product.current_workflow_state.status == "needs_changes"
    rejected = PageLogEntry.objects.get(page=product, action="wagtail.workflow.reject")
    assert rejected.user == officer
    assert rejected.data["comment"] == "Photo shows a face."
    # The manager can edit it again and sees the comment.
    client.force_login(manager)
    response = client.get(edit_url(product))
    assert response.status_code == 200
    assert b"Photo shows a face." in response.content


def test_officer_unpublishes_and_manager_cannot(client, manager, officer, catalog, workshop):
    product = ProductPageFactory(parent=catalog, workshop=workshop)
    unpublish_url = reverse("wagtailadmin_pages:unpublish", args=(product.pk,))

    client.force_login(manager)
    client.post(unpublish_url)
    product.refresh_from_db()
    assert product.live

    client.force_login(officer)
    client.post(unpublish_url)
    product.refresh_from_db()
    assert not product.live
    assert PageLogEntry.objects.filter(
        page=product, action="wagtail.unpublish", user=officer
    ).exists()


def test_clerk_cannot_edit_pages(client, clerk, catalog, category, workshop, photo):
    product = ProductPageFactory(parent=catalog, workshop=workshop, category=category)
    client.force_login(clerk)

    assert client.get(edit_url(product)).status_code in (302, 403)
    data = product_form_data(category, workshop, photo, code=product.code, title="Changed by clerk")
    client.post(edit_url(product), data)

    product.refresh_from_db()
    assert product.title != "Changed by clerk"
    assert product.get_latest_revision() is None or product.get_latest_revision().user != clerk
    assert client.get(add_product_url(catalog)).status_code in (302, 403)


def test_officer_may_restrict_a_page_but_manager_may_not(manager, officer, catalog, workshop):
    product = ProductPageFactory(parent=catalog, workshop=workshop)

    assert product.permissions_for_user(officer).can_set_view_restrictions()
    assert not product.permissions_for_user(manager).can_set_view_restrictions()
    assert not product.permissions_for_user(officer).can_publish()


def test_copying_a_product_gives_a_draft_without_its_code(client, manager, catalog, workshop):
    original = ProductPageFactory(parent=catalog, workshop=workshop, code="BTK-001")
    client.force_login(manager)

    response = client.post(
        reverse("wagtailadmin_pages:copy", args=(original.pk,)),
        {
            "new_title": "Kain Batik Parang Biru",
            "new_slug": "kain-batik-parang-biru",
            "new_parent_page": catalog.pk,
        },
    )

    assert response.status_code == 302
    copy = ProductPage.objects.get(slug="kain-batik-parang-biru")
    assert copy.code is None
    assert not copy.live
    assert ProductPage.objects.get(pk=original.pk).code == "BTK-001"


def test_an_officer_cannot_approve_the_revision_they_wrote_during_the_review(
    client, manager, officer, second_officer, catalog, category, workshop, photo
):
    """Four eyes, the half about writing: the officer's edit during the review is what the
    review covers next, so the officer may not approve it, however the approval is posted."""
    product = submit_new_product(client, manager, catalog, category, workshop, photo)
    client.force_login(officer)
    corrected = product_form_data(category, workshop, photo, short_description="By the officer.")
    client.post(edit_url(product), corrected)
    restarted = approve_from_the_editor(client, product, corrected)
    assert restarted.status_code == 302
    under_review = ProductPage.objects.get(pk=product.pk).current_workflow_task_state.revision
    assert under_review.user == officer and under_review.is_latest_revision()

    assert "approve" not in workflow_buttons(client.get(edit_url(product)))
    approve_from_the_editor(client, product, corrected)
    client.post(workflow_action_url(product, "approve"), {"comment": ""})

    product.refresh_from_db()
    assert not product.live
    assert logged(product, "wagtail.workflow.approve") == 0
    client.force_login(second_officer)
    approve_from_the_editor(client, product, corrected)
    product.refresh_from_db()
    assert product.live and product.short_description == "By the officer."


def test_the_editors_approval_posted_twice_publishes_the_new_title_once(
    client, manager, officer, catalog, category, workshop, photo
):
    """The double post of one Approve click (the second 100 ms later, when the first is done),
    on a live product put under review with a new title."""
    product = ProductPageFactory(parent=catalog, workshop=workshop, category=category)
    client.force_login(manager)
    renamed = product_form_data(
        category, workshop, photo, code=product.code, slug=product.slug, title="Tas Anyaman Baru"
    )
    client.post(edit_url(product), {**renamed, "action-submit": "Submit"})
    reviewed = ProductPage.objects.get(pk=product.pk).current_workflow_task_state.revision
    client.force_login(officer)
    loaded = {**renamed, "loaded_revision_id": reviewed.pk}

    first = approve_from_the_editor(client, product, loaded)
    second = approve_from_the_editor(client, product, loaded)

    assert first.status_code == 302 and first.url == reverse(
        "wagtailadmin_explore", args=(catalog.pk,)
    )
    assert second.status_code == 302 and second.url == edit_url(product)
    with translation.override("id"):
        refusal = gettext("This page is no longer in review: the decision was already taken.")
    assert refusal in [str(message).strip() for message in get_messages(second.wsgi_request)]
    product.refresh_from_db()
    assert product.live and product.title == "Tas Anyaman Baru"
    assert product.live_revision == reviewed == product.get_latest_revision()
    assert logged(product, "wagtail.workflow.approve") == 1
    assert logged(product, "wagtail.publish") == 1


def test_a_decision_on_a_decided_review_changes_nothing(
    client, manager, officer, second_officer, catalog, category, workshop, photo
):
    """The second of two decisions read the review before the first was taken (two tabs): the
    task refuses it, whatever it is, and records nothing."""
    product = submit_new_product(client, manager, catalog, category, workshop, photo)
    first_tab, second_tab, third_tab = (
        ProductPage.objects.get(pk=product.pk).current_workflow_task_state for _tab in range(3)
    )
    task = first_tab.task.specific
    task.on_action(first_tab, officer, "approve", comment="")

    for task_state, action in ((second_tab, "approve"), (third_tab, "reject")):
        with pytest.raises(PermissionDenied):
            task.on_action(task_state, second_officer, action, comment="")

    assert TaskState.objects.get(pk=first_tab.pk).finished_by == officer
    assert logged(product, "wagtail.workflow.approve") == 1
    assert logged(product, "wagtail.workflow.reject") == 0
    assert logged(product, "wagtail.publish") == 1


def test_the_editors_autosave_never_decides(
    client, manager, officer, catalog, category, workshop, photo
):
    """Wagtail's autosave posts the edit form as it is, with the inputs Approve added to it."""
    product = submit_new_product(client, manager, catalog, category, workshop, photo)
    client.force_login(officer)
    data = product_form_data(category, workshop, photo, title="Typed by the officer")
    decision = {"action-workflow-action": "true", "workflow-action-name": "approve"}

    autosave = client.post(
        edit_url(product), {**data, **decision}, headers={"accept": "application/json"}
    )

    assert autosave.status_code == 400 and autosave.json()["success"] is False
    product.refresh_from_db()
    assert not product.live and product.workflow_in_progress
    assert product.get_latest_revision().user == manager
    assert logged(product, "wagtail.workflow.approve") == 0
