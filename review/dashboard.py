"""Dashboard panels: each user's own queue. Writers: their drafts, changes requested of
them and their pages due for review. Clinicians: pages they last reviewed that are overdue
for re-review, and pages awaiting their review that still have unresolved claims (Wagtail
already lists what awaits their review). Editors: the site's review status at a glance."""

from collections import Counter

from django.db.models import Q
from wagtail.admin.ui.components import Component
from wagtail.models import TaskState, WorkflowState, get_default_page_content_type

from cms import roles
from review.gate import (
    clinician_of,
    contributors,
    is_active_clinician,
    revision_under_review,
)
from review.models import ReviewRecord

from .claims import check_page, is_checked, unresolved
from .review_due import medical_pages
from .status import DUE_SOON, NEVER_REVIEWED, OVERDUE, REVIEW_STATUSES, UP_TO_DATE

LIST_LIMIT = 20


def _in_group(user, name):
    return user.groups.filter(name=name).exists()


class DashboardPanel(Component):
    def __init__(self, request):
        self.request = request

    def is_shown(self):
        return False

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.is_shown() else ""


class WriterQueuePanel(DashboardPanel):
    name = "lifecycle_writer_queue"
    template_name = "lifecycle/dashboard/writer_queue.html"
    order = 205

    def is_shown(self):
        return _in_group(self.request.user, roles.WRITERS)

    def get_context_data(self, parent_context=None):
        user = self.request.user
        page_type = get_default_page_content_type()
        owned = medical_pages().filter(owner=user)
        owned_ids = [str(pk) for pk in owned.values_list("pk", flat=True)]
        active = WorkflowState.objects.active().filter(base_content_type=page_type)
        busy_ids = [int(pk) for pk in active.values_list("object_id", flat=True)]

        needs_changes = (
            WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES)
            .filter(Q(base_content_type=page_type, object_id__in=owned_ids) | Q(requested_by=user))
            .select_related("current_task_state")
            .order_by("-current_task_state__finished_at", "-pk")
        )
        changes_requested = []
        for state in needs_changes[:LIST_LIMIT]:
            obj = state.content_object
            if obj is None:
                continue
            record = ReviewRecord.objects.filter(
                task_state__workflow_state=state, outcome=ReviewRecord.Outcome.REJECTED
            ).first()
            task_state = state.current_task_state
            comment = record.comment if record else (task_state.get_comment() if task_state else "")
            changes_requested.append(
                {"obj": obj, "by": record.clinician_name if record else "", "comment": comment}
            )

        return {
            "drafts": owned.filter(has_unpublished_changes=True)
            .exclude(pk__in=busy_ids)
            .order_by("-latest_revision_created_at")[:LIST_LIMIT],
            "changes_requested": changes_requested,
            "due": owned.live()
            .filter(review_status__in=[OVERDUE, DUE_SOON])
            .order_by("next_due", "pk")[:LIST_LIMIT],
            "statuses": REVIEW_STATUSES,
        }


class ClinicianQueuePanel(DashboardPanel):
    name = "lifecycle_clinician_queue"
    template_name = "lifecycle/dashboard/clinician_queue.html"
    order = 215

    def is_shown(self):
        return is_active_clinician(self.request.user)

    def _claims_to_resolve(self, user):
        pending = []
        states = TaskState.objects.reviewable_by(user).select_related("revision")
        for task_state in states.order_by("-started_at")[:LIST_LIMIT]:
            obj = task_state.revision.content_object if task_state.revision else None
            revision = revision_under_review(obj) if obj is not None else None
            if obj is None or not is_checked(obj):
                continue
            if user.pk in contributors(obj, revision, task_state):
                continue
            open_claims = unresolved(check_page(revision.as_object()))
            if open_claims:
                pending.append({"obj": obj, "count": len(open_claims)})
        return pending

    def _reviews(self, user):
        """What waits for this clinician's decision, each with what blocks it, linked to
        its review screen."""
        from .review_screen import decision_refusal, open_review

        rows = []
        states = TaskState.objects.reviewable_by(user).select_related(
            "revision", "workflow_state__requested_by"
        )
        for task_state in states.order_by("-started_at")[:LIST_LIMIT]:
            obj = task_state.revision.content_object if task_state.revision else None
            if obj is None:
                continue
            review = open_review(obj)
            if review.task_state is None:
                continue
            rows.append(
                {
                    "review": review,
                    "requested_by": task_state.workflow_state.requested_by,
                    "refusal": decision_refusal(user, review),
                }
            )
        return rows

    def get_context_data(self, parent_context=None):
        user = self.request.user
        clinician = clinician_of(user)
        return {
            "reviews": self._reviews(user),
            "overdue": medical_pages()
            .live()
            .filter(reviewer_id=clinician.pk, review_status=OVERDUE)
            .order_by("next_due", "pk")[:LIST_LIMIT],
            "claims_to_resolve": self._claims_to_resolve(user),
        }


class ReviewStatusSummaryPanel(DashboardPanel):
    name = "lifecycle_review_status_summary"
    template_name = "lifecycle/dashboard/review_status_summary.html"
    order = 230

    def is_shown(self):
        user = self.request.user
        return user.is_superuser or _in_group(user, roles.EDITORS)

    def get_context_data(self, parent_context=None):
        pages = medical_pages()
        counts = Counter(pages.values_list("review_status", flat=True))
        return {
            "counts": [
                (status, REVIEW_STATUSES[status], counts.get(status, 0))
                for status in (OVERDUE, DUE_SOON, NEVER_REVIEWED, UP_TO_DATE)
            ],
            "overdue": pages.live()
            .filter(review_status=OVERDUE)
            .order_by("next_due", "pk")[:LIST_LIMIT],
        }


def homepage_panels(request):
    return [
        WriterQueuePanel(request),
        ClinicianQueuePanel(request),
        ReviewStatusSummaryPanel(request),
    ]
