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

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.log_actions import log
from wagtail.models import Page, ReferenceIndex, Revision, TaskState

from cms.models.medical import MAX_REVIEW_INTERVAL_MONTHS, MedicalSnippet
from cms.rich_text import canonical_rich_text
from cms.validators import validate_gmc_number

from .pages import MedicalPageMixin
from .records import ReviewRecord, medical_review_workflow

logger = logging.getLogger("review.gate")

DEFAULT_REVIEW_INTERVAL_MONTHS = 12
REVIEW_METADATA_FIELDS = ["reviewed_by", "review_record", "last_reviewed", "next_review_due"]
PUBLISHING_FIELDS = {"live", "live_revision"}

APPROVE_LOG_ACTION = "review.gate.approve"
REJECT_LOG_ACTION = "review.gate.reject"
REFUSED_LOG_ACTION = "review.gate.publish_refused"


class MedicalReviewRequired(Exception):
    """A refusal by the gate or the review task, worded for the writer who will read it.
    Not a PermissionDenied: the admin would swallow that into a generic "no permission"
    page, where this must reach review.middleware and say why."""

    def __init__(self, message, obj=None):
        super().__init__(message)
        self.obj = obj


def is_medical(obj):
    return is_medical_model(type(obj))


# Content hashing


def _canonical_block(block, value):
    """A block's value by its definition: rich text canonicalised, block ids dropped, list
    items in one shape; every other value as the block stores it."""
    if isinstance(block, blocks.StreamBlock):
        return [
            {"type": child.block_type, "value": _canonical_block(child.block, child.value)}
            for child in value
        ]
    if isinstance(block, blocks.StructBlock):
        return {
            name: _canonical_block(child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [_canonical_block(block.child_block, item) for item in value]
    if isinstance(block, blocks.RichTextBlock):
        return canonical_rich_text(value.source if value is not None else "")
    return block.get_prep_value(value)


def _canonical_field(field, value):
    if isinstance(field, StreamField):
        return _canonical_block(field.stream_block, value)
    if isinstance(field, RichTextField):
        return canonical_rich_text(value)
    return value


def _child_values(child):
    """A child row's content without its identity (pk, parent key, position)."""
    return {
        field.attname: _canonical_field(field, getattr(child, field.attname))
        for field in child._meta.concrete_fields
        if not field.primary_key
        and not isinstance(field, ParentalKey)
        and field.name != "sort_order"
    }


def medical_content(obj):
    """The reviewed fields of an object (``medical_fields``), as plain data without
    identifiers: ``{field name: canonical value}``."""
    content = {}
    for name in obj.medical_fields:
        field = obj._meta.get_field(name)
        if field.one_to_many:
            content[name] = [_child_values(child) for child in getattr(obj, name).all()]
        elif field.is_relation:
            content[name] = getattr(obj, field.attname)
        else:
            content[name] = _canonical_field(field, getattr(obj, name))
    return content


def _serialise(value):
    return json.dumps(value, sort_keys=True, default=str)


def content_hash(obj):
    return hashlib.sha256(_serialise(medical_content(obj)).encode()).hexdigest()


def content_units(obj):
    """The pieces of reviewed content one author can write: each top-level block of a
    stream, each child row, each other field's value. Authorship is traced per piece."""
    units = set()
    for name, value in medical_content(obj).items():
        pieces = value if isinstance(value, list) else [value]
        units.update((name, _serialise(piece)) for piece in pieces)
    return units


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


def _content_type(obj):
    """The specific model's content type, also for a page passed as a base ``Page``."""
    model = obj.specific_class if isinstance(obj, Page) else type(obj)
    return ContentType.objects.get_for_model(model)


def decisions_on(obj):
    """Every clinician's decision on this object, newest first."""
    return ReviewRecord.objects.filter(content_type=_content_type(obj), object_id=str(obj.pk))


def _approvals_of(obj):
    return decisions_on(obj).filter(outcome=ReviewRecord.Outcome.APPROVED)


def revision_under_review(obj):
    """The revision a decision is about: the latest one, which the editor shows and the
    clinician previews. The task moves to it when the decision is taken, the modal lists
    its claims, the dashboard counts them, and the decision form carries its id."""
    return obj.get_latest_revision()


def approval_before(obj, revision):
    """The latest approval of this object of a revision older than this one: what a new
    review compares against, and where the contributors to a revision start counting."""
    return (
        _approvals_of(obj)
        .filter(revision__created_at__lt=revision.created_at)
        .select_related("revision")
        .first()
    )


def contributors(obj, revision, task_state=None):
    """Users who may not approve this revision because the content is theirs: everyone who
    saved a revision since the last approval (they shaped it, deletions included), and
    everyone who ever wrote a piece of it that is still there (so content cannot be
    laundered back to its author by reverting to their revision), and its submitter."""
    history = list(
        Revision.objects.for_instance(obj)
        .filter(created_at__lte=revision.created_at)
        .order_by("created_at", "pk")
    )
    last_approval = approval_before(obj, revision)
    user_ids = {
        r.user_id
        for r in history
        if r.user_id and (last_approval is None or r.created_at > last_approval.revision.created_at)
    }
    reviewed = content_units(revision.as_object())
    previous = set()
    for earlier in history:
        units = content_units(earlier.as_object()) if earlier.pk != revision.pk else reviewed
        if earlier.user_id and (units - previous) & reviewed:
            user_ids.add(earlier.user_id)
        previous = units
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
    (the claims checker, review/claims.py), or None."""
    from review.claims import claims_refusal

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
        revision_number=revision.pk,
        task_state=task_state,
        clinician=clinician,
        clinician_name=clinician.name,
        gmc_number=clinician.gmc_number,
        specialty=clinician.specialty,
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


def _check_seen(under_review, seen_revision_id):
    """An approval is of the revision the clinician was shown: refused when the content
    changed after the review screen was opened, whoever changed it."""
    if str(seen_revision_id) != str(under_review.pk):
        saved_by = f", saved by {under_review.user}" if under_review.user else ""
        raise MedicalReviewRequired(
            f"The content changed after you opened it (revision {under_review.pk}{saved_by})"
            ": nothing was approved. Review the latest version and decide again."
        )


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
    # A task state exists only for content with a revision, so there is always one.
    under_review = revision_under_review(task_state.workflow_state.content_object)
    if action_name == "approve":
        _check_seen(under_review, kwargs.get("revision_id"))
    if under_review.pk != task_state.revision_id:
        task_state.revision = under_review
        task_state.save(update_fields=["revision"])
    comment = kwargs.get("comment", "")
    if action_name == "approve":
        approve_revision(task_state.revision, user, comment, task_state)
    elif action_name == "reject":
        request_changes(task_state.revision, user, comment, task_state)
    # Wagtail's task takes only the comment; the rest of the form was for us.
    return perform(task_state, user, action_name, comment=comment)


# The publish gate


def _valid_approval(obj, digest, publisher_id):
    """The approval that lets exactly this content of this object go live, or None.

    The latest decision on the content wins: a clinician's rejection of it revokes every
    earlier approval of the same content. Of the approvals since then, the newest by a
    clinician who is still active, did not contribute to it and is not the one publishing."""
    decisions = (
        decisions_on(obj).filter(content_hash=digest).select_related("clinician", "clinician__user")
    )
    for decision in decisions:
        if decision.outcome != ReviewRecord.Outcome.APPROVED:
            return None
        user_id = decision.clinician.user_id
        if (
            is_active_clinician(decision.clinician.user)
            and user_id not in decision.contributor_ids
            and user_id != publisher_id
        ):
            return decision
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
    stored = type(obj).objects.filter(pk=obj.pk, live=True).first()  # none for a new row
    return stored is not None and content_hash(stored) == digest


def publish_refusal(revision):
    """Why this revision may not go live; None if it may. For callers that want to ask
    before trying, such as the scheduled publishing command."""
    obj = revision.as_object()
    dependencies = _unpublished_dependencies_refusal(obj)
    if dependencies:
        return dependencies
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
    dependencies = _unpublished_dependencies_refusal(obj)
    live_revision = getattr(obj, "live_revision", None)
    publisher_id = live_revision.user_id if live_revision else None
    approval = None if dependencies else _valid_approval(obj, digest, publisher_id)
    if approval is None:
        if not dependencies and _live_content_unchanged(obj, digest):
            return []
        reason = dependencies or _refusal_reason(obj)
        logger.warning("Publish refused for %s pk=%s: %s", type(obj).__name__, obj.pk, reason)
        raise MedicalReviewRequired(reason, obj=obj)
    if isinstance(obj, MedicalPageMixin):
        _apply_review_metadata(obj, approval)
        return REVIEW_METADATA_FIELDS
    return []


# What live content depends on


def medical_dependencies(obj):
    """The medical snippets (references, disclaimers, shared FAQs) this content shows: the
    rows its child relations choose and the snippets its stream blocks choose."""
    found = []
    for name in obj.medical_fields:
        field = obj._meta.get_field(name)
        if field.one_to_many:
            for child in getattr(obj, name).all():
                found += [
                    getattr(child, fk.name)
                    for fk in child._meta.concrete_fields
                    if fk.is_relation and _is_medical_snippet_model(fk.related_model)
                ]
        elif isinstance(field, StreamField):
            found += _chosen_snippets(field.stream_block, getattr(obj, name))
    return [snippet for snippet in found if snippet is not None]


def _is_medical_snippet_model(model):
    return isinstance(model, type) and issubclass(model, MedicalSnippet)


def _chosen_snippets(block, value):
    if isinstance(block, blocks.StreamBlock):
        return [s for child in value for s in _chosen_snippets(child.block, child.value)]
    if isinstance(block, blocks.StructBlock):
        return [
            s
            for name, child in block.child_blocks.items()
            for s in _chosen_snippets(child, value.get(name))
        ]
    if isinstance(block, blocks.ListBlock):
        return [s for item in value for s in _chosen_snippets(block.child_block, item)]
    if isinstance(block, blocks.ChooserBlock) and _is_medical_snippet_model(block.target_model):
        return [value] if value is not None else []
    return []


def unpublished_dependencies(obj):
    """The medical snippets this content shows that are not live, each once, in order."""
    drafts = {}
    for snippet in medical_dependencies(obj):
        if not snippet.live:
            drafts.setdefault((type(snippet), snippet.pk), snippet)
    return list(drafts.values())


def submit_draft_dependencies(obj, user):
    """Start medical review on the drafts this content shows that are not in a workflow
    yet, as submitted by ``user`` (who must be allowed to edit them). Returns them."""
    workflow = medical_review_workflow()
    if workflow is None or user is None:
        return []
    started = []
    for snippet in unpublished_dependencies(obj):
        meta = type(snippet)._meta
        if snippet.workflow_in_progress or snippet.latest_revision_id is None:
            continue
        if not user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            continue
        workflow.start(snippet, user)
        started.append(snippet)
    return started


def _unpublished_dependencies_refusal(obj):
    drafts = unpublished_dependencies(obj)
    if not drafts:
        return None
    names = "; ".join(f"{type(d)._meta.verbose_name} “{d}”" for d in drafts)
    return (
        f"“{obj}” cannot be published: it shows {names}, not yet approved and published. "
        "Have it reviewed first, so readers never see a citation or disclaimer that is missing."
    )


def live_dependants(snippet):
    """Live pages that show this snippet, found through Wagtail's reference index (which
    indexes each page's row: its live content while it is live)."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(snippet)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return list(Page.objects.live().filter(pk__in=[int(i) for i in page_ids]).specific())


def _titles(pages, shown=10):
    """The pages a refusal names, the first ``shown`` of them."""
    titles = ", ".join(f"“{page.title}”" for page in pages[:shown])
    return titles + (f" and {len(pages) - shown} more" if len(pages) > shown else "")


def in_live_use(model):
    """Objects of ``model`` (images, documents) that live, public pages use, by Wagtail's
    reference index: the only ones the public may see."""
    live_pages = Page.objects.live().public().annotate(key=Cast("pk", CharField())).values("key")
    used = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(model),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=live_pages,
    ).values("to_object_id")
    return model.objects.annotate(key=Cast("pk", CharField())).filter(key__in=used)


# What a reader sees of an image or document: its file, its title, and for an image the
# focal point that crops its renditions.
FILE_FIELDS = ["file", "title", "focal_point_x", "focal_point_y", "focal_point_width"]


def refuse_replacing_used_file(sender, instance, **kwargs):
    """``pre_save`` of images and documents: what live medical pages show cannot change
    without review. Upload a new one and change the page, which is a reviewed change."""
    stored = sender.objects.filter(pk=instance.pk).first()
    if stored is None:  # a new upload, or a row created with its id (fixtures, restores)
        return
    changed = [
        name
        for name in FILE_FIELDS
        if hasattr(instance, name) and str(getattr(stored, name)) != str(getattr(instance, name))
    ]
    if not changed:
        return
    pages = [page for page in live_dependants(stored) if isinstance(page, MedicalPageMixin)]
    if pages:
        raise MedicalReviewRequired(
            f"“{stored.title}” cannot be changed: live medical pages show it ({_titles(pages)}). "
            "Upload a new one and change the pages, which a clinician then reviews.",
            obj=stored,
        )


def removal_refusal(snippet, verb):
    """Why this live medical snippet may not be unpublished or deleted, or None."""
    if getattr(snippet, "rules", None) is not None and snippet.rules.exists():
        return (
            f"“{snippet}” cannot be {verb}: the clinic's rules require it on medical pages. "
            "Remove its rules in a reviewed change first."
        )
    pages = live_dependants(snippet)
    if pages:
        return (
            f"“{snippet}” cannot be {verb}: live pages show it ({_titles(pages)}). "
            "Remove it from those pages in a reviewed change first."
        )
    return None


def before_snippet_save(snippet, update_fields=None):
    """The ``medical_snippet_before_save`` hook: a medical snippet's ``save()`` goes
    through the same gate as a page's, and may not be taken from live pages."""
    enforce_publish_gate(snippet, update_fields)
    enforce_snippet_removal(snippet)


def enforce_snippet_removal(snippet):
    """Unpublishing a snippet that live pages show would change them without review (a
    missing disclaimer, renumbered citations)."""
    if snippet.live:
        return
    stored = type(snippet).objects.filter(pk=snippet.pk, live=True).first()
    if stored is None:  # not live before either, or a new snippet
        return
    reason = removal_refusal(stored, "unpublished")
    if reason:
        raise MedicalReviewRequired(reason, obj=snippet)


def enforce_snippet_deletion(snippet):
    """The ``medical_snippet_before_delete`` hook: a medical snippet live pages show
    cannot be deleted (admin, bulk delete, v3, shell alike)."""
    if snippet.live:
        reason = removal_refusal(snippet, "deleted")
        if reason:
            raise MedicalReviewRequired(reason, obj=snippet)


def refuse_deleting_used_snippet(sender, instance, **kwargs):
    """``pre_delete``: the same for a deletion that does not call the model's ``delete()``
    (a queryset's)."""
    if isinstance(instance, MedicalSnippet):
        enforce_snippet_deletion(instance)


# Approved and live revisions are the record of what was reviewed and what is shown


def is_frozen(revision):
    """A revision a clinician decided on, one submitted for review, or the live one (of a
    saved revision: an unsaved one has nothing to protect)."""
    obj = revision.content_object
    return (
        ReviewRecord.objects.filter(revision_id=revision.pk).exists()
        or TaskState.objects.filter(revision_id=revision.pk).exists()
        or getattr(obj, "live_revision_id", None) == revision.pk
    )


def unless_frozen(revision):
    """The revision an autosave may overwrite, or None to save a new one instead: the
    writer's edits are kept, and the approved revision stays what was approved."""
    return None if revision is not None and is_frozen(revision) else revision


def refuse_rewriting_frozen_revision(sender, instance, **kwargs):
    """``pre_save`` of a Revision: the backstop for any path that would change a frozen
    revision's content in place."""
    if not is_medical_model(instance.content_type.model_class()):
        return
    # A new row stores nothing yet; only a change of content matters (scheduling an
    # approved revision saves its go-live time).
    stored = Revision.objects.filter(pk=instance.pk).values_list("content", flat=True).first()
    if stored is not None and stored != instance.content and is_frozen(instance):
        raise MedicalReviewRequired(
            "An approved, submitted or live revision cannot be changed: save a new one."
        )


def is_medical_model(model):
    return isinstance(model, type) and issubclass(model, MedicalPageMixin | MedicalSnippet)


def add_months(day, months):
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_interval_months(page):
    """The page's own interval, else the clinic's default, never more than 36 months."""
    from cms.models import ClinicSettings

    months = page.review_interval_months
    if not months:
        site = page.get_site() if page.pk else None
        settings = ClinicSettings.objects.filter(site=site).first() if site else None
        months = settings.default_review_interval_months if settings else None
    return min(months or DEFAULT_REVIEW_INTERVAL_MONTHS, MAX_REVIEW_INTERVAL_MONTHS)


def _apply_review_metadata(page, approval):
    reviewed_on = timezone.localdate(approval.created_at)
    page.reviewed_by = approval.clinician
    page.review_record = approval
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
