import factory
import wagtail_factories

from articles.models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    ArticleReference,
)
from cms.factories import WriterProfileFactory
from review.factories import MedicalPageFactory, ReferenceFactory


def body_from_outline(outline):
    """Turn a compact outline of (block type, content) pairs into StreamField data as the
    editor stores it, so demo text and test data read like the article they describe."""
    body = []
    for block_type, content in outline:
        if block_type == "heading":
            value = {"text": content, "level": "h2"}
        elif block_type in ("numbered_list", "bulleted_list"):
            value = [{"title": title, "text": text} for title, text in content]
        elif block_type == "faq_section":
            value = {
                "heading": "Frequently asked questions",
                "items": [
                    {"type": "faq", "value": {"question": q, "answer": a}} for q, a in content
                ],
            }
        elif block_type == "call_to_action":
            value = {
                "heading": "Book a consultation",
                "text": content,
                "button_label": "Book a consultation",
            }
        else:
            value = content
        body.append({"type": block_type, "value": value})
    return body


DEFAULT_OUTLINE = [
    ("heading", "What it is"),
    ("paragraph", "<p>An explanation in plain English.</p>"),
    ("numbered_list", [("First point", "<p>Why it matters.</p>")]),
    ("faq_section", [("Is it suitable for everyone?", "<p>No. A doctor will check first.</p>")]),
    ("call_to_action", "Talk to one of our doctors."),
]


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Health articles"
    slug = "articles"
    intro = "<p>Articles about conditions and treatments, reviewed by our doctors.</p>"

    class Meta:
        model = ArticleIndexPage
        django_get_or_create = ["slug", "parent"]


class ArticlePageFactory(MedicalPageFactory):
    title = factory.Sequence(lambda n: f"Health article {n}")
    summary = "What this treatment is, who it may help and what the evidence says."
    body = factory.LazyFunction(lambda: body_from_outline(DEFAULT_OUTLINE))
    authors = factory.LazyFunction(lambda: [ArticleAuthor(author=WriterProfileFactory())])
    references = factory.LazyFunction(lambda: [ArticleReference(reference=ReferenceFactory())])

    class Meta:
        model = ArticlePage
