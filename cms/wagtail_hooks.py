"""Admin registration for the shared models. The medical snippets are Wagtail snippets,
because only snippets get drafts, revisions and workflows; the people registers are
wagtail-modeladmin, which gives plain list/search/edit screens for records that have no
publishing lifecycle."""

from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup, modeladmin_register

from cms.models import Clinician, Disclaimer, Reference, Topic, WriterProfile


class ReferenceViewSet(SnippetViewSet):
    model = Reference
    icon = "doc-full"
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
