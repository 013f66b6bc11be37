"""The claims checker's word lists (edited by Editors in the admin), the clinicians'
acceptances of flagged sentences, and the record of review reminders already sent."""

import hashlib
import re

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


def sentence_hash(text):
    """Identifies a sentence across revisions: the same words, whatever the spacing."""
    normalised = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(normalised.encode()).hexdigest()


class ClaimPhrase(index.Indexed, models.Model):
    """A word or phrase that makes a medical claim needing evidence. It also matches its
    -s/-es form ("improve" matches "improves"); add other forms as phrases of their own."""

    class Category(models.TextChoices):
        TREATMENT = "treatment", "Treatment or cure claim"
        BENEFIT = "benefit", "Benefit claim"
        SAFETY = "safety", "Safety claim"
        CERTAINTY = "certainty", "Certainty or proof claim"

    phrase = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=20, choices=Category.choices)
    reason = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown to writers next to the flagged sentence. Leave blank to use the category.",
    )

    panels = [FieldPanel("phrase"), FieldPanel("category"), FieldPanel("reason")]
    search_fields = [index.SearchField("phrase"), index.AutocompleteField("phrase")]

    class Meta:
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase

    @property
    def explanation(self):
        return self.reason or self.get_category_display()


class PrescriptionOnlyMedicine(index.Indexed, models.Model):
    """A prescription-only medicine, by generic or brand name. Naming one to the public
    needs care (it may not be advertised), so the checker flags each mention."""

    name = models.CharField(max_length=150, unique=True)

    panels = [FieldPanel("name")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = "prescription-only medicine"

    def __str__(self):
        return self.name


class ClaimAcceptance(models.Model):
    """A clinician's decision that a flagged sentence may stand without a reference, and
    why. It holds while the sentence is unchanged: an edit to the sentence is a new one."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="claim_acceptances"
    )
    sentence_hash = models.CharField(max_length=64, db_index=True)
    sentence = models.TextField()
    clinician = models.ForeignKey(
        "cms.Clinician", on_delete=models.PROTECT, related_name="claim_acceptances"
    )
    note = models.TextField(help_text="Why this sentence may stand without a reference.")
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The revision the clinician was reviewing.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.clinician} accepted “{self.sentence[:60]}”"

    def save(self, *args, **kwargs):
        if not self.sentence_hash:
            self.sentence_hash = sentence_hash(self.sentence)
        super().save(*args, **kwargs)


class ReviewReminder(models.Model):
    """A reminder sent about one page's review due on one date, so the daily job never
    sends the same one twice: at most one "due soon", one "overdue" and one "unpublished"
    message per page and due date."""

    class Stage(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"
        UNPUBLISHED = "unpublished", "Unpublished as overdue"

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="review_reminders"
    )
    due_date = models.DateField()
    stage = models.CharField(max_length=20, choices=Stage.choices)
    recipients = models.JSONField(default=list)
    workflow_started = models.BooleanField(default=False)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "due_date", "stage"], name="one_reminder_per_page_due_date_stage"
            )
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: page {self.page_id}, due {self.due_date}"
