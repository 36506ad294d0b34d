"""Password guessing on the admin's sign-in page is throttled per address, and per username from one
address, never per username alone: a guesser cannot lock a member of staff out (django-axes,
cms/security/)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt

from django.db.models import F

LOGIN_URL = "/admin/login/"
LOCKED = "Terlalu banyak percobaan masuk yang gagal"  # the sign-in page speaks Indonesian
PASSWORD = "a-long-enough-password"


@pytest.fixture
def officer_with_password(officer):
    officer.set_password(PASSWORD)
    officer.save()
    return officer


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=address, follow=True
    )


def signed_in(client):
    return client.get("/admin/").status_code == 200


def test_the_sixth_attempt_is_refused_even_with_the_right_password(client, officer_with_password):
    for _attempt in range(4):
        response = sign_in(client, "officer", "wrong-guess")
        assert LOCKED not in response.text
    fifth = sign_in(client, "officer", "wrong-guess")
    assert fifth.status_code == 429
    assert LOCKED in fifth.text

    sixth = sign_in(client, "officer", PASSWORD)

    assert sixth.status_code == 429
    assert "Masuk diblokir selama 15 menit" in sixth.text
    assert not signed_in(client)


def test_guessing_an_officers_password_does_not_lock_the_officer_out(client, officer_with_password):
    # Anyone who knows the username can send wrong passwords for it.
    guesser = "203.0.113.66"
    for _attempt in range(20):
        sign_in(client, "officer", "wrong-guess", address=guesser)

    from_the_office = sign_in(client, "officer", PASSWORD, address="192.0.2.10")

    assert LOCKED not in from_the_office.text
    assert signed_in(client)
    client.logout()
    # The guesser stays throttled, even with the right password.
    from_the_guesser = sign_in(client, "officer", PASSWORD, address=guesser)
    assert from_the_guesser.status_code == 429
    assert not signed_in(client)


def test_guessing_many_usernames_from_one_address_locks_that_address(client, officer_with_password):
    for name in ("head", "clerk", "manager", "admin", "root"):
        sign_in(client, name, "wrong-guess", address="203.0.113.50")

    from_guesser = sign_in(client, "officer", PASSWORD, address="203.0.113.50")
    assert LOCKED in from_guesser.text
    from_the_office = sign_in(client, "officer", PASSWORD, address="192.0.2.10")
    assert LOCKED not in from_the_office.text
    assert signed_in(client)


def test_signing_in_works_again_after_the_cool_off(client, officer_with_password):
    for _attempt in range(6):
        sign_in(client, "officer", "wrong-guess")

    # 16 minutes pass.
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=16))
    response = sign_in(client, "officer", PASSWORD)

    assert LOCKED not in response.text
    assert signed_in(client)


def test_a_success_forgets_earlier_mistakes(client, officer_with_password):
    for _attempt in range(4):
        sign_in(client, "officer", "wrong-guess")
    sign_in(client, "officer", PASSWORD)
    client.logout()

    for _attempt in range(4):
        sign_in(client, "officer", "wrong-guess")
    response = sign_in(client, "officer", PASSWORD)

    assert LOCKED not in response.text
    assert signed_in(client)


def test_behind_the_proxy_each_visitor_is_counted_by_their_own_address(
    client, officer_with_password, settings
):
    settings.ETALASE_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    for name in ("head", "clerk", "manager", "admin", "root"):
        client.post(
            LOGIN_URL,
            {"username": name, "password": "wrong-guess"},
            REMOTE_ADDR=proxy,
            # A guesser may write anything before the address the proxy appends.
            HTTP_X_FORWARDED_FOR="192.0.2.10, 203.0.113.50",
        )

    colleague = client.post(
        LOGIN_URL,
        {"username": "officer", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.10",
        follow=True,
    )

    assert LOCKED not in colleague.text
    assert signed_in(client)


def test_a_valid_account_does_not_reopen_guessing_at_a_colleagues_password(
    client, officer_with_password, clerk
):
    # The probe: rounds of 4 wrong passwords for the officer, each followed by the guesser's
    # own successful sign-in as the clerk, from the same address.
    clerk.set_password(PASSWORD)
    clerk.save()
    office = "192.0.2.10"
    locked = False
    for _round in range(10):
        for _guess in range(4):
            locked = locked or LOCKED in sign_in(client, "officer", "wrong-guess", office).text
        sign_in(client, "clerk", PASSWORD, address=office)
        client.logout()

    assert locked
    # The address stays locked, for the officer's name and the guesser's own alike.
    for username in ("officer", "clerk"):
        response = sign_in(client, username, PASSWORD, address=office)
        assert LOCKED in response.text
        assert not signed_in(client)


def test_colleagues_typos_followed_by_their_sign_in_do_not_lock_the_office(
    client, officer, manager, clerk, head
):
    office = "192.0.2.10"
    for colleague in (officer, manager, clerk, head):
        colleague.set_password(PASSWORD)
        colleague.save()

    # Sixteen typos from one address in all, each colleague signing in after theirs.
    for _day in range(2):
        for colleague in (officer, manager, clerk, head):
            for _typo in range(2):
                sign_in(client, colleague.username, "wrong-guess", address=office)
            response = sign_in(client, colleague.username, PASSWORD, address=office)
            assert LOCKED not in response.text
            assert signed_in(client)
            client.logout()


def test_a_success_does_not_forgive_failures_from_other_addresses(client, officer_with_password):
    guesser = "198.51.100.9"
    for _attempt in range(4):
        sign_in(client, "officer", "wrong-guess", address=guesser)
    sign_in(client, "officer", PASSWORD, address="192.0.2.10")
    client.logout()

    # The guesser has no fresh round: their next wrong password locks their address.
    sign_in(client, "officer", "wrong-guess", address=guesser)
    response = sign_in(client, "officer", PASSWORD, address=guesser)

    assert LOCKED in response.text
    assert not signed_in(client)
