"""`manage.py seed_demo`. Seeding takes seconds, so one test checks the whole seeded catalog."""

import re

import pytest

from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.utils import translation

from wagtail.models import PageLogEntry

from cms.models import ProductPage, StoryPage, WorkshopPage


def seed(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", "--seed", "3")
    return capsys.readouterr().out


def test_seeds_a_realistic_catalog_through_the_workflow(settings, capsys, db):
    output = seed(settings, capsys)

    assert "--seed 3" in output
    assert WorkshopPage.objects.live().count() == 6
    assert ProductPage.objects.live().count() >= 30
    assert StoryPage.objects.live().count() >= 3
    assert all(story.related_products.exists() for story in StoryPage.objects.live())
    assert all(product.photos.exists() for product in ProductPage.objects.all())
    for product in ProductPage.objects.live():
        assert product.owner.username == "manager"
        publish = PageLogEntry.objects.get(page=product, action="wagtail.publish")
        assert publish.user.username == "officer"

    # The states the baker must never leak.
    in_moderation = ProductPage.objects.filter(live=False)
    assert [p.workflow_in_progress for p in in_moderation] == [True]
    with_draft = [p for p in ProductPage.objects.live() if p.has_unpublished_changes]
    assert len(with_draft) == 1
    assert with_draft[0].get_latest_revision_as_object().price != with_draft[0].price

    # One working login per role, printed.
    logins = dict(re.findall(r"^  (manager|officer|clerk|head)\s+(\S+)$", output, re.MULTILINE))
    assert set(logins) == {"manager", "officer", "clerk", "head"}
    for username, password in logins.items():
        user = authenticate(username=username, password=password)
        assert user is not None
        assert user.groups.get().name.lower() == username

    # A second run keeps the catalog and resets the passwords.
    products = ProductPage.objects.count()
    output = seed(settings, capsys)
    assert ProductPage.objects.count() == products
    assert "already present" in output
    new_password = re.search(r"^  manager\s+(\S+)$", output, re.MULTILINE).group(1)
    assert new_password != logins["manager"]
    assert authenticate(username="manager", password=new_password) is not None


def test_refuses_without_debug(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


def test_a_public_address_that_is_not_a_site_root_is_refused(settings, db):
    settings.DEBUG = True
    refused = "--public-address http://127.0.0.1:8001/: Leave out the slash at the end"
    with translation.override("en"), pytest.raises(CommandError, match=refused):
        call_command("seed_demo", "--public-address", "http://127.0.0.1:8001/")
    assert not ProductPage.objects.exists()
