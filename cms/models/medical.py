"""What every shared medical snippet is: a reference, a disclaimer or a shared FAQ carries
Wagtail's draft, revision and workflow state, so it goes through the same medical review as
pages. The review itself is the medical review app's (``review``): it plugs its publish gate
in through three Wagtail hooks, and a snippet is never saved without it."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ImproperlyConfigured
from modelcluster.models import ClusterableModel
from wagtail import hooks
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    WorkflowMixin,
)

MAX_REVIEW_INTERVAL_MONTHS = 36

# The hooks the medical review app registers: the gate's checks before a snippet is saved
# or deleted (they raise to refuse) and the revision an autosave may overwrite (None: save
# a new one).
BEFORE_SAVE_HOOK = "medical_snippet_before_save"
BEFORE_DELETE_HOOK = "medical_snippet_before_delete"
OVERWRITABLE_REVISION_HOOK = "medical_snippet_overwritable_revision"


def _gate(hook_name):
    """The one function registered for ``hook_name``. Missing means medical review is not
    installed, and unreviewed content would go live: refuse instead."""
    found = hooks.get_hooks(hook_name)
    if len(found) != 1:
        raise ImproperlyConfigured(
            f"Exactly one '{hook_name}' hook must be registered (the medical review app's); "
            f"found {len(found)}."
        )
    return found[0]


class MedicalSnippet(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    ClusterableModel,
):
    """A reusable snippet whose text is medical content (a reference, a disclaimer, a
    shared FAQ): it has drafts, revisions and a workflow, and only its live version is
    ever rendered or served."""

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(app_label)s_%(class)s",
        for_concrete_model=False,
    )

    preview_template = "previews/snippet.html"
    medical_fields = []

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _gate(BEFORE_SAVE_HOOK)(self, kwargs.get("update_fields"))
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Checked before Django collects what the deletion touches, so a snippet live
        pages show is refused with the gate's reason, not a bare protected-key error."""
        _gate(BEFORE_DELETE_HOOK)(self)
        return super().delete(*args, **kwargs)

    def save_revision(self, *args, overwrite_revision=None, **kwargs):
        overwrite_revision = _gate(OVERWRITABLE_REVISION_HOOK)(overwrite_revision)
        return super().save_revision(*args, overwrite_revision=overwrite_revision, **kwargs)

    def get_preview_template(self, request, mode_name):
        return self.preview_template
