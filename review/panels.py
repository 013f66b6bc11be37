"""The claims checker in the page editor: lists the flagged sentences of the page as last
saved, so a writer sees what needs a reference before submitting it for review."""

from django.middleware.csrf import get_token
from django.urls import reverse
from wagtail.admin.panels import Panel


class ClaimsPanel(Panel):
    """Add to a medical page's edit handler, e.g. after ``FieldPanel("body")``."""

    def __init__(self, heading="Claims to check", **kwargs):
        super().__init__(heading=heading, **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "lifecycle/panels/claims.html"

        def get_context_data(self, parent_context=None):
            from review.gate import is_active_clinician

            from .claims import check_page, is_checked, unverified_references
            from .views import apply_url

            context = super().get_context_data(parent_context)
            page = self.instance
            saved = page is not None and page.pk is not None and is_checked(page)
            claims = check_page(page) if saved else []
            context.update(
                {
                    "saved": saved,
                    "claims": claims,
                    "unresolved_count": sum(1 for c in claims if not c.is_resolved),
                    "unverified_references": unverified_references(page) if saved else [],
                    "claims_url": reverse("lifecycle_page_claims", args=[page.pk]) if saved else "",
                    "is_clinician": is_active_clinician(getattr(self.request, "user", None)),
                    "apply_url": apply_url(page, self.request.user) if saved else "",
                    "revision_id": page.latest_revision_id if saved else None,
                    "request": self.request,
                    # The panel renders outside the view's RequestContext; the apply forms
                    # need the token.
                    "csrf_token": get_token(self.request) if saved else "",
                }
            )
            return context
