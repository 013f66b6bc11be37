"""The claims checker's word lists (edited by Editors in the admin), the clinicians'
acceptances of flagged sentences, and the record of review reminders already sent. The
review task and the record of every decision are in ``records``."""

import hashlib
import re

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from .records import MedicalReviewTask, ReviewRecord


def sentence_hash(text):
    """Identifies a sentence across revisions: the same words, whatever the spacing."""
    normalised = re.sub(r"\s+", " ", text).strip()
    return hashlib.sha256(normalised.encode()).hexdigest()


class ClaimPhrase(index.Indexed, models.Model):
    """A word or phrase of a claim that needs evidence. The checker matches every
    inflection ("ease" matches "eases", "eased", "easing"), and flags it only in the
    context the phrase requires: a health target, absolute wording, or none."""

    class Category(models.TextChoices):
        TREATMENT = "treatment", "Treatment or cure claim"
        BENEFIT = "benefit", "Benefit claim"
        SAFETY = "safety", "Safety claim"
        PROMISE = "promise", "Promise of a result"
        CERTAINTY = "certainty", "Certainty or proof claim"
        DETOX = "detox", "Detox or immunity claim"

    class Requires(models.TextChoices):
        TARGET = "target", "A health target (a condition, symptom or body function)"
        ABSOLUTE = "absolute", "Absolute wording (“completely”, “100%”, “no”, “for everyone”)"
        NOTHING = "nothing", "Nothing: the phrase is a claim by itself"

    phrase = models.CharField(
        max_length=100,
        unique=True,
        help_text=(
            "The base form (“ease”, “side effect”); its other forms match too. “*” stands for "
            "up to three words (“flush * toxins”). A term in capitals (“ME”) matches only in "
            "capitals."
        ),
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    requires = models.CharField(
        max_length=20,
        choices=Requires.choices,
        default=Requires.TARGET,
        help_text="What else the sentence must say for the phrase to be a claim.",
    )
    strong = models.BooleanField(
        default=False,
        help_text=(
            "A cure, elimination or detox claim: still flagged when hedged (“may cure”). "
            "Milder claims (“may ease tiredness”) are not flagged when hedged."
        ),
    )
    reason = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown to writers next to the flagged sentence. Leave blank to use the category.",
    )
    suggestion = models.CharField(
        max_length=100,
        blank=True,
        help_text=(
            "Compliant wording that replaces the phrase in the suggested rewrite, e.g. “help "
            "with” for “cure”. Leave blank when there is none."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("phrase"),
        FieldPanel("category"),
        FieldPanel("requires"),
        FieldPanel("strong"),
        FieldPanel("reason"),
        FieldPanel("suggestion"),
    ]
    search_fields = [index.SearchField("phrase"), index.AutocompleteField("phrase")]

    class Meta:
        ordering = ["phrase"]

    def __str__(self):
        return self.phrase

    @property
    def explanation(self):
        return self.reason or self.get_category_display()


class HealthTerm(index.Indexed, models.Model):
    """A condition, symptom or body function: what makes "reduces" or "treats" a health
    claim ("reduces tiredness") rather than an everyday word ("reduces waiting times")."""

    class Kind(models.TextChoices):
        CONDITION = "condition", "Condition"
        SYMPTOM = "symptom", "Symptom"
        BODY_FUNCTION = "body_function", "Body function"
        APPEARANCE = "appearance", "Appearance"
        IMMUNITY = "immunity", "Immunity or detox"

    term = models.CharField(
        max_length=100,
        unique=True,
        help_text=(
            "Singular: “headache” also matches “headaches”. In capitals (“ME”) it matches "
            "only capitals."
        ),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("term"), FieldPanel("kind")]
    search_fields = [index.SearchField("term"), index.AutocompleteField("term")]

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term


class PrescriptionOnlyMedicine(index.Indexed, models.Model):
    """A medicine by generic or brand name, with its UK legal status and where that was
    checked. Naming a prescription-only medicine to the public needs care (it may not be
    advertised: Human Medicines Regulations 2012, reg. 284), so the checker flags each
    mention of one that is POM in any form. Pharmacy (P) and general sale (GSL) names are
    kept to record why they are not flagged."""

    class LegalStatus(models.TextChoices):
        POM = "POM", "Prescription-only medicine (POM)"
        VARIES = "varies", "POM in some forms or strengths only"
        P = "P", "Pharmacy medicine (P)"
        GSL = "GSL", "General sales list (GSL)"

    FLAGGED_STATUSES = (LegalStatus.POM, LegalStatus.VARIES)

    name = models.CharField(max_length=150, unique=True)
    active_substance = models.CharField(
        max_length=150, blank=True, help_text="For a brand, its generic name."
    )
    legal_status = models.CharField(
        max_length=10, choices=LegalStatus.choices, default=LegalStatus.POM
    )
    source = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where the status can be checked, e.g. the SmPC's “Legal category” on the EMC.",
    )
    checked_on = models.DateField(
        null=True,
        blank=True,
        help_text="When someone last checked the status at that source. Blank: not yet checked.",
    )
    notes = models.TextField(blank=True, help_text="Forms, strengths, doubts.")
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("active_substance"),
        FieldPanel("legal_status"),
        FieldPanel("source"),
        FieldPanel("checked_on"),
        FieldPanel("notes"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("active_substance"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "medicine"
        verbose_name_plural = "medicines by legal status"

    def __str__(self):
        return self.name

    @property
    def is_flagged(self):
        return self.legal_status in self.FLAGGED_STATUSES


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


__all__ = [
    "ClaimAcceptance",
    "ClaimPhrase",
    "HealthTerm",
    "MedicalReviewTask",
    "PrescriptionOnlyMedicine",
    "ReviewRecord",
    "ReviewReminder",
]
