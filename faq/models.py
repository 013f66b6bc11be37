from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.forms import MedicalPageForm
from cms.models import MedicalSnippet, PageDisclaimer
from presentation.serializers import (
    DisclaimersField,
    MedicalReviewField,
    StructuredDataField,
    TopicsField,
)
from review.history import review_panels
from review.pages import MedicalPageMixin
from review.panels import ClaimsPanel

from .blocks import ANSWER_FEATURES, FAQItemsBlock, iter_faq_items


class FAQ(index.Indexed, MedicalSnippet):
    """A question and answer in the shared library: reviewed once, reused on many pages."""

    question = models.CharField(max_length=255, unique=True)
    answer = RichTextField(features=ANSWER_FEATURES)

    panels = [FieldPanel("question"), FieldPanel("answer")]

    search_fields = [index.SearchField("question"), index.AutocompleteField("question")]

    # API v3 (/api/v3/snippets/).
    api_fields = [APIField("question", writable=True), APIField("answer", writable=True)]

    medical_fields = ["question", "answer"]

    class Meta:
        ordering = ["question"]
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question


class FAQPage(MedicalPageMixin, Page):
    """A standalone collection of questions and answers on one subject."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)
    faqs = StreamField(FAQItemsBlock(), verbose_name="questions")
    topics = ParentalManyToManyField("cms.Topic", blank=True, related_name="faq_pages")

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("faqs"),
        ClaimsPanel(),
        FieldPanel("topics"),
    ]
    disclaimer_panels = [InlinePanel("disclaimers", label="Disclaimer")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(disclaimer_panels, heading="Disclaimers"),
            ObjectList(review_panels, heading="Review"),
            ObjectList(Page.promote_panels, heading="SEO"),
        ]
    )
    base_form_class = MedicalPageForm

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("faqs")]

    # The v3 API writes the writable fields; API v2 serves all of them to frontends
    # (faq/api.py, presentation/serializers.py), ``faqs`` as ``[{question, answer}]``.
    api_fields = [
        APIField("intro", writable=True),
        APIField("topics", serializer=TopicsField()),
        APIField("faqs", writable=True),
        APIField("disclaimers", serializer=DisclaimersField()),
        APIField("medical_review", serializer=MedicalReviewField()),
        APIField("structured_data", serializer=StructuredDataField()),
    ]

    # Every word of the page a reader or a search engine sees (see ArticlePage).
    medical_fields = [
        "title",
        "slug",
        "seo_title",
        "search_description",
        "intro",
        "faqs",
        "disclaimers",
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = "FAQ page"

    def faq_items(self):
        return list(iter_faq_items(self.faqs))


class FAQPageDisclaimer(PageDisclaimer):
    page = ParentalKey(FAQPage, on_delete=models.CASCADE, related_name="disclaimers")
