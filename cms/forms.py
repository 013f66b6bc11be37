from django import forms
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.models import formfield_for_dbfield

from cms.models import Reference, required_disclaimers

# The editor's buttons that send content towards a clinician or the public. Saving a
# draft is not among them: a writer may save unfinished work.
REVIEW_ACTIONS = ("action-submit", "action-restart-workflow", "action-publish")


class MedicalPageForm(WagtailAdminPageForm):
    """Editor form for pages with medical content: refuses to send a page for review
    while a disclaimer the clinic's rules require is not attached, naming it."""

    def clean(self):
        cleaned_data = super().clean()
        if self.is_bound and any(self.data.get(action) for action in REVIEW_ACTIONS):
            self._check_required_disclaimers(cleaned_data)
        return cleaned_data

    def _check_required_disclaimers(self, cleaned_data):
        formset = self.formsets.get("disclaimers")
        if formset is None or not formset.is_valid():
            return
        attached = {
            form.cleaned_data["disclaimer"].pk
            for form in formset.forms
            if form.cleaned_data.get("disclaimer") and not form.cleaned_data.get("DELETE")
        }
        topics = cleaned_data.get("topics") or []
        missing = [
            d
            for d in required_disclaimers(type(self.instance), [t.pk for t in topics])
            if d.pk not in attached
        ]
        if missing:
            names = ", ".join(f"“{d.title}”" for d in missing)
            self.add_error(
                None,
                forms.ValidationError(
                    f"Attach the required disclaimer {names} (Disclaimers tab) "
                    "before sending this page for medical review.",
                    code="missing_required_disclaimer",
                ),
            )


class ReferenceCreationForm(forms.ModelForm):
    """A new reference from a page's chooser. A plain model form, so every required field
    and the model's own checks (a DOI, PubMed ID or URL) hold even for the draft; Wagtail's
    field overrides give the admin's widgets."""

    class Meta:
        model = Reference
        fields = Reference.citation_fields
        formfield_callback = formfield_for_dbfield
