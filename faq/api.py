"""API v2 of ``FAQPage`` (see ``FAQPage.api_fields``): what to load in bulk before serving
it. Its ``faqs`` StreamField comes out as ``[{question, answer}]`` through
``FAQItemsBlock.get_api_representation``; the other fields are the shared ones in
``cms.api.serializers``."""

from django.db.models import Prefetch

from cms.api.frontend import STREAMS


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
