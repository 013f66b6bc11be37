"""API v2 fields of ``ArticlePage`` (see ``ArticlePage.api_fields``), the v2 shape of its
blocks where Wagtail's is not enough, and what to load in bulk before serving them
(``prefetch_lookups``)."""

from django.db.models import Prefetch

from presentation.blocks import block_representation
from presentation.frontend import HERO_RENDITIONS, STREAMS, image_prefetch
from presentation.serializers import PageField

from .blocks import CallToActionBlock


def _blank_to_none(value):
    return value or None


class HeroImageField(PageField):
    """``{id, title, alt, renditions: {small, medium, large: {url, width, height}}}`` or
    null."""

    def to_representation(self, page) -> dict | None:
        image = self.frontend.image(page.hero_image, HERO_RENDITIONS)
        if image is None:
            return None
        return {
            "id": image["id"],
            "title": image["title"],
            "alt": page.hero_image_alt,
            "renditions": image["renditions"],
        }


class AuthorsField(PageField):
    """The byline in order: ``[{name, role, credentials}]``."""

    def to_representation(self, page) -> list[dict]:
        return [
            {
                "name": item.author.name,
                "role": item.author.role,
                "credentials": _blank_to_none(item.author.credentials),
            }
            for item in page.authors.all()
        ]


class FAQsField(PageField):
    """Every question of the article's FAQ sections in order, shared questions only when
    live: ``[{question, answer (HTML)}]``."""

    def to_representation(self, page) -> list[dict]:
        return self.frontend.faq_items(page)


class ReferencesField(PageField):
    """Live cited references, numbered as the reader sees them."""

    def to_representation(self, page) -> list[dict]:
        return [
            {
                "number": number,
                "authors": reference.authors,
                "title": reference.title,
                "journal": reference.journal,
                "year": reference.year,
                "doi": _blank_to_none(reference.doi),
                "pmid": _blank_to_none(reference.pmid),
                "url": _blank_to_none(reference.url),
                "citation": reference.citation,
            }
            for number, reference in enumerate(page.live_references(), start=1)
        ]


class RelatedArticlesField(PageField):
    """Up to three other published articles sharing a topic, newest first:
    ``[{id, title, url (front-end path), summary}]``."""

    def to_representation(self, page) -> list[dict]:
        return self.frontend.related_articles(page)


@block_representation(CallToActionBlock)
def call_to_action(block, value, blocks):
    """With the clinic's booking link and phone number, from its settings."""
    clinic = blocks.frontend.clinic_settings()
    return {
        **blocks.struct(block, value),
        "booking_url": clinic.booking_url if clinic else "",
        "phone": clinic.phone if clinic else "",
    }


def prefetch_lookups():
    """``{API field name: [prefetch lookups]}`` for ``FrontendContext.prepare``."""
    from .models import ArticleAuthor, ArticleDisclaimer, ArticleReference

    authors = Prefetch("authors", queryset=ArticleAuthor.objects.select_related("author"))
    references = Prefetch(
        "references", queryset=ArticleReference.objects.select_related("reference")
    )
    disclaimers = Prefetch(
        "disclaimers", queryset=ArticleDisclaimer.objects.select_related("disclaimer")
    )
    return {
        # API field name -> what it reads (``presentation.structured_data`` reads several)
        "locale": ["locale"],
        "hero_image": [image_prefetch("hero_image")],
        "authors": [authors],
        "topics": ["topics"],
        "body": [STREAMS],
        "faqs": [STREAMS],
        "references": [references],
        "disclaimers": ["topics", disclaimers],
        "medical_review": ["review_record"],
        "structured_data": ["review_record", authors, references, "topics", STREAMS],
        "related": ["topics"],
    }
