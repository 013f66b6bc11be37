"""HTTP caching of the APIs: validators (ETag, Last-Modified) and 304s on every GET, shared
caches allowed only for anonymous reads of live content, never for anything a token, a
session or a preview token unlocked."""

import datetime

import pytest
import time_machine
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from wagtail.models import APIToken

from articles.factories import ArticlePageFactory
from delivery.api.caching import APICachingMiddleware, bump_content_version, content_version
from review.factories import publish_with_approval

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60, stale-while-revalidate=300"
BODY = b'{"items": []}'


@pytest.fixture
def caching(settings):
    """The middleware as the project installs it: inside CORS and security (whose headers
    every answer gets), before CSP (a stored response keeps the policy it was built with)
    and before sessions and authentication, which an anonymous read does not need (it is
    told from the headers and cookies alone)."""
    middleware = settings.MIDDLEWARE
    position = middleware.index("delivery.api.caching.APICachingMiddleware")
    assert middleware.index("corsheaders.middleware.CorsMiddleware") < position
    assert middleware.index("django.middleware.security.SecurityMiddleware") < position
    assert position < middleware.index("clinic.csp.ClinicCSPMiddleware")
    assert position < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


def cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


# The middleware on its own


def through_middleware(request, body=BODY, status=200, **headers):
    def view(_request):
        response = HttpResponse(body, status=status, content_type="application/json")
        for name, value in headers.items():
            response[name] = value
        return response

    return APICachingMiddleware(view)(request)


def test_anonymous_api_get_is_publicly_cacheable_with_validators(home):
    response = through_middleware(RequestFactory().get("/api/v2/pages/"))
    assert response.status_code == 200
    assert cache_control(response) == set(PUBLIC.split(", "))
    assert response["ETag"].startswith('W/"'), "weak: the same content, not always the same bytes"
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    last_modified = max(content_version().changed_at, midnight)
    assert response["Last-Modified"] == http_date(last_modified.timestamp())
    assert {"Authorization", "Accept"} <= {v.strip() for v in response["Vary"].split(",")}


def test_if_none_match_gives_an_empty_304_until_the_content_changes(home):
    etag = through_middleware(RequestFactory().get("/api/v3/pages/"))["ETag"]
    response = through_middleware(RequestFactory().get("/api/v3/pages/", HTTP_IF_NONE_MATCH=etag))
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert cache_control(response) == set(PUBLIC.split(", "))
    bump_content_version()
    changed = through_middleware(RequestFactory().get("/api/v3/pages/", HTTP_IF_NONE_MATCH=etag))
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_token_session_and_preview_responses_are_private(home):
    with_token = RequestFactory().get("/api/v3/pages/", HTTP_AUTHORIZATION="Bearer abc")
    preview = RequestFactory().get("/api/preview/", {"token": "x"})
    marked_by_view = RequestFactory().get("/api/v2/pages/")
    with_session = RequestFactory().get("/api/v2/pages/")
    with_session.COOKIES["sessionid"] = "abc"
    for request, headers in [
        (with_token, {}),
        (preview, {}),
        (marked_by_view, {"Cache-Control": "private"}),
        (with_session, {}),
    ]:
        response = through_middleware(request, **headers)
        assert cache_control(response) == {"private", "no-store"}, request.path
        assert "Last-Modified" not in response
        assert "ETag" in response


def test_errors_writes_streams_and_other_paths(home):
    factory = RequestFactory()
    assert cache_control(through_middleware(factory.get("/api/v2/pages/9/"), status=404)) == {
        "no-store"
    }
    assert cache_control(through_middleware(factory.post("/api/v3/pages/"), status=201)) == {
        "no-store"
    }
    outside = through_middleware(factory.get("/articles/"))
    assert "Cache-Control" not in outside and "ETag" not in outside
    streamed = APICachingMiddleware(lambda r: StreamingHttpResponse([b"a"]))(
        factory.get("/api/v2/pages/")
    )
    assert "public" in cache_control(streamed)


# Through the whole stack, with the middleware where the settings will put it


@pytest.fixture
def live_article(article_index, doctor):
    return ArticlePageFactory(
        parent=article_index, title="Iron and tiredness", published=True, approved_by=doctor
    )


def test_v2_validators_and_304_and_a_new_etag_after_publishing(
    client, caching, live_article, doctor, writer
):
    url = f"/api/v2/pages/{live_article.pk}/"
    first = client.get(url)
    assert first.status_code == 200
    assert cache_control(first) == set(PUBLIC.split(", "))
    etag, last_modified = first["ETag"], first["Last-Modified"]

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304

    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        draft = live_article.get_latest_revision_as_object()
        draft.summary = "A corrected standfirst."
        draft.save_revision(user=writer)
        publish_with_approval(draft, approved_by=doctor)
        after = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert after.status_code == 200
        assert after.json()["summary"] == "A corrected standfirst."
        assert after["ETag"] != etag
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200


def test_unpublishing_invalidates_if_modified_since(client, caching, live_article, editor):
    listing = client.get("/api/v2/pages/")
    assert live_article.title in listing.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        live_article.unpublish(user=editor)
        response = client.get("/api/v2/pages/", HTTP_IF_MODIFIED_SINCE=listing["Last-Modified"])
        assert response.status_code == 200
        assert live_article.title not in response.content.decode()


def test_v3_anonymous_is_public_and_token_is_private(client, caching, live_article, writer):
    url = f"/api/v3/pages/{live_article.pk}/"
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert cache_control(anonymous) == set(PUBLIC.split(", "))
    assert "Cookie" not in anonymous["Vary"], "v3 ignores sessions; so does its caching"
    assert client.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"]).status_code == 304

    _, token = APIToken.create_token(user=writer, name="automation")
    with_token = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert with_token.status_code == 200
    assert cache_control(with_token) == {"private", "no-store"}
    assert "Last-Modified" not in with_token


def test_a_signed_in_session_is_not_publicly_cached(client, caching, live_article, editor):
    client.force_login(editor)
    response = client.get("/api/v2/pages/")
    assert cache_control(response) == {"private", "no-store"}


def test_preview_responses_are_never_stored(client, caching, live_article, writer):
    client.force_login(writer)
    token = client.get(reverse("cms_preview_token", args=[live_article.pk])).json()["token"]
    client.logout()
    response = client.get(reverse("cms_preview"), {"token": token})
    assert response.status_code == 200
    assert cache_control(response) >= {"private", "no-store"}
    assert "public" not in response["Cache-Control"]
