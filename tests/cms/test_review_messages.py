"""What the review tells each role, read after the real requests of the admin: the message of a
decision (what it did, or why nothing was done), the note where *Approve* is missing, and what
the author of a page sent back reads at the top of its edit screen."""

import html
import json
import re

import pytest

from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from wagtail.models import Page, PageLogEntry, WorkflowTask

from cms.models import FourEyesApprovalTask, ProductPage
from tests.admin import edit_url, product_form_data, submit_new_product, workflow_action_url
from tests.factories import PhotoFactory

NIK = "3273012345670001"
MASKED_NIK = "••••••••••••0001"
DASHBOARD = reverse("wagtailadmin_home")


@pytest.fixture
def photo(db):
    return PhotoFactory()


@pytest.fixture
def submitted(client, manager, catalog, category, workshop, photo):
    """A product the manager submitted; the client is still signed in as the manager."""
    return submit_new_product(client, manager, catalog, category, workshop, photo)


def indonesian(message, **values):
    """The Indonesian admin's text of a message."""
    with translation.override("id"):
        return gettext(message) % values if values else gettext(message)


def last_message(response):
    """The message of the request's own outcome, unescaped (the admin escapes its messages)."""
    return html.unescape(str(list(get_messages(response.wsgi_request))[-1]).strip())


def decide_on_the_dashboard(client, product, action, **form):
    """Post a decision as the dashboard's button (or its dialog) does, from the dashboard."""
    return client.post(workflow_action_url(product, action), {"next": DASHBOARD, **form})


def decide_in_the_editor(client, product, action, form_data, **details):
    """Post a decision as the editor does: the whole form, with the decision's hidden inputs."""
    decision = {
        "action-workflow-action": "true",
        "workflow-action-name": action,
        "workflow-action-extra-data": json.dumps(details),
    }
    return client.post(edit_url(product), {**form_data, **decision})


def short_description_label():
    with translation.override("id"):
        return capfirst(ProductPage._meta.get_field("short_description").verbose_name)


def nik_found_in_the_short_description():
    return indonesian(
        "%(kind)s in %(field)s (%(excerpt)s)",
        kind=indonesian("National ID number (NIK)"),
        field=short_description_label(),
        excerpt=MASKED_NIK,
    )


def nik_withholds_approval():
    return indonesian(
        "Approval is not possible while the page shows %(found)s: request changes from the "
        "author to remove it.",
        found=nik_found_in_the_short_description(),
    )


FOUR_EYES = "You submitted or wrote this revision: another officer must approve it."


# The decisions' messages


def test_an_approval_on_the_dashboard_says_approved_and_published(client, officer, submitted):
    client.force_login(officer)

    response = decide_on_the_dashboard(client, submitted, "approve", comment="")

    assert response.status_code == 302 and response.url == DASHBOARD
    assert last_message(response) == indonesian(
        "'%(title)s' is approved and published as it was submitted; edits not saved before "
        "the decision are not part of it.",
        title=submitted.title,
    )
    assert "disetujui dan diterbitkan" in last_message(response)
    assert ProductPage.objects.get(pk=submitted.pk).live


def test_a_request_for_changes_says_it_went_back_with_the_comment(
    client, officer, submitted, category, workshop, photo
):
    client.force_login(officer)

    response = decide_in_the_editor(
        client,
        submitted,
        "reject",
        product_form_data(category, workshop, photo),
        comment="Foto menampakkan wajah.",
    )

    assert last_message(response) == indonesian(
        "'%(title)s' is sent back to its author with your comment: %(comment)s",
        title=submitted.title,
        comment="Foto menampakkan wajah.",
    )


def add_head_review(product):
    """A second step after the officers' review, as an institution may add."""
    workflow = Page.objects.get(pk=product.pk).current_workflow_state.workflow
    head_review = FourEyesApprovalTask.objects.create(name="Persetujuan kepala")
    head_review.groups.set(Group.objects.filter(name="Officer"))
    WorkflowTask.objects.create(workflow=workflow, task=head_review, sort_order=1)


def test_an_approval_with_a_next_step_says_what_it_waits_for(client, officer, submitted):
    add_head_review(submitted)
    client.force_login(officer)

    response = decide_on_the_dashboard(client, submitted, "approve", comment="")

    assert last_message(response) == indonesian(
        "'%(title)s' is approved and now waits for the next step: %(task)s.",
        title=submitted.title,
        task="Persetujuan kepala",
    )
    assert not ProductPage.objects.get(pk=submitted.pk).live


def test_a_decision_on_a_decided_review_says_it_was_taken(
    client, officer, second_officer, submitted
):
    """Two officers on the dashboard at once: the second click changes nothing and says why."""
    read_by_both = workflow_action_url(submitted, "approve")
    client.force_login(officer)
    client.post(read_by_both, {"next": DASHBOARD, "comment": ""})

    client.force_login(second_officer)
    late = client.post(read_by_both, {"next": DASHBOARD, "comment": ""})

    assert late.status_code == 302
    assert last_message(late) == indonesian(
        "This page is no longer in review: the decision was already taken."
    )
    assert (
        PageLogEntry.objects.filter(page=submitted, action="wagtail.workflow.approve").count() == 1
    )


def test_a_decision_on_a_step_another_officer_decided_names_them(
    client, officer, second_officer, submitted
):
    """The review went on to its next step while the second officer's dashboard still showed
    the first: their click on the first step names who decided it."""
    add_head_review(submitted)
    first_step = workflow_action_url(submitted, "reject")
    client.force_login(officer)
    client.post(workflow_action_url(submitted, "approve"), {"next": DASHBOARD, "comment": ""})

    client.force_login(second_officer)
    late = client.post(first_step, {"next": DASHBOARD, "comment": "Ganti foto."})

    assert last_message(late) == indonesian(
        "%(officer)s already decided this review; nothing was changed.", officer="officer"
    )
    assert not PageLogEntry.objects.filter(
        page=submitted, action="wagtail.workflow.reject"
    ).exists()


def test_an_officer_approving_their_own_page_reads_the_four_eyes_rule(
    client, officer, catalog, category, workshop, photo
):
    product = submit_new_product(client, officer, catalog, category, workshop, photo)

    on_the_dashboard = decide_on_the_dashboard(client, product, "approve", comment="")
    in_the_editor = decide_in_the_editor(
        client, product, "approve", product_form_data(category, workshop, photo)
    )

    for response in (on_the_dashboard, in_the_editor):
        assert response.status_code == 302
        assert last_message(response) == indonesian(FOUR_EYES)
    assert not ProductPage.objects.get(pk=product.pk).live


def test_an_approval_past_a_nik_names_the_finding_and_never_the_number(
    client, manager, officer, catalog, category, workshop, photo
):
    product = submit_new_product(
        client, manager, catalog, category, workshop, photo, short_description=f"NIK {NIK}"
    )
    client.force_login(officer)

    response = decide_on_the_dashboard(client, product, "approve", comment="")

    assert last_message(response) == nik_withholds_approval()
    assert NIK not in last_message(response)
    assert not ProductPage.objects.get(pk=product.pk).live


def test_an_approval_of_a_revision_edited_after_submission_says_nothing_was_approved(
    client, officer, second_officer, submitted, category, workshop, photo
):
    """The officer's dashboard showed the submitted revision; another officer saved a
    correction meanwhile."""
    read_by_the_officer = workflow_action_url(submitted, "approve")
    client.force_login(second_officer)
    client.post(edit_url(submitted), product_form_data(category, workshop, photo, unit="potong"))
    client.force_login(officer)

    response = client.post(read_by_the_officer, {"next": DASHBOARD, "comment": ""})

    assert last_message(response) == indonesian(
        "The page was edited after it was submitted, so nothing was approved: the review "
        "starts again on the latest revision. Check it, then decide again."
    )
    assert not ProductPage.objects.get(pk=submitted.pk).live


def test_a_publish_posted_outside_the_review_says_nothing_was_published(
    client, officer, submitted, category, workshop, photo
):
    """An officer's stale form with Publish: Wagtail would save it and say "updated"."""
    client.force_login(officer)
    revisions = submitted.revisions.count()
    data = product_form_data(category, workshop, photo, title="Judul baru")

    response = client.post(edit_url(submitted), {**data, "action-publish": "Publish"})

    assert response.status_code == 302 and response.url == edit_url(submitted)
    assert last_message(response) == indonesian(
        "Nothing was published or saved: a page is published only when an officer approves "
        "its review. Save it as a draft, then submit it for review."
    )
    product = ProductPage.objects.get(pk=submitted.pk)
    assert not product.live and product.revisions.count() == revisions


# Why Approve is missing


def approval_notes(response):
    return re.findall(r"data-approval-withheld>(?:<svg.*?</svg>)?([^<]*)<", response.text, re.S)


def test_the_officer_s_own_page_says_why_it_has_no_approve(
    client, officer, catalog, category, workshop, photo
):
    product = submit_new_product(client, officer, catalog, category, workshop, photo)

    editor = client.get(edit_url(product))
    dashboard = client.get(DASHBOARD)

    # In the action menu, and in the review banner at the top.
    assert [note.strip() for note in approval_notes(editor)] == [indonesian(FOUR_EYES)] * 2
    awaiting_review = dashboard.text.split('id="awaiting-review', 1)[1].split("</table>", 1)[0]
    assert product.title in awaiting_review
    assert [note.strip() for note in approval_notes(dashboard)] == [indonesian(FOUR_EYES)]


def test_a_page_with_a_nik_says_on_the_dashboard_why_it_has_no_approve(
    client, manager, officer, catalog, category, workshop, photo
):
    product = submit_new_product(
        client, manager, catalog, category, workshop, photo, short_description=f"NIK {NIK}"
    )
    client.force_login(officer)

    dashboard = client.get(DASHBOARD)
    editor = client.get(edit_url(product))

    assert [note.strip() for note in approval_notes(dashboard)] == [nik_withholds_approval()]
    assert NIK not in dashboard.text
    assert nik_withholds_approval() in [note.strip() for note in approval_notes(editor)]


def test_a_page_an_officer_may_approve_has_no_note(client, officer, submitted):
    client.force_login(officer)

    assert approval_notes(client.get(DASHBOARD)) == []
    assert approval_notes(client.get(edit_url(submitted))) == []


# What the author reads


def test_the_author_of_a_page_sent_back_reads_the_comment_and_findings_at_the_top(
    client, manager, officer, catalog, category, workshop, photo
):
    product = submit_new_product(
        client, manager, catalog, category, workshop, photo, short_description=f"NIK {NIK}"
    )
    client.force_login(officer)
    decide_on_the_dashboard(client, product, "reject", comment="Hapus NIK dari deskripsi.")

    client.force_login(manager)
    screen = client.get(edit_url(product))

    top = screen.text.split("data-changes-requested", 1)[1].split("</form>", 1)[0]
    assert "officer" in top.split("</strong>", 1)[0]
    assert re.search(r"data-officer-comment>Hapus NIK dari deskripsi\.<", top)
    assert f'data-kind="nik" data-field="{short_description_label()}"' in top
    assert MASKED_NIK in top
    assert screen.text.index("data-changes-requested") < screen.text.index('name="title"')


def test_a_draft_shows_its_privacy_findings_before_it_is_submitted(
    client, manager, catalog, category, workshop, photo
):
    client.force_login(manager)
    data = product_form_data(category, workshop, photo)
    client.post(reverse("wagtailadmin_pages:add", args=("cms", "productpage", catalog.pk)), data)
    product = ProductPage.objects.get(code="BTK-001")

    saved = client.post(
        edit_url(product),
        product_form_data(category, workshop, photo, short_description=f"Hubungi NIK {NIK}."),
        follow=True,
    )

    assert saved.request["PATH_INFO"] == edit_url(product)
    assert "data-privacy-check" in saved.text
    assert f'data-kind="nik" data-field="{short_description_label()}"' in saved.text
    assert not ProductPage.objects.get(pk=product.pk).workflow_in_progress
