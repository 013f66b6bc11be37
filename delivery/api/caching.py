"""HTTP caching for the content APIs (everything under /api/).

On a successful GET or HEAD:

- ``ETag``: a hash of the response body (Django's ``ConditionalGetMiddleware`` semantics),
  so ``If-None-Match`` answers 304 with an empty body while the content is unchanged and
  any change to what is served changes it.
- ``Last-Modified`` (public responses): when published content last changed anywhere
  (see ``content_last_modified``), so ``If-Modified-Since`` answers 304 only if nothing
  was published, unpublished, moved or deleted since. ``If-None-Match`` wins when both
  are sent.
- ``Cache-Control``: ``public, max-age=60, stale-while-revalidate=300`` for anonymous
  requests, which only ever see live content; ``private, no-store`` for anything that
  may show more than that: a bearer token, a session cookie, a preview, or a response its
  view already marked private. Public responses vary on ``Authorization`` and
  ``Accept`` (the v2 API also renders HTML for browsers).

Other responses (errors, redirects, writes) are marked ``no-store``.
"""

import datetime

from django.conf import settings
from django.db.models import DateTimeField, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date
from wagtail.models import ModelLogEntry, Page, PageLogEntry

API_PREFIX = "/api/"
PRIVATE_PREFIXES = ("/api/preview/",)
PUBLIC_MAX_AGE = 60
STALE_WHILE_REVALIDATE = 300

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _latest(queryset, field):
    return Coalesce(
        Subquery(
            queryset.filter(**{f"{field}__isnull": False}).order_by(f"-{field}").values(field)[:1]
        ),
        Value(EPOCH),
        output_field=DateTimeField(),
    )


def content_last_modified():
    """When anything the public APIs serve last changed: the latest of a live page's
    last publication and the audit log of pages and other models (which records
    publishing, unpublishing, moves and deletions of pages, snippets, images and
    documents). Conservative: an edit of a draft moves it forward too. One query."""
    return (
        Page.objects.filter(depth=1)
        .annotate(
            last_modified=Greatest(
                _latest(Page.objects.filter(live=True), "last_published_at"),
                _latest(PageLogEntry.objects.all(), "timestamp"),
                _latest(ModelLogEntry.objects.all(), "timestamp"),
                output_field=DateTimeField(),
            )
        )
        .values_list("last_modified", flat=True)
        .first()
    )


def is_private(request, response):
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    if request.META.get("HTTP_AUTHORIZATION"):
        return True
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return True
    # A session (signed in, or holding a passed page password) may unlock more than live,
    # public content. Decided on the cookie alone: reading the session would add
    # "Vary: Cookie" to every anonymous response.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class APICachingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        return self.process_response(request, response)

    def process_response(self, request, response):
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, no_store=True)
            return response

        private = is_private(request, response)
        if private:
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        else:
            response.headers.pop("Cache-Control", None)
            patch_cache_control(
                response,
                public=True,
                max_age=PUBLIC_MAX_AGE,
                stale_while_revalidate=STALE_WHILE_REVALIDATE,
            )
            patch_vary_headers(response, ("Authorization", "Accept"))

        if response.streaming:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = None
        if not private:
            last_modified = content_last_modified()
            if last_modified is not None and not response.has_header("Last-Modified"):
                response["Last-Modified"] = http_date(last_modified.timestamp())
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=int(last_modified.timestamp()) if last_modified else None,
            response=response,
        )
