"""The second factor's two pages, styled like Wagtail's sign-in page: enrolment (a QR code,
the otpauth:// URI and the key to type by hand, confirmed with a first code) and the code
asked for after each password sign-in. Codes are checked by django-otp, which refuses a
code used before and slows down guessing (1, 2, 4, 8… seconds after each wrong code)."""

import base64
import logging

import segno
from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from .two_factor import ENROLLED_LOG_ACTION, SETUP_URL_NAME, second_factor_required

logger = logging.getLogger("accounts")

DEVICE_NAME = "Authenticator app"
WRONG_CODE = "That code is not right. Type the code your app shows now (it changes every 30 s)."


class CodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code from your authenticator app",
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": ""}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows.")
        return code


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def _check(form, request, device):
    """True if the form's code is the device's current code; else the form says why."""
    allowed, throttled = device.verify_is_allowed()
    if not allowed:
        wait = throttled.get("locked_until")
        form.add_error(
            "code",
            "Too many wrong codes: wait a few seconds and try again"
            + (f" (after {wait:%H:%M:%S} UTC)." if wait else "."),
        )
        return False
    if verify_token(request.user, device.persistent_id, form.cleaned_data["code"]):
        return True
    logger.warning("Wrong second-factor code for %s", request.user.get_username())
    form.add_error("code", WRONG_CODE)
    return False


def setup(request):
    """Enrol an authenticator app, or replace the one in use (the middleware lets an
    enrolled user here only once this session gave a code)."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(form, request, device):
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        # The device's user: request.user is a lazy wrapper, which Wagtail's log cannot file.
        log(device.user, ENROLLED_LOG_ACTION, user=device.user)
        messages.success(request, "Two-factor authentication is on for your account.")
        return redirect(_next_url(request))
    key = base64.b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "required": second_factor_required(user),
            "replacing": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "otpauth_uri": device.config_url,
            # segno writes the SVG itself from the URI: no user input reaches the markup.
            "qr_code": mark_safe(
                segno.make(device.config_url, error="m").svg_inline(scale=4, light="white")
            ),
            "manual_key": " ".join(key[i : i + 4] for i in range(0, len(key), 4)),
        },
    )


def verify(request):
    """The code asked for after the password, once per session."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(f"{reverse(SETUP_URL_NAME)}?{urlencode({'next': _next_url(request)})}")
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check(form, request, device):
        otp_login(request, device)
        return redirect(_next_url(request))
    return TemplateResponse(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )
