"""Personal data in a page under review: a NIK blocks the approval, a phone number asks the
officer to confirm, and the decision is in the audit log."""

import re

import pytest

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from wagtail.models import Comment, Page, PageLogEntry

from cms.models import ProductPage, ProtectedName, StoryIndexPage, StoryPage
from cms.models.workflow import APPROVE_AFTER_CHECKING
from cms.privacy import findings_shown_to, scan_page
from tests.admin import edit_url, submit_new_product, workflow_action_url, workflow_buttons
from tests.factories import PhotoFactory, ProductPageFactory

NIK = "3273012345670001"


@pytest.fixture
def photo(db):
    return PhotoFactory()


def kinds(page):
    return {(finding.kind, finding.excerpt, finding.blocking) for finding in scan_page(page)}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (f"Dibuat oleh warga binaan NIK {NIK}.", {("nik", NIK, True)}),
        ("NIK 3273 0123 4567 0001.", {("nik", "3273 0123 4567 0001", True)}),
        ("NIK 3273-0123-4567-0001.", {("nik", "3273-0123-4567-0001", True)}),
        ("NIK: 32.73.01.234567.0001", {("nik", "32.73.01.234567.0001", True)}),
        ("Nomor register B.I-123/2024 di bengkel.", {("register_number", "B.I-123/2024", True)}),
        ("Reg. B.IIa 45/2023.", {("register_number", "B.IIa 45/2023", True)}),
        ("Reg. B.IIb-7/2022.", {("register_number", "B.IIb-7/2022", True)}),
        ("Reg. A.IV 12/2024.", {("register_number", "A.IV 12/2024", True)}),
        ("Reg. AIII-45/2023.", {("register_number", "AIII-45/2023", True)}),
        ("Hubungi 0812-3456-7890 untuk pesanan.", {("phone", "0812-3456-7890", False)}),
        ("Hubungi +62 812-3456-7890.", {("phone", "+62 812-3456-7890", False)}),
        ("Hubungi (+62) 812 3456 7890.", {("phone", "(+62) 812 3456 7890", False)}),
        ("Pesan di https://wa.me/6281234567890", {("phone", "6281234567890", False)}),
        ("Telepon (0274) 512345.", {("phone", "(0274) 512345", False)}),
        ("Telepon 021-5551234.", {("phone", "021-5551234", False)}),
        ("Tulis ke petugas@lapas.go.id.", {("email", "petugas@lapas.go.id", False)}),
        ("Harga Rp 450.000, kode BTK-001, dibuat 2024, 150 lembar.", set()),
        ("Harga Rp 150.000 200.000 350.000, grosir Rp 1.250.000.", set()),
        ("Pameran 2024-05-01 pukul 08.00-16.00, stan 021.", set()),
        ("Kode BTK-02745, 12 pasang, ukuran 40-44, tahun 2021, 2022 dan 2023.", set()),
        ("Kelas A dan B, 3/4 lengan, nomor 1/2024.", set()),
    ],
)
def test_the_scan_finds_personal_data_and_nothing_else(catalog, workshop, text, found):
    product = ProductPageFactory(parent=catalog, workshop=workshop, short_description=text)
    assert kinds(product) == found


def protect(name, site):
    return ProtectedName.objects.create(name=name, site=site)


def test_protected_names_and_file_name_alt_texts_are_warnings(catalog, workshop):
    protect("Budi Santoso", catalog.get_site())
    product = ProductPageFactory(
        parent=catalog, workshop=workshop, short_description="Dijahit oleh budi santoso."
    )
    gallery_photo = product.photos.get()
    gallery_photo.alt_text = "IMG_2041.jpg"
    gallery_photo.save()

    assert kinds(product) == {
        ("name", "Budi Santoso", False),
        ("alt_text", "IMG_2041.jpg", False),
    }


@pytest.mark.parametrize(
    "written", ["budi santoso", "Budi-Santoso", "budi_santoso", "Budi   Santoso"]
)
def test_a_protected_name_is_found_however_its_words_are_joined(catalog, workshop, written):
    protect("Budi Santoso", catalog.get_site())
    product = ProductPageFactory(
        parent=catalog, workshop=workshop, short_description=f"Dijahit oleh {written}."
    )

    assert kinds(product) == {("name", "Budi Santoso", False)}


@pytest.mark.parametrize("written", ["Budisantoso", "Budi Santosowati", "Abudi Santoso"])
def test_a_protected_name_is_not_found_inside_other_words(catalog, workshop, written):
    protect("Budi Santoso", catalog.get_site())
    product = ProductPageFactory(
        parent=catalog, workshop=workshop, short_description=f"Dijahit oleh {written}."
    )

    assert kinds(product) == set()


def test_the_pages_address_is_scanned_too(catalog, workshop):
    protect("Budi Santoso", catalog.get_site())
    product = ProductPageFactory(
        parent=catalog, workshop=workshop, slug=f"kain-budi-santoso-{NIK}", title="Kain"
    )

    assert kinds(product) == {("nik", NIK, True), ("name", "Budi Santoso", False)}


def test_reviewers_comments_are_not_read_as_page_text(catalog, workshop, manager, officer):
    """A comment asking to remove a NIK is never published: the page is clean once the NIK
    is gone from its text."""
    product = ProductPageFactory(parent=catalog, workshop=workshop)
    Comment.objects.create(
        page=product, user=officer, text=f"Hapus NIK {NIK}", contentpath="short_description"
    )
    revision = Page.objects.get(pk=product.pk).specific.save_revision(user=manager)

    assert kinds(revision.as_object()) == set()


def story_image(photo, alt_text):
    return ("image", {"image": photo, "alt_text": alt_text, "caption": ""})


@pytest.mark.parametrize(
    "alt_text",
    ["20240501_102233", "IMG20240501102233", "WhatsApp Image 2024-05-01 at 10.22.33", " "],
)
def test_a_story_photo_named_by_the_camera_is_a_warning(catalog, workshop, photo, alt_text):
    product = ProductPageFactory(parent=catalog, workshop=workshop)
    product.story = [story_image(photo, alt_text)]

    assert kinds(product) == {("alt_text", alt_text.strip() or "—", False)}


def test_a_described_story_photo_is_no_warning(catalog, workshop, photo):
    product = ProductPageFactory(parent=catalog, workshop=workshop)
    product.story = [story_image(photo, "Penjahit memotong kain di bengkel, 2024")]

    assert kinds(product) == set()


def test_the_alt_texts_of_a_cover_and_a_hero_are_checked(home, photo):
    stories = home.add_child(instance=StoryIndexPage(title="Cerita", slug="cerita"))
    story = stories.add_child(
        instance=StoryPage(
            title="Di balik layar",
            slug="di-balik-layar",
            summary="Cerita bengkel.",
            cover_image=photo,
            cover_image_alt="IMG_2041.jpg",
            body=[story_image(photo, "DSC_0042")],
        )
    )
    home.hero_image, home.hero_image_alt = photo, "WhatsApp Image 2024-05-01 at 10.22.33"

    assert kinds(story) == {
        ("alt_text", "IMG_2041.jpg", False),
        ("alt_text", "DSC_0042", False),
    }
    assert kinds(home) == {("alt_text", "WhatsApp Image 2024-05-01 at 10.22.33", False)}


def test_a_page_with_a_nik_cannot_be_approved(
    client,
    manager,
    officer,
    catalog,
    category,
    workshop,
    photo,
):
    product = submit_new_product(
        client, manager, catalog, category, workshop, photo, short_description=f"NIK {NIK}"
    )
    client.force_login(officer)

    assert workflow_buttons(client.get(edit_url(product))) == {"reject"}
    for action in ("approve", APPROVE_AFTER_CHECKING):
        client.post(workflow_action_url(product, action), {"comment": "", "warnings_checked": "on"})

    product.refresh_from_db()
    assert not product.live
    assert not PageLogEntry.objects.filter(page=product, action="wagtail.workflow.approve").exists()


def test_a_clean_page_is_approved_without_the_confirmation_box(
    client, manager, officer, catalog, category, workshop, photo
):
    product = submit_new_product(client, manager, catalog, category, workshop, photo)
    client.force_login(officer)

    assert workflow_buttons(client.get(edit_url(product))) == {"reject", "approve"}
    url = workflow_action_url(product, "approve")
    assert "warnings_checked" not in client.get(url).json()["html"]
    client.post(url, {"comment": "Bagus."})

    product.refresh_from_db()
    assert product.live


def test_a_phone_number_is_shown_and_approval_needs_the_officers_confirmation(
    client,
    manager,
    officer,
    catalog,
    category,
    workshop,
    photo,
):
    product = submit_new_product(
        client,
        manager,
        catalog,
        category,
        workshop,
        photo,
        short_description="Pesan lewat 0812-3456-7890.",
    )
    client.force_login(officer)
    assert workflow_buttons(client.get(edit_url(product))) == {"reject", APPROVE_AFTER_CHECKING}
    url = workflow_action_url(product, APPROVE_AFTER_CHECKING)

    modal = client.get(url).json()["html"]
    assert "0812-3456-7890" in modal and "warnings_checked" in modal

    unconfirmed = client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    with translation.override("id-id"):
        error = gettext("Tick the box to confirm that you checked each warning.")
    assert unconfirmed.status_code == 200 and error in unconfirmed.json()["html"]
    product.refresh_from_db()
    assert not product.live

    client.post(url, {"comment": "Nomor resmi lembaga.", "warnings_checked": "on"})
    product.refresh_from_db()
    assert product.live
    decision = PageLogEntry.objects.get(page=product, action="etalase.privacy_approved")
    assert decision.user == officer
    assert decision.data["findings"] == [
        {"kind": "phone", "excerpt": "0812-3456-7890", "blocking": False}
    ]


def test_an_approval_the_review_forbids_is_refused_by_the_task_itself(
    client, manager, officer, catalog, category, workshop, photo
):
    """Behind the actions offered, the task refuses an approval past unconfirmed warnings, as
    any code path (the edit screen's own workflow buttons) may call it."""
    product = submit_new_product(
        client, manager, catalog, category, workshop, photo, short_description="Tel. 021-5551234."
    )
    client.force_login(officer)
    refused = client.post(workflow_action_url(product, "approve"), {"comment": ""})
    assert refused.status_code == 302  # not an action offered: the admin sends the officer back
    task_state = Page.objects.get(pk=product.pk).current_workflow_task_state
    task = task_state.task.specific

    for action, checked in (("approve", True), (APPROVE_AFTER_CHECKING, False)):
        with pytest.raises(PermissionDenied):
            task.on_action(task_state, officer, action, comment="", warnings_checked=checked)

    product.refresh_from_db()
    assert not product.live


def findings_listed(response):
    """The findings a screen lists, as (kind, field, excerpt)."""
    listed = (
        r'<li data-kind="([^"]+)" data-field="([^"]+)"><strong>[^<]*</strong>[^:]*: ([^<]*)</li>'
    )
    return set(re.findall(listed, response.content.decode()))


def short_description_label():
    """What the Indonesian edit screen calls the product's short description."""
    with translation.override("id"):
        return capfirst(ProductPage._meta.get_field("short_description").verbose_name)


def test_the_reviewer_sees_the_findings_on_the_edit_screen(
    client, manager, officer, catalog, category, workshop, photo
):
    """Each finding by kind and field; the NIK by its last four digits only, never in full."""
    protect("Budi Santoso", catalog.get_site())
    product = submit_new_product(
        client,
        manager,
        catalog,
        category,
        workshop,
        photo,
        short_description=f"Dijahit Budi Santoso, NIK {NIK}.",
    )
    client.force_login(officer)

    screen = client.get(edit_url(product))

    field = short_description_label()
    assert findings_listed(screen) == {
        ("nik", field, "••••••••••••0001"),
        ("name", field, "Budi Santoso"),
    }
    assert screen.text.count(NIK) == 1  # in the field being edited, nowhere else
    with translation.override("id"):
        note = gettext(
            "Approval is not possible while the page shows %(found)s: request changes from "
            "the author to remove it."
        ) % {
            "found": gettext("%(kind)s in %(field)s (%(excerpt)s)")
            % {
                "kind": gettext("National ID number (NIK)"),
                "field": field,
                "excerpt": "••••••••••••0001",
            }
        }
    assert note in screen.text


def test_the_author_sees_no_findings_and_no_protected_name(
    client, manager, catalog, category, workshop, photo
):
    protect("Budi Santoso", catalog.get_site())
    product = submit_new_product(
        client, manager, catalog, category, workshop, photo, short_description="Oleh Budi Santoso."
    )

    screen = client.get(edit_url(product))  # still the manager's session

    assert screen.status_code == 200
    assert findings_listed(screen) == set() and "data-privacy-findings" not in screen.text


def test_a_protected_name_is_shown_only_to_those_who_may_read_the_list(
    catalog, workshop, officer, manager
):
    protect("Budi Santoso", catalog.get_site())
    product = ProductPageFactory(
        parent=catalog, workshop=workshop, short_description="Budi Santoso, 0812-3456-7890."
    )
    findings = scan_page(product)

    assert {finding.kind for finding in findings_shown_to(officer, findings)} == {"name", "phone"}
    assert {finding.kind for finding in findings_shown_to(manager, findings)} == {"phone"}


def test_a_revision_is_scanned_once_per_request_and_again_in_the_next(
    client, manager, officer, catalog, category, workshop, photo, monkeypatch
):
    product = submit_new_product(client, manager, catalog, category, workshop, photo)
    client.force_login(officer)
    scanned = []
    monkeypatch.setattr(
        "cms.models.workflow.scan_page", lambda page: scanned.append(page.pk) or scan_page(page)
    )

    assert workflow_buttons(client.get(edit_url(product))) == {"reject", "approve"}
    assert scanned == [product.pk]

    protect("Kain Batik", catalog.get_site())  # the product's title is protected now
    modal = client.get(workflow_action_url(product, APPROVE_AFTER_CHECKING)).json()["html"]
    assert scanned == [product.pk, product.pk]
    assert "Kain Batik" in modal


def test_only_officers_and_the_head_see_the_protected_names(client, manager, officer, head, home):
    protect("Budi Santoso", home.get_site())
    url = reverse("protected_names:index")

    client.force_login(manager)
    assert client.get(url).status_code in (302, 403)
    for user in (officer, head):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and "Budi Santoso" in response.text


def test_block_ids_are_not_read_as_numbers(catalog, workshop):
    """Stream blocks carry random UUIDs; one made of digits must not look like a phone number."""
    product = ProductPageFactory(parent=catalog, workshop=workshop)
    product.story = [("paragraph", "<p>Dibuat dengan tangan.</p>")]
    product.story.raw_data[0]["id"] = "08123456-7890-1234-5678-901234567890"

    assert kinds(product) == set()


def test_sending_a_page_back_records_what_the_scan_found(
    client, manager, officer, catalog, category, workshop, photo
):
    product = submit_new_product(
        client, manager, catalog, category, workshop, photo, short_description=f"NIK {NIK}"
    )
    client.force_login(officer)

    client.post(workflow_action_url(product, "reject"), {"comment": "Hapus NIK."})

    decision = PageLogEntry.objects.get(page=product, action="etalase.privacy_rejected")
    assert decision.user == officer
    assert decision.data["findings"] == [{"kind": "nik", "excerpt": NIK, "blocking": True}]


def test_a_page_is_checked_against_its_own_institutions_names(
    catalog, workshop, bandung, bandung_catalog
):
    protect("Budi Santoso", bandung.site)
    text = "Dijahit oleh Budi Santoso."
    here = ProductPageFactory(parent=catalog, workshop=workshop, short_description=text)
    bandung_shop, bandung_workshop = bandung_catalog
    there = ProductPageFactory(
        parent=bandung_shop, workshop=bandung_workshop, short_description=text, code="BDG-001"
    )

    assert kinds(here) == set()
    assert kinds(there) == {("name", "Budi Santoso", False)}


def test_each_institution_keeps_and_sees_its_own_list_only(
    client, officer, bandung, member_of, home
):
    from institutions.models import Role

    bandung_officer = member_of(bandung, Role.OFFICER, "officer_bandung")
    theirs = protect("Siti Aminah", bandung.site)
    index = reverse("protected_names:index")

    client.force_login(officer)
    client.post(reverse("protected_names:add"), {"name": "  Budi   Santoso "})
    assert ProtectedName.objects.get(name="Budi Santoso").site == home.get_site()
    assert "Siti Aminah" not in client.get(index).text
    for view in ("edit", "delete", "history", "usage"):
        url = reverse(f"protected_names:{view}", args=[theirs.pk])
        assert client.get(url).status_code == 404, view
    client.post(reverse("protected_names:delete", args=[theirs.pk]))
    assert ProtectedName.objects.filter(pk=theirs.pk).exists()

    client.force_login(bandung_officer)
    listing = client.get(index).text
    assert "Siti Aminah" in listing and "Budi Santoso" not in listing
    client.post(reverse("protected_names:add"), {"name": "Budi Santoso"})
    assert ProtectedName.objects.filter(name="Budi Santoso", site=bandung.site).exists()


def test_a_name_is_on_a_list_once_whatever_its_capitals(client, officer, home):
    protect("Budi Santoso", home.get_site())
    client.force_login(officer)

    response = client.post(reverse("protected_names:add"), {"name": "budi santoso"})

    with translation.override("id-id"):  # the admin's language
        assert gettext("This name is on the list already.") in response.text
    assert ProtectedName.objects.count() == 1
