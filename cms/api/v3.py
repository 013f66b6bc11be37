"""API wiring. The v3 API (django-ninja) answers a publish refused by the medical review
gate with an RFC 7807 problem response that says why, and records the refusal."""

from wagtail.api.v3.errors import problem_response
from wagtail.api.v3.urls import api as api_v3

from cms.medical_review import MedicalReviewRequired, log_refusal


@api_v3.exception_handler(MedicalReviewRequired)
def medical_review_required(request, exc):
    log_refusal(exc, request.user)
    return problem_response(status=403, title="Medical review required", detail=str(exc))
