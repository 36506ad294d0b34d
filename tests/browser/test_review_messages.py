"""What the review says to each role, read in a real browser where the admin's scripts post the
decisions (the editor's dialog, the dashboard's buttons): the manager's privacy check before
submitting, the officer's notes where Approve is missing, the messages of the decisions, and
the officer's comment at the top of the manager's edit screen."""

import re

import pytest
from playwright.sync_api import expect

from cms.models import ProductPage
from tests.factories import ProductPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NIK = "3273012345670001"


def posted_to(url):
    """The answer to a form posted to `url` (not the editor's own background posts)."""
    return lambda response: response.request.method == "POST" and response.url == url


def in_review(product, author):
    product.save_revision(user=author)
    product.get_workflow().start(product, author)
    return product


def open_the_action_menu(page):
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()


def test_the_review_tells_each_role_what_happened_and_why(
    login, live_server, manager, officer, second_officer, catalog, category, workshop
):
    product = ProductPageFactory(
        parent=catalog, live=False, workshop=workshop, category=category, title="Tas Rotan Bulat"
    )
    edit_url = f"{live_server.url}/admin/pages/{product.pk}/edit/"

    # The manager saves a draft with a NIK in it: the check names the kind and the field.
    writer = login(manager)
    writer.goto(edit_url)
    writer.locator("textarea[name=short_description]").fill(f"Dibuat oleh NIK {NIK}.")
    with writer.expect_response(posted_to(edit_url)):
        writer.locator("footer button.action-save").click()
    check = writer.locator(".messages [data-privacy-check]")
    expect(check).to_contain_text("Nomor Induk Kependudukan (NIK)")
    expect(check).to_contain_text("di Deskripsi singkat")
    expect(check).to_contain_text("••••••••••••0001")
    expect(check).not_to_contain_text(NIK)
    open_the_action_menu(writer)
    with writer.expect_response(posted_to(edit_url)):
        writer.locator("button[name=action-submit]").click()

    # The officer's dashboard row and action menu say why Approve is missing.
    reviewer = login(officer)
    row = reviewer.locator("#awaiting-review-section tr", has_text="Tas Rotan Bulat")
    expect(row.locator("[data-approval-withheld]")).to_contain_text(
        "Halaman tidak dapat disetujui selama memuat Nomor Induk Kependudukan (NIK) di "
        "Deskripsi singkat (••••••••••••0001)"
    )
    reviewer.goto(edit_url)
    open_the_action_menu(reviewer)
    expect(reviewer.locator("footer [data-approval-withheld]")).to_be_visible()
    expect(reviewer.locator("button[data-workflow-action-name=approve]")).to_have_count(0)

    # Request changes through the editor's dialog: the message repeats the comment.
    reviewer.locator("button[data-workflow-action-name=reject]").click()
    dialog = reviewer.locator(".modal")
    dialog.locator("textarea[name=comment]").fill("Hapus NIK dari deskripsi.")
    with reviewer.expect_response(posted_to(edit_url)):
        dialog.locator("button[type=submit]").click()
    expect(reviewer.locator(".messages")).to_contain_text(
        "'Tas Rotan Bulat' dikembalikan kepada penulisnya dengan komentar Anda: "
        "Hapus NIK dari deskripsi."
    )

    # The manager's edit screen opens with the officer's comment, who sent it, and the finding.
    writer.goto(edit_url)
    sent_back = writer.locator(".messages [data-changes-requested]")
    expect(sent_back).to_contain_text("officer meminta perubahan pada")
    expect(sent_back.locator("[data-officer-comment]")).to_have_text("Hapus NIK dari deskripsi.")
    expect(writer.locator(".messages [data-privacy-check]")).to_contain_text("di Deskripsi singkat")

    # On a page of their own, the officer reads the four-eyes rule in the action menu.
    own = in_review(
        ProductPageFactory(parent=catalog, live=False, workshop=workshop, category=category),
        officer,
    )
    reviewer.goto(f"{live_server.url}/admin/pages/{own.pk}/edit/")
    open_the_action_menu(reviewer)
    expect(reviewer.locator("footer [data-approval-withheld]")).to_have_text(
        re.compile(r"\s*Anda yang mengajukan atau menulis revisi ini: petugas lain yang harus ")
    )

    # Another officer approves from the dashboard: the message says approved and published.
    clean = in_review(
        ProductPageFactory(
            parent=catalog, live=False, workshop=workshop, category=category, title="Keset Sabut"
        ),
        manager,
    )
    second = login(second_officer)
    row = second.locator("#awaiting-review-section tr", has_text="Keset Sabut")
    row.locator("[data-w-dropdown-target=toggle]").click()
    row.locator('button[data-workflow-action-url*="/approve/"]:not([data-launch-modal])').click()
    expect(second.locator(".messages")).to_contain_text(
        "'Keset Sabut' disetujui dan diterbitkan sesuai yang diajukan"
    )
    assert ProductPage.objects.get(pk=clean.pk).live
