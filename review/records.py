"""The record of medical review: who approved or rejected which exact content, and the task
a clinician performs in the "Medical review" workflow."""

from dataclasses import dataclass

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, Workflow

MEDICAL_REVIEW_WORKFLOW = "Medical review"


class ReviewRecord(models.Model):
    """One clinician's decision on one revision. An approval carries the hash of the
    revision's medically relevant content: the publish gate lets content go live only
    when a valid approval with the same hash exists."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Changes requested"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=255)
    object_title = models.CharField(max_length=255)
    # Deleting a page deletes its revisions; the record outlives them, keeping the revision's
    # number, the content hash and who decided (so a deleted page's review trail survives).
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision_number = models.PositiveIntegerField(null=True, editable=False)
    task_state = models.ForeignKey(
        "wagtailcore.TaskState", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    clinician = models.ForeignKey(
        "cms.Clinician", on_delete=models.PROTECT, related_name="review_records"
    )
    # The clinician as the register described them at the decision: what a live page says
    # about its review, whatever the register says later.
    clinician_name = models.CharField(max_length=150)
    gmc_number = models.CharField("GMC number", max_length=20)
    specialty = models.CharField(max_length=150, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    content_hash = models.CharField(max_length=64, db_index=True)
    contributor_ids = models.JSONField(
        default=list, help_text="Users who wrote or edited the content; none may approve it."
    )
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # Moved here from the cms app: the table keeps its name.
        db_table = "cms_reviewrecord"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task_state"],
                condition=Q(task_state__isnull=False),
                name="one_decision_per_task_state",
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.object_title} by {self.clinician_name}"

    @property
    def attribution(self):
        return ReviewerAttribution(self.clinician_name, self.gmc_number, self.specialty)


@dataclass(frozen=True)
class ReviewerAttribution:
    """Who approved a page, as recorded at approval."""

    name: str
    gmc_number: str
    specialty: str


class RejectionForm(TaskStateCommentForm):
    """Asking for changes without saying which leaves the writer guessing."""

    comment = forms.CharField(
        widget=forms.Textarea,
        required=True,
        help_text="Tell the writer what to change. They see this comment.",
    )


class ApprovalForm(TaskStateCommentForm):
    """An approval names the revision the clinician was shown (the modal fills it in) and
    asks them to confirm they read it: an approval is refused if that is no longer the
    revision under review."""

    revision_id = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label="I have reviewed the medical content of this revision, including its changes "
        "since the last approval.",
        error_messages={"required": "Confirm that you have reviewed this revision."},
    )

    def __init__(self, *args, confirmation=None, **kwargs):
        """``confirmation``: the words confirmed, naming the revision and the date of the
        approval its changes are measured from (``lifecycle.review_screen.Review``)."""
        super().__init__(*args, **kwargs)
        if confirmation:
            self.fields["confirm"].label = confirmation


class MedicalReviewTask(AbstractGroupApprovalTask):
    """A group approval task that only an eligible clinician can approve: an active
    Clinician with a GMC number who neither wrote, submitted nor edited the content.
    Eligibility is checked when the actions are offered and again when one is taken."""

    class Meta:
        db_table = "cms_medicalreviewtask"
        verbose_name = "Medical review task"
        verbose_name_plural = "Medical review tasks"

    @classmethod
    def get_description(cls):
        return "A registered clinician who did not write the content approves it."

    def get_actions(self, obj, user):
        from review import gate

        if not self._user_in_groups(user) or not gate.is_active_clinician(user):
            return []
        # Approve is offered to every clinician of the group: when they may not approve,
        # its modal says exactly why (never a bare "permission denied"), and the action
        # refuses again when taken.
        return [("reject", "Request changes", True), ("approve", "Approve", True)]

    def start(self, workflow_state, user=None):
        """The drafts the content shows (a reference a writer created from the article's
        chooser, say) start their own review with it: it cannot go live before them, so
        a clinician can approve them in the same sitting."""
        from review import gate

        task_state = super().start(workflow_state, user=user)
        if task_state.revision is not None:
            gate.submit_draft_dependencies(task_state.revision.as_object(), user)
        return task_state

    def get_form_for_action(self, action):
        return RejectionForm if action == "reject" else ApprovalForm

    def get_template_for_action(self, action):
        """The action modal lists the claims checker's flags (review/claims.py)."""
        return "lifecycle/workflow_action_modal.html"

    def on_action(self, task_state, user, action_name, **kwargs):
        from review import gate

        return gate.take_review_action(task_state, user, action_name, kwargs, super().on_action)


def medical_review_workflow():
    return Workflow.objects.filter(name=MEDICAL_REVIEW_WORKFLOW, active=True).first()
