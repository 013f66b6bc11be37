"""Serializer fields the medical page types share in API v2 (``APIField(serializer=...)``).

Each reads the whole page (``source="*"``) and uses the request's ``FrontendContext`` so
nothing is queried per page that ``ClinicPagesAPIViewSet`` has not loaded in bulk. Outside
the v2 views (the v3 API reads these fields without a request) they still work, unbatched.
Only what a reader may see is served: live snippets, and the reviewer's public register
entry, never review records, comments, e-mail addresses or user ids."""

from rest_framework.fields import Field

from presentation.structured_data import page_structured_data

from .frontend import FrontendContext


def _iso(value):
    return value.isoformat() if value else None


class PageField(Field):
    """A read-only field computed from the whole page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    @property
    def frontend(self) -> FrontendContext:
        return FrontendContext.for_serializer(self.context)


class TopicsField(PageField):
    """``[{name, slug}]``."""

    def to_representation(self, page) -> list[dict]:
        return [{"name": topic.name, "slug": topic.slug} for topic in page.topics.all()]


class DisclaimersField(PageField):
    """Every disclaimer the reader must see, attached or required by the clinic's rules,
    live versions only: ``[{title, text (HTML), kind}]``."""

    def to_representation(self, page) -> list[dict]:
        frontend = self.frontend
        return [
            {
                "title": disclaimer.title,
                "text": frontend.rich_text(disclaimer.text),
                "kind": disclaimer.kind,
            }
            for disclaimer in frontend.applicable_disclaimers(page)
        ]


class MedicalReviewField(PageField):
    """``{reviewed_by: {name, gmc_number, specialty} | null, last_reviewed,
    next_review_due, review_status, review_overdue}`` with ISO dates; the status is one of
    ``review.status.REVIEW_STATUSES``, so a frontend can flag content past its review."""

    def to_representation(self, page) -> dict:
        from review.status import OVERDUE, review_status

        reviewer = page.reviewer
        status = review_status(page)
        return {
            "reviewed_by": (
                {
                    "name": reviewer.name,
                    "gmc_number": reviewer.gmc_number,
                    "specialty": reviewer.specialty,
                }
                if reviewer is not None
                else None
            ),
            "last_reviewed": _iso(page.last_reviewed),
            "next_review_due": _iso(page.next_review_due),
            "review_status": status,
            "review_overdue": status == OVERDUE,
        }


class StructuredDataField(PageField):
    """The page's schema.org JSON-LD objects (``presentation.structured_data``)."""

    def to_representation(self, page) -> list[dict]:
        frontend = self.frontend
        faq_items = frontend.faq_items(page) if hasattr(page, "faq_items") else None
        return page_structured_data(page, frontend.request, faq_items=faq_items)
