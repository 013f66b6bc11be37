from wagtail import blocks
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import IdentifiedStreamBlock

ANSWER_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class FAQItemBlock(blocks.StructBlock):
    """One question and its answer, written for this page."""

    question = blocks.CharBlock(max_length=255)
    answer = blocks.RichTextBlock(features=ANSWER_FEATURES)

    class Meta:
        icon = "help"
        label = "Question and answer"
        template = "blocks/faq_item.html"
        description = "A question patients ask, with a short, plain-English answer."
        preview_value = {
            "question": "How long does an appointment take?",
            "answer": "<p>Most appointments take about 30 minutes.</p>",
        }


class SharedFAQBlock(SnippetChooserBlock):
    """A question and answer from the shared FAQ library, reviewed once and reused."""

    def __init__(self, **kwargs):
        super().__init__("faq.FAQ", **kwargs)

    class Meta:
        icon = "snippet"
        label = "Shared question"
        template = "blocks/shared_faq.html"
        description = "Reuse an approved question and answer from the FAQ library."


class FAQItemsBlock(IdentifiedStreamBlock):
    faq = FAQItemBlock()
    shared_faq = SharedFAQBlock()

    class Meta:
        min_num = 1


class FAQSectionBlock(blocks.StructBlock):
    """An FAQ section inside an article, marked up so search engines see an FAQPage."""

    heading = blocks.CharBlock(default="Frequently asked questions", max_length=255)
    items = FAQItemsBlock()

    class Meta:
        icon = "help"
        label = "FAQ section"
        template = "blocks/faq_section.html"
        description = "Questions and answers, shown as an FAQ section."
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {
                    "type": "faq",
                    "value": {
                        "question": "How long does an appointment take?",
                        "answer": "<p>Most appointments take about 30 minutes.</p>",
                    },
                }
            ],
        }


def iter_faq_items(items):
    """Yield {"question", "answer", "id", "snippet"} for each item of an FAQItemsBlock
    value, skipping shared questions whose snippet is not live. ``id`` is the block's id,
    ``snippet`` the shared FAQ (None for a question written in place), so a consumer can
    tell a reused module from the page's own text."""
    for child in items:
        if child.block_type == "faq":
            yield {
                "question": child.value["question"],
                "answer": child.value["answer"],
                "id": child.id,
                "snippet": None,
            }
        elif child.value is not None and child.value.live:
            yield {
                "question": child.value.question,
                "answer": RichText(child.value.answer),
                "id": child.id,
                "snippet": child.value,
            }
