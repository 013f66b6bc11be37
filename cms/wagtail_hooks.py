"""Admin registration for the shared models. The medical snippets are Wagtail snippets,
because only snippets get drafts, revisions and workflows; the people registers are
wagtail-modeladmin, which gives plain list/search/edit screens for records that have no
publishing lifecycle."""

from wagtail.actions.create import CreateAction
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from cms.forms import ReferenceCreationForm
from cms.models import Clinician, Disclaimer, Reference, Topic, WriterProfile


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
