"""Category names show on the public site: managers add categories for their products, and only
officers rename or delete them."""

from django.urls import reverse

from cms.models import Category


def test_a_manager_adds_a_category_but_cannot_rename_one(client, manager, category):
    client.force_login(manager)

    added = client.post(
        reverse("wagtailsnippets_cms_category:add"),
        {"name": "Sandal", "slug": "sandal", "sort_order": "0"},
    )
    refused = client.post(
        reverse("wagtailsnippets_cms_category:edit", args=[category.pk]),
        {"name": "Batik Murah", "slug": "batik", "sort_order": "0"},
    )

    assert added.status_code == 302 and Category.objects.filter(slug="sandal").exists()
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    category.refresh_from_db()
    assert category.name == "Batik"


def test_an_officer_renames_a_category(client, officer, category):
    client.force_login(officer)

    client.post(
        reverse("wagtailsnippets_cms_category:edit", args=[category.pk]),
        {"name": "Batik Tulis", "slug": "batik", "sort_order": "0"},
    )

    category.refresh_from_db()
    assert category.name == "Batik Tulis"
