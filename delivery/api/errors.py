"""What a bad request to the APIs gets: a 4xx with a JSON body, never a 500 and never the
text of a database error.

``APIErrorMiddleware``, for every path under /api/:

- refuses malformed query parameters and NUL characters in JSON bodies before any view
  runs (the rules are in ``delivery.api.parameters``) and hands the view the normalised
  parameters;
- turns a ``DataError`` (a value the database cannot store or compare, e.g. a NUL character
  or an out-of-range number in a v3 request body) into a 400;
- answers any other unhandled exception with a JSON 500 that names no cause (the traceback
  goes to the ``delivery.api`` log), in development too.

Each API answers in its own error shape: v3 as ``application/problem+json`` (a query
parameter error is a 422, as v3's own validation answers), the preview as
``{"detail", "code"}``, the rest as v2 does, ``{"message"}``.
"""

import logging

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.db import DataError
from django.http import Http404, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.views import defaults
from wagtail.api.v3.errors import problem_response

from . import parameters

logger = logging.getLogger("delivery.api")

API_PREFIX = "/api/"
V3_PREFIX = "/api/v3/"
PREVIEW_PREFIX = "/api/preview/"
CONTENT_PREFIX = "/api/content/"

INTERNAL_ERROR = "Something went wrong on our side."

# Django answers these itself, with a 4xx; the views of the APIs mostly catch them first.
ANSWERED_BY_DJANGO = (
    Http404,
    PermissionDenied,
    SuspiciousOperation,
    BadRequest,
    MultiPartParserError,
)


def error_response(request, status, message, code, loc=None) -> HttpResponse:
    """An error in the shape of the API the request was for."""
    if request.path.startswith(V3_PREFIX):
        errors = [{"type": code, "loc": loc, "msg": message}] if loc else None
        return problem_response(status=status, detail=message, errors=errors)
    if request.path.startswith(PREVIEW_PREFIX):
        return JsonResponse({"detail": message, "code": code}, status=status)
    if request.path.startswith(CONTENT_PREFIX):
        body = {"code": code.upper(), "message": message}
        return JsonResponse({**body, "parameter": loc[-1]} if loc else body, status=status)
    return JsonResponse({"message": message}, status=status)


class APIErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            request.GET = parameters.clean(request.GET)
            if request.content_type == "application/json" and request.body:
                parameters.check_json_body(request.body)
        except parameters.ParameterError as error:
            if request.path.startswith(V3_PREFIX):
                loc = ["body"] if error.name == "body" else ["query", error.name]
                return error_response(request, 422, str(error), "invalid_parameter", loc)
            if request.path.startswith(CONTENT_PREFIX):
                return error_response(request, 400, str(error), "invalid_value", [error.name])
            return error_response(request, 400, str(error), "invalid_parameter")
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX) or isinstance(exception, ANSWERED_BY_DJANGO):
            return None
        if isinstance(exception, DataError):
            logger.info(
                "%s %s: refused a value the database cannot take", request.method, request.path
            )
            return error_response(
                request,
                400,
                "The request holds a value that cannot be stored or searched for.",
                "invalid_value",
            )
        logger.exception("%s %s: unhandled error", request.method, request.path)
        return error_response(request, 500, INTERNAL_ERROR, "internal_error")


def page_not_found(request, exception):
    """Django's 404 handler (``handler404``): JSON for an address under /api/ that no
    endpoint answers, the site's 404 page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return error_response(request, 404, "There is no such endpoint.", "not_found")
    return defaults.page_not_found(request, exception)
