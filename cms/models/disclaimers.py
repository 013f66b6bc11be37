from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from .medical import MedicalSnippet


class Disclaimer(index.Indexed, MedicalSnippet):
    """Wording the clinic must show beside medical content (CAP Code 12: no claim that a
    treatment cures without evidence). Rules make a disclaimer required for all medical
    pages, a page type or a topic."""

    class Kind(models.TextChoices):
        MEDICAL_ADVICE = "medical_advice", "Not a substitute for medical advice"
        TREATMENT_CLAIMS = "treatment_claims", "Treatment claims and evidence"
        RESULTS_VARY = "results_vary", "Individual results vary"
        EMERGENCY = "emergency", "Emergency care"

    title = models.CharField(max_length=255)
    text = RichTextField(features=["bold", "italic", "link"])
    kind = models.CharField(max_length=32, choices=Kind.choices)

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("text"),
        InlinePanel(
            "rules",
            heading="Required on",
            label="Rule",
            help_text="Leave empty for an optional disclaimer writers attach by hand.",
        ),
    ]

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    # API v3 (/api/v3/snippets/); the rules that make a disclaimer required are set in the
    # admin only.
    api_fields = [APIField(name, writable=True) for name in ("title", "text", "kind")]

    medical_fields = ["title", "text", "kind", "rules"]

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class DisclaimerRule(Orderable):
    """One condition under which a disclaimer is required."""

    class Scope(models.TextChoices):
        ALL = "all", "Every medical page"
        PAGE_TYPE = "page_type", "Pages of one type"
        TOPIC = "topic", "Pages about one topic"

    disclaimer = ParentalKey(Disclaimer, on_delete=models.CASCADE, related_name="rules")
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.ALL)
    page_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=Q(app_label__in=["articles", "faq"], model__endswith="page")
        & ~Q(model="articleindexpage"),
    )
    topic = models.ForeignKey(
        "cms.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("scope"), FieldPanel("page_type"), FieldPanel("topic")]

    def clean(self):
        super().clean()
        if self.scope == self.Scope.PAGE_TYPE and not self.page_type_id:
            raise ValidationError({"page_type": "Choose the page type this rule applies to."})
        if self.scope == self.Scope.TOPIC and not self.topic_id:
            raise ValidationError({"topic": "Choose the topic this rule applies to."})

    def matches(self, content_type_id, topic_ids):
        if self.scope == self.Scope.ALL:
            return True
        if self.scope == self.Scope.PAGE_TYPE:
            return self.page_type_id == content_type_id
        return self.topic_id in topic_ids


def rule_candidates():
    """Every live disclaimer that has rules, with its rules: what ``required_disclaimers``
    checks. Loaded once, it answers for any number of pages."""
    candidates = Disclaimer.objects.filter(live=True, rules__isnull=False).distinct()
    return list(candidates.prefetch_related("rules"))


def required_disclaimers(page_class, topic_ids, candidates=None):
    """Live disclaimers the clinic's rules require on a page of this class with these
    topics. Takes ids rather than a page so the editor form can ask before saving;
    ``candidates`` (from ``rule_candidates()``) saves loading them again."""
    content_type_id = ContentType.objects.get_for_model(page_class).pk
    topic_ids = set(topic_ids)
    return [
        disclaimer
        for disclaimer in (rule_candidates() if candidates is None else candidates)
        if any(rule.matches(content_type_id, topic_ids) for rule in disclaimer.rules.all())
    ]


class PageDisclaimer(Orderable):
    """A disclaimer attached to a page. Concrete subclasses add the ParentalKey."""

    disclaimer = models.ForeignKey(Disclaimer, on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("disclaimer")]

    class Meta(Orderable.Meta):
        abstract = True
