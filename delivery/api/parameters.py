"""The query parameters every API under /api/ shares, checked in one place before any view
runs (``delivery.api.errors.APIErrorMiddleware``), so that no value a client sends reaches the
database or the search backend in a form they cannot take.

- No parameter name or value may contain a NUL character (PostgreSQL cannot store or
  compare one; SQLite's full-text search cuts the query at it), and neither may any string
  in a JSON request body (v3's writes), so both databases refuse the same requests.
- ``offset``, ``limit``, ids, ``revision_id`` and ``user_id`` are whole numbers a database
  integer holds (``offset + limit`` too); each view still applies its own limits (v2:
  ``limit`` ≤ 50).
- ``search`` is free text, at most ``SEARCH_MAX_LENGTH`` characters as sent, with at least
  one letter or digit. Quotation marks and control characters (a newline) are read as
  spaces: the API search is plain text in every backend, where they carry no meaning, and
  SQLite's full-text query syntax breaks on them.
- the revision filters' dates and times (``created_at_from``…) are ISO 8601, passed on in
  UTC;
- ``search_operator`` is ``and`` or ``or``; ``topic`` is one or more comma-separated slugs.

Anything else a view checks itself (Wagtail's v2 filters, v3's schemas).
"""

import json
import re
from datetime import UTC

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.http import QueryDict
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode

MAX_OFFSET = 2**31 - 1
MAX_ID = 2**63 - 1
SEARCH_MAX_LENGTH = 200

NOT_SEARCHABLE = re.compile(r'["\x00-\x1f\x7f]')


class ParameterError(ValueError):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name


def _integer(maximum, minimum=0, words=()):
    def clean(name, value):
        if value in words:
            return value
        if not value.isascii() or not value.isdigit() or int(value) < minimum:
            raise ParameterError(name, f"{name} must be a whole number of {minimum} or more")
        if int(value) > maximum:
            raise ParameterError(name, f"{name} cannot be higher than {maximum}")
        return value

    return clean


def _one_of(*choices):
    def clean(name, value):
        if value not in choices:
            raise ParameterError(name, f"{name} must be one of: {', '.join(choices)}")
        return value

    return clean


def _search(name, value):
    if len(value) > SEARCH_MAX_LENGTH:
        raise ParameterError(name, f"{name} cannot be longer than {SEARCH_MAX_LENGTH} characters")
    text = " ".join(NOT_SEARCHABLE.sub(" ", value).split())
    if not any(character.isalnum() for character in text):
        raise ParameterError(name, f"{name} must contain at least one letter or digit")
    return text


def _slugs(name, value):
    slugs = [slug.strip() for slug in value.split(",") if slug.strip()]
    try:
        for slug in slugs:
            validate_slug(slug)
    except ValidationError:
        slugs = []
    if not slugs:
        raise ParameterError(name, f"{name} must be one or more slugs, separated by commas")
    return ",".join(slugs)


def _moment(name, value):
    """An ISO 8601 date and time, given in UTC: a UTC offset may be anything ISO allows (up
    to 23:59), more than PostgreSQL takes (15:59)."""
    try:
        moment = parse_datetime(value)
    except ValueError:
        moment = None
    if moment is None:
        raise ParameterError(name, f"{name} must be a date and time, e.g. 2026-01-31T09:00:00Z")
    if moment.utcoffset() is None:
        return value
    return moment.astimezone(UTC).isoformat()


page_id = _integer(MAX_ID, words=("root",))

RULES = {
    "offset": _integer(MAX_OFFSET),
    "limit": _integer(MAX_OFFSET),
    "id": _integer(MAX_ID),
    "child_of": page_id,
    "descendant_of": page_id,
    "ancestor_of": _integer(MAX_ID),
    "translation_of": page_id,
    "revision_id": _integer(MAX_ID, minimum=1),
    "user_id": _integer(MAX_ID),
    **{
        f"{field}_{end}": _moment
        for field in ("created_at", "approved_go_live_at")
        for end in ("from", "to")
    },
    "search": _search,
    "search_operator": _one_of("and", "or"),
    "topic": _slugs,
}


def _holds_nul(value):
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


def check_json_body(body, require_object=False):
    """Raises ``ParameterError`` when a string in the JSON ``body`` holds a NUL character,
    or (``require_object``) the body is not a JSON object. A body that is not JSON is left
    to the view, which says so."""
    try:
        data = json.loads(body)
    except ValueError:
        return
    if require_object and not isinstance(data, dict):
        raise ParameterError("body", "the request body must be a JSON object")
    if _holds_nul(data):
        raise ParameterError("body", "the request body may not contain NUL characters")


def clean(query):
    """``query`` (a QueryDict) checked and normalised; raises ``ParameterError``."""
    pairs = []
    for name, values in query.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            raise ParameterError(name, f"{name} may not contain NUL characters")
        rule = RULES.get(name)
        pairs += [(name, rule(name, value) if rule else value) for value in values]
    return QueryDict(urlencode(pairs))
