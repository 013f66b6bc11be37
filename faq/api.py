"""API v2 of ``FAQPage`` (see ``FAQPage.api_fields``): the v2 shape of FAQ items, and what
to load in bulk before serving the page. The other fields are the shared ones in
``presentation.serializers``."""

from django.db.models import Prefetch

from presentation.blocks import block_representation
from presentation.frontend import STREAMS

from .blocks import FAQItemsBlock, iter_faq_items


@block_representation(FAQItemsBlock)
def faq_items(block, value, blocks):
    """``[{question, answer (HTML)}]`` (an FAQ page's ``faqs``, an article's FAQ section),
    a shared question only while its snippet is live."""
    return [
        {
            "question": str(item["question"]),
            "answer": blocks.frontend.rich_text(item["answer"].source),
        }
        for item in iter_faq_items(value or [])
    ]


def prefetch_lookups():
    """``{API field name: [prefetch lookups]}`` for ``FrontendContext.prepare``."""
    from .models import FAQPageDisclaimer

    disclaimers = Prefetch(
        "disclaimers", queryset=FAQPageDisclaimer.objects.select_related("disclaimer")
    )
    return {
        "locale": ["locale"],
        "topics": ["topics"],
        "faqs": [STREAMS],
        "disclaimers": ["topics", disclaimers],
        "medical_review": ["review_record"],
        "structured_data": ["review_record", "topics", STREAMS],
    }
