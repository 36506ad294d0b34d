"""Each role's screens of the day, read in a real browser on the demo catalog: no English in the
Indonesian admin, neither in the visible text nor in the titles, placeholders and labels that
screen readers and tooltips show.

The detector is deliberately simple: the visible text is cut into words and each word is looked
up in a short list of common English words that are not Indonesian. A word of the list that a
screen rightly shows (a name given in the data, not by the interface) goes in `ALLOWED`, with
the reason it is allowed."""

import re

import pytest
from playwright.sync_api import expect

from django.urls import reverse

from cms.models import ProductPage
from orders.models import Inquiry, InquiryStatus
from tests.browser.conftest import seed_demo_in_test_database
from tests.factories import jpeg_file

# The browser tests only: the migrations' channels, groups and institution are flushed by a
# transactional test, restored for each of these whatever ran before it.
in_the_browser = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Common English words of the admin's vocabulary that are not Indonesian words as well.
ENGLISH = frozenset(
    """
    a about account action actions add all an and any apply approve are at available back be
    block breadcrumbs by can cancel change changes checks choose clear close collapse comment
    comments compare content create created current date days delete description details draft
    edit editing engines entries existing expand for from has have help history image images in
    insert is it items last latest live locked main more moderation my new next no not of on
    only options or out page pages past preview previous promote recent request review revision
    revisions save saved search select settings show sidebar site sites skip something sort
    submit tags that the there this title to today toggle type unpublish upload use version view
    was when which will with workflow workflows write you your
    """.split()
)

# Words of the list that an Indonesian screen may show all the same, and why.
ALLOWED: dict[str, str] = {}

WORD = re.compile(r"[A-Za-z]+")

# The visible text of a screen, with the titles, placeholders and accessible names of its
# visible controls (tooltips and screen readers say them).
VISIBLE_TEXT = """() => {
    const texts = [document.title, document.body.innerText];
    for (const element of document.querySelectorAll("[title], [placeholder], [aria-label]")) {
        if (element.checkVisibility()) {
            for (const name of ["title", "placeholder", "aria-label"]) {
                texts.push(element.getAttribute(name) || "");
            }
        }
    }
    return texts.join("\\n");
}"""


def english_in(text: str) -> list[str]:
    """The lines of `text` that hold an English word of the list, that word in brackets."""
    found = []
    for line in dict.fromkeys(line.strip() for line in text.splitlines()):
        words = {word for word in WORD.findall(line) if word.lower() in ENGLISH}
        words = {word for word in words if word.lower() not in ALLOWED}
        if words:
            found.append(f"{line[:120]}  [{', '.join(sorted(words))}]")
    return found


class Screens:
    """The screens a role went through, and the English each one showed."""

    def __init__(self, page):
        self.page = page
        self.english = {}

    def read(self, name: str) -> None:
        self.page.wait_for_load_state("networkidle")
        english = english_in(self.page.evaluate(VISIBLE_TEXT))
        if english:
            self.english[name] = english

    def assert_all_indonesian(self) -> None:
        report = "\n".join(
            f"{name}:\n    " + "\n    ".join(lines) for name, lines in self.english.items()
        )
        assert not self.english, f"English on these screens:\n{report}"


def test_the_detector_finds_english_and_passes_indonesian():
    assert english_in("Simpan draf\nHalaman judul") == []
    assert english_in("1-38 of 38 halaman\nSimpan") == ["1-38 of 38 halaman  [of]"]


@pytest.fixture
def demo(db):
    """The demo catalog and orders, as `seed_demo` makes them; the demo's users by username."""
    _report, users = seed_demo_in_test_database(with_orders=True)
    return users


def admin_url(live_server, name, *args):
    return f"{live_server.url}{reverse(name, args=args)}"


def upload_in_chooser(screens, chooser, picture: bytes) -> None:
    """Choose a photo for `chooser` by uploading `picture` in its dialog (read on the way)."""
    page = screens.page
    page.locator(f"{chooser} .chooser__choose-button").click()
    page.locator(".modal #tab-label-upload").click()
    screens.read("image chooser")
    page.locator(".modal input[name='image-chooser-upload-file']").set_input_files(
        {"name": "kain-lereng.jpg", "mimeType": "image/jpeg", "buffer": picture}
    )
    page.fill(".modal input[name='image-chooser-upload-title']", "Kain lereng")
    page.locator(".modal #tab-upload button[type=submit]").click()


@in_the_browser
def test_a_manager_s_day_is_in_indonesian(login, live_server, demo):
    catalog = ProductPage.objects.first().get_parent()
    picture = jpeg_file(colour="#8a4b2f").read()
    page = login(demo["manager"])
    screens = Screens(page)
    screens.read("dashboard")

    page.goto(admin_url(live_server, "wagtailadmin_explore", catalog.pk))
    screens.read("page explorer")

    page.goto(admin_url(live_server, "wagtailadmin_pages:add", "cms", "productpage", catalog.pk))
    screens.read("new product")
    page.get_by_role("tab", name="Promosikan").click()
    screens.read("promote tab")
    page.get_by_role("tab", name="Konten").click()

    # The story's block chooser and the rich text's command menu ("/").
    page.locator("button.c-sf-add-button").first.click()
    screens.read("block chooser")
    page.keyboard.press("Escape")
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    editor.press_sequentially("/")
    screens.read("rich text commands")
    page.keyboard.press("Escape")
    editor.press("Backspace")

    # A photo uploaded from the chooser, then the same picture again for a second photo: the
    # chooser says it is a duplicate, and the manager keeps the existing one.
    upload_in_chooser(screens, "#id_photos-0-image-chooser", picture)
    expect(page.locator(".modal")).to_be_hidden()
    page.locator("#id_photos-ADD").click()
    upload_in_chooser(screens, "#id_photos-1-image-chooser", picture)
    expect(page.locator(".modal .duplicate-upload")).to_be_visible()
    screens.read("duplicate photo")
    page.locator(".modal .use-existing-image").click()
    expect(page.locator(".modal")).to_be_hidden()

    page.fill("input[name=title]", "Kain Batik Tulis Lereng")
    page.fill("input[name=code]", "BTK-123")
    page.locator("#id_category-chooser .chooser__choose-button").click()
    screens.read("category chooser")
    page.locator(".modal [data-chooser-modal-choice]").first.click()
    page.locator("#id_workshop-chooser .chooser__choose-button").click()
    screens.read("workshop chooser")
    page.locator(".modal a.choose-page", has_text="Batik Tulis").click()
    expect(page.locator(".modal")).to_be_hidden()
    page.fill("input[name=price]", "350000")
    page.fill("textarea[name=short_description]", "Kain batik tulis bermotif lereng.")
    page.fill("input[name='photos-0-alt_text']", "Kain batik lereng, tampak depan")
    page.fill("input[name='photos-1-alt_text']", "Kain batik lereng, tampak dekat")
    page.locator("button.action-save").first.click()
    expect(page.locator(".messages")).to_contain_text("Kain Batik Tulis Lereng")
    screens.read("draft saved")

    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    screens.read("actions menu")
    with page.expect_navigation():
        page.locator("button[name=action-submit]").click()
    expect(page.locator(".messages")).to_contain_text("Kain Batik Tulis Lereng")
    screens.read("submitted")

    assert ProductPage.objects.get(code="BTK-123").workflow_in_progress
    screens.assert_all_indonesian()


@in_the_browser
def test_an_officer_s_day_is_in_indonesian(login, live_server, demo):
    in_review = ProductPage.objects.get(code="BTK-099")
    with_draft = ProductPage.objects.get(code="BTK-002")
    page = login(demo["officer"])
    screens = Screens(page)
    screens.read("dashboard")

    page.goto(admin_url(live_server, "wagtailadmin_pages:edit", in_review.pk))
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    screens.read("review menu")

    latest = with_draft.get_latest_revision()
    page.goto(
        admin_url(
            live_server,
            "wagtailadmin_pages:revisions_compare",
            with_draft.pk,
            "live",
            latest.pk,
        )
    )
    screens.read("compare revisions")
    page.goto(admin_url(live_server, "wagtailadmin_pages:history", with_draft.pk))
    screens.read("page history")

    screens.assert_all_indonesian()


@in_the_browser
def test_a_clerk_s_day_is_in_indonesian(login, live_server, demo):
    page = login(demo["clerk"])
    screens = Screens(page)
    screens.read("dashboard")

    page.goto(f"{live_server.url}/admin/orders/sale/")
    screens.read("sales")
    page.goto(f"{live_server.url}/admin/orders/inquiry/")
    screens.read("inquiries")
    inquiry = Inquiry.objects.filter(status=InquiryStatus.NEW).first()
    page.goto(f"{live_server.url}/admin/orders/inquiry/convert/{inquiry.pk}/")
    screens.read("inquiry to sale")
    page.get_by_role("button", name="Catat penjualan").click()
    expect(page.locator(".messages")).to_contain_text("dijadikan penjualan")
    screens.read("sale recorded")
    page.goto(f"{live_server.url}/admin/orders/import/create/")
    screens.read("import")

    screens.assert_all_indonesian()


@in_the_browser
def test_a_head_s_day_is_in_indonesian(login, live_server, demo):
    page = login(demo["head"])
    screens = Screens(page)
    screens.read("dashboard")

    for name in (
        "orders_report",
        "oversight_catalog_health",
        "oversight_activity",
        "wagtailadmin_reports:aging_pages",
    ):
        page.goto(admin_url(live_server, name))
        screens.read(name)
    for app, setting in (
        ("cms", "institutionsettings"),
        ("cms", "oversightsettings"),
        ("orders", "sharesettings"),
        ("sitegen", "publishsettings"),
    ):
        page.goto(admin_url(live_server, "wagtailsettings:edit", app, setting))
        screens.read(setting)

    screens.assert_all_indonesian()
