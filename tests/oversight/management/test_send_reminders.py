"""``manage.py send_reminders``: the right people hear of what waits too long, nobody else."""

import smtplib
from datetime import timedelta
from io import StringIO

import pytest

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from wagtail.models import TaskState

from cms.models import ProductPage
from institutions.models import Role
from oversight.models import OversightSettings
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_indonesian():
    """The command speaks the installation's language; the tests expect its messages in it."""
    with translation.override("id-id"):
        yield


def run(*arguments):
    output = StringIO()
    call_command("send_reminders", *arguments, stdout=output, stderr=StringIO())
    return output.getvalue()


def summary(sent, failed=0):
    return gettext("Reminder e-mails: %(sent)s sent, %(failed)s not sent.") % {
        "sent": sent,
        "failed": failed,
    }


def waiting_line(title, days):
    return gettext("%(title)s: %(days)s days in review") % {"title": title, "days": days}


def stale_line(product, days):
    return gettext("%(code)s %(title)s: not updated for %(days)s days") % {
        "code": product.code,
        "title": product.title,
        "days": days,
    }


def reminded():
    """Who got an e-mail, and the reminders in it (the lines before the admin's address)."""
    return {message.to[0]: message.body.split("\n\n")[0].splitlines() for message in mail.outbox}


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def in_review(page, *, written_by, submitted_by, days):
    """The page's revision by `written_by`, submitted by `submitted_by` `days` days ago."""
    page.save_revision(user=written_by)
    page.get_workflow().start(page, submitted_by)
    TaskState.objects.filter(revision__object_id=str(page.pk)).update(started_at=days_ago(days))
    mail.outbox.clear()  # Wagtail's own notice of the submission, not a reminder
    return page


def stale(product, days):
    ProductPage.objects.filter(pk=product.pk).update(last_published_at=days_ago(days))
    return product


@pytest.fixture
def waiting_page(catalog, workshop, manager):
    """A product written and submitted by the manager five days ago, still in review."""
    page = ProductPageFactory(
        parent=catalog, workshop=workshop, live=False, title="Tas Anyaman", owner=manager
    )
    return in_review(page, written_by=manager, submitted_by=manager, days=5)


@pytest.fixture
def stale_product(catalog, workshop, manager):
    page = ProductPageFactory(parent=catalog, workshop=workshop, title="Roti Manis", owner=manager)
    return stale(publish(page), 120)


def test_officers_hear_of_reviews_waiting_too_long(waiting_page, officer, manager, clerk, head):
    output = run()

    [message] = mail.outbox
    assert message.to == [officer.email]
    assert reminded() == {officer.email: [waiting_line("Tas Anyaman", 5)]}
    assert output.splitlines() == [
        "officer (waiting):",
        f"  {waiting_line('Tas Anyaman', 5)}",
        summary(sent=1),
    ]


def test_an_officer_who_wrote_or_submitted_the_page_is_not_asked_to_review_it(
    catalog, workshop, officer, second_officer, django_user_model
):
    third_officer = django_user_model.objects.create_user("officer3", "o3@example.test", "x")
    third_officer.groups.add(*officer.groups.all())
    page = ProductPageFactory(parent=catalog, workshop=workshop, live=False, title="Cerita Kami")
    in_review(page, written_by=officer, submitted_by=second_officer, days=5)

    run()

    # The writer and the submitter may not approve it (four eyes); only the third one may.
    assert reminded() == {third_officer.email: [waiting_line("Cerita Kami", 5)]}


def test_officers_hear_only_of_their_own_institutions_pages(
    waiting_page, officer, manager, bandung, bandung_catalog, member_of
):
    bandung_officer = member_of(bandung, Role.OFFICER, "officer_bandung")
    bandung_manager = member_of(bandung, Role.MANAGER, "manager_bandung")
    catalog, workshop = bandung_catalog
    page = ProductPageFactory(parent=catalog, workshop=workshop, live=False, title="Dompet Kulit")
    in_review(page, written_by=bandung_manager, submitted_by=bandung_manager, days=4)

    run()

    assert reminded() == {
        officer.email: [waiting_line("Tas Anyaman", 5)],
        bandung_officer.email: [waiting_line("Dompet Kulit", 4)],
    }


def test_managers_hear_of_their_own_stale_products_with_their_institutions_days(
    stale_product, manager, catalog, workshop, bandung, bandung_catalog, member_of
):
    other_manager = member_of(bandung, Role.MANAGER, "manager2")  # also owns a page here
    ours = {"parent": catalog, "workshop": workshop}
    not_yet = stale(publish(ProductPageFactory(**ours, title="Kue Lapis", owner=manager)), 60)
    others = stale(publish(ProductPageFactory(**ours, title="Sandal", owner=other_manager)), 100)
    bandung_catalog, bandung_workshop = bandung_catalog
    theirs = {"parent": bandung_catalog, "workshop": bandung_workshop, "owner": other_manager}
    bandung_stale = stale(publish(ProductPageFactory(**theirs, title="Dompet")), 60)
    stale(publish(ProductPageFactory(**theirs, title="Tas Kulit")), 20)
    OversightSettings.objects.update_or_create(
        site=bandung.site, defaults={"stale_product_days": 30}
    )  # Bandung looks again after 30 days; this institution after 90 (the default)

    run()

    assert reminded() == {
        manager.email: [stale_line(stale_product, 120)],
        other_manager.email: [stale_line(others, 100), stale_line(bandung_stale, 60)],
    }
    assert not_yet.title not in str(reminded())


def test_a_fresh_catalog_sends_nothing(catalog, workshop, manager, officer):
    publish(ProductPageFactory(parent=catalog, workshop=workshop, owner=manager))

    assert run().splitlines() == [summary(sent=0)]
    assert not mail.outbox


def test_dry_run_prints_but_sends_nothing(waiting_page, stale_product, officer, manager):
    output = run("--dry-run")

    assert not mail.outbox
    assert output.splitlines() == [
        "officer (waiting):",
        f"  {waiting_line('Tas Anyaman', 5)}",
        "manager (stale):",
        f"  {stale_line(stale_product, 120)}",
        gettext("Reminder e-mails: %(count)s would be sent (dry run, none sent).") % {"count": 2},
    ]


def test_the_oversight_settings_set_how_long_is_too_long(
    waiting_page, stale_product, home, officer, manager
):
    OversightSettings.objects.update_or_create(
        site=home.get_site(), defaults={"review_waiting_days": 7, "stale_product_days": 180}
    )
    assert run().splitlines() == [summary(sent=0)]

    run("--waiting-days", "4")  # the command's option wins over the setting

    assert reminded() == {officer.email: [waiting_line("Tas Anyaman", 5)]}


def test_zero_days_means_zero_not_the_settings(catalog, workshop, manager, officer):
    fresh = publish(ProductPageFactory(parent=catalog, workshop=workshop, owner=manager))
    page = ProductPageFactory(parent=catalog, workshop=workshop, live=False, title="Baru Saja")
    in_review(page, written_by=manager, submitted_by=manager, days=0.1)

    run("--waiting-days", "0", "--stale-days", "0")

    assert reminded() == {
        officer.email: [waiting_line("Baru Saja", 0)],
        manager.email: [stale_line(fresh, 0)],
    }


@pytest.mark.parametrize("option", ["--waiting-days", "--stale-days"])
def test_negative_days_are_refused_and_nothing_is_sent(waiting_page, stale_product, option):
    expected = gettext("%(option)s %(days)s: give a number of days, 0 or more.") % {
        "option": option,
        "days": -1,
    }

    with pytest.raises(CommandError) as refused:
        run(option, "-1")

    assert str(refused.value) == expected
    assert not mail.outbox


class FlakyMailServer(EmailBackend):
    """The test outbox, with a mail server that refuses some addresses or cannot be reached."""

    connections = 0
    refused: set[str] = set()
    unreachable = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        FlakyMailServer.connections += 1

    def open(self):
        if self.unreachable:
            raise ConnectionRefusedError("Connection refused")

    def send_messages(self, messages):
        for message in messages:
            if refused := self.refused & set(message.to):
                raise smtplib.SMTPRecipientsRefused({address: (550, b"No") for address in refused})
        return super().send_messages(messages)


@pytest.fixture
def mail_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyMailServer"
    FlakyMailServer.connections, FlakyMailServer.refused = 0, set()
    FlakyMailServer.unreachable = False
    return FlakyMailServer


def test_every_reminder_goes_over_one_connection(
    mail_server, waiting_page, stale_product, officer, second_officer, manager
):
    run()

    assert len(mail.outbox) == 3
    assert mail_server.connections == 1


def test_a_failed_e_mail_does_not_stop_the_others_and_the_command_fails(
    mail_server, waiting_page, stale_product, officer, second_officer, manager
):
    mail_server.refused = {officer.email}
    output, errors = StringIO(), StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("send_reminders", stdout=output, stderr=errors)

    assert set(reminded()) == {second_officer.email, manager.email}  # sent after the failure
    assert output.getvalue().splitlines()[-1] == summary(sent=2, failed=1)
    assert str(failed.value) == gettext("Not sent to: %(recipients)s. The others were sent.") % {
        "recipients": officer.email
    }
    assert errors.getvalue().startswith(
        gettext("Not sent to %(recipient)s: %(error)s") % {"recipient": officer.email, "error": ""}
    )


def test_an_unreachable_mail_server_is_reported_before_anything_is_sent(
    mail_server, waiting_page, officer
):
    mail_server.unreachable = True

    with pytest.raises(CommandError) as failed:
        run()

    assert str(failed.value) == gettext(
        "The mail server cannot be reached (%(error)s): no reminder was sent."
    ) % {"error": "Connection refused"}
    assert not mail.outbox
