"""A second factor for the accounts that can publish or approve: with REQUIRE_2FA on,
superusers, Editors and Medical reviewers enrol an authenticator app before reaching the
admin and give its code after each password sign-in. Codes are computed here from the key
the enrolment page shows (RFC 6238), as a phone would; nothing is mocked."""

import base64
import datetime
import hashlib
import hmac
import html
import io
import re
import struct
import time

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from articles.factories import ArticlePageFactory
from cms.factories import UserFactory
from tests.test_webhooks import settings_of

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple"
HOME = reverse("wagtailadmin_home")
SETUP = reverse("accounts_2fa_setup")
VERIFY = reverse("accounts_2fa_verify")
PAGES = reverse("wagtailadmin_explore_root")


def totp(key_b32, at=None, step=30, digits=6):
    """RFC 6238 TOTP (HMAC-SHA1), as an authenticator app computes it."""
    key = base64.b32decode(key_b32.replace(" ", ""))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


def test_the_code_helper_matches_the_rfc_6238_test_vector():
    key = base64.b32encode(b"12345678901234567890").decode()
    assert totp(key, at=59, digits=8) == "94287082"
    assert totp(key, at=1111111109, digits=8) == "07081804"


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA = True


def sign_in(client, username):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD})


def enrolment_key(response):
    return re.search(r'id="manual-key">([A-Z2-7 ]+)<', response.text).group(1)


def enrol(client, username, next_url=PAGES):
    """Sign in, follow the redirect to enrolment, scan (read) the key, confirm a code."""
    sign_in(client, username)
    page = client.get(SETUP, {"next": next_url})
    key = enrolment_key(page)
    response = client.post(SETUP, {"code": totp(key), "next": next_url})
    return key, response


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("role", ["editor", "doctor", "superuser"])
def test_those_who_publish_or_approve_enrol_before_reaching_the_admin(client, role, request):
    if role == "superuser":
        UserFactory(username="superuser", is_superuser=True)
    else:
        request.getfixturevalue(role)

    signed_in = sign_in(client, role)
    assert signed_in.status_code == 302

    # Every admin page sends them to enrolment, keeping where they were going.
    for url in (HOME, PAGES, reverse("wagtailadmin_account")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP + "?next=")
    page = client.get(SETUP, {"next": PAGES})
    assert page.status_code == 200
    key = enrolment_key(page)
    uri = html.unescape(re.search(r'id="otpauth-uri">([^<]+)<', page.text).group(1))
    assert uri.startswith(f"otpauth://totp/Clinic%20CMS%3A{role}?secret=")
    assert f"secret={key.replace(' ', '')}" in uri and "issuer=Clinic%20CMS" in uri
    assert "<svg" in page.text  # the QR code

    wrong = client.post(SETUP, {"code": "000000", "next": PAGES})
    assert wrong.status_code == 200 and "That code is not right" in wrong.text
    assert client.get(HOME).status_code == 302

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=2)):
        confirmed = client.post(SETUP, {"code": totp(key), "next": PAGES})

    assert confirmed.status_code == 302 and confirmed["Location"] == PAGES
    assert client.get(HOME).status_code == 200
    device = TOTPDevice.objects.get()
    assert device.confirmed and device.user.username == role
    entry = ModelLogEntry.objects.get(action="accounts.2fa_enrolled")
    assert entry.object_id == str(device.user_id)


@pytest.mark.usefixtures("required")
def test_after_the_password_the_code_is_asked_for_every_sign_in(editor):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        key, _ = enrol(Client(), "editor")
        clock.shift(datetime.timedelta(seconds=30))

        client = Client()
        assert sign_in(client, "editor").status_code == 302
        response = client.get(PAGES)
        assert response["Location"] == f"{VERIFY}?next={PAGES.replace('/', '%2F')}"
        assert client.get(SETUP).status_code == 302  # no re-enrolment without the code
        assert "Enter your sign-in code" in client.get(VERIFY).text

        wrong = client.post(VERIFY, {"code": "123456", "next": PAGES})
        assert "That code is not right" in wrong.text
        assert client.get(PAGES).status_code == 302

        # Guessing is slowed down: straight after a wrong code even the right one waits.
        code = totp(key)
        too_soon = client.post(VERIFY, {"code": code, "next": PAGES})
        assert "Too many wrong codes" in too_soon.text
        clock.shift(datetime.timedelta(seconds=2))
        accepted = client.post(VERIFY, {"code": code, "next": PAGES})

    assert accepted.status_code == 302 and accepted["Location"] == PAGES
    assert client.get(HOME).status_code == 200


@pytest.mark.usefixtures("required")
def test_a_code_cannot_be_used_twice(editor):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        key, _ = enrol(Client(), "editor")
        clock.shift(datetime.timedelta(seconds=30))
        code = totp(key)
        first = Client()
        sign_in(first, "editor")
        assert first.post(VERIFY, {"code": code}).status_code == 302

        second = Client()
        sign_in(second, "editor")
        replayed = second.post(VERIFY, {"code": code})

    assert replayed.status_code == 200 and "That code is not right" in replayed.text
    assert second.get(HOME).status_code == 302


@pytest.mark.usefixtures("required")
def test_writers_are_not_asked_for_a_second_factor(client, writer):
    sign_in(client, "writer")
    assert client.get(HOME).status_code == 200


@pytest.mark.usefixtures("required")
def test_an_unverified_session_is_anonymous_outside_the_admin(editor, article_index):
    page = ArticlePageFactory(parent=article_index)
    token_url = reverse("cms_preview_token", args=[page.pk])
    with time_machine.travel(timezone.now(), tick=False) as clock:
        key, _ = enrol(Client(), "editor")
        clock.shift(datetime.timedelta(seconds=30))
        client = Client()
        sign_in(client, "editor")

        assert client.get(token_url).status_code == 401  # the password alone is not enough
        client.post(VERIFY, {"code": totp(key)})
        assert client.get(token_url).status_code == 200


@pytest.mark.usefixtures("required")
def test_replacing_the_app_keeps_the_old_one_until_the_new_one_is_confirmed(editor):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        old_key, _ = enrol(Client(), "editor")
        clock.shift(datetime.timedelta(seconds=30))
        client = Client()
        sign_in(client, "editor")
        client.post(VERIFY, {"code": totp(old_key)})

        page = client.get(SETUP)
        assert "Replace your authenticator app" in page.text
        new_key = enrolment_key(page)
        assert new_key != old_key
        assert TOTPDevice.objects.filter(user=editor, confirmed=True).count() == 1
        clock.shift(datetime.timedelta(seconds=30))
        client.post(SETUP, {"code": totp(new_key)})
        clock.shift(datetime.timedelta(seconds=30))

        with_old, with_new = Client(), Client()
        sign_in(with_old, "editor")
        sign_in(with_new, "editor")
        assert "That code is not right" in with_old.post(VERIFY, {"code": totp(old_key)}).text
        clock.shift(datetime.timedelta(seconds=2))  # the wrong code's wait
        assert with_new.post(VERIFY, {"code": totp(new_key)}).status_code == 302
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_off_unless_required_but_an_enrolled_device_is_always_asked_for(client, editor):
    """Development and tests leave REQUIRE_2FA off; a user who enrolled anyway gives the
    code all the same."""
    sign_in(client, "editor")
    assert client.get(HOME).status_code == 200

    with time_machine.travel(timezone.now(), tick=False) as clock:
        key, _ = enrol(client, "editor")
        clock.shift(datetime.timedelta(seconds=30))
        again = Client()
        sign_in(again, "editor")
        assert again.get(PAGES).status_code == 302
        again.post(VERIFY, {"code": totp(key)})
        assert again.get(HOME).status_code == 200


def test_production_requires_it_and_development_does_not():
    production = settings_of(
        "clinic.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="cms.example",
        WAGTAILADMIN_BASE_URL="https://cms.example",
    )
    assert production["REQUIRE_2FA"] is True
    assert settings_of("clinic.settings.dev")["REQUIRE_2FA"] is False


@pytest.mark.usefixtures("required")
def test_an_administrator_resets_a_lost_phone_and_the_user_enrols_again(editor):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        enrol(Client(), "editor")
        clock.shift(datetime.timedelta(seconds=30))
        out = io.StringIO()
        call_command("reset_2fa", "editor", stdout=out)

        assert "Removed 1 authenticator app(s) of editor." in out.getvalue()
        assert not TOTPDevice.objects.filter(user=editor).exists()
        assert ModelLogEntry.objects.filter(action="accounts.2fa_reset").count() == 1
        client = Client()
        sign_in(client, "editor")
        assert client.get(HOME)["Location"].startswith(SETUP)
    with pytest.raises(CommandError):
        call_command("reset_2fa", "nobody")
