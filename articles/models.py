from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.forms import MedicalPageForm
from cms.models import PageDisclaimer, PageReference
from faq.blocks import iter_faq_items
from presentation.serializers import (
    DisclaimersField,
    MedicalReviewField,
    StructuredDataField,
    TopicsField,
)
from review.history import review_panels
from review.pages import MedicalPageMixin
from review.panels import ClaimsPanel

from .api import (
    AuthorsField,
    FAQsField,
    HeroImageField,
    ReferencesField,
    RelatedArticlesField,
)
from .blocks import ArticleBodyBlock

RELATED_ARTICLES = 3


class ArticleIndexPage(Page):
    """The articles section: lists published articles, newest first."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    def articles(self):
        return (
            ArticlePage.objects.child_of(self)
            .live()
            .public()
            .order_by("-first_published_at")
            .prefetch_related("topics")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = self.articles()
        return context


class ArticlePage(MedicalPageMixin, Page):
    """A patient-facing health article: medical content that a clinician must approve."""

    summary = models.TextField(
        help_text="The standfirst: one or two sentences shown under the title and in listings."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_image_alt = models.CharField(
        "hero image alt text",
        max_length=255,
        blank=True,
        help_text="Describe the image for people who cannot see it. Required with an image.",
    )
    body = StreamField(ArticleBodyBlock())
    topics = ParentalManyToManyField("cms.Topic", blank=True, related_name="articles")

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading="Hero image"
        ),
        InlinePanel("authors", label="Author", min_num=1),
        FieldPanel("topics"),
        FieldPanel("body"),
        ClaimsPanel(),
    ]
    reference_panels = [InlinePanel("references", label="Reference")]
    disclaimer_panels = [InlinePanel("disclaimers", label="Disclaimer")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Content"),
            ObjectList(reference_panels, heading="References"),
            ObjectList(disclaimer_panels, heading="Disclaimers"),
            ObjectList(review_panels, heading="Review"),
            ObjectList(Page.promote_panels, heading="SEO"),
        ]
    )
    base_form_class = MedicalPageForm

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
    ]

    # The v3 API writes the writable fields; API v2 serves all of them to frontends
    # (articles/api.py, presentation/serializers.py).
    api_fields = [
        APIField("summary", writable=True),
        APIField("hero_image", serializer=HeroImageField()),
        APIField("hero_image_alt", writable=True),
        APIField("authors", serializer=AuthorsField()),
        APIField("topics", serializer=TopicsField()),
        APIField("body", writable=True),
        APIField("faqs", serializer=FAQsField()),
        APIField("references", serializer=ReferencesField()),
        APIField("disclaimers", serializer=DisclaimersField()),
        APIField("medical_review", serializer=MedicalReviewField()),
        APIField("structured_data", serializer=StructuredDataField()),
        APIField("related", serializer=RelatedArticlesField()),
    ]

    # What a clinician approves: every word and picture of the page a reader or a search
    # engine sees. Authors and topics are chosen from registers only Editors change; the
    # review interval and scheduling dates are not shown to readers.
    medical_fields = [
        "title",
        "slug",
        "seo_title",
        "search_description",
        "summary",
        "hero_image",
        "hero_image_alt",
        "body",
        "references",
        "disclaimers",
    ]

    # Public but outside the review hash, each with why. tests/test_public_surface.py fails
    # on any public string whose source is neither reviewed nor named here.
    public_unreviewed = {
        "authors": "bylines from the writer register, which only Editors change (audited)",
        "topics": "labels from the topic register, which only Editors change (audited)",
        "review_record": "the approving clinician as recorded at approval, not the register",
        "clinic": "the clinic's name and contact details, settings only Editors change",
    }

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "article"

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": "Describe the hero image for people who cannot see it."}
            )

    def live_references(self):
        """Cited references in order, numbered as the reader sees them; a reference whose
        library entry is not live is left out rather than shown unreviewed."""
        return [item.reference for item in self.references.all() if item.reference.live]

    def faq_items(self):
        items = []
        for block in self.body:
            if block.block_type == "faq_section":
                items.extend(iter_faq_items(block.value["items"]))
        return items

    @classmethod
    def newest_of_topics(cls, topic_ids, count):
        """``[(topic id, article id)]``: the ``count`` newest live, public articles of each
        topic. Where the database allows a limit in each part of a UNION (PostgreSQL), one
        index scan per topic, newest first, stops after ``count``: constant in the number of
        articles (a window over every article of the topics took 250 ms at 100,000).
        Elsewhere (SQLite) a window function ranks them. Either way an article without a
        first publication date ranks after those with one."""
        visible = cls.topics.through.objects.filter(
            articlepage_id__in=cls.objects.live().public().values("pk")
        )
        newest = (
            F("articlepage__first_published_at").desc(nulls_last=True),
            F("articlepage_id").desc(),
        )
        if connection.features.supports_slicing_ordering_in_compound:
            parts = [
                visible.filter(topic_id=topic_id, articlepage__first_published_at__isnull=undated)
                .order_by("-articlepage__first_published_at", "-articlepage_id")
                .values_list("topic_id", "articlepage_id")[:count]
                for topic_id in topic_ids
                for undated in (False, True)  # the caller ranks the undated last
            ]
            return list(parts[0].union(*parts[1:], all=True))
        return list(
            visible.filter(topic_id__in=topic_ids)
            .annotate(rank=Window(RowNumber(), partition_by=[F("topic_id")], order_by=newest))
            .filter(rank__lte=count)
            .values_list("topic_id", "articlepage_id")
        )

    def related_articles(self):
        """Up to three other live, public articles sharing a topic, newest first."""
        return type(self).related_articles_of([self])[self.pk]

    @classmethod
    def related_articles_of(cls, pages):
        """``{page id: page.related_articles()}`` for many pages in two queries: the newest
        few live, public articles of each topic involved, then those articles.
        RELATED_ARTICLES + 1 per topic is enough: an article among a page's newest three
        related ones is outranked within any topic it shares with the page only by the page
        itself and the other two."""
        topics_of = {page.pk: {topic.pk for topic in page.topics.all()} for page in pages}
        all_topics = set().union(*topics_of.values())
        if not all_topics:
            return {page.pk: [] for page in pages}
        ranked = cls.newest_of_topics(sorted(all_topics), RELATED_ARTICLES + 1)
        topics_of_candidate = defaultdict(set)
        for topic_id, article_id in ranked:
            topics_of_candidate[article_id].add(topic_id)
        candidates = sorted(
            cls.objects.filter(pk__in=topics_of_candidate).defer_streamfields(),
            key=lambda a: (a.first_published_at is not None, a.first_published_at, a.pk),
            reverse=True,
        )
        return {
            page.pk: [
                article
                for article in candidates
                if article.pk != page.pk and topics_of_candidate[article.pk] & topics_of[page.pk]
            ][:RELATED_ARTICLES]
            for page in pages
        }


class ArticleAuthor(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="authors")
    author = models.ForeignKey("cms.WriterProfile", on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("author")]


class ArticleReference(PageReference):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="references")


class ArticleDisclaimer(PageDisclaimer):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="disclaimers")


class ArticleImport(models.Model):
    """Where an imported article came from, so importing the same blog post again updates
    its draft instead of adding a second one. The key is the slug of the recovered title:
    the same post re-exported under another file name is the same article."""

    source_key = models.SlugField(max_length=255, unique=True)
    page = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="imports")
    source_name = models.CharField(max_length=255, help_text="The file it was last imported from.")
    content_hash = models.CharField(
        max_length=64,
        help_text="SHA-256 of the article as recovered from the file (debris excluded), to "
        "tell an unchanged re-import from a changed one.",
    )
    last_imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-last_imported_at"]

    def __str__(self):
        return f"{self.source_key} → page {self.page_id}"
