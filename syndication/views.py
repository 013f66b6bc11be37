"""``GET /api/content/<path>/``: the live, public page at that path under the site root, in
the shape of the NHS Website Content API (see ``syndication.serializers``), and
``GET /api/content/openapi.json``, this API's OpenAPI document.

The caching headers are those of every response under ``/api/`` (``delivery.api.caching``).
Errors are JSON (``syndication.errors``): 404 ``RESOURCE_NOT_FOUND`` for a path with no
live, public page, 400 for a parameter the page does not take or a value it cannot use.
"""

import re

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Page, Site

from delivery.api.v2 import prefetch_lookups_by_model
from review.pages import MedicalPageMixin

from .errors import (
    INVALID_PARAMETER,
    METHOD_NOT_ALLOWED,
    ContentAPIError,
    invalid_value,
    not_found,
)
from .hubs import PARAMETERS as HUB_PARAMETERS
from .hubs import HubQuery
from .openapi import openapi_document
from .serializers import ContentContext, ContentPageSerializer, HubSerializer, ModulesSerializer

# ``apikey`` is what NHS clients send with every request; accepted and ignored, so their
# code works unchanged.
COMMON_PARAMETERS = {"modules", "apikey"}
_SLUG = re.compile(r"[-\w]{1,255}")
JSON_OPTIONS = {"ensure_ascii": False}


def _method_not_allowed():
    error = ContentAPIError(405, METHOD_NOT_ALLOWED, "Only GET and HEAD are allowed.")
    response = error.response()
    response["Allow"] = "GET, HEAD"
    return response


def find_page(request, path):
    """The live, public page at ``path`` under the request's site root, or a 404."""
    site = Site.find_for_request(request)
    components = [component for component in path.split("/") if component]
    if site is None or not all(_SLUG.fullmatch(component) for component in components):
        raise not_found()
    root = Page.objects.filter(pk=site.root_page_id).values_list("url_path", flat=True).first()
    if root is None:
        raise not_found()
    url_path = root + "".join(f"{component}/" for component in components)
    page = Page.objects.live().public().filter(url_path=url_path).specific().first()
    if page is None:
        raise not_found()
    return site, page


def _modules(params):
    raw = params.get("modules")
    if raw is None:
        return False
    if raw.lower() not in ("true", "false"):
        raise invalid_value("modules", "modules must be true or false.")
    return raw.lower() == "true"


@csrf_exempt  # read-only: any other method gets a JSON 405, not the CSRF page
def content(request, path=""):
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed()
    try:
        site, page = find_page(request, path)
        data = _serialize(request, site, page)
    except ContentAPIError as error:
        return error.response()
    return JsonResponse(data, json_dumps_params=JSON_OPTIONS)


def _serialize(request, site, page):
    params = request.GET
    is_hub = not isinstance(page, MedicalPageMixin)
    allowed = COMMON_PARAMETERS | (HUB_PARAMETERS if is_hub else set())
    for name in params:
        if name not in allowed:
            where = "" if name not in HUB_PARAMETERS else " (it applies to index pages)"
            raise ContentAPIError(
                400,
                INVALID_PARAMETER,
                f"{name} is not a parameter of this page{where}. It takes: "
                + ", ".join(sorted(allowed - {"apikey"}))
                + ".",
                parameter=name,
            )
    modules = _modules(params)
    hub = HubQuery(params) if is_hub else None

    content = ContentContext(request, site)
    content.frontend.prepare([page], prefetch_lookups_by_model())
    context = {"content": content}
    if modules:
        return ModulesSerializer(page, context=context).data
    if is_hub:
        context["hub"] = hub.page_of(page, params)
        return HubSerializer(page, context=context).data
    return ContentPageSerializer(page, context=context).data


@csrf_exempt
def openapi(request):
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed()
    return JsonResponse(openapi_document(), json_dumps_params=JSON_OPTIONS)
