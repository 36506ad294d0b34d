"""``manage.py send_reminders``: the right people hear of what waits too long, nobody else."""

from datetime import timedelta
from io import StringIO

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import TaskState

from cms.models import OversightSettings, ProductPage
from tests.factories import ProductPageFactory
from tests.sitegen.helpers import publish

pytestmark = pytest.mark.django_db


def run(*arguments):
    output = StringIO()
    call_command("send_reminders", *arguments, stdout=output)
    return output.getvalue()


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def waiting_page(catalog, workshop, manager):
    """A product submitted by the manager five days ago, still in review."""
    product = ProductPageFactory(
        parent=catalog, workshop=workshop, live=False, title="Tas Anyaman", owner=manager
    )
    product.save_revision(user=manager)
    product.get_workflow().start(product, manager)
    TaskState.objects.update(started_at=days_ago(5))
    return product


@pytest.fixture
def stale_product(catalog, workshop, manager):
    product = publish(
        ProductPageFactory(parent=catalog, workshop=workshop, title="Roti Manis", owner=manager)
    )
    ProductPage.objects.filter(pk=product.pk).update(last_published_at=days_ago(120))
    return product


def test_officers_hear_of_reviews_waiting_too_long(waiting_page, officer, clerk, head):
    output = run()

    [message] = mail.outbox
    assert message.to == [officer.email]
    assert "Tas Anyaman" in message.body and "5" in message.body
    assert "Tas Anyaman" in output and "1 " in output


def test_managers_hear_of_their_stale_products_only(
    stale_product, manager, django_user_model, catalog, workshop
):
    other = django_user_model.objects.create_user("manager2", "m2@example.test", "x")
    publish(ProductPageFactory(parent=catalog, workshop=workshop, title="Baru", owner=other))

    run()

    [message] = mail.outbox
    assert message.to == [manager.email]
    assert "Roti Manis" in message.body and "Baru" not in message.body


def test_a_fresh_catalog_sends_nothing(catalog, workshop, manager, officer):
    publish(ProductPageFactory(parent=catalog, workshop=workshop, owner=manager))
    assert "0 " in run()
    assert not mail.outbox


def test_dry_run_prints_but_sends_nothing(waiting_page, stale_product, officer, manager):
    output = run("--dry-run")

    assert not mail.outbox
    assert "Tas Anyaman" in output and "Roti Manis" in output


def test_the_oversight_settings_set_how_long_is_too_long(
    waiting_page, stale_product, home, officer
):
    site = home.get_site()
    OversightSettings.objects.update_or_create(
        site=site, defaults={"review_waiting_days": 7, "stale_product_days": 180}
    )
    assert "0 " in run()

    run("--waiting-days", "4")  # the command's option wins over the setting

    [message] = mail.outbox
    assert "Tas Anyaman" in message.body
