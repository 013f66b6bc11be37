"""Headless preview: a writer or clinician sees a draft the way the frontend will show it.

1. A signed-in user who may edit, publish or review the page asks for a preview token:
   ``GET /api/preview/token/<page_id>/`` (session auth; ``?revision_id=`` for an older
   revision, ``?redirect=1`` to be sent straight to the preview URL). The token is signed
   with the project's SECRET_KEY and a salt of its own, names one page and one revision, and
   expires after ``HEADLESS_PREVIEW_MAX_AGE`` seconds (default one hour). wagtail-headless-
   preview's tokens are not age-checked, hence this.
2. The frontend, holding the token, asks ``GET /api/preview/?token=...`` and gets that
   revision as JSON in the shape of the v2 page detail, serialised by the v2 pages
   endpoint's own serializer. Never cached (``private, no-store``), never indexed.

An expired token gets 401, a forged or altered one 403, and neither gets any content. A
token shows the revision it was issued for, never a later one.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request as DRFRequest
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page, Revision

from cms.api import links
from cms.api.v2 import api_router

SALT = "cms.api.preview"
DEFAULT_MAX_AGE = 60 * 60


def max_age():
    return int(getattr(settings, "HEADLESS_PREVIEW_MAX_AGE", DEFAULT_MAX_AGE))


def _signer():
    return signing.TimestampSigner(salt=SALT)


def make_token(revision):
    return _signer().sign_object({"page_id": int(revision.object_id), "revision_id": revision.pk})


def read_token(token):
    """The token's payload. Raises ``signing.SignatureExpired`` when it is older than the
    maximum age and ``signing.BadSignature`` when it was not signed by us."""
    return _signer().unsign_object(token, max_age=max_age())


def preview_url(request, token):
    """Where the token is used: the frontend's preview route when ``HEADLESS_PREVIEW_URL``
    names one (a template with ``{token}``), else this API's preview endpoint."""
    template = getattr(settings, "HEADLESS_PREVIEW_URL", "")
    if template:
        return template.format(token=token)
    return links.api_url(request, reverse("cms_preview") + "?" + urlencode({"token": token}))


def can_preview(user, page):
    """Users who may edit or publish the page, which includes a reviewer of its current
    workflow task (Wagtail's edit permission lets them into the editor)."""
    if not user.is_authenticated or not user.is_active:
        return False
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_publish()


def _error(status, detail, code):
    response = JsonResponse({"detail": detail, "code": code}, status=status)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@require_GET
def preview_token(request, page_id):
    if not request.user.is_authenticated:
        return _error(401, "Sign in to the CMS to preview a page.", "not_authenticated")
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return _error(404, "No such page.", "not_found")
    page = page.specific
    if not can_preview(request.user, page):
        return _error(403, "You may not preview this page.", "permission_denied")

    revisions = Revision.objects.page_revisions().filter(object_id=str(page.pk))
    if request.GET.get("revision_id"):
        revision = revisions.filter(pk=request.GET["revision_id"]).first()
    else:
        revision = revisions.order_by("-created_at", "-id").first()
    if revision is None:
        return _error(404, "This page has no draft to preview.", "no_revision")

    token = make_token(revision)
    url = preview_url(request, token)
    if request.GET.get("redirect"):
        response = HttpResponseRedirect(url)
    else:
        expires_at = timezone.now() + datetime.timedelta(seconds=max_age())
        response = JsonResponse(
            {
                "token": token,
                "expires_at": expires_at.isoformat(),
                "url": url,
                "page_id": page.pk,
                "revision_id": revision.pk,
            }
        )
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


@require_GET
def preview(request):
    token = request.GET.get("token", "")
    if not token:
        return _error(401, "A preview token is required.", "token_required")
    try:
        payload = read_token(token)
    except signing.SignatureExpired:
        return _error(401, "This preview link has expired. Ask for a new one.", "token_expired")
    except signing.BadSignature:
        return _error(403, "This preview link is not valid.", "token_invalid")

    revision = (
        Revision.objects.page_revisions()
        .filter(pk=payload.get("revision_id"), object_id=str(payload.get("page_id")))
        .select_related("content_type")
        .first()
    )
    if revision is None:
        return _error(404, "The previewed page or revision no longer exists.", "not_found")

    data = v2_detail(request, revision.as_object())
    response = HttpResponse(JSONRenderer().render(data), content_type="application/json")
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["X-Preview-Revision"] = str(revision.pk)
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def v2_detail(request, page):
    """``page`` (a revision's object) as the v2 pages endpoint's detail serialises it: the
    endpoint class registered on our v2 router, its serializer class and context."""
    _, endpoint_class = api_router.get_model_endpoint(type(page))

    class DraftDetail(endpoint_class):
        def get_object(self):
            return self.prepared(page)  # the draft, not the live row Wagtail would fetch

    drf_request = DRFRequest(request)
    drf_request.wagtailapi_router = api_router
    view = DraftDetail(
        request=drf_request,
        action="detail_view",
        format_kwarg=None,
        args=(),
        kwargs={"pk": page.pk},
    )
    serializer_class = view.get_serializer_class()
    return serializer_class(page, context=view.get_serializer_context()).data


# The admin's page header gets a "Headless preview" item that opens the preview URL
# (registered in cms/wagtail_hooks.py).


class HeadlessPreviewMenuItem(PageMenuItem):
    label = "Headless preview"
    icon_name = "view"
    link_rel = "noreferrer"
    priority = 35

    @property
    def url(self):
        return reverse("cms_preview_token", args=[self.page.pk]) + "?redirect=1"

    def is_shown(self, user):
        return self.page.specific_class is not None and can_preview(user, self.page)
