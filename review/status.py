"""A medical page's review status, from its ``next_review_due`` (set by the publish gate
when a clinician approves it). No model imports: the API and the report both use this."""

import datetime

from django.conf import settings
from django.utils import timezone

UP_TO_DATE = "up_to_date"
DUE_SOON = "due_soon"
OVERDUE = "overdue"
NEVER_REVIEWED = "never_reviewed"

REVIEW_STATUSES = {
    UP_TO_DATE: "Up to date",
    DUE_SOON: "Due soon",
    OVERDUE: "Overdue",
    NEVER_REVIEWED: "Never reviewed",
}

DEFAULT_DUE_SOON_DAYS = 30


def due_soon_days():
    """How many days before its due date a page counts as due soon (and its people are
    reminded): ``LIFECYCLE_DUE_SOON_DAYS``, default 30."""
    return int(getattr(settings, "LIFECYCLE_DUE_SOON_DAYS", DEFAULT_DUE_SOON_DAYS))


def local_today():
    return timezone.localdate()


def status_for_date(next_review_due, on=None, days=None):
    """The status of a page whose next review is due on ``next_review_due``. A page is
    overdue the day after its due date; due soon within ``days`` of it."""
    on = on or local_today()
    days = due_soon_days() if days is None else days
    if next_review_due is None:
        return NEVER_REVIEWED
    if next_review_due < on:
        return OVERDUE
    if next_review_due <= on + datetime.timedelta(days=days):
        return DUE_SOON
    return UP_TO_DATE


def review_status(page, today=None):
    """One of ``up_to_date``, ``due_soon``, ``overdue`` or ``never_reviewed``."""
    if getattr(page, "last_reviewed", None) is None:
        return NEVER_REVIEWED
    return status_for_date(getattr(page, "next_review_due", None), today)


def is_overdue(page, today=None):
    """True when the page's medical review is past its due date."""
    return review_status(page, today) == OVERDUE
