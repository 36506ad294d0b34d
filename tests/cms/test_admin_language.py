"""The admin speaks Bahasa Indonesia unless a user picks English."""

from django.urls import reverse

from wagtail.users.models import UserProfile


def test_admin_is_in_indonesian_by_default(client, manager):
    client.force_login(manager)

    response = client.get(reverse("wagtailadmin_home"), headers={"accept-language": "en"})

    assert response.status_code == 200
    assert '<html lang="id-id"' in response.content.decode()


def test_user_can_choose_english(client, manager):
    profile = UserProfile.get_for_user(manager)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(manager)

    response = client.get(reverse("wagtailadmin_home"))

    assert '<html lang="en"' in response.content.decode()


def test_etalase_labels_follow_the_users_language(client, manager, catalog):
    add_product = reverse("wagtailadmin_pages:add", args=("cms", "productpage", catalog.pk))
    client.force_login(manager)

    assert "Kode produk" in client.get(add_product).content.decode()

    profile = UserProfile.get_for_user(manager)
    profile.preferred_language = "en"
    profile.save()
    assert "Product code" in client.get(add_product).content.decode()
