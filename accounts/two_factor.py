"""A second factor (TOTP, django-otp) for the accounts that can publish or approve medical
content: superusers, Editors and Medical reviewers. Where ``REQUIRE_2FA`` is on
(production), such a user who has signed in with a password reaches nothing in the admin
but the enrolment page until they have an authenticator app, and then nothing but the
code page until they have typed its current code. Anyone who enrolled, required or not,
must give the code too: a device is never decorative.

Until then the session is not trusted anywhere: outside the admin (the preview token
endpoint, the v2 API) the request is treated as anonymous."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp import user_has_device

from cms import roles

REQUIRED_GROUPS = (roles.EDITORS, roles.MEDICAL_REVIEWERS)
ENROLLED_LOG_ACTION = "accounts.2fa_enrolled"
RESET_LOG_ACTION = "accounts.2fa_reset"
SETUP_URL_NAME = "accounts_2fa_setup"
VERIFY_URL_NAME = "accounts_2fa_verify"
# What a signed-in user still needs before the second factor: the two pages themselves,
# signing out, password reset, and the assets the admin's pages load.
OPEN_URL_NAMES = {
    VERIFY_URL_NAME,
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
}


def second_factor_required(user):
    """Whether this user must enrol: the one rule, for the middleware and the pages."""
    if not settings.REQUIRE_2FA or not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=REQUIRED_GROUPS).exists()


def _url_name(request):
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware, which tells whether this session gave a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # Nobody is signed in; and not reading the session keeps anonymous API answers
            # free of "Vary: Cookie".
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and not user.is_verified():
            enrolled = user_has_device(user, confirmed=True)
            if enrolled or second_factor_required(user):
                refusal = self.refuse(request, enrolled)
                if refusal is not None:
                    return refusal
        return self.get_response(request)

    def refuse(self, request, enrolled):
        if not request.path.startswith(reverse("wagtailadmin_home")):
            request.user = AnonymousUser()
            return None
        url_name = _url_name(request)
        if url_name in OPEN_URL_NAMES or (url_name == SETUP_URL_NAME and not enrolled):
            return None
        target = reverse(VERIFY_URL_NAME if enrolled else SETUP_URL_NAME)
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
