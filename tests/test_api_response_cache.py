"""The server-side cache of anonymous API reads stays correct: whatever changes what a page
shows (a disclaimer, a topic's name, an unpublish) shows in every article's output at once,
drafts and previews never reach the cache, what a session unlocked is never stored, and
with Redis down the API still answers, uncached. Against a real Redis (``TEST_REDIS_URL``,
entries under a prefix of this run's own) and Django's local-memory cache, the one used
when ``REDIS_URL`` is unset."""

import time
import uuid

import pytest
import redis
from django.db import connection, transaction
from django.urls import reverse
from wagtail.models import PageViewRestriction

from articles.factories import ArticlePageFactory
from cms.factories import TopicFactory
from delivery.api import caching
from review.factories import DisclaimerFactory, publish_with_approval

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_url():
    import os

    return os.environ.get("TEST_REDIS_URL", REDIS_URL)


@pytest.fixture(params=["redis", "local memory"])
def response_cache(request, settings):
    """Caching on, as in production: 1 hour, the version read on every request (the
    test's transaction never commits, so nothing would make the process forget it)."""
    settings.API_CACHE_TIMEOUT = 3600
    settings.API_LOCAL_CACHE_BYTES = 0  # every hit from the cache under test
    if request.param == "redis":
        prefix = f"test-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": "cms.redis_cache.FailOpenRedisCache",
                "LOCATION": redis_url(),
                "KEY_PREFIX": prefix,
            }
        }
        yield request.param
        client = redis.Redis.from_url(redis_url())
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        yield request.param


@pytest.fixture
def disclaimer(doctor):
    return DisclaimerFactory(
        title="Not medical advice",
        text="<p>Ask your doctor.</p>",
        required_for_all=True,
        approved_by=doctor,
    )


@pytest.fixture
def topic():
    return TopicFactory(name="Iron deficiency", slug="iron-deficiency")


@pytest.fixture
def articles(article_index, doctor, disclaimer, topic):
    return [
        ArticlePageFactory(
            parent=article_index,
            title=f"Article {n}",
            topics=[topic],
            published=True,
            approved_by=doctor,
        )
        for n in range(3)
    ]


def urls_of(articles):
    """Every anonymous read that shows the articles."""
    urls = ["/api/v2/pages/?type=articles.ArticlePage&fields=*"]
    for article in articles:
        path = article.get_url_parts()[2]
        urls += [
            f"/api/v2/pages/{article.pk}/",
            f"/api/v3/pages/{article.pk}/",
            f"/api/content{path}",
        ]
    return urls


def outputs(client, articles, urls=None):
    """``{url: text}`` of every anonymous read that shows the articles."""
    texts = {}
    for url in urls or urls_of(articles):
        response = client.get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, (url, response.content[:300])
        texts[url] = response.content.decode()
    return texts


def test_reads_are_served_from_the_cache(
    client, response_cache, articles, django_assert_num_queries
):
    urls = urls_of(articles)
    first = outputs(client, articles, urls)
    with django_assert_num_queries(len(urls)):  # one each: the content version
        assert outputs(client, articles, urls) == first


def test_a_changed_disclaimer_shows_in_every_article_at_once(
    client, response_cache, articles, disclaimer, doctor, writer, django_assert_num_queries
):
    urls = urls_of(articles)
    outputs(client, articles, urls)
    draft = disclaimer.get_latest_revision_as_object()
    draft.text = "<p>Speak to a registered doctor first.</p>"
    draft.save_revision(user=writer)
    # a draft of the disclaimer: nobody sees it, and nothing cached is thrown away
    with django_assert_num_queries(len(urls)):
        texts = outputs(client, articles, urls)
    assert not any("registered doctor" in text for text in texts.values())

    publish_with_approval(draft, approved_by=doctor)
    texts = outputs(client, articles, urls)
    assert all("Speak to a registered doctor first." in text for text in texts.values())
    assert not any("Ask your doctor." in text for text in texts.values())


def test_a_renamed_topic_shows_in_every_article_at_once(client, response_cache, articles, topic):
    outputs(client, articles)
    topic.name = "Low iron"
    topic.save()
    texts = outputs(client, articles)
    for url, text in texts.items():
        if not url.startswith("/api/v3/pages/"):  # v3 serves topics as ids
            assert "Low iron" in text and "Iron deficiency" not in text, url


def test_an_unpublished_article_leaves_every_output_at_once(
    client, response_cache, articles, editor
):
    gone, kept = articles[0], articles[1:]
    path = gone.get_url_parts()[2]
    outputs(client, articles)
    assert client.get(f"/api/v2/pages/find/?html_path={path}").status_code == 302

    gone.unpublish(user=editor)

    for url in [
        f"/api/v2/pages/{gone.pk}/",
        f"/api/v3/pages/{gone.pk}/",
        f"/api/content{path}",
        f"/api/v2/pages/find/?html_path={path}",
    ]:
        assert client.get(url, HTTP_ACCEPT="application/json").status_code == 404, url
    texts = outputs(client, kept)
    assert not any(gone.title in text for text in texts.values())  # related, listings


def test_a_draft_is_never_served(client, response_cache, articles, writer):
    article = articles[0]
    outputs(client, articles)
    draft = article.get_latest_revision_as_object()
    draft.title = "A title nobody approved"
    draft.save_revision(user=writer)
    caching.bump_content_version()  # even when what is cached is thrown away
    texts = outputs(client, articles)
    assert not any("nobody approved" in text for text in texts.values())


def test_previews_are_never_stored(client, response_cache, articles, writer):
    article = articles[0]
    client.force_login(writer)
    token = client.get(reverse("cms_preview_token", args=[article.pk])).json()["token"]
    client.logout()
    preview = reverse("cms_preview")
    assert client.get(preview, HTTP_AUTHORIZATION=f"Preview {token}").status_code == 200
    revoked = client.post(reverse("cms_preview_revoke"), HTTP_AUTHORIZATION=f"Preview {token}")
    assert revoked.status_code in (200, 204)
    assert client.get(preview, HTTP_AUTHORIZATION=f"Preview {token}").status_code == 401
    assert client.get(preview, {"token": token}).status_code == 401


def test_what_a_session_unlocked_is_not_served_to_anyone_else(
    client, response_cache, articles, editor
):
    restricted = articles[0]
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    listing = "/api/v2/pages/?type=articles.ArticlePage"
    client.force_login(editor)
    signed_in = client.get(listing, HTTP_ACCEPT="application/json")
    assert restricted.title in signed_in.content.decode()
    assert "no-store" in signed_in["Cache-Control"]
    client.logout()
    anonymous = client.get(listing, HTTP_ACCEPT="application/json")
    assert restricted.title not in anonymous.content.decode()
    assert "public" in anonymous["Cache-Control"]


def test_with_redis_down_the_api_answers_uncached(client, settings, articles, disclaimer):
    with socket_nobody_listens_on() as port:
        settings.API_CACHE_TIMEOUT = 3600
        settings.CACHES = {
            "default": {
                "BACKEND": "cms.redis_cache.FailOpenRedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        first = outputs(client, articles)
        disclaimer_text = "<p>Call 999 in an emergency.</p>"
        draft = disclaimer.get_latest_revision_as_object()
        draft.text = disclaimer_text
        draft.save_revision()
        publish_with_approval(draft)
        second = outputs(client, articles)
    assert all("Ask your doctor." in text for text in first.values())
    assert all("Call 999 in an emergency." in text for text in second.values())


class socket_nobody_listens_on:
    """A loopback port that refuses connections, for as long as the block runs."""

    def __enter__(self):
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        return self.sock.getsockname()[1]

    def __exit__(self, *exc):
        self.sock.close()


# What changes the content version


def test_only_changes_to_public_content_change_the_version(
    articles, disclaimer, writer, doctor, topic
):
    from wagtail.images import get_image_model

    from cms.factories import ImageFactory
    from cms.models import ClinicSettings

    def changes(action):
        before = caching.content_version()
        action()
        return caching.content_version() != before

    article = articles[0]
    draft = article.get_latest_revision_as_object()
    draft.summary = "A new standfirst."
    assert not changes(lambda: draft.save_revision(user=writer))
    assert not changes(lambda: disclaimer.save_revision(user=writer))
    assert changes(lambda: publish_with_approval(draft, approved_by=doctor))
    assert changes(lambda: topic.save())
    image = ImageFactory()
    assert changes(lambda: image.save())
    assert not changes(lambda: image.get_rendition("width-100"))  # made while serving
    assert changes(lambda: ClinicSettings.for_site(article.get_site()).save())
    assert changes(lambda: get_image_model().objects.get(pk=image.pk).delete())
    assert changes(lambda: articles[1].delete())


# How long a process keeps the version it read


@pytest.mark.django_db(transaction=True)
def test_a_process_sees_its_own_change_at_once_and_anothers_within_the_max_age(
    settings,
):
    settings.API_CONTENT_VERSION_MAX_AGE = 0.3
    recent = caching.RecentVersion()
    caching._recent.forget()
    seen = recent.get()

    # another server's change: a write this process does not see, not even its commit
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cms_contentversion SET token = token + 1 WHERE id = 1")
    assert recent.get() == seen
    time.sleep(0.35)
    assert recent.get() != seen

    # this process's own change: forgotten when it commits, not before
    seen = caching._recent.get()
    with transaction.atomic():
        caching.bump_content_version()
        assert caching._recent.get() == seen
    assert caching._recent.get() != seen


def test_a_setting_changed_while_running_serves_nothing_stored_under_the_old_one(
    client, response_cache
):
    """The OpenAPI document stored while the docs were on is not served once they are off:
    nothing in the key names that setting, but a setting's change starts new keys."""
    from django.test import override_settings

    with override_settings(WAGTAILAPI_DOCS_ENABLED=True):
        assert client.get("/api/v3/openapi.json").status_code == 200
        assert client.get("/api/v3/openapi.json").status_code == 200
    assert client.get("/api/v3/openapi.json").status_code == 404
