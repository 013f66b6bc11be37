"""Admin registration for medical review: the publish gate plugged into the medical
snippets and the admin's publish actions, dashboard panels, the review records and status
reports (Reports menu), the claims screen, and the claims checker's word lists as snippets."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.models.medical import BEFORE_SAVE_HOOK, OVERWRITABLE_REVISION_HOOK

from . import gate
from .dashboard import homepage_panels
from .models import ClaimPhrase, HealthTerm, PrescriptionOnlyMedicine
from .records_report import MedicalReportMenuItem, ReviewRecordsReportView
from .views import (
    ACCEPT_LOG_ACTION,
    REWRITE_LOG_ACTION,
    ApplySuggestionView,
    PageClaimsView,
    ReviewStatusReportView,
)

# The medical snippets (cms.models.MedicalSnippet) call the gate through these hooks.
hooks.register(BEFORE_SAVE_HOOK, gate.before_snippet_save)
hooks.register(OVERWRITABLE_REVISION_HOOK, gate.unless_frozen)


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


@hooks.register("register_log_actions")
def register_medical_review_log_actions(actions):
    actions.register_action(gate.APPROVE_LOG_ACTION, "Medical approval", "Approved by a clinician")
    actions.register_action(
        gate.REJECT_LOG_ACTION, "Medical review: changes requested", "Changes requested"
    )
    actions.register_action(
        gate.REFUSED_LOG_ACTION,
        "Publish refused",
        "Publishing refused: no valid medical approval",
    )


# The review records report (review/records_report.py): for Editors, Medical reviewers
# and superusers.


@hooks.register("register_admin_urls")
def register_review_records_report_urls():
    return [
        path(
            "reports/medical-review-records/",
            ReviewRecordsReportView.as_view(),
            name="cms_review_records",
        ),
        path(
            "reports/medical-review-records/results/",
            ReviewRecordsReportView.as_view(results_only=True),
            name="cms_review_records_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_records_menu_item():
    return MedicalReportMenuItem(
        "Medical review records",
        reverse("cms_review_records"),
        name="medical-review-records",
        icon_name="clipboard-list",
        order=1000,
    )


@hooks.register("before_serve_document")
def serve_only_documents_live_pages_use(document, request):
    """A document is public once a live page links to it; until then only the CMS's own
    users (who may be choosing it for a draft) can open it."""
    if request.user.has_perm("wagtailadmin.access_admin"):
        return None
    if not gate.in_live_use(type(document)).filter(pk=document.pk).exists():
        raise Http404("No such document.")
    return None


# The admin knows the gate: Publish is not offered for content the gate would refuse, and
# the editor says why. The gate in save() still decides on every path.


def _without_refused_publish(menu_items, request, obj):
    if obj is None or obj.pk is None or not gate.is_medical(obj):
        return
    revision = obj.get_latest_revision()
    if revision is None or request.method != "GET":
        return
    reason = gate.publish_refusal(revision)
    if reason is None:
        return
    menu_items[:] = [item for item in menu_items if item.name != "action-publish"]
    messages.info(request, f"Publish is not offered: {reason}")


@hooks.register("construct_page_action_menu")
def publish_only_what_the_gate_allows(menu_items, request, context):
    if context.get("view") in ("edit", "revisions_revert"):
        _without_refused_publish(menu_items, request, context["page"].specific)


@hooks.register("construct_snippet_action_menu")
def publish_only_snippets_the_gate_allows(menu_items, request, context):
    if context.get("view") in ("edit", "revisions_revert"):
        _without_refused_publish(menu_items, request, context.get("instance"))


@hooks.register("before_bulk_action")
def bulk_publish_only_what_the_gate_allows(request, action_type, objects, action_class_instance):
    """Bulk publish says which pages the gate refuses, and why, before publishing none."""
    if action_type != "publish":
        return None
    refused = []
    for obj in objects:
        page = obj.specific if isinstance(obj, Page) else obj
        revision = page.get_latest_revision() if gate.is_medical(page) else None
        reason = gate.publish_refusal(revision) if revision is not None else None
        if reason:
            refused.append(reason)
    if not refused:
        return None
    for reason in refused:
        messages.error(request, reason)
    messages.error(request, "Nothing was published: publish the approved pages on their own.")
    return redirect(request.META.get("HTTP_REFERER") or "wagtailadmin_home")
