"""Medical review and the publish gate, in one place.

The rule: medical content (a page with ``MedicalPageMixin`` or a ``MedicalSnippet``) goes
live only if a registered clinician who neither wrote, submitted nor edited it approved
that exact content. "Exact" means the hash of the medically relevant fields
(``medical_fields`` on each model) of the revision the clinician approved.

Where it holds: every way Wagtail makes content live (the editor's Publish button, bulk
publish, scheduled publishing, reverting, copying with "publish copies", the v3 API,
workflow completion) ends in a save of the object's row with ``live=True``. The models call
``enforce_publish_gate`` from ``save()``, so the gate holds on each of those paths, and on
any path added later, without a check per path. Callers above it (admin middleware, the v3
API error handler, ``publish_scheduled``) only turn a refusal into a message and an entry
in the audit log.
"""

import calendar
import datetime
import hashlib
import json
import logging
import re

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.fields import StreamField
from wagtail.log_actions import log
from wagtail.models import Revision, TaskState

from cms.models.medical import MAX_REVIEW_INTERVAL_MONTHS, MedicalPageMixin, MedicalSnippet
from cms.models.review import ReviewRecord
from cms.validators import validate_gmc_number

logger = logging.getLogger("cms.medical_review")

DEFAULT_REVIEW_INTERVAL_MONTHS = 12
REVIEW_METADATA_FIELDS = ["reviewed_by", "last_reviewed", "next_review_due"]
PUBLISHING_FIELDS = {"live", "live_revision"}

APPROVE_LOG_ACTION = "cms.medical_review.approve"
REJECT_LOG_ACTION = "cms.medical_review.reject"
REFUSED_LOG_ACTION = "cms.medical_review.publish_refused"


class MedicalReviewRequired(Exception):
    """A refusal by the gate or the review task, worded for the writer who will read it.
    Not a PermissionDenied: the admin would swallow that into a generic "no permission"
    page, where this must reach cms.middleware and say why."""

    def __init__(self, message, obj=None):
        super().__init__(message)
        self.obj = obj


def is_medical(obj):
    return isinstance(obj, MedicalPageMixin | MedicalSnippet)


# Content hashing


# The rich text editor tags each paragraph with a random key; it identifies, it is not content.
BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')


def _normalised(value):
    """Content without identifiers: no StreamField block ids, no rich text block keys, and
    list items in one shape (Wagtail stores them either bare or as {"type": "item", ...})."""
    if isinstance(value, dict):
        if value.get("type") == "item" and set(value) <= {"type", "value", "id"}:
            return _normalised(value["value"])
        return {k: _normalised(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    if isinstance(value, str):
        return BLOCK_KEY.sub("", value)
    return value


def _child_values(child):
    """A child row's content without its identity (pk, parent key, position)."""
    return {
        field.attname: getattr(child, field.attname)
        for field in child._meta.concrete_fields
        if not field.primary_key
        and not isinstance(field, ParentalKey)
        and field.name != "sort_order"
    }


def medical_content(obj):
    """The medically relevant fields of an object, as plain data without identifiers."""
    content = {}
    for name in obj.medical_fields:
        field = obj._meta.get_field(name)
        if isinstance(field, StreamField):
            content[name] = getattr(obj, name).get_prep_value()
        elif field.one_to_many:
            content[name] = [_child_values(child) for child in getattr(obj, name).all()]
        elif field.is_relation:
            content[name] = getattr(obj, field.attname)
        else:
            content[name] = getattr(obj, name)
    return _normalised(content)


def content_hash(obj):
    serialised = json.dumps(medical_content(obj), sort_keys=True, default=str)
    return hashlib.sha256(serialised.encode()).hexdigest()


# Who may approve


def clinician_of(user):
    return getattr(user, "clinician", None) if user and user.is_authenticated else None


def is_active_clinician(user):
    clinician = clinician_of(user)
    if clinician is None or not clinician.is_active:
        return False
    try:
        validate_gmc_number(clinician.gmc_number)
    except Exception:
        return False
    return True


def _approvals_of(obj):
    return ReviewRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        outcome=ReviewRecord.Outcome.APPROVED,
    )


def contributors(obj, revision, task_state=None):
    """Users who wrote, edited or submitted the content under review: everyone with a
    revision since the last approved one, up to the revision being reviewed."""
    revisions = Revision.objects.for_instance(obj).filter(created_at__lte=revision.created_at)
    last_approval = _approvals_of(obj).select_related("revision").first()
    if last_approval is not None:
        revisions = revisions.filter(created_at__gt=last_approval.revision.created_at)
    user_ids = set(revisions.exclude(user=None).values_list("user_id", flat=True))
    if revision.user_id:
        user_ids.add(revision.user_id)
    if last_approval is None and getattr(obj, "owner_id", None):
        user_ids.add(obj.owner_id)
    if task_state is not None and task_state.workflow_state.requested_by_id:
        user_ids.add(task_state.workflow_state.requested_by_id)
    return user_ids


def approval_refusal(user, obj, revision, task_state=None):
    """Why this user may not approve this revision, or None if they may."""
    if not is_active_clinician(user):
        return "Only an active registered clinician with a GMC number can approve medical content."
    if user.pk in contributors(obj, revision, task_state):
        return (
            "You wrote, edited or submitted this content, so a different clinician must approve it."
        )
    return _claims_refusal(revision)


def _claims_refusal(revision):
    """Flagged medical claims neither linked to a reference nor accepted by a clinician
    (the claims checker, lifecycle/claims.py), or None."""
    from lifecycle.claims import claims_refusal

    return claims_refusal(revision)


# Review decisions


def _record(outcome, revision, user, comment, task_state, contributor_ids=()):
    clinician = clinician_of(user)
    obj = revision.as_object()
    record = ReviewRecord.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_title=str(obj)[:255],
        revision=revision,
        task_state=task_state,
        clinician=clinician,
        clinician_name=clinician.name,
        gmc_number=clinician.gmc_number,
        outcome=outcome,
        content_hash=content_hash(obj),
        contributor_ids=sorted(contributor_ids),
        comment=comment or "",
    )
    log(
        instance=revision.content_object,
        action=APPROVE_LOG_ACTION
        if outcome == ReviewRecord.Outcome.APPROVED
        else REJECT_LOG_ACTION,
        user=user,
        revision=revision,
        data={
            "clinician": clinician.name,
            "gmc_number": clinician.gmc_number,
            "revision_id": revision.pk,
            "comment": record.comment,
        },
    )
    return record


def approve_revision(revision, user, comment="", task_state=None):
    """Record a clinician's approval of this exact revision, refusing an ineligible one."""
    obj = revision.content_object
    reason = approval_refusal(user, obj, revision, task_state)
    if reason:
        logger.warning("Approval refused: %s (user %s, revision %s)", reason, user, revision.pk)
        raise MedicalReviewRequired(reason)
    return _record(
        ReviewRecord.Outcome.APPROVED,
        revision,
        user,
        comment,
        task_state,
        contributors(obj, revision, task_state),
    )


def request_changes(revision, user, comment, task_state=None):
    if not is_active_clinician(user):
        raise MedicalReviewRequired("Only a registered clinician can review medical content.")
    if not (comment or "").strip():
        raise MedicalReviewRequired("Say what needs to change: the writer sees your comment.")
    return _record(ReviewRecord.Outcome.REJECTED, revision, user, comment, task_state)


@transaction.atomic
def take_review_action(task_state, user, action_name, kwargs, perform):
    """Run a MedicalReviewTask action. The task state's row is locked first, so when two
    clinicians act at the same moment the second sees the first's decision and stops.

    The decision is about the latest revision, the one the clinician previews and the
    editor shows: if the content was edited after it was submitted, the task moves on to
    that revision first, so what is approved and published is what was reviewed."""
    current = TaskState.objects.select_for_update().get(pk=task_state.pk)
    if current.status != TaskState.STATUS_IN_PROGRESS:
        raise MedicalReviewRequired("This review has already been completed by another reviewer.")
    latest = task_state.workflow_state.content_object.get_latest_revision()
    if latest is not None and latest.pk != task_state.revision_id:
        task_state.revision = latest
        task_state.save(update_fields=["revision"])
    comment = kwargs.get("comment", "")
    if action_name == "approve":
        approve_revision(task_state.revision, user, comment, task_state)
    elif action_name == "reject":
        request_changes(task_state.revision, user, comment, task_state)
    return perform(task_state, user, action_name, **kwargs)


# The publish gate


def _valid_approval(obj, digest, publisher_id):
    """The latest approval of exactly this content by a clinician who is still active and
    neither contributed to it nor is the one publishing it, or None."""
    approvals = ReviewRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        content_hash=digest,
        outcome=ReviewRecord.Outcome.APPROVED,
    ).select_related("clinician", "clinician__user")
    for approval in approvals:
        user_id = approval.clinician.user_id
        if (
            is_active_clinician(approval.clinician.user)
            and user_id not in approval.contributor_ids
            and user_id != publisher_id
        ):
            return approval
    return None


def _refusal_reason(obj):
    latest = _approvals_of(obj).first() if obj.pk else None
    title = str(obj)
    if latest is None:
        return (
            f"“{title}” cannot be published: no clinician has approved this content. "
            "Submit it for medical review; a doctor who did not write it must approve it first."
        )
    return (
        f"“{title}” cannot be published: its medical content differs from what "
        f"{latest.clinician_name} approved on {latest.created_at:%d %b %Y}, or that approval "
        "is no longer valid. Submit it for medical review again."
    )


def _live_content_unchanged(obj, digest):
    """True when the row is already live with this same medical content (a move, or a
    change to non-medical fields of content approved before the gate existed)."""
    if obj.pk is None:
        return False
    stored = type(obj).objects.filter(pk=obj.pk, live=True).first()
    return stored is not None and content_hash(stored) == digest


def publish_refusal(revision):
    """Why this revision may not go live; None if it may. For callers that want to ask
    before trying, such as the scheduled publishing command."""
    obj = revision.as_object()
    digest = content_hash(obj)
    if _valid_approval(obj, digest, revision.user_id) or _live_content_unchanged(obj, digest):
        return None
    return _refusal_reason(obj)


def enforce_publish_gate(obj, update_fields=None):
    """Called from ``save()`` of every medical model. Raises ``MedicalReviewRequired`` when
    the save would make unapproved medical content live. Returns the review metadata
    fields it set, for saves limited by ``update_fields``."""
    if not obj.live:
        return []
    if update_fields is not None:
        touched = set(update_fields)
        if not (touched & PUBLISHING_FIELDS or touched & set(obj.medical_fields)):
            return []
    digest = content_hash(obj)
    live_revision = getattr(obj, "live_revision", None)
    approval = _valid_approval(obj, digest, live_revision.user_id if live_revision else None)
    if approval is None:
        if _live_content_unchanged(obj, digest):
            return []
        reason = _refusal_reason(obj)
        logger.warning("Publish refused for %s pk=%s: %s", type(obj).__name__, obj.pk, reason)
        raise MedicalReviewRequired(reason, obj=obj)
    if isinstance(obj, MedicalPageMixin):
        _apply_review_metadata(obj, approval)
        return REVIEW_METADATA_FIELDS
    return []


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_interval_months(page):
    """The page's own interval, else the clinic's default, never more than 36 months."""
    from home.models import ClinicSettings

    months = page.review_interval_months
    if not months:
        site = page.get_site() if page.pk else None
        settings = ClinicSettings.objects.filter(site=site).first() if site else None
        months = settings.default_review_interval_months if settings else None
    return min(months or DEFAULT_REVIEW_INTERVAL_MONTHS, MAX_REVIEW_INTERVAL_MONTHS)


def _apply_review_metadata(page, approval):
    reviewed_on = timezone.localdate(approval.created_at)
    page.reviewed_by = approval.clinician
    page.last_reviewed = reviewed_on
    page.next_review_due = add_months(reviewed_on, review_interval_months(page))


def log_refusal(refusal, user):
    """Put a refused publish in the audit log. Called by whoever turns the refusal into a
    message, once the refused transaction is over, so the entry is kept. A page whose
    creation the refusal rolled back has nothing to attach an entry to; the gate's own
    warning in the application log still records it."""
    obj = refusal.obj
    if obj is None or obj.pk is None or not type(obj).objects.filter(pk=obj.pk).exists():
        return
    user = user if user is not None and user.is_authenticated else None
    log(instance=obj, action=REFUSED_LOG_ACTION, user=user, data={"reason": str(refusal)})


def publish_approved_revision(workflow_state, user=None):
    """``WAGTAIL_FINISH_WORKFLOW_ACTION``: publish the revision the clinician approved (not
    whatever is latest), without requiring publish permission of the clinician: their
    approval, which the gate checks, is the authority to publish."""
    approval = ReviewRecord.objects.filter(
        task_state__workflow_state=workflow_state, outcome=ReviewRecord.Outcome.APPROVED
    ).first()
    if approval is None:
        raise MedicalReviewRequired("This workflow finished without a clinician's approval.")
    approval.revision.publish(user=user, skip_permission_checks=True)
