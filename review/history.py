from dataclasses import dataclass
from datetime import datetime

from wagtail.admin.panels import FieldPanel, HelpPanel, Panel


@dataclass
class ReviewEvent:
    """One line of a page's review history, whatever it came from."""

    when: datetime
    event: str
    kind: str  # "approved", "rejected", "submitted" or "refused"
    by: str = ""
    gmc_number: str = ""
    revision_id: int | None = None
    details: str = ""


def review_history(instance):
    """Every medical review decision, workflow submission and refused publish of this
    object, newest first. Nothing for an object not saved yet (the create view)."""
    if instance is None or instance.pk is None:
        return []

    from wagtail.admin.utils import get_user_display_name
    from wagtail.log_actions import registry as log_registry
    from wagtail.models import WorkflowState

    from review.gate import REFUSED_LOG_ACTION, decisions_on

    def display_name(user):
        return get_user_display_name(user) if user is not None else ""

    events = []
    records = decisions_on(instance)
    for record in records:
        events.append(
            ReviewEvent(
                when=record.created_at,
                event=record.get_outcome_display(),
                kind=record.outcome,
                by=record.clinician_name,
                gmc_number=record.gmc_number,
                revision_id=record.revision_id,
                details=record.comment,
            )
        )
    submissions = WorkflowState.objects.for_instance(instance).select_related(
        "requested_by", "workflow", "current_task_state"
    )
    for state in submissions:
        task_state = state.current_task_state
        events.append(
            ReviewEvent(
                when=state.created_at,
                event=f"Submitted to “{state.workflow.name}”",
                kind="submitted",
                by=display_name(state.requested_by),
                revision_id=task_state.revision_id if task_state else None,
                details=f"Status: {state.get_status_display()}",
            )
        )
    refusals = (
        log_registry.get_logs_for_instance(instance)
        .filter(action=REFUSED_LOG_ACTION)
        .select_related("user")
    )
    for entry in refusals:
        events.append(
            ReviewEvent(
                when=entry.timestamp,
                event="Publish refused",
                kind="refused",
                by=entry.user_display_name if entry.user_id else "",
                revision_id=entry.revision_id,
                details=(entry.data or {}).get("reason", ""),
            )
        )
    events.sort(key=lambda e: e.when, reverse=True)
    return events


class ReviewHistoryPanel(Panel):
    """Read-only audit trail of a medical page: clinicians' decisions, submissions for
    review and publishes the gate refused."""

    def __init__(self, heading="Review history", **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/review_history.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["events"] = review_history(self.instance)
            return context


# The review tab of every medical page: what the last clinician approval recorded, shown
# read-only because only an approval may change it, and the page's review history.
review_panels = [
    HelpPanel(
        content="These dates are set when a clinician approves the page. "
        "Edit the interval to review this page more often than the clinic's default."
    ),
    FieldPanel("reviewed_by", read_only=True),
    FieldPanel("last_reviewed", read_only=True),
    FieldPanel("next_review_due", read_only=True),
    FieldPanel("review_interval_months"),
    ReviewHistoryPanel(),
]
