"""Admin registration for the review lifecycle: dashboard panels, the review status report
(Reports menu), the claims screen, and the claims checker's word lists as snippets."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.views import MedicalReportMenuItem

from .dashboard import homepage_panels
from .models import ClaimPhrase, HealthTerm, PrescriptionOnlyMedicine
from .views import (
    ACCEPT_LOG_ACTION,
    REWRITE_LOG_ACTION,
    ApplySuggestionView,
    PageClaimsView,
    ReviewStatusReportView,
)


@hooks.register("construct_homepage_panels")
def add_review_queue_panels(request, panels):
    panels.extend(homepage_panels(request))


@hooks.register("register_admin_urls")
def register_lifecycle_urls():
    return [
        path(
            "reports/medical-review-status/",
            ReviewStatusReportView.as_view(),
            name="lifecycle_review_status",
        ),
        path(
            "reports/medical-review-status/results/",
            ReviewStatusReportView.as_view(results_only=True),
            name="lifecycle_review_status_results",
        ),
        path("claims/<int:page_id>/", PageClaimsView.as_view(), name="lifecycle_page_claims"),
        path(
            "claims/<int:page_id>/apply/",
            ApplySuggestionView.as_view(),
            name="lifecycle_apply_suggestion",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_status_menu_item():
    return MedicalReportMenuItem(
        "Medical review status",
        reverse("lifecycle_review_status"),
        name="medical-review-status",
        icon_name="time",
        order=1010,
    )


@hooks.register("register_log_actions")
def register_lifecycle_log_actions(actions):
    actions.register_action(ACCEPT_LOG_ACTION, "Claim accepted", "Claim accepted by a clinician")
    actions.register_action(
        REWRITE_LOG_ACTION, "Claim rewritten", "Flagged sentence replaced by its suggested rewrite"
    )


class ClaimPhraseViewSet(SnippetViewSet):
    model = ClaimPhrase
    icon = "warning"
    menu_label = "Claim phrases"
    list_display = ["phrase", "category", "requires", "strong", "suggestion"]
    list_filter = ["category", "requires", "strong"]
    search_fields = ["phrase"]


class HealthTermViewSet(SnippetViewSet):
    model = HealthTerm
    icon = "warning"
    menu_label = "Health terms"
    list_display = ["term", "kind"]
    list_filter = ["kind"]
    search_fields = ["term"]


class PrescriptionOnlyMedicineViewSet(SnippetViewSet):
    model = PrescriptionOnlyMedicine
    icon = "warning"
    menu_label = "Medicines"
    list_display = ["name", "active_substance", "legal_status", "source", "checked_on"]
    list_filter = ["legal_status"]
    search_fields = ["name", "active_substance"]


class ClaimsCheckerGroup(SnippetViewSetGroup):
    menu_label = "Claims checker"
    menu_icon = "warning"
    menu_order = 220
    items = (ClaimPhraseViewSet, HealthTermViewSet, PrescriptionOnlyMedicineViewSet)


register_snippet(ClaimsCheckerGroup)
