"""Admin registration for the shared models. The medical snippets are Wagtail snippets,
because only snippets get drafts, revisions and workflows; the people registers are
wagtail-modeladmin, which gives plain list/search/edit screens for records that have no
publishing lifecycle."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.actions.create import CreateAction
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from cms import medical_review
from cms.api import preview
from cms.api.preview import HeadlessPreviewMenuItem
from cms.forms import ReferenceCreationForm
from cms.models import Clinician, Disclaimer, Reference, Topic, WriterProfile
from cms.views import MedicalReportMenuItem, ReviewRecordsReportView


class DraftReferenceCreateView(SnippetCreateView):
    """A reference added from a page's reference chooser enters the library as a draft,
    with a revision by its writer (Wagtail's create action, as the library's own form
    does). The page's submission for review submits it too, so one clinician can approve
    both in one sitting (MedicalReviewTask.start)."""

    def save_form(self, form):
        # The chooser checked the add permission before the form was shown and posted.
        return CreateAction(form.instance, user=self.request.user, form=form).execute(
            skip_permission_checks=True
        )


class ReferenceChooserViewSet(SnippetChooserViewSet):
    create_view_class = DraftReferenceCreateView
    create_action_label = "Add to the library as a draft"
    creation_tab_label = "New reference"
    creation_form_class = ReferenceCreationForm


class ReferenceViewSet(SnippetViewSet):
    model = Reference
    icon = "doc-full"
    chooser_viewset_class = ReferenceChooserViewSet
    menu_label = "Reference library"
    list_display = [
        "authors",
        "title",
        "journal",
        "year",
        "doi",
        "pmid",
        BooleanColumn("is_verified", label="Verified"),
        "live",
    ]
    list_filter = ["year", "live"]
    search_fields = ["title", "authors", "doi", "pmid"]


class DisclaimerViewSet(SnippetViewSet):
    model = Disclaimer
    icon = "warning"
    list_display = ["title", "kind", "live"]
    list_filter = ["kind", "live"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]


class MedicalLibraryGroup(SnippetViewSetGroup):
    menu_label = "Medical library"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (ReferenceViewSet, DisclaimerViewSet, TopicViewSet)


register_snippet(MedicalLibraryGroup)


class ClinicianAdmin(ModelAdmin):
    model = Clinician
    menu_label = "Clinician register"
    menu_icon = "user"
    list_display = ("name", "gmc_number", "specialty", "registration_checked_on", "is_active")
    list_filter = ("is_active", "specialty")
    search_fields = ("name", "gmc_number")


class WriterProfileAdmin(ModelAdmin):
    model = WriterProfile
    menu_label = "Writers"
    menu_icon = "edit"
    list_display = ("name", "role", "credentials")
    search_fields = ("name",)


class PeopleGroup(ModelAdminGroup):
    menu_label = "People"
    menu_icon = "group"
    menu_order = 210
    items = (ClinicianAdmin, WriterProfileAdmin)


modeladmin_register(PeopleGroup)


@hooks.register("register_log_actions")
def register_medical_review_log_actions(actions):
    actions.register_action(
        medical_review.APPROVE_LOG_ACTION, "Medical approval", "Approved by a clinician"
    )
    actions.register_action(
        medical_review.REJECT_LOG_ACTION, "Medical review: changes requested", "Changes requested"
    )
    actions.register_action(
        preview.REVOKED_LOG_ACTION, "Preview links revoked", "Preview links revoked"
    )
    actions.register_action(
        medical_review.REFUSED_LOG_ACTION,
        "Publish refused",
        "Publishing refused: no valid medical approval",
    )


# The review records report (cms/views.py): for Editors, Medical reviewers and superusers.


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


@hooks.register("register_page_header_buttons")
def headless_preview_button(page, user, view_name, next_url=None):
    yield HeadlessPreviewMenuItem(page=page)


@hooks.register("before_serve_document")
def serve_only_documents_live_pages_use(document, request):
    """A document is public once a live page links to it; until then only the CMS's own
    users (who may be choosing it for a draft) can open it."""
    if request.user.has_perm("wagtailadmin.access_admin"):
        return None
    if not medical_review.in_live_use(type(document)).filter(pk=document.pk).exists():
        raise Http404("No such document.")
    return None


# The admin knows the gate: Publish is not offered for content the gate would refuse, and
# the editor says why. The gate in save() still decides on every path.


def _without_refused_publish(menu_items, request, obj):
    if obj is None or obj.pk is None or not medical_review.is_medical(obj):
        return
    revision = obj.get_latest_revision()
    if revision is None or request.method != "GET":
        return
    reason = medical_review.publish_refusal(revision)
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
        revision = page.get_latest_revision() if medical_review.is_medical(page) else None
        reason = medical_review.publish_refusal(revision) if revision is not None else None
        if reason:
            refused.append(reason)
    if not refused:
        return None
    for reason in refused:
        messages.error(request, reason)
    messages.error(request, "Nothing was published: publish the approved pages on their own.")
    return redirect(request.META.get("HTTP_REFERER") or "wagtailadmin_home")


# Revoking a user's headless preview links (cms/api/preview.py).


@hooks.register("register_admin_urls")
def register_preview_token_urls():
    return [
        path(
            "preview-links/revoke/<int:user_id>/",
            preview.RevokePreviewTokensView.as_view(),
            name="cms_revoke_preview_tokens",
        )
    ]


@hooks.register("register_user_listing_buttons")
def revoke_preview_tokens_button(user, request_user):
    yield from preview.revoke_preview_tokens_button(user, request_user)
