"""What every medical page shares: review metadata kept by the system (set when a clinician
approves, never typed by a writer), the medical review workflow wherever the page sits, and
the publish gate on every save."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from wagtail.models import PagePermissionTester, ReferenceIndex

from cms.models.medical import MAX_REVIEW_INTERVAL_MONTHS


class MedicalPagePermissionTester(PagePermissionTester):
    """Wagtail lets anyone who may edit a page delete it while it is unpublished: a
    reviewer the draft they were asked to review, one writer another's. Without publish
    permission a user deletes only their own drafts. Every delete path asks this (the
    admin's delete view and bulk delete, API v3)."""

    def can_delete(self, ignore_bulk=False):
        if not super().can_delete(ignore_bulk=ignore_bulk):
            return False
        if self.user.is_superuser or "publish" in self.permissions:
            return True
        return not self.page.get_descendants(inclusive=True).exclude(owner=self.user).exists()


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
        "lifecycle.ReviewRecord",
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

    # Fields whose change needs a new medical review (see review/gate.py).
    medical_fields = ["title"]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        from review.gate import enforce_publish_gate

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

    def permissions_for_user(self, user):
        return MedicalPagePermissionTester(user, self)

    def save_revision(self, *args, overwrite_revision=None, **kwargs):
        from review.gate import MedicalReviewRequired, unless_frozen

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
        from review.records import medical_review_workflow

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
        from cms.models import required_disclaimers

        attached = self.attached_disclaimers()
        seen = {d.pk for d in attached}
        topic_ids = [t.pk for t in self.topics.all()] if hasattr(self, "topics") else []
        required = required_disclaimers(type(self), topic_ids, candidates)
        return attached + [d for d in required if d.pk not in seen]
