"""Sign-in throttling: five failed sign-ins for a username, or from an address, lock it for
15 minutes, the right password included, with the reason on Wagtail's sign-in page and an
audit entry. Real POSTs to /admin/login/ through django-axes, from the attacker's side."""

import base64
import datetime
import io

import pytest
import time_machine
from axes.models import AccessFailureLog
from django.core import mail
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from accounts.throttling import client_ip
from articles.factories import ArticlePageFactory
from cms.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct-horse-battery-staple"  # UserFactory's
LOCKED = "Too many failed sign-in attempts for this account or from this address."
MISMATCH = "Your username and password didn&#x27;t match."


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, editor):
    answers = [sign_in(client, "editor", f"guess-{n}") for n in range(5)]

    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert all(MISMATCH in a.text for a in answers[:4])
    locked = answers[4]
    assert LOCKED in locked.text and "Try again in 15 minutes" in locked.text
    assert 'name="password"' in locked.text  # Wagtail's sign-in page, not a blank error

    right = sign_in(client, "editor", PASSWORD)
    assert right.status_code == 429 and LOCKED in right.text
    assert not signed_in(client)

    # The audit trail: every failure (the refused right password too), one lockout entry.
    assert AccessFailureLog.objects.filter(username="editor").count() == 6
    assert AccessFailureLog.objects.filter(username="editor", locked_out=True).count() == 2
    entry = ModelLogEntry.objects.get(action="accounts.locked_out")
    assert entry.object_id == str(editor.pk)
    assert entry.data == {"ip_address": "127.0.0.1"}
    assert PASSWORD not in str(AccessFailureLog.objects.values())


def test_the_lock_lifts_after_the_cool_off(client, editor):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for n in range(5):
            sign_in(client, "editor", f"guess-{n}")
        clock.shift(datetime.timedelta(minutes=14))
        assert sign_in(client, "editor", PASSWORD).status_code == 429
        # Trying during the lock started the wait again.
        clock.shift(datetime.timedelta(minutes=14))
        assert sign_in(client, "editor", PASSWORD).status_code == 429
        clock.shift(datetime.timedelta(minutes=15, seconds=1))
        response = sign_in(client, "editor", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_an_address_is_locked_across_usernames(editor, doctor, writer):
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(5):
        sign_in(attacker, f"someone-{n}", "guess")

    assert sign_in(attacker, "doctor", PASSWORD).status_code == 429
    # The doctor at their own desk is not locked out by someone else's address.
    desk = Client(REMOTE_ADDR="198.51.100.20")
    assert sign_in(desk, "doctor", PASSWORD).status_code == 302


def test_a_username_is_locked_across_addresses(editor):
    for n in range(5):
        sign_in(Client(REMOTE_ADDR=f"203.0.113.{n + 1}"), "editor", "guess")

    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    response = sign_in(elsewhere, "editor", PASSWORD)
    assert response.status_code == 429 and LOCKED in response.text


def test_an_unknown_username_is_locked_the_same_way(client, editor):
    """The lock says nothing about whether an account exists."""
    unknown = [sign_in(Client(REMOTE_ADDR="203.0.113.1"), "nobody", "guess") for _ in range(5)]
    known = [sign_in(Client(REMOTE_ADDR="203.0.113.2"), "editor", "guess") for _ in range(5)]

    assert [r.status_code for r in unknown] == [r.status_code for r in known]
    assert LOCKED in unknown[-1].text and LOCKED in known[-1].text
    # Only the real account's lock is in Wagtail's audit log; both are in axes' log.
    assert ModelLogEntry.objects.filter(action="accounts.locked_out").count() == 1
    assert AccessFailureLog.objects.filter(username="nobody", locked_out=True).exists()


def test_a_successful_sign_in_before_the_limit_does_not_reset_the_address(editor, writer):
    """A valid account of the attacker's own must not clear the count for everyone else
    from the same address."""
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(4):
        sign_in(attacker, "editor", f"guess-{n}")
    assert sign_in(attacker, "writer", PASSWORD).status_code == 302
    attacker.post(reverse("wagtailadmin_logout"))

    assert sign_in(attacker, "editor", "guess-5").status_code == 429


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"  # "1.1.1.1" was written by the client
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"


def test_a_proxied_attacker_cannot_dodge_the_lock_by_spoofing_forwarded_for(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        proxy = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9")
        sign_in(proxy, f"someone-{n}", "guess")

    same_attacker = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9")
    assert sign_in(same_attacker, "writer-x", "guess").status_code == 429
    colleague = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.50")
    assert sign_in(colleague, "editor", PASSWORD).status_code == 302


def test_password_reset_does_not_say_which_addresses_have_accounts(client, editor):
    url = reverse("wagtailadmin_password_reset")
    known = client.post(url, {"email": editor.email})
    unknown = client.post(url, {"email": "nobody@clinic.example"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_a_password_reset_does_not_lift_a_lock(client, editor):
    for n in range(5):
        sign_in(client, "editor", f"guess-{n}")
    editor.set_password("a-brand-new-password-1")
    editor.save()

    assert sign_in(client, "editor", "a-brand-new-password-1").status_code == 429


def test_the_v2_api_does_not_take_passwords(client, editor, live_article_url):
    """HTTP Basic on the v2 API would be a password check outside the throttled sign-in
    page: credentials there are ignored, right or wrong, and nothing is counted."""
    right = client.get(live_article_url, HTTP_AUTHORIZATION=basic("editor", PASSWORD))
    wrong = client.get(live_article_url, HTTP_AUTHORIZATION=basic("editor", "guess"))

    assert right.status_code == wrong.status_code == 200
    assert right.content == wrong.content
    assert not AccessFailureLog.objects.exists()


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def live_article_url(article_index, doctor):
    page = ArticlePageFactory(parent=article_index, published=True, approved_by=doctor)
    return f"/api/v2/pages/{page.pk}/"


def test_other_users_are_not_slowed_down(client, editor):
    UserFactory(username="colleague")
    for n in range(4):
        sign_in(Client(REMOTE_ADDR="203.0.113.1"), "editor", f"guess-{n}")

    assert sign_in(Client(REMOTE_ADDR="198.51.100.1"), "colleague", PASSWORD).status_code == 302


def test_an_administrator_lifts_a_lock_as_the_readme_says(client, editor):
    for n in range(5):
        sign_in(client, "editor", f"guess-{n}")

    call_command("axes_reset_username", "editor", stdout=io.StringIO())

    assert sign_in(client, "editor", PASSWORD).status_code == 302
