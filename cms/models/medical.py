"""What every piece of medical content shares: pages carry review metadata kept by the
system, and shared snippets carry Wagtail's draft, revision and workflow state so they go
through the same medical review as pages."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    ReferenceIndex,
    RevisionMixin,
    WorkflowMixin,
)

MAX_REVIEW_INTERVAL_MONTHS = 36


class MedicalPageMixin(models.Model):
    """Review metadata on a page. Writers never type it: it is set when a clinician
    approves, and shown read-only in the editor's Review tab."""

    reviewed_by = models.ForeignKey(
        "cms.Clinician",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinician who last approved this content.",
    )
    # The approval the live page stands on: what the page says about its review (who, with
    # which GMC number and specialty) is read from it, never from today's register.
    review_record = models.ForeignKey(
        "cms.ReviewRecord",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_reviewed = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    review_interval_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1),
            MaxValueValidator(
                MAX_REVIEW_INTERVAL_MONTHS,
                "Medical content must be reviewed at least every 36 months.",
            ),
        ],
        help_text="Months between medical reviews. Leave blank for the clinic's default.",
    )

    # Fields whose change needs a new medical review (see cms/medical_review.py).
    medical_fields = ["title"]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from cms.medical_review import enforce_publish_gate

        set_fields = enforce_publish_gate(self, kwargs.get("update_fields"))
        if set_fields and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = [*kwargs["update_fields"], *set_fields]
        result = super().save(*args, **kwargs)
        if self.live and kwargs.get("update_fields") is None:
            # What live pages show is what keeps a snippet from being unpublished: index
            # it now rather than when a background worker gets to it.
            with transaction.atomic():
                ReferenceIndex.create_or_update_for_object(self)
        return result

    def save_revision(self, *args, overwrite_revision=None, **kwargs):
        from cms.medical_review import MedicalReviewRequired, unless_frozen

        if self.alias_of_id:
            # Wagtail's bulk publish and v3 publish would fail here with a RuntimeError.
            raise MedicalReviewRequired(
                f"“{self.title}” is an alias: it follows its original page and cannot be "
                "published on its own. Publish the original page instead.",
                obj=self,
            )
        return super().save_revision(
            *args, overwrite_revision=unless_frozen(overwrite_revision), **kwargs
        )

    @property
    def reviewer(self):
        """The approving clinician as recorded at approval, or None."""
        return self.review_record.attribution if self.review_record_id else None

    def get_workflow(self):
        """Medical pages always go through medical review, wherever they sit in the tree."""
        from cms.models.review import medical_review_workflow

        return medical_review_workflow() or super().get_workflow()

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def attached_disclaimers(self):
        """Disclaimers chosen for this page, live versions only, in editor order."""
        return [item.disclaimer for item in self.disclaimers.all() if item.disclaimer.live]

    def applicable_disclaimers(self, candidates=None):
        """Every disclaimer a reader must see: those attached plus any the clinic's rules
        require, so a required one is never missing from what is served. ``candidates``
        (``rule_candidates()``) lets a listing load the rules once for all its pages."""
        from .disclaimers import required_disclaimers

        attached = self.attached_disclaimers()
        seen = {d.pk for d in attached}
        topic_ids = [t.pk for t in self.topics.all()] if hasattr(self, "topics") else []
        required = required_disclaimers(type(self), topic_ids, candidates)
        return attached + [d for d in required if d.pk not in seen]


class MedicalSnippet(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    ClusterableModel,
):
    """A reusable snippet whose text is medical content (a reference, a disclaimer, a
    shared FAQ): it has drafts, revisions and a workflow, and only its live version is
    ever rendered or served."""

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )

    preview_template = "previews/snippet.html"
    medical_fields = []

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from cms.medical_review import enforce_publish_gate, enforce_snippet_removal

        enforce_publish_gate(self, kwargs.get("update_fields"))
        enforce_snippet_removal(self)
        return super().save(*args, **kwargs)

    def save_revision(self, *args, overwrite_revision=None, **kwargs):
        from cms.medical_review import unless_frozen

        return super().save_revision(
            *args, overwrite_revision=unless_frozen(overwrite_revision), **kwargs
        )

    def get_preview_template(self, request, mode_name):
        return self.preview_template
