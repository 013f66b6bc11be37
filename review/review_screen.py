"""The clinician's review screen: everything a decision on one piece of medical content
needs, on one page. The revision under review as readers will see it (with the drafts it
shows, marked); the claims checker's flags; what changed in its medical content since the
last approval, field by field (Wagtail's comparison classes); the drafts it depends on,
which the same clinician may approve in the same sitting; the review history; and the
decision, bound to the revision shown.

It decides nothing itself. Every decision goes through the Medical review task
(``MedicalReviewTask.on_action``), so the task's and the gate's rules hold here exactly as
in the review modal, and every approval is its own ``ReviewRecord``."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.views.generic import TemplateView, View
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.panels import get_edit_handler
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.utils.decorators import xframe_options_sameorigin_override

from review import gate
from review.history import review_history
from review.models import MedicalReviewTask
from review.records import ApprovalForm, RejectionForm

from .claims import check_page, is_checked, unverified_references
from .views import AcceptClaimsForm, apply_url

DECISIONS = ("approve", "reject")


# What is under review


@dataclass
class Review:
    """One object's review as it stands: the revision a decision would be about, the
    Medical review task waiting on it (None when it is not in review), and the approval
    its changes are measured from (None before the first)."""

    obj: object
    revision: Revision | None
    task_state: TaskState | None
    last_approval: object | None

    @cached_property
    def shown(self):
        return self.revision.as_object() if self.revision else self.obj

    @property
    def kind(self):
        return str(type(self.obj)._meta.verbose_name)

    @property
    def key(self):
        return f"{ContentType.objects.get_for_model(type(self.obj)).pk}:{self.obj.pk}"

    @property
    def url(self):
        return review_url(self.obj)

    @property
    def since(self):
        """When the approval this review's changes are measured from was given."""
        return localtime(self.last_approval.created_at) if self.last_approval else None

    @property
    def confirmation(self):
        """What the clinician confirms by approving: this revision, and its changes."""
        number = self.revision.pk if self.revision else "?"
        if self.since is None:
            return (
                f"I have reviewed the medical content of revision {number} in full: "
                "it has not been approved before."
            )
        return (
            f"I have reviewed the medical content of revision {number}, including its "
            f"changes since {date_format(self.since, 'j F Y')}."
        )


def medical_task_state(obj):
    """The Medical review task waiting for a decision on this object, or None."""
    task_state = getattr(obj, "current_workflow_task_state", None)
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    return task_state if isinstance(task_state.task.specific, MedicalReviewTask) else None


def open_review(obj):
    revision = gate.revision_under_review(obj)
    return Review(
        obj=obj,
        revision=revision,
        task_state=medical_task_state(obj),
        last_approval=gate.approval_before(obj, revision) if revision else None,
    )


def review_url(obj):
    model = obj.specific_class if isinstance(obj, Page) else type(obj)
    meta = model._meta
    return reverse("lifecycle_review", args=[meta.app_label, meta.model_name, obj.pk])


def may_open(user, obj):
    """Whoever may edit the content may read its review: its writers, its clinicians,
    the editors."""
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_edit()
    meta = type(obj)._meta
    return user.has_perm(f"{meta.app_label}.change_{meta.model_name}")


def decision_refusal(user, review, action="approve"):
    """Why this user may not take this decision on this review now, or None. Approval
    gives the gate's own reason (``approval_refusal``)."""
    if review.task_state is None:
        return f"this {review.kind} is not waiting for medical review."
    actions = [name for name, *_ in review.task_state.task.specific.get_actions(review.obj, user)]
    if action not in actions:
        if not gate.is_active_clinician(user):
            return (
                "only an active registered clinician with a GMC number can review medical content."
            )
        return "you are not one of the clinicians this review is assigned to."
    if action == "approve":
        return gate.approval_refusal(user, review.obj, review.revision, review.task_state)
    return None


def names_of(user_ids):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(pk__in=user_ids).order_by("pk")
    return [get_user_display_name(user) for user in users]


def who_must(user, review):
    """Who may approve what this user may not: a clinician who did not write it."""
    if review.task_state is None or review.revision is None:
        return ""
    barred = gate.contributors(review.obj, review.revision, review.task_state)
    names = [name for name in names_of(barred - {user.pk})]
    if user.pk in barred:
        names.insert(0, "you")
    others = f", not {' or '.join(names)}" if names else ""
    return f"A clinician of the Medical reviewers group who did not write it{others}."


# What changed since the last approval


@dataclass
class FieldChange:
    label: str
    comparison: object = None  # Wagtail's comparison; None when no panel edits the field


def _edit_handler(obj):
    return obj.get_edit_handler() if isinstance(obj, Page) else get_edit_handler(type(obj))


def _compared_field(comparison):
    """The model field (or child relation) a Wagtail comparison is about."""
    return getattr(comparison.field, "related_name", None) or comparison.field.name


def medical_changes(review, request):
    """The reviewed fields whose content differs from the last approved revision, each
    with Wagtail's word-level comparison. "Differs" is the gate's own reading of the
    content (``medical_content``), so the list is exactly what a new approval covers.
    None when there is nothing to compare with (never approved, or its revision gone)."""
    if review.last_approval is None or review.last_approval.revision is None:
        return None
    before = review.last_approval.revision.as_object()
    after = review.shown
    old, new = gate.medical_content(before), gate.medical_content(after)
    changed = [name for name in after.medical_fields if old.get(name) != new.get(name)]
    if not changed:
        return []
    panel = _edit_handler(review.obj).get_bound_panel(
        instance=review.obj, request=request, form=None
    )
    comparisons = {}
    for comparison_class in panel.get_comparison():
        comparison = comparison_class(before, after)
        comparisons.setdefault(_compared_field(comparison), comparison)
    changes = []
    for name in changed:
        comparison = comparisons.get(name)
        if comparison is not None:
            label = comparison.field_label()
        else:
            model_field = type(after)._meta.get_field(name)
            label = capfirst(getattr(model_field, "verbose_name", name.replace("_", " ")))
        changes.append(FieldChange(str(label), comparison))
    return changes


# What it depends on


@dataclass
class ReviewState:
    """Where a medical snippet is in its review, in words, and where to review it."""

    label: str
    live: bool
    url: str


def review_state(snippet):
    workflow_state = getattr(snippet, "current_workflow_state", None)
    in_review = medical_task_state(snippet) is not None
    needs_changes = (
        workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    )
    if snippet.live:
        label = "Live, approved" + ("; a change to it is in medical review" if in_review else "")
    elif in_review:
        label = "Draft, in medical review"
    elif needs_changes:
        label = "Draft, changes requested"
    else:
        label = "Draft, not submitted for medical review"
    return ReviewState(label, snippet.live, review_url(snippet))


@dataclass
class Dependency:
    """A medical snippet the content shows, and whether this user may approve it here."""

    review: Review
    state: ReviewState
    refusal: str | None = None
    who_must: str = ""
    changes: list | None = None
    edit_url: str = ""

    @property
    def approvable(self):
        return not self.state.live and self.review.task_state is not None and not self.refusal

    @property
    def choice(self):
        """The checkbox value: which snippet, and which of its revisions was shown."""
        return f"{self.review.key}:{self.review.revision.pk}"


def dependencies_of(review, user, request):
    finder = AdminURLFinder(user)
    found = {}
    for snippet in gate.medical_dependencies(review.shown):
        found.setdefault((type(snippet), snippet.pk), snippet)
    dependencies = []
    for snippet in found.values():
        state = review_state(snippet)
        dependency = Dependency(open_review(snippet), state, edit_url=finder.get_edit_url(snippet))
        if not state.live:
            dependency.changes = medical_changes(dependency.review, request)
            if dependency.review.task_state is None:
                dependency.refusal = (
                    "it is not in medical review. Submit it from the reference library, or "
                    f"resubmit this {review.kind}: the drafts it shows are submitted with it."
                )
            else:
                dependency.refusal = decision_refusal(user, dependency.review)
                if dependency.refusal:
                    dependency.who_must = who_must(user, dependency.review)
        dependencies.append(dependency)
    return dependencies


# The screen


def _load(app_label, model_name, pk):
    try:
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist as missing:
        raise Http404 from missing
    if not gate.is_medical_model(model):
        raise Http404
    return get_object_or_404(model, pk=pk)


class ReviewedObjectMixin:
    def dispatch(self, request, app_label, model_name, pk):
        self.object = _load(app_label, model_name, pk)
        if not may_open(request.user, self.object):
            raise PermissionDenied
        return super().dispatch(request, app_label, model_name, pk)


class ReviewPreviewView(ReviewedObjectMixin, View):
    """One revision rendered as a reader will see it, framed by the review screen (Wagtail's
    own revision preview may not be framed). Drafts it shows appear, marked. The preview
    runs through the middleware again, which denies framing: Wagtail's override lifts it."""

    @method_decorator(xframe_options_sameorigin_override)
    def get(self, request, *args, **kwargs):
        revisions = Revision.objects.for_instance(self.object)
        revision = get_object_or_404(revisions, pk=request.GET.get("revision") or 0)
        shown = revision.as_object()
        return shown.make_preview_request(request, shown.default_preview_mode)


class ReviewScreenView(ReviewedObjectMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "lifecycle/review_screen.html"
    header_icon = "clipboard-list"

    def get_page_title(self):
        return "Medical review"

    def get_page_subtitle(self):
        return str(self.review.shown)

    def get_breadcrumbs_items(self):
        edit_url = AdminURLFinder(self.request.user).get_edit_url(self.object)
        return [
            *self.breadcrumbs_items,
            {"url": edit_url or "", "label": self.get_page_subtitle()},
            {"url": "", "label": "Medical review"},
        ]

    @cached_property
    def review(self):
        return open_review(self.object)

    @cached_property
    def dependencies(self):
        return dependencies_of(self.review, self.request.user, self.request)

    def approval_form(self, data=None):
        return ApprovalForm(data, prefix="approve", confirmation=self.review.confirmation)

    def get_context_data(self, approve_form=None, reject_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        review, user = self.review, self.request.user
        claims = check_page(review.shown) if is_checked(review.shown) else None
        refusal = decision_refusal(user, review)
        may_decide = review.task_state is not None and (
            "reject"
            in [name for name, *_ in review.task_state.task.specific.get_actions(review.obj, user)]
        )
        context.update(
            {
                "review": review,
                "object": self.object,
                "edit_url": AdminURLFinder(user).get_edit_url(self.object),
                "preview_url": (
                    f"{reverse('lifecycle_review_preview', args=self.kwargs_for_url())}"
                    f"?revision={review.revision.pk}"
                    if review.revision and self.object.is_previewable()
                    else ""
                ),
                "claims": claims,
                "unverified_references": (
                    unverified_references(review.shown) if claims is not None else []
                ),
                "accept_refusal": self.accept_refusal(claims),
                "accept_form": AcceptClaimsForm(claims or []),
                "claims_url": (
                    reverse("lifecycle_page_claims", args=[self.object.pk])
                    if claims is not None
                    else ""
                ),
                "apply_url": apply_url(self.object, user) if claims is not None else "",
                "changes": medical_changes(review, self.request),
                "dependencies": self.dependencies,
                "pending_dependencies": [d for d in self.dependencies if not d.state.live],
                "history": review_history(self.object),
                "refusal": refusal,
                "who_must": who_must(user, review) if refusal and may_decide else "",
                "may_decide": may_decide,
                "approve_form": approve_form or self.approval_form(),
                "reject_form": reject_form or RejectionForm(prefix="reject"),
                "live_revision_id": getattr(self.object, "live_revision_id", None),
            }
        )
        return context

    def kwargs_for_url(self):
        meta = type(self.review.shown)._meta
        return [meta.app_label, meta.model_name, self.object.pk]

    def accept_refusal(self, claims):
        if not claims or self.review.revision is None:
            return "nothing to accept"
        from .views import acceptance_refusal

        return acceptance_refusal(self.request.user, self.object, self.review.revision)

    # Deciding

    def post(self, request, *args, **kwargs):
        action = request.POST.get("decision")
        if action not in DECISIONS:
            messages.error(request, "Choose whether to approve or to request changes.")
            return redirect(self.review.url)
        refusal = decision_refusal(request.user, self.review, action)
        if refusal:
            verb = "approved" if action == "approve" else "decided"
            messages.error(request, f"Nothing was {verb}: {refusal}")
            return redirect(self.review.url)
        if action == "reject":
            return self.request_changes()
        return self.approve()

    def _act(self, review, action, data):
        review.task_state.task.specific.on_action(
            review.task_state, self.request.user, action, **data
        )

    def _refused(self, refusal, verb):
        gate.log_refusal(refusal, self.request.user)
        messages.error(self.request, f"Nothing was {verb}: {refusal}")
        return redirect(self.review.url)

    def request_changes(self):
        form = RejectionForm(self.request.POST, prefix="reject")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reject_form=form))
        try:
            self._act(self.review, "reject", form.cleaned_data)
        except gate.MedicalReviewRequired as refusal:
            return self._refused(refusal, "decided")
        messages.success(
            self.request,
            f"Changes requested on “{self.object}”. Its writer has your comment by e-mail "
            "and can edit and resubmit it.",
        )
        return redirect(self.review.url)

    def approve(self):
        form = self.approval_form(self.request.POST)
        chosen = self.chosen_dependencies()
        if not form.is_valid() or isinstance(chosen, str):
            if isinstance(chosen, str):
                form.add_error(None, chosen)
            return self.render_to_response(self.get_context_data(approve_form=form))
        comment = f"Approved while reviewing “{self.object}” (revision {self.review.revision.pk})."
        try:
            with transaction.atomic():
                for dependency, revision_id in chosen:
                    data = {"comment": comment, "revision_id": revision_id, "confirm": True}
                    self._act(dependency.review, "approve", data)
                self._act(self.review, "approve", form.cleaned_data)
        except gate.MedicalReviewRequired as refusal:
            return self._refused(refusal, "approved")
        messages.success(self.request, self.outcome([d.review.obj for d, _ in chosen]))
        return redirect(self.review.url)

    def chosen_dependencies(self):
        """The drafts ticked for approval with the content, each with the revision shown;
        or why the choice cannot stand. The content cannot go live while a draft it shows
        is left out, so each must be ticked or approved first."""
        approvable = {d.review.key: d for d in self.dependencies if d.approvable}
        chosen = []
        for value in self.request.POST.getlist("approve-dependency"):
            key, _, revision_id = value.rpartition(":")
            if key not in approvable:
                return "A draft you ticked can no longer be approved here: review it again."
            chosen.append((approvable[key], revision_id))
        ticked = {d.review.key for d, _ in chosen}
        left = [d for d in self.dependencies if not d.state.live and d.review.key not in ticked]
        if left:
            names = "; ".join(f"{d.review.kind} “{d.review.obj}”" for d in left)
            return (
                f"“{self.object}” shows {names}, not yet approved: tick each to approve it "
                "with it, or have it approved first. Nothing was approved."
            )
        return chosen

    def outcome(self, dependencies):
        """The success message: what is live now, by name."""
        went_live, approved = [], []
        for obj in [*dependencies, self.object]:
            fresh = type(obj).objects.get(pk=obj.pk)
            name = f"{fresh._meta.verbose_name} “{fresh}”"
            (went_live if fresh.live and not fresh.has_unpublished_changes else approved).append(
                name
            )
        message = f"Approved and published: {'; '.join(went_live)}." if went_live else ""
        if approved:
            message += f" Approved, not yet live: {'; '.join(approved)}."
        return message.strip()
