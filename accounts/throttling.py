"""Sign-in throttling with django-axes: after ``LOGIN_FAILURE_LIMIT`` failed sign-ins for
one username, or from one address, further attempts (the right password included) are
refused for ``LOGIN_COOLOFF_MINUTES``; each attempt during the lock starts the wait again.
The lock does not say whether the username exists. Every failure is kept in axes'
``AccessFailureLog`` and each lockout in Wagtail's audit log on the user."""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.dispatch import receiver
from django.http import HttpResponse
from wagtail.log_actions import log

logger = logging.getLogger("accounts")

LOCKED_OUT_LOG_ACTION = "accounts.locked_out"


def lockout_message():
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"Too many failed sign-in attempts for this account or from this address. Try again "
        f"in {minutes} minutes, or ask an administrator to unlock the account."
    )


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind ``TRUSTED_PROXY_COUNT`` reverse proxies
    the address the outermost one saw (each proxy appends to X-Forwarded-For, so what the
    client wrote itself sits to the left and is ignored)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response, credentials):
    """The sign-in page itself, with the lockout message as its error (accounts.forms),
    answered 429; a plain 429 for any other way of signing in."""
    if original_response is not None and "text/html" in original_response.get("Content-Type", ""):
        original_response.status_code = 429
        return original_response
    return HttpResponse(lockout_message(), status=429, content_type="text/plain")


@receiver(user_locked_out)
def audit_lockout(sender, request, username, ip_address, **kwargs):
    """Once per lockout (the attempt that reached the limit), not on each refused attempt
    after it: those are in axes' AccessFailureLog."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    logger.warning("Sign-in locked out: username %r from %s", username, ip_address)
    user = get_user_model().objects.filter(username=username).first() if username else None
    if user is not None:
        log(user, LOCKED_OUT_LOG_ACTION, data={"ip_address": ip_address})
