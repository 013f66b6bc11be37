"""The listing of an index page (``significantLink``): its live, public children, 25 to a
page, filtered and ordered by the NHS API's query parameters.

- ``page=N`` (from 1; past the last page is a 400);
- ``orderBy=dateModified|lastReviewed|nextReview``: newest first on that date (pages without
  it last), with ``startDate`` / ``endDate`` (``YYYY-MM-DD``, inclusive) filtering on it;
  without ``orderBy`` the children come A to Z by name;
- ``category=A``: names starting with that letter;
- ``genre=<topic slug>``: pages about that topic (none when no page is).
"""

import datetime
import math
import re
from dataclasses import dataclass

from django.db.models import DateField, F, OuterRef, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from wagtail.models import get_page_models

from cms.models import pages_about
from review.pages import MedicalPageMixin

from .errors import invalid_value

PAGE_SIZE = 25
ORDER_BY = {
    "dateModified": "last_published_at",
    "lastReviewed": "last_reviewed",
    "nextReview": "next_review_due",
}
PARAMETERS = {"page", "orderBy", "startDate", "endDate", "category", "genre"}

_NUMBER = re.compile(r"[0-9]{1,9}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LETTER = re.compile(r"[A-Za-z]")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")  # a topic's slug (Django's SlugField: ASCII)


def review_field(field):
    """A ``MedicalPageMixin`` date of a page row whatever its medical page type (a hub's
    children may be of several), null for pages that are not medical."""
    models = [model for model in get_page_models() if issubclass(model, MedicalPageMixin)]
    values = [
        Subquery(model.objects.filter(pk=OuterRef("pk")).values(field)[:1]) for model in models
    ]
    return Coalesce(*values, Value(None), output_field=DateField())


def _date(params, name):
    raw = params.get(name)
    if raw is None:
        return None
    error = invalid_value(name, f"{name} must be a date as YYYY-MM-DD, e.g. 2025-01-31.")
    if not _DATE.fullmatch(raw):
        raise error
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise error from None


class HubQuery:
    """The listing parameters of one request, checked before any query runs."""

    def __init__(self, params):
        raw_page = params.get("page", "1")
        if not _NUMBER.fullmatch(raw_page) or int(raw_page) < 1:
            raise invalid_value("page", "page must be a whole number from 1.")
        self.page_number = int(raw_page)

        self.order_by = params.get("orderBy")
        if self.order_by is not None and self.order_by not in ORDER_BY:
            raise invalid_value("orderBy", "orderBy must be one of " + ", ".join(ORDER_BY) + ".")
        self.start, self.end = _date(params, "startDate"), _date(params, "endDate")
        if (self.start or self.end) and self.order_by is None:
            name = "startDate" if self.start else "endDate"
            raise invalid_value(name, f"{name} filters on the orderBy date: give orderBy too.")
        if self.start and self.end and self.start > self.end:
            raise invalid_value("endDate", "endDate must not be before startDate.")

        self.category = params.get("category")
        if self.category is not None and not _LETTER.fullmatch(self.category):
            raise invalid_value("category", "category must be one letter, A to Z.")
        self.genre = params.get("genre")
        if self.genre is not None and not _SLUG.fullmatch(self.genre):
            raise invalid_value("genre", "genre must be a topic slug, e.g. iron-deficiency.")

    def children(self, hub):
        pages = hub.get_children().live().public()
        if self.genre is not None:
            pages = pages.filter(pages_about([self.genre]))
        if self.category is not None:
            pages = pages.filter(title__istartswith=self.category)
        if self.order_by is None:
            return pages.order_by("title", "pk")
        field = ORDER_BY[self.order_by]
        if field == "last_published_at":
            pages = pages.alias(listing_date=F(field))
            date_lookup = "listing_date__date"
        else:
            pages = pages.alias(listing_date=review_field(field))
            date_lookup = "listing_date"
        if self.start:
            pages = pages.filter(**{f"{date_lookup}__gte": self.start})
        if self.end:
            pages = pages.filter(**{f"{date_lookup}__lte": self.end})
        return pages.order_by(F("listing_date").desc(nulls_last=True), "title", "pk")

    def page_of(self, hub, params):
        """The requested page of children, their topics loaded for all at once."""
        children = self.children(hub)
        total = children.count()
        pages = max(1, math.ceil(total / PAGE_SIZE))
        if self.page_number > pages:
            raise invalid_value("page", f"page {self.page_number} is past the last page ({pages}).")
        start = (self.page_number - 1) * PAGE_SIZE
        listed = list(children.defer_streamfields().specific()[start : start + PAGE_SIZE])
        by_model = {}
        for child in listed:
            by_model.setdefault(type(child), []).append(child)
        for model, group in by_model.items():
            if hasattr(model, "topics"):
                prefetch_related_objects(group, "topics")
        return HubPage(hub, listed, self.page_number, pages, total, params)


@dataclass
class HubPage:
    page: object
    children: list
    number: int
    pages: int
    total: int
    params: object  # the request's QueryDict, for the links to the other pages

    def pagination(self, content):
        def link(number):
            if not 1 <= number <= self.pages:
                return ""
            params = self.params.copy()
            params["page"] = str(number)
            return f"{content.page_url(self.page)}?{params.urlencode()}"

        return {
            "page": self.number,
            "pageSize": PAGE_SIZE,
            "totalPages": self.pages,
            "totalItems": self.total,
            "next": link(self.number + 1),
            "previous": link(self.number - 1),
        }
