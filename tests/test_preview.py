"""Headless preview: signed, expiring, revocable tokens for one revision of one page, issued
to those who may edit or review it, and redeemed by the frontend (header or query
parameter) for the draft as JSON in the v2 detail shape. Asserted from the refused side:
expired, forged, altered and revoked tokens, tokens whose owner was deactivated or lost
their groups, and users who may not see the draft, get no content."""

import datetime
import io

import pytest
import time_machine
from django.core import signing
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from cms.factories import UserFactory
from cms.models import PreviewToken
from delivery.api import preview

pytestmark = pytest.mark.django_db

LIVE_SUMMARY = "What this treatment is, who it may help and what the evidence says."
DRAFT_SUMMARY = "A clearer standfirst, not yet approved."


@pytest.fixture
def article(article_index, writer, doctor):
    """A live article with a newer draft by the writer that no clinician has approved."""
    page = ArticlePageFactory(
        parent=article_index, owner=writer, title="Iron and tiredness", published=True
    )
    draft = page.get_latest_revision_as_object()
    draft.summary = DRAFT_SUMMARY
    draft.save_revision(user=writer)
    page.refresh_from_db()
    return page


def issue(client, user, page, **params):
    client.force_login(user)
    response = client.get(reverse("cms_preview_token", args=[page.pk]), params)
    client.logout()
    return response


def redeem(client, token):
    return client.get(reverse("cms_preview"), {"token": token})


def test_a_writer_previews_the_draft_that_is_not_live(client, article, writer):
    issued = issue(client, writer, article)
    assert issued.status_code == 200
    assert "no-store" in issued["Cache-Control"]
    body = issued.json()
    assert body["revision_id"] == article.latest_revision_id
    assert body["page_id"] == article.pk
    assert body["url"].startswith("http://testserver/api/preview/?token=")
    expires_at = datetime.datetime.fromisoformat(body["expires_at"])
    assert abs(expires_at - (timezone.now() + datetime.timedelta(hours=1))).total_seconds() < 60

    response = redeem(client, body["token"])
    assert response.status_code == 200, response.content[:500]
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    data = response.json()
    assert data["id"] == article.pk
    assert data["meta"]["type"] == "articles.ArticlePage"
    assert data["title"] == "Iron and tiredness"
    assert data["summary"] == DRAFT_SUMMARY
    assert [block["type"] for block in data["body"]][:2] == ["heading", "paragraph"]

    live = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert live["summary"] == LIVE_SUMMARY
    assert set(data) >= set(live), "the preview has the v2 detail's shape"


def test_a_reviewing_clinician_can_preview(client, article, doctor):
    issued = issue(client, doctor, article)
    assert issued.status_code == 200
    assert redeem(client, issued.json()["token"]).json()["summary"] == DRAFT_SUMMARY


def test_the_admin_link_redirects_to_the_preview_url(client, article, writer):
    with override_settings(HEADLESS_PREVIEW_URL="https://www.clinic.example/preview?t={token}"):
        response = issue(client, writer, article, redirect="1")
    assert response.status_code == 302
    assert response["Location"].startswith("https://www.clinic.example/preview?t=")
    client.force_login(writer)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert b"Headless preview" in edit.content


def test_a_token_shows_its_own_revision_not_a_later_one(client, article, writer):
    token = issue(client, writer, article).json()["token"]
    later = article.get_latest_revision_as_object()
    later.summary = "An even later draft."
    later.save_revision(user=writer)
    assert redeem(client, token).json()["summary"] == DRAFT_SUMMARY


def test_an_expired_token_is_refused(client, article, writer):
    token = issue(client, writer, article).json()["token"]
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        response = redeem(client, token)
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"
    assert DRAFT_SUMMARY not in response.content.decode()


@override_settings(HEADLESS_PREVIEW_MAX_AGE=60)
def test_the_maximum_age_comes_from_the_settings(client, article, writer):
    token = issue(client, writer, article).json()["token"]
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30)):
        assert redeem(client, token).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=90)):
        assert redeem(client, token).status_code == 401


def test_altered_and_forged_tokens_are_refused(client, article, writer, article_index):
    token = issue(client, writer, article).json()["token"]
    other_page = ArticlePageFactory(parent=article_index, title="Another draft")
    payload = {"page_id": other_page.pk, "revision_id": other_page.latest_revision_id}
    value, _, signature = token.rpartition(":")
    forgeries = [
        token[:-2] + ("AA" if token[-2:] != "AA" else "BB"),  # altered signature
        signing.TimestampSigner(salt=preview.SALT).sign_object(payload)[:-43]
        + signature,  # another payload under this token's signature
        signing.dumps(payload),  # signed with the right key for another purpose
        signing.TimestampSigner(key="not-our-secret", salt=preview.SALT).sign_object(payload),
        "garbage",
    ]
    for forged in forgeries:
        response = redeem(client, forged)
        assert response.status_code == 403, forged
        assert response.json()["code"] == "token_invalid"
        assert "draft" not in response.content.decode().lower()
    assert redeem(client, "").status_code == 401


def test_users_who_may_not_edit_the_page_get_no_token(client, article, writer, groups):
    outsider = UserFactory(username="outsider")
    assert issue(client, outsider, article).status_code == 403

    elsewhere = ArticleIndexPageFactory(parent=Page.get_first_root_node(), slug="elsewhere")
    not_theirs = ArticlePageFactory(parent=elsewhere, title="Outside the writer's section")
    assert issue(client, writer, not_theirs).status_code == 403

    anonymous = client.get(reverse("cms_preview_token", args=[article.pk]))
    assert anonymous.status_code == 401
    assert "token" not in anonymous.json()


# Checked each time a token is used; revocable; sent in a header


def redeem_with_header(client, token):
    return client.get(reverse("cms_preview"), HTTP_AUTHORIZATION=f"Preview {token}")


def assert_refused(response, status, code):
    assert response.status_code == status, response.content[:300]
    assert response.json()["code"] == code
    assert "no-store" in response["Cache-Control"]
    assert DRAFT_SUMMARY not in response.content.decode()


def test_the_token_is_accepted_in_the_authorization_header(client, article, writer):
    token = issue(client, writer, article).json()["token"]
    response = redeem_with_header(client, token)
    assert response.status_code == 200, response.content[:300]
    assert response.json()["summary"] == DRAFT_SUMMARY
    assert "private" in response["Cache-Control"]
    assert redeem_with_header(client, "garbage").status_code == 403
    assert client.get(reverse("cms_preview"), HTTP_AUTHORIZATION="Bearer x").status_code == 401


def test_a_deactivated_owners_token_is_refused(client, article, writer):
    token = issue(client, writer, article).json()["token"]
    writer.is_active = False
    writer.save()
    assert_refused(redeem_with_header(client, token), 403, "owner_not_allowed")
    assert_refused(redeem(client, token), 403, "owner_not_allowed")


def test_the_token_of_an_owner_removed_from_their_groups_is_refused(client, article, writer):
    token = issue(client, writer, article).json()["token"]
    assert redeem(client, token).status_code == 200
    writer.groups.clear()
    assert_refused(redeem(client, token), 403, "owner_not_allowed")


def test_the_holder_of_a_token_can_revoke_it(client, article, writer):
    token = issue(client, writer, article).json()["token"]
    other = issue(client, writer, article).json()["token"]
    revoked = client.post(reverse("cms_preview_revoke"), HTTP_AUTHORIZATION=f"Preview {token}")
    assert revoked.status_code == 200
    assert revoked.json()["revoked"] is True
    assert_refused(redeem_with_header(client, token), 401, "token_revoked")
    assert redeem_with_header(client, other).status_code == 200, "only that token"
    again = client.post(reverse("cms_preview_revoke"), HTTP_AUTHORIZATION=f"Preview {token}")
    assert again.status_code == 200
    forged = client.post(reverse("cms_preview_revoke"), HTTP_AUTHORIZATION="Preview garbage")
    assert_refused(forged, 403, "token_invalid")


def test_an_administrator_revokes_all_of_a_users_tokens(client, article, writer, doctor):
    tokens = [issue(client, writer, article).json()["token"] for _ in range(2)]
    doctors = issue(client, doctor, article).json()["token"]
    admin = UserFactory(username="admin", is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("wagtailusers_users:index"))
    url = reverse("cms_revoke_preview_tokens", args=[writer.pk])
    assert url in listing.content.decode()
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "2 preview links that still work" in confirm.content.decode()

    response = client.post(url)
    assert response.status_code == 302
    for token in tokens:
        assert_refused(redeem(client, token), 401, "token_revoked")
    assert redeem(client, doctors).status_code == 200, "other users' tokens still work"
    entry = ModelLogEntry.objects.get(action=preview.REVOKED_LOG_ACTION)
    assert (entry.user, entry.object_id, entry.data) == (admin, str(writer.pk), {"count": 2})
    assert redeem(client, issue(client, writer, article).json()["token"]).status_code == 200


def test_a_user_who_does_not_manage_users_cannot_revoke_anothers_tokens(
    client, article, writer, doctor, editor
):
    token = issue(client, doctor, article).json()["token"]
    for user in (writer, editor):
        client.force_login(user)
        url = reverse("cms_revoke_preview_tokens", args=[doctor.pk])
        for response in (client.get(url), client.post(url)):
            # the admin's answer to PermissionDenied: back to the dashboard, with a message
            assert (response.status_code, response["Location"]) == (
                302,
                reverse("wagtailadmin_home"),
            )
    assert redeem(client, token).status_code == 200
    client.force_login(doctor)
    assert client.post(reverse("cms_revoke_preview_tokens", args=[doctor.pk])).status_code == 302
    assert_refused(redeem(client, token), 401, "token_revoked")


def test_staff_revoke_tokens_with_the_management_command(client, article, writer, doctor):
    writers = issue(client, writer, article).json()["token"]
    doctors = issue(client, doctor, article).json()["token"]
    listed = io.StringIO()
    call_command("preview_tokens", "list", "--user", "doctor", stdout=listed)
    (line,) = listed.getvalue().splitlines()
    assert "doctor" in line and f"page {article.pk}" in line

    out = io.StringIO()
    call_command("preview_tokens", "revoke", "--token", line.split()[0], stdout=out)
    assert "Revoked 1 preview link(s)." in out.getvalue()
    assert_refused(redeem(client, doctors), 401, "token_revoked")
    assert redeem(client, writers).status_code == 200

    call_command("preview_tokens", "revoke", "--user", "writer", stdout=io.StringIO())
    assert_refused(redeem(client, writers), 401, "token_revoked")
    with pytest.raises(CommandError, match="not a token id"):
        call_command("preview_tokens", "revoke", "--token", "x", stdout=io.StringIO())


def test_expired_token_rows_are_removed_when_a_new_token_is_issued(client, article, writer):
    issue(client, writer, article)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        issue(client, writer, article)
        assert PreviewToken.objects.count() == 1
