"""Headless preview: a writer or clinician sees a draft the way the frontend will show it.

1. A signed-in user who may edit, publish or review the page asks for a preview token:
   ``GET /api/preview/token/<page_id>/`` (session auth; ``?revision_id=`` for an older
   revision, ``?redirect=1`` to be sent straight to the preview URL). The token is signed
   with the project's SECRET_KEY and a salt of its own, names one page, one revision and
   its ``PreviewToken`` row, and expires after ``HEADLESS_PREVIEW_MAX_AGE`` seconds
   (default one hour). wagtail-headless-preview's tokens are not age-checked, hence this.
2. The frontend, holding the token, asks ``GET /api/preview/`` with the header
   ``Authorization: Preview <token>`` (or, as before, ``?token=``, which lands in access
   logs) and gets that revision as JSON in the shape of the v2 page detail, serialised by
   the v2 pages endpoint's own serializer. Never cached (``private, no-store``), never
   indexed.

A token is checked each time it is used, as strictly as when it was issued: an expired
token gets 401, a revoked one 401, a forged or altered one 403, and one whose owner is no
longer active or may no longer preview the page (removed from their groups, the review
they were reviewing finished) 403; none gets any content. A token shows the revision it
was issued for, never a later one.

Revoking: ``POST /api/preview/revoke/`` with the token revokes it (whoever holds a link may
end it); an administrator revokes all of a user's tokens from the Users list (*Revoke
preview links*) and staff with ``manage.py preview_tokens revoke --user``.
"""

import datetime
import uuid
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from rest_framework.request import Request as DRFRequest
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.models import Page, Revision
from wagtail.users.utils import change_user_perm

from cms.models import PreviewToken
from delivery.api.renderers import ScriptSafeJSONRenderer
from delivery.api.v2 import api_router
from presentation import links

SALT = "delivery.api.preview"
DEFAULT_MAX_AGE = 60 * 60
AUTHORIZATION_SCHEME = "Preview"


def max_age():
    return int(getattr(settings, "HEADLESS_PREVIEW_MAX_AGE", DEFAULT_MAX_AGE))


def _signer():
    return signing.TimestampSigner(salt=SALT)


def issue_token(user, revision):
    """A new token for ``revision``, recorded so that it can be revoked. Expired rows go
    at the same time: an expired token is refused by its signature's age anyway."""
    now = timezone.now()
    PreviewToken.objects.filter(expires_at__lt=now).delete()
    row = PreviewToken.objects.create(
        user=user,
        page_id=int(revision.object_id),
        revision=revision,
        created_at=now,
        expires_at=now + datetime.timedelta(seconds=max_age()),
    )
    payload = {"jti": str(row.jti), "page_id": row.page_id, "revision_id": revision.pk}
    return _signer().sign_object(payload), row


def read_token(token):
    """The token's payload. Raises ``signing.SignatureExpired`` when it is older than the
    maximum age and ``signing.BadSignature`` when it was not signed by us."""
    return _signer().unsign_object(token, max_age=max_age())


def token_row(payload):
    """The ``PreviewToken`` a verified payload names, or None (a token issued before tokens
    were recorded has no ``jti``)."""
    try:
        jti = uuid.UUID(str(payload.get("jti")))
    except ValueError:
        return None
    return (
        PreviewToken.objects.select_related("user")
        .filter(
            jti=jti,
            page_id=payload.get("page_id"),
            revision_id=payload.get("revision_id"),
        )
        .first()
    )


def token_from_request(request):
    """``Authorization: Preview <token>``, else the ``token`` query parameter."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == AUTHORIZATION_SCHEME.lower() and credentials.strip():
        return credentials.strip()
    return request.GET.get("token", "")


def preview_url(request, token):
    """Where the token is used: the frontend's preview route when ``HEADLESS_PREVIEW_URL``
    names one (a template with ``{token}``), else this API's preview endpoint."""
    template = getattr(settings, "HEADLESS_PREVIEW_URL", "")
    if template:
        return template.format(token=token)
    return links.api_url(request, reverse("cms_preview") + "?" + urlencode({"token": token}))


def can_preview(user, page):
    """Users who may edit or publish the page, which includes a reviewer of its current
    workflow task (Wagtail's edit permission lets them into the editor). Asked when a
    token is issued and again each time it is used."""
    if not user.is_authenticated or not user.is_active:
        return False
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_publish()


def _private(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _error(status, detail, code):
    return _private(JsonResponse({"detail": detail, "code": code}, status=status))


def allow(*methods):
    """Django's ``require_http_methods``, answering other methods in this API's JSON."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if request.method not in methods:
                response = _error(405, f"Use {' or '.join(methods)}.", "method_not_allowed")
                response["Allow"] = ", ".join(methods)
                return response
            return view(request, *args, **kwargs)

        return checked

    return decorator


@allow("GET", "HEAD")
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

    token, row = issue_token(request.user, revision)
    url = preview_url(request, token)
    if request.GET.get("redirect"):
        return _private(HttpResponseRedirect(url))
    return _private(
        JsonResponse(
            {
                "token": token,
                "expires_at": row.expires_at.isoformat(),
                "url": url,
                "page_id": page.pk,
                "revision_id": revision.pk,
            }
        )
    )


def _verified_row(request):
    """The ``PreviewToken`` of the request's token, or the error response to send."""
    token = token_from_request(request)
    if not token:
        return None, _error(401, "A preview token is required.", "token_required")
    try:
        payload = read_token(token)
    except signing.SignatureExpired:
        return None, _error(
            401, "This preview link has expired. Ask for a new one.", "token_expired"
        )
    except signing.BadSignature:
        return None, _error(403, "This preview link is not valid.", "token_invalid")
    row = token_row(payload)
    if row is None:
        return None, _error(403, "This preview link is not valid.", "token_invalid")
    return row, None


@allow("GET", "HEAD")
def preview(request):
    row, refusal = _verified_row(request)
    if refusal is not None:
        return refusal
    if row.is_revoked:
        return _error(401, "This preview link was revoked. Ask for a new one.", "token_revoked")
    page = Page.objects.filter(pk=row.page_id).first()
    revision = (
        Revision.objects.page_revisions()
        .filter(pk=row.revision_id, object_id=str(row.page_id))
        .select_related("content_type")
        .first()
    )
    if page is None or revision is None:
        return _error(404, "The previewed page or revision no longer exists.", "not_found")
    if not can_preview(row.user, page.specific):
        return _error(
            403,
            "The person who shared this preview link may no longer preview this page.",
            "owner_not_allowed",
        )

    data = v2_detail(request, revision.as_object())
    response = HttpResponse(ScriptSafeJSONRenderer().render(data), content_type="application/json")
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["X-Preview-Revision"] = str(revision.pk)
    return _private(response)


@csrf_exempt  # the token is the credential, not a cookie
@allow("POST")
def revoke(request):
    """Revoke the token sent (header or ``?token=``). Revoking twice is not an error."""
    row, refusal = _verified_row(request)
    if refusal is not None:
        return refusal
    PreviewToken.objects.filter(pk=row.pk).revoke()
    return _private(JsonResponse({"revoked": True, "token_id": str(row.jti)}))


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


# The admin: the page header's "Headless preview" item, which opens the preview URL, and
# the Users list's "Revoke preview links" (registered in cms/wagtail_hooks.py).


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


REVOKED_LOG_ACTION = "cms.preview_tokens_revoked"


def may_revoke_preview_tokens(user, owner):
    """A user may revoke their own preview links; a user administrator (change permission
    on users) anyone's, but only a superuser a superuser's, as Wagtail rules for API tokens."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user == owner:
        return True
    return user.has_perm(change_user_perm) and (user.is_superuser or not owner.is_superuser)


class RevokePreviewTokensView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then revoke every active preview link of one user."""

    template_name = "cms/revoke_preview_tokens.html"
    page_title = "Revoke preview links"
    header_icon = "view"

    def dispatch(self, request, user_id):
        self.owner = get_object_or_404(get_user_model(), pk=user_id)
        if not may_revoke_preview_tokens(request.user, self.owner):
            raise PermissionDenied
        return super().dispatch(request, user_id)

    def get_page_subtitle(self):
        return str(self.owner)

    def get_context_data(self, **kwargs):
        active = PreviewToken.objects.filter(user=self.owner).active().select_related("page")
        return super().get_context_data(owner=self.owner, active=active, **kwargs)

    def post(self, request, user_id):
        count = PreviewToken.objects.filter(user=self.owner).revoke()
        log(self.owner, REVOKED_LOG_ACTION, user=request.user, data={"count": count})
        messages.success(request, f"{count} preview link(s) of {self.owner} revoked.")
        return redirect("wagtailusers_users:index")


def revoke_preview_tokens_button(owner, request_user):
    if may_revoke_preview_tokens(request_user, owner):
        yield Button(
            "Revoke preview links",
            reverse("cms_revoke_preview_tokens", args=[owner.pk]),
            icon_name="view",
            priority=90,
        )
