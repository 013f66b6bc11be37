"""Admin views: the review status report (every medical page by review status, exportable),
the claims screen where a clinician accepts a flagged sentence with a note, and the action
that applies a flag's suggested rewrite to the page."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, CharField, IntegerField, OuterRef, Subquery, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView, View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page

from cms.models import Clinician
from review.gate import (
    clinician_of,
    contributors,
    is_active_clinician,
    revision_under_review,
)
from review.records_report import MedicalReportView

from .claims import check_page, is_checked
from .models import ClaimAcceptance
from .review_due import medical_page_models, medical_pages
from .rewrite import replace_sentence
from .status import DUE_SOON, NEVER_REVIEWED, OVERDUE, REVIEW_STATUSES, UP_TO_DATE

ACCEPT_LOG_ACTION = "lifecycle.claim_accepted"
REWRITE_LOG_ACTION = "lifecycle.claim_rewritten"
# The review status report


def _medical_content_types(request):
    from django.contrib.contenttypes.models import ContentType

    ids = [ct.pk for ct in ContentType.objects.get_for_models(*medical_page_models()).values()]
    return ContentType.objects.filter(pk__in=ids).order_by("model")


class ReviewStatusFilterSet(WagtailFilterSet):
    review_status = django_filters.ChoiceFilter(
        label="Review status",
        choices=list(REVIEW_STATUSES.items()),
        empty_label="Any status",
        field_name="review_status",
    )
    content_type = django_filters.ModelChoiceFilter(
        label="Type", queryset=_medical_content_types, empty_label="Any type"
    )
    live = django_filters.BooleanFilter(label="Live")

    class Meta:
        model = Page
        fields = ["review_status", "content_type", "live"]


STATUS_ORDER = [OVERDUE, DUE_SOON, NEVER_REVIEWED, UP_TO_DATE]


class ReviewStatusReportView(MedicalReportView):
    model = Page
    results_template_name = "lifecycle/reports/review_status_results.html"
    page_title = "Medical review status"
    header_icon = "time"
    filterset_class = ReviewStatusFilterSet
    index_url_name = "lifecycle_review_status"
    index_results_url_name = "lifecycle_review_status_results"
    filename_prefix = "medical-review-status"
    list_export = [
        "title",
        "content_type",
        "review_status_label",
        "next_due",
        "last_reviewed_on",
        "reviewer_name",
        "live",
    ]
    export_headings = {
        "title": "Title",
        "content_type": "Type",
        "review_status_label": "Review status",
        "next_due": "Next review due",
        "last_reviewed_on": "Last reviewed",
        "reviewer_name": "Last reviewed by",
        "live": "Live",
    }

    def get_queryset(self):
        self.queryset = (
            medical_pages()
            .select_related("content_type")
            .annotate(
                reviewer_name=Subquery(
                    Clinician.objects.filter(pk=OuterRef("reviewer_id")).values("name")[:1]
                ),
                review_status_label=Case(
                    *(When(review_status=k, then=Value(v)) for k, v in REVIEW_STATUSES.items()),
                    output_field=CharField(),
                ),
                status_rank=Case(
                    *(When(review_status=k, then=Value(i)) for i, k in enumerate(STATUS_ORDER)),
                    output_field=IntegerField(),
                ),
            )
            .order_by("status_rank", "next_due", "title", "pk")
        )
        return super().get_queryset()


# Claims


def acceptance_refusal(user, page, revision):
    """Why this user may not accept claims on this revision, or None: the same clinician
    rule as approval (active, registered, not a contributor to the content)."""
    if not is_active_clinician(user):
        return "Only an active registered clinician can accept a claim."
    if user.pk in contributors(page, revision, page.current_workflow_task_state):
        return (
            "You wrote, edited or submitted this content, so a different clinician must review it."
        )
    return None


class AcceptClaimsForm(forms.Form):
    """Several flagged sentences accepted with one note. Each keeps its own acceptance
    (the note is copied to each), so each holds only while its own sentence is unchanged."""

    sentence_hash = forms.MultipleChoiceField(
        label="Sentences",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick the sentences you accept.",
            "invalid_choice": "A sentence you ticked is no longer flagged, or is resolved "
            "already: check the list again.",
        },
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why these sentences may stand without a reference. Kept with each "
        "sentence, with your name.",
        error_messages={"required": "Give a note: it is kept with each sentence you accept."},
    )

    def __init__(self, claims, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.claims = {claim.hash: claim for claim in claims if not claim.is_resolved}
        self.fields["sentence_hash"].choices = [(h, c.text) for h, c in self.claims.items()]

    def error_text(self):
        return " ".join(message for errors in self.errors.values() for message in errors)


class PageClaimsView(WagtailAdminTemplateMixin, TemplateView):
    """The flagged sentences of a page's revision under review (else its latest), each
    with why it was flagged and how it is resolved. An eligible clinician accepts
    unresolved ones here, several at once with one note."""

    template_name = "lifecycle/claims.html"
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not is_checked(self.page):
            raise PermissionDenied
        can_edit = self.page.permissions_for_user(request.user).can_edit()
        if not (can_edit or is_active_clinician(request.user)):
            raise PermissionDenied
        self.revision = revision_under_review(self.page)
        if self.revision is None:
            raise PermissionDenied
        self.refusal = acceptance_refusal(request.user, self.page, self.revision)
        return super().dispatch(request, page_id)

    def get_page_title(self):
        return "Claims to check"

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.get_admin_display_title(),
            },
            {"url": "", "label": "Claims to check"},
        ]

    def claims(self):
        return check_page(self.revision.as_object())

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        claims = self.claims()
        context.update(
            {
                "page": self.page,
                "revision": self.revision,
                "claims": claims,
                "unresolved_count": sum(1 for c in claims if not c.is_resolved),
                "can_accept": self.refusal is None,
                "apply_url": apply_url(self.page, self.request.user),
                "refusal": self.refusal,
                "accept_form": form or AcceptClaimsForm(claims),
                "claims_url": self.request.path,
                "next": self.request.GET.get("next", ""),
            }
        )
        return context

    def back(self):
        back = self.request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, {self.request.get_host()}):
            return back
        return None

    def post(self, request, page_id):
        if self.refusal:
            messages.error(request, f"Nothing was accepted: {self.refusal}")
            return redirect(self.back() or request.path)
        form = AcceptClaimsForm(self.claims(), request.POST)
        if not form.is_valid():
            messages.error(request, f"Nothing was accepted: {form.error_text()}")
            if self.back():
                return redirect(self.back())
            return self.render_to_response(self.get_context_data(form=form))
        clinician = clinician_of(request.user)
        note = form.cleaned_data["note"]
        accepted = [form.claims[h] for h in form.cleaned_data["sentence_hash"]]
        for claim in accepted:
            ClaimAcceptance.objects.create(
                page=self.page,
                sentence_hash=claim.hash,
                sentence=claim.text,
                clinician=clinician,
                note=note,
                revision=self.revision,
            )
            log(
                instance=self.page,
                action=ACCEPT_LOG_ACTION,
                user=request.user,
                revision=self.revision,
                data={"sentence": claim.text, "note": note, "reasons": claim.reasons},
            )
        listed = "; ".join(f"“{claim.text}”" for claim in accepted)
        messages.success(
            request, f"Accepted {len(accepted)} sentence{pluralize(len(accepted))}: {listed}"
        )
        return redirect(self.back() or reverse("lifecycle_page_claims", args=[self.page.pk]))


# Suggested rewrites


def apply_url(page, user):
    """Where the user may apply a suggested rewrite to the page, or "" if they may not
    edit it."""
    if not page.permissions_for_user(user).can_edit():
        return ""
    return reverse("lifecycle_apply_suggestion", args=[page.pk])


class ApplySuggestionView(View):
    """Replaces a flagged sentence by the checker's rewrite in the page's latest draft and
    saves that as a new revision by the user. The rewrite is recomputed here from the
    sentence as saved, never taken from the request."""

    def post(self, request, page_id):
        page = get_object_or_404(Page, pk=page_id).specific
        if not is_checked(page) or not page.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        back = request.POST.get("next", "")
        if not (back and url_has_allowed_host_and_scheme(back, {request.get_host()})):
            back = reverse("wagtailadmin_pages:edit", args=[page.pk])
        error = self.apply(request, page)
        if error:
            messages.error(request, f"The suggestion was not applied: {error}")
        return redirect(back)

    def apply(self, request, page):
        lock = page.get_lock()
        if lock and lock.for_user(request.user):
            return "the page is locked."
        latest = page.get_latest_revision()
        if latest is None or request.POST.get("revision") != str(latest.pk):
            return "the page has been saved since. Check the sentence again."
        draft = latest.as_object()
        claims = {c.hash: c for c in check_page(draft)}
        claim = claims.get(request.POST.get("sentence_hash", ""))
        if claim is None or not claim.suggestion:
            return "this sentence no longer has a suggested rewrite."
        if not replace_sentence(draft, claim.text, claim.suggestion):
            return (
                "the sentence has formatting or a link inside it. Copy the suggestion and "
                "edit the sentence in the editor."
            )
        try:
            revision = draft.save_revision(user=request.user, log_action=True)
        except ValidationError as invalid:
            return "; ".join(invalid.messages)
        log(
            instance=page,
            action=REWRITE_LOG_ACTION,
            user=request.user,
            revision=revision,
            data={"sentence": claim.text, "rewrite": claim.suggestion},
        )
        messages.success(
            request,
            f"Rewritten: “{claim.suggestion}” Replace “[n]” with the number of the reference "
            "that supports it.",
        )
        return None
