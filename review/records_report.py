"""The review records report: every clinician's decision, filterable and exportable, for
the clinic's audit trail."""

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_type_label
from wagtail.models import Page

from cms import roles
from cms.models import Clinician
from review.models import ReviewRecord

MEDICAL_REPORT_VIEWER_GROUPS = (roles.EDITORS, roles.MEDICAL_REVIEWERS)


def can_view_medical_reports(user):
    """Superusers, Editors and Medical reviewers may read the medical reports (review
    records, review status); Writers may not. The one check behind the menu items and
    the report views."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name__in=MEDICAL_REPORT_VIEWER_GROUPS).exists()


class MedicalReportView(ReportView):
    """A report for the medical team, exported as ``<filename_prefix>-<date>.csv/xlsx``
    with content types by their labels."""

    filename_prefix = "medical-report"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = {
            **self.custom_field_preprocess,
            "content_type": {
                self.FORMAT_CSV: get_content_type_label,
                self.FORMAT_XLSX: get_content_type_label,
            },
        }

    def dispatch(self, request, *args, **kwargs):
        if not can_view_medical_reports(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"{self.filename_prefix}-{datetime.date.today():%Y-%m-%d}"


class MedicalReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_medical_reports(request.user)


class ReviewRecordFilterSet(WagtailFilterSet):
    clinician = django_filters.ModelChoiceFilter(
        label="Clinician",
        empty_label="Any clinician",
        queryset=lambda request: Clinician.objects.order_by("name"),
    )
    outcome = django_filters.ChoiceFilter(
        label="Outcome", choices=ReviewRecord.Outcome.choices, empty_label="Any outcome"
    )
    created_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)

    class Meta:
        model = ReviewRecord
        fields = ["clinician", "outcome", "created_at"]


def _edit_url(record):
    """The admin edit URL of the reviewed object, without loading it."""
    model = record.content_type.model_class()
    if model is None:
        return None
    if issubclass(model, Page):
        return reverse("wagtailadmin_pages:edit", args=[record.object_id])
    try:
        return reverse(
            f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:edit",
            args=[record.object_id],
        )
    except NoReverseMatch:
        return None


class ReviewRecordsReportView(MedicalReportView):
    model = ReviewRecord
    results_template_name = "cms/reports/review_records_results.html"
    page_title = "Medical review records"
    header_icon = "clipboard-list"
    filterset_class = ReviewRecordFilterSet
    index_url_name = "cms_review_records"
    index_results_url_name = "cms_review_records_results"
    filename_prefix = "medical-review-records"
    list_export = [
        "created_at",
        "object_title",
        "content_type",
        "get_outcome_display",
        "clinician_name",
        "gmc_number",
        "revision_id",
        "comment",
    ]
    export_headings = {
        "created_at": "Date",
        "object_title": "Content",
        "content_type": "Type",
        "get_outcome_display": "Outcome",
        "clinician_name": "Clinician",
        "gmc_number": "GMC number",
        "revision_id": "Revision",
        "comment": "Comment",
    }

    def get_queryset(self):
        self.queryset = ReviewRecord.objects.select_related("content_type").order_by(
            "-created_at", "-pk"
        )
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        if not self.is_export:
            for record in object_list:
                record.edit_url = _edit_url(record)
        return object_list
