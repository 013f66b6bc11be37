"""What a bad request to the APIs gets: a 4xx with a JSON body, never a 500 and never the
text of a database error.

``APIErrorMiddleware``, for every path under /api/:

- refuses malformed query parameters and NUL characters in JSON bodies before any view
  runs (the rules are in ``delivery.api.parameters``) and hands the view the normalised
  parameters;
- refuses a request body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` with a 413;
- turns what a view lets through into the 4xx it means (``CLIENT_ERRORS``): a
  ``DataError`` (a value the database cannot store or compare, e.g. an out-of-range number
  in a v3 request body) into a 400, a unique value in use into a 409;
- answers a database that cannot be reached (restarting, failing over, out of
  connections) with a 503 and ``Retry-After``: the client may retry, nothing was changed
  (each request is one transaction) and the next request connects again;
- answers any other unhandled exception with a JSON 500 that names no cause (the traceback
  goes to the ``delivery.api`` log), in development too.

``server_error`` (Django's ``handler500``) does the same for what fails outside the views
of the APIs: in a middleware before this one (a signed-in request's session and user are
read there) and on every other path (the admin, the pages). A database that cannot be
reached is a 503 with ``Retry-After`` there too, JSON under /api/.

Each API answers in its own error shape: v3 as ``application/problem+json`` (a query
parameter error is a 422, as v3's own validation answers), the preview as
``{"detail", "code"}``, the rest as v2 does, ``{"message"}``.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
)
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
UNAVAILABLE = "The service is briefly unavailable. Try again in a few seconds."
RETRY_AFTER_SECONDS = 5

TOO_LARGE = f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes."

# What an exception a view lets through means to the client, in the order they are matched
# (RequestDataTooBig is a SuspiciousOperation). The views of the APIs mostly answer these
# themselves; Http404 goes to Django's handler404 (``page_not_found``).
CLIENT_ERRORS = [
    (RequestDataTooBig, 413, TOO_LARGE, "too_large"),
    (
        (SuspiciousOperation, BadRequest, MultiPartParserError),
        400,
        "The request is malformed.",
        "bad_request",
    ),
    (PermissionDenied, 403, "You do not have permission to do this.", "permission_denied"),
    (
        DataError,
        400,
        "The request holds a value that cannot be stored or searched for.",
        "invalid_value",
    ),
    # A unique value in use, or an object another request removed: the client's data is
    # fine but conflicts with what is stored now.
    (
        IntegrityError,
        409,
        "The request conflicts with the current state of the content: a value that must be "
        "unique is in use, or an object it refers to is gone.",
        "conflict",
    ),
]


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


def parameter_error_response(request, error):
    if request.path.startswith(V3_PREFIX):
        loc = ["body"] if error.name == "body" else ["query", error.name]
        return error_response(request, 422, str(error), "invalid_parameter", loc)
    if request.path.startswith(CONTENT_PREFIX):
        return error_response(request, 400, str(error), "invalid_value", [error.name])
    return error_response(request, 400, str(error), "invalid_parameter")


class APIErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        try:
            request.GET = parameters.clean(request.GET)
            if request.content_type == "application/json" and request.body:
                # Every v3 operation takes an object; Wagtail's fails on anything else.
                parameters.check_json_body(
                    request.body, require_object=request.path.startswith(V3_PREFIX)
                )
        except RequestDataTooBig:
            return error_response(request, 413, TOO_LARGE, "too_large")
        except parameters.ParameterError as error:
            if not request.path.startswith(V3_PREFIX) or error.name == "body":
                return parameter_error_response(request, error)
            # v3 answers a missing or bad token before a bad query parameter (401 comes first,
            # as in Wagtail's own validation): the refusal waits for the operation, which gives
            # it after authentication and before the view
            # (delivery.api.v3.refuse_invalid_parameters).
            # A body is refused at once: Wagtail's parsing of it fails on what this refuses.
            request.invalid_parameter = error
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX) or isinstance(exception, Http404):
            return None
        for exceptions, status, message, code in CLIENT_ERRORS:
            if isinstance(exception, exceptions):
                logger.info("%s %s: %s (%s)", request.method, request.path, code, exception)
                return error_response(request, status, message, code)
        if isinstance(exception, OperationalError | InterfaceError):
            return unavailable(request, exception)
        logger.exception("%s %s: unhandled error", request.method, request.path)
        return error_response(request, 500, INTERNAL_ERROR, "internal_error")


def database_reachable():
    """Whether the default database answers now, connecting if need be."""
    try:
        connection.ensure_connection()
    except DatabaseError:
        return False
    return connection.is_usable()


def unavailable(request, exception):
    logger.warning("%s %s: database unavailable: %s", request.method, request.path, exception)
    if request.path.startswith(API_PREFIX):
        response = error_response(request, 503, UNAVAILABLE, "unavailable")
    else:
        response = HttpResponse(
            f"<!doctype html><title>Unavailable</title><h1>{UNAVAILABLE}</h1>", status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """Django's 500 handler (``handler500``), called while the exception is handled: a
    database that cannot be reached is a 503; anything else a 500, JSON under /api/."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        return unavailable(request, exception)
    if request.path.startswith(API_PREFIX):
        return error_response(request, 500, INTERNAL_ERROR, "internal_error")
    return defaults.server_error(request)


def page_not_found(request, exception):
    """Django's 404 handler (``handler404``): JSON for an address under /api/ that no
    endpoint answers, the site's 404 page elsewhere."""
    if request.path.startswith(CONTENT_PREFIX):  # a path no page can have (a newline)
        return error_response(request, 404, "Page not found.", "resource_not_found")
    if request.path.startswith(API_PREFIX):
        return error_response(request, 404, "There is no such endpoint.", "not_found")
    return defaults.page_not_found(request, exception)
