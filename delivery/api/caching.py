"""HTTP caching of the content APIs (everything under /api/), and the server-side cache of
their anonymous reads.

**The content version.** One row (``ContentVersion``) changes in the same transaction as
any change to what the public APIs show: a page saved, published, unpublished, moved or
deleted; a snippet, image, document, topic, writer, review record, site setting, site,
view restriction or redirect saved or deleted (``is_content_model``; saves that only move
a draft along, such as a new revision or a lock, are left out: ``DRAFT_BOOKKEEPING``), and
every ``migrate``, which is how a deploy that changes the output invalidates too. Reading it
is one query on one row. It lives in the database, not in the cache, so it is right on
every app server whatever the cache is (Redis, a per-process local memory, Redis
unreachable). Because it changes inside the writing transaction, nobody can read the new
version and still see the old content.

**Anonymous reads** (GET or HEAD, no ``Authorization`` header, no session cookie, not the
preview) are public: every response they get depends only on the request's method, scheme,
host, path and query, its ``Accept`` header, the content version and today's date (a review
falls due at midnight). Hence, before the view runs (and before sessions, authentication and
CSP, which such a read does not need):

- ``ETag`` is a hash of exactly those (weak: the same content, not necessarily the same
  bytes), and ``Last-Modified`` when the content version last changed (or midnight, if
  later): a matching ``If-None-Match`` (or an ``If-Modified-Since`` not older) answers 304
  without building the response;
- a response stored under that hash (``API_CACHE_TIMEOUT`` seconds; 0 stores nothing) is
  served as it was built, from this process's memory (``LocalResponses``) or the shared
  cache; otherwise the view runs and a 200 (or the ``find`` redirect), marked public and
  without cookies, is stored.

Each process reads the content version at most every ``API_CONTENT_VERSION_MAX_AGE``
seconds (half a second; ``RecentVersion``), and at once after a change it made itself: a
change made on another app server is served everywhere within that time. They carry
``Cache-Control: public, max-age=60, stale-while-revalidate=300`` and vary on
``Authorization`` and ``Accept``. A cache that fails (Redis down) is a miss
(``cms.redis_cache``), never an error.

**Everything else** is never stored: a bearer token, a session cookie, a preview, or a
response its view marked private gets ``private, no-store`` and a hash of its body as
``ETag`` (a 304 still answers an unchanged body); errors, redirects and writes get
``no-store``.
"""

import datetime
import hashlib
import logging
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from functools import cache, lru_cache

from django.conf import settings
from django.core.cache import cache as default_cache
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import http_date, parse_etags, parse_http_date_safe

logger = logging.getLogger("delivery.api")

API_PREFIX = "/api/"
PRIVATE_PREFIXES = ("/api/preview/",)
PUBLIC_MAX_AGE = 60
STALE_WHILE_REVALIDATE = 300
PUBLIC_CACHE_CONTROL = (
    f"public, max-age={PUBLIC_MAX_AGE}, stale-while-revalidate={STALE_WHILE_REVALIDATE}"
)
# What a public response varies on: the key covers both (CORS adds Origin outside).
PUBLIC_VARY = ("Authorization", "Accept")
# What a stored response may vary on: those, and the cookie when the view read the session
# (v2's authentication does), which for a request without a session cookie is empty.
STORABLE_VARY = frozenset({"authorization", "accept", "cookie"})
# Statuses of a public read that are stored: a document, or where ``find`` sends you.
STORED_STATUSES = (200, 302)
DEFAULT_CACHE_TIMEOUT = 60 * 60

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

# Fields that a draft's save, a lock or a workflow step change on a page or snippet row
# while what is live stays as it was; a save of only these leaves the version alone.
DRAFT_BOOKKEEPING = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
        "wagtail_admin_comments",
    }
)


# The content version


@dataclass(frozen=True)
class ContentVersion:
    token: int
    changed_at: datetime.datetime


@cache
def _table():
    from cms.models import ContentVersion as Row

    return connection.ops.quote_name(Row._meta.db_table)


def content_version() -> ContentVersion:
    """The current content version: one query (0 while no change was ever recorded)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, changed_at FROM {_table()} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return ContentVersion(0, EPOCH)
    changed_at = row[1]
    if timezone.is_naive(changed_at):  # SQLite
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    return ContentVersion(row[0], changed_at)


def bump_content_version():
    """A new content version, inside the caller's transaction if there is one, so it
    becomes visible exactly when the change does."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table()} (id, token, changed_at) VALUES (1, %s, %s) "  # noqa: S608
            "ON CONFLICT (id) DO UPDATE SET token = excluded.token, "
            "changed_at = excluded.changed_at",
            [secrets.randbits(63), timezone.now()],
        )
    # This process sees its own change as soon as it commits, whatever it remembers.
    transaction.on_commit(_recent.forget)


class RecentVersion:
    """The content version this process read last, kept for ``API_CONTENT_VERSION_MAX_AGE``
    seconds (0: read on every request). Another process's change is then seen within that
    time, not at once (this process's own changes at once): a bound far inside the minute
    that ``Cache-Control`` lets any HTTP cache keep a response, which saves a database
    round trip on each anonymous read."""

    def __init__(self):
        self.read_at = None
        self.version = None

    def get(self):
        max_age = float(getattr(settings, "API_CONTENT_VERSION_MAX_AGE", 0))
        now = time.monotonic()
        if max_age > 0 and self.read_at is not None and now - self.read_at < max_age:
            return self.version
        # timed from before the read: never kept longer than the setting says
        self.version, self.read_at = content_version(), now
        return self.version

    def forget(self):
        self.read_at = None


_recent = RecentVersion()


@cache
def is_content_model(model):
    """Whether rows of ``model`` can change what the public APIs show: pages, the
    snippets and registers they show (``MedicalSnippet``s, topics, writers, review
    records), images, documents, site settings, sites, view restrictions, redirects, and
    any model that belongs to one of these (an article's authors, a disclaimer's rules)."""
    from modelcluster.fields import ParentalKey
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.contrib.settings.models import BaseSiteSetting
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, PageViewRestriction, Site

    from cms.models import MedicalSnippet, Topic, WriterProfile
    from review.models import ReviewRecord

    roots = (
        Page,
        MedicalSnippet,
        Topic,
        WriterProfile,
        ReviewRecord,
        get_image_model(),
        get_document_model(),
        BaseSiteSetting,
        Site,
        Locale,
        PageViewRestriction,
        Redirect,
    )
    if issubclass(model, roots):
        return True
    return any(
        isinstance(field, ParentalKey) and is_content_model(field.related_model)
        for field in model._meta.concrete_fields
    )


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not is_content_model(type(instance)):
        return
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    bump_content_version()


def _on_delete(sender, instance, **kwargs):
    if is_content_model(type(instance)):
        bump_content_version()


def _on_m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and is_content_model(type(instance)):
        bump_content_version()


def _always(**kwargs):
    bump_content_version()


def connect_invalidation():
    """A new content version on every change to public content (``CmsConfig.ready``).
    Wagtail's publishing, unpublishing and moving signals come after their last write (a
    page's child rows are written after the page itself), so the last change follows it."""
    from django.core.signals import setting_changed
    from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_on_save, dispatch_uid="content_version_save")
    post_delete.connect(_on_delete, dispatch_uid="content_version_delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="content_version_m2m")
    page_published.connect(_always, dispatch_uid="content_version_published")
    page_unpublished.connect(_always, dispatch_uid="content_version_unpublished")
    post_page_move.connect(_always, dispatch_uid="content_version_moved")
    post_migrate.connect(_after_migrate, dispatch_uid="content_version_migrate")
    setting_changed.connect(_on_setting_changed, dispatch_uid="content_version_settings")


def _after_migrate(sender, using="default", **kwargs):
    if sender.name == "cms":  # once per migrate, when the table exists
        bump_content_version()


# Who may share a response


def is_private(request, response=None):
    """Whether the request, or the response its view gave, may show more than live,
    public content. Decided on headers and cookies alone: reading the session would add
    "Vary: Cookie" to every anonymous response."""
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    if request.META.get("HTTP_AUTHORIZATION"):
        return True
    # A session (signed in, or holding a passed page password) may unlock more.
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    if response is not None:
        cache_control = response.get("Cache-Control", "")
        return "private" in cache_control or "no-store" in cache_control
    return False


def _cache_timeout():
    return int(getattr(settings, "API_CACHE_TIMEOUT", DEFAULT_CACHE_TIMEOUT))


# Empty until a setting changes while the process runs (Django's ``setting_changed``, which
# ``override_settings`` sends): then a new random value, so nothing stored under the old
# settings (in this process or the shared cache) answers under the new ones.
_settings_generation = ""


def _on_setting_changed(**kwargs):
    global _settings_generation  # noqa: PLW0603
    _settings_generation = secrets.token_hex(8)
    _recent.forget()


def _settings_salt():
    """The settings that shape responses without being content (they change on deploy,
    with a ``migrate`` that changes the version anyway), and the database the content
    comes from, so sites sharing a Redis never share entries."""
    database = connection.settings_dict
    return "|".join(
        [
            _settings_generation,
            settings.WAGTAILAPI_BASE_URL,
            settings.FRONTEND_BASE_URL,
            str(database.get("HOST", "")),
            str(database.get("PORT", "")),
            str(database["NAME"]),
        ]
    )


@lru_cache(maxsize=4)
def _last_modified(version: ContentVersion, today: datetime.date):
    """``(timestamp, HTTP date)``: when the version changed, or midnight if later."""
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    timestamp = int(max(version.changed_at, midnight).timestamp())
    return timestamp, http_date(timestamp)


class LocalResponses:
    """This process's copies of stored responses of the current content version, at most
    ``API_LOCAL_CACHE_BYTES`` of them, least recently used out first: a read served from
    here needs no round trip to Redis. They go as soon as the version changes."""

    def __init__(self):
        self.entries = OrderedDict()
        self.size = 0
        self.version = None

    def _for(self, version):
        if version != self.version:
            self.entries.clear()
            self.size, self.version = 0, version

    def get(self, version, key):
        self._for(version)
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, version, key, entry):
        limit = int(getattr(settings, "API_LOCAL_CACHE_BYTES", 0))
        size = len(entry[2])
        if size > limit // 4:  # a few large listings must not push everything else out
            return
        self._for(version)
        if key in self.entries:
            return
        self.entries[key] = entry
        self.size += size
        while self.size > limit:
            _, (_, _, content) = self.entries.popitem(last=False)
            self.size -= len(content)


_local = LocalResponses()


class PublicRead:
    """An anonymous read: its key, validators and stored response, from cheap data."""

    def __init__(self, request, version: ContentVersion):
        self.request = request
        self.version = version
        today = timezone.localdate()
        self.last_modified, self.last_modified_header = _last_modified(version, today)
        method = "GET" if request.method == "HEAD" else request.method
        identity = "\n".join(
            [
                str(version.token),
                today.isoformat(),
                method,
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                request.META.get("HTTP_ACCEPT", ""),
                _settings_salt(),
            ]
        )
        digest = hashlib.sha256(identity.encode()).hexdigest()
        self.etag = f'W/"{digest[:40]}"'
        self.key = f"api:response:{digest}"

    def headers(self, response):
        response.headers.pop("Cache-Control", None)
        response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        patch_vary_headers(response, PUBLIC_VARY)
        response["ETag"] = self.etag
        response["Last-Modified"] = self.last_modified_header
        return response

    def conditional(self, response):
        return get_conditional_response(
            self.request, etag=self.etag, last_modified=self.last_modified, response=response
        )

    def not_modified(self):
        """A 304 when the client's copy is current, before anything is built; None
        otherwise. ``If-None-Match`` by weak comparison, else ``If-Modified-Since`` (RFC
        9110 13.2.2); a request with ``If-Match`` or ``If-Unmodified-Since`` goes the long
        way, as those answer for the response the view gives."""
        meta = self.request.META
        if "HTTP_IF_MATCH" in meta or "HTTP_IF_UNMODIFIED_SINCE" in meta:
            return None
        if_none_match = meta.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            tags = {tag.removeprefix("W/") for tag in parse_etags(if_none_match)}
            current = "*" in tags or self.etag.removeprefix("W/") in tags
        else:
            since = parse_http_date_safe(meta.get("HTTP_IF_MODIFIED_SINCE", ""))
            current = since is not None and self.last_modified <= since
        if not current:
            return None
        response = HttpResponseNotModified()
        response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        response["Vary"] = ", ".join(PUBLIC_VARY)
        response["ETag"] = self.etag
        response["Last-Modified"] = self.last_modified_header
        return response

    def stored(self):
        if not _cache_timeout():
            return None
        entry = _local.get(self.version, self.key)
        if entry is None:
            entry = default_cache.get(self.key)
            if entry is None:
                return None
            _local.put(self.version, self.key, entry)
        status, headers, content = entry
        return HttpResponse(content, status=status, headers=dict(headers))

    def store(self, response):
        timeout = _cache_timeout()
        cacheable = (
            timeout
            and response.status_code in STORED_STATUSES
            and not response.streaming
            and not response.cookies
            and set(_vary(response)) <= STORABLE_VARY
        )
        if cacheable:
            entry = (response.status_code, list(response.headers.items()), response.content)
            default_cache.set(self.key, entry, timeout)
            _local.put(self.version, self.key, entry)


def _vary(response):
    return [part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()]


class APICachingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        read = self.public_read(request)
        if read is None:
            return self.finish(request, self.get_response(request))
        not_modified = read.not_modified()
        if not_modified is not None:
            return not_modified
        stored = read.stored()
        if stored is not None:
            return read.conditional(stored)
        response = self.get_response(request)
        if response.status_code not in STORED_STATUSES or is_private(request, response):
            return self.finish(request, response)
        read.headers(response)
        read.store(response)
        return read.conditional(response)

    def public_read(self, request):
        """A ``PublicRead`` for an anonymous GET or HEAD, else None. None too when the
        content version cannot be read (the view's own error handling then answers)."""
        if request.method not in ("GET", "HEAD") or is_private(request):
            return None
        try:
            version = _recent.get()
        except DatabaseError:
            logger.exception("%s %s: content version unavailable", request.method, request.path)
            return None
        return PublicRead(request, version)

    def finish(self, request, response):
        """Headers of a response that is not a stored public read."""
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, no_store=True)
            return response
        if is_private(request, response):
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        if response.streaming:
            return response
        if not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(request, etag=response.get("ETag"), response=response)
