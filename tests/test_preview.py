"""Headless preview: signed, expiring tokens for one revision of one page, issued to those
who may edit or review it, and redeemed by the frontend for the draft as JSON in the v2
detail shape. Asserted from the refused side: expired, forged and altered tokens, and
users who may not see the draft, get no content."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from articles.factories import ArticleIndexPageFactory, ArticlePageFactory
from cms.api import preview
from cms.factories import UserFactory

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
