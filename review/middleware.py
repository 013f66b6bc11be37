"""Turns a refusal by the publish gate (review/gate.py) into something a person can
act on, and records it in the audit log. It decides nothing: the gate already refused."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from review.gate import MedicalReviewRequired, log_refusal


class MedicalReviewRefusalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, MedicalReviewRequired):
            return None
        log_refusal(exception, getattr(request, "user", None))
        if request.path.startswith("/admin/"):
            messages.error(request, str(exception))
            back = request.META.get("HTTP_REFERER", "")
            if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
                back = "wagtailadmin_home"
            return redirect(back)
        return JsonResponse(
            {"detail": str(exception), "code": "medical_review_required"}, status=403
        )
