"""The daily review-due job: finds live medical pages whose review is due within N days or
overdue, e-mails their author (the page owner) and their last reviewer once per page, due
date and stage, and optionally starts the medical review workflow on overdue pages or
unpublishes pages long overdue.

Run it from cron with ``manage.py review_due`` or enqueue ``review.tasks.review_due``;
both call ``run_review_due``. Settings, all optional:

``LIFECYCLE_START_REVIEW_WHEN_OVERDUE`` (default False)
    start the medical review workflow on overdue pages (the command's
    ``--start-workflow`` does the same for one run).
``LIFECYCLE_UNPUBLISH_WHEN_OVERDUE_DAYS`` (default None: never)
    unpublish a page this many days after its review fell due.
``LIFECYCLE_DUE_SOON_DAYS`` (default 30)
    the "due soon" window of the report and dashboard, and the job's default.
"""

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Case, CharField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from wagtail.models import Page

from cms.admin_links import admin_url

from .models import ReviewReminder
from .status import (
    DUE_SOON,
    NEVER_REVIEWED,
    OVERDUE,
    REVIEW_STATUSES,
    UP_TO_DATE,
    due_soon_days,
    local_today,
    status_for_date,
)

logger = logging.getLogger("review.review_due")


def medical_page_models():
    from review.pages import MedicalPageMixin

    return [
        model
        for model in apps.get_models()
        if issubclass(model, MedicalPageMixin) and issubclass(model, Page)
    ]


def _coalesced(field_name):
    """A field of whichever medical page model the row is."""
    subqueries = [
        Subquery(model.objects.filter(pk=OuterRef("pk")).values(field_name)[:1])
        for model in medical_page_models()
    ]
    return subqueries[0] if len(subqueries) == 1 else Coalesce(*subqueries)


def medical_pages(on=None, days=None):
    """Every medical page (any type) as a ``Page`` queryset annotated with its review
    metadata: ``next_due``, ``last_reviewed_on``, ``reviewer_id`` (a Clinician) and
    ``review_status`` (one of ``review.REVIEW_STATUSES``) as of ``on``."""
    on = on or local_today()
    days = due_soon_days() if days is None else days
    content_types = ContentType.objects.get_for_models(*medical_page_models()).values()
    return (
        Page.objects.filter(content_type__in=list(content_types))
        .annotate(
            next_due=_coalesced("next_review_due"),
            last_reviewed_on=_coalesced("last_reviewed"),
            reviewer_id=_coalesced("reviewed_by"),
        )
        .annotate(
            review_status=Case(
                When(last_reviewed_on__isnull=True, then=Value(NEVER_REVIEWED)),
                When(next_due__isnull=True, then=Value(NEVER_REVIEWED)),
                When(next_due__lt=on, then=Value(OVERDUE)),
                When(next_due__lte=on + datetime.timedelta(days=days), then=Value(DUE_SOON)),
                default=Value(UP_TO_DATE),
                output_field=CharField(),
            )
        )
    )


def status_label(status):
    return REVIEW_STATUSES.get(status, status)


def start_review_when_overdue():
    return bool(getattr(settings, "LIFECYCLE_START_REVIEW_WHEN_OVERDUE", False))


def unpublish_when_overdue_days():
    days = getattr(settings, "LIFECYCLE_UNPUBLISH_WHEN_OVERDUE_DAYS", None)
    return None if days is None else int(days)


def _recipients(page):
    """The author (page owner) and the clinician who last approved it, with an e-mail."""
    users = [page.owner]
    if page.reviewed_by_id and page.reviewed_by.user_id:
        users.append(page.reviewed_by.user)
    emails = []
    for user in users:
        if user is not None and user.is_active and user.email and user.email not in emails:
            emails.append(user.email)
    return emails


def _notify(page, stage, on, recipients, workflow_started):
    context = {
        "page": page,
        "stage": stage,
        "due": page.next_review_due,
        "days_left": (page.next_review_due - on).days,
        "days_overdue": (on - page.next_review_due).days,
        "reviewer": page.reviewed_by,
        "workflow_started": workflow_started,
        "edit_url": admin_url("wagtailadmin_pages:edit", page.pk),
        "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Clinic CMS"),
    }
    subject = render_to_string("lifecycle/emails/review_due_subject.txt", context)
    body = render_to_string("lifecycle/emails/review_due.txt", context)
    EmailMessage(" ".join(subject.split()), body, to=recipients).send()


def _can_start_review(page):
    """Only a page whose live content is its latest revision: a review started on a newer
    draft would, once approved, publish text the writer never submitted."""
    return (
        page.live
        and page.current_workflow_state is None
        and not page.has_unpublished_changes
        and page.get_workflow() is not None
    )


def _remind(page, stage, on, start_workflow=False):
    """Record and send one reminder unless it was sent before. Returns the reminder it
    sent, or None. A failure to send rolls the record back, so the next run retries."""
    with transaction.atomic():
        if ReviewReminder.objects.filter(
            page=page, due_date=page.next_review_due, stage=stage
        ).exists():
            return None
        recipients = _recipients(page)
        try:
            with transaction.atomic():
                reminder = ReviewReminder.objects.create(
                    page=page,
                    due_date=page.next_review_due,
                    stage=stage,
                    recipients=recipients,
                    workflow_started=start_workflow,
                )
        except IntegrityError:  # another run got there first
            return None
        if recipients:
            _notify(page, stage, on, recipients, start_workflow)
        return reminder


def run_review_due(days=None, start_workflow=None, unpublish_after_days=..., on=None):
    """The daily job. Returns a summary of plain data (page ids), safe to store as a task
    result. ``days``: remind this many days before the due date (default
    ``LIFECYCLE_DUE_SOON_DAYS``, 30). ``start_workflow``: start medical review on overdue
    pages (default ``LIFECYCLE_START_REVIEW_WHEN_OVERDUE``). ``unpublish_after_days``:
    unpublish pages overdue by more than this (default
    ``LIFECYCLE_UNPUBLISH_WHEN_OVERDUE_DAYS``; None never unpublishes)."""
    on = on or local_today()
    days = due_soon_days() if days is None else days
    start_workflow = start_review_when_overdue() if start_workflow is None else start_workflow
    if unpublish_after_days is ...:
        unpublish_after_days = unpublish_when_overdue_days()
    summary = {
        "date": on.isoformat(),
        "checked": 0,
        "due_soon": [],
        "overdue": [],
        "reminded": [],
        "workflows_started": [],
        "unpublished": [],
        "errors": [],
    }
    candidates = (
        medical_pages(on, days)
        .live()
        .filter(next_due__lte=on + datetime.timedelta(days=days))
        .order_by("next_due", "pk")
        .values_list("pk", flat=True)
    )
    for page_id in list(candidates):
        summary["checked"] += 1
        try:
            _process(page_id, on, days, start_workflow, unpublish_after_days, summary)
        except Exception as error:  # one page's failure must not stop the others
            logger.exception("Review due job failed for page %s", page_id)
            summary["errors"].append({"page": page_id, "error": str(error)})
    return summary


def _process(page_id, on, days, start_workflow, unpublish_after_days, summary):
    model = Page.objects.get(pk=page_id).specific_class
    page = model.objects.select_related("owner", "reviewed_by__user").get(pk=page_id)
    status = status_for_date(page.next_review_due, on, days)
    if status not in (DUE_SOON, OVERDUE):
        return
    summary[status].append(page.pk)
    if status == DUE_SOON:
        if _remind(page, ReviewReminder.Stage.DUE_SOON, on):
            summary["reminded"].append(page.pk)
        return

    days_overdue = (on - page.next_review_due).days
    if unpublish_after_days is not None and days_overdue > unpublish_after_days:
        with transaction.atomic():
            page.unpublish(user=None)
            _remind(page, ReviewReminder.Stage.UNPUBLISHED, on)
        summary["unpublished"].append(page.pk)
        logger.info("Unpublished page %s: review overdue by %s days", page.pk, days_overdue)
        return

    started = False
    if start_workflow and _can_start_review(page):
        with transaction.atomic():
            page.get_workflow().start(page, None)
        started = True
        summary["workflows_started"].append(page.pk)
    if _remind(page, ReviewReminder.Stage.OVERDUE, on, start_workflow=started):
        summary["reminded"].append(page.pk)
