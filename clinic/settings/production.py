"""Production: refuses to start without a secret, serves over HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_list

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment in production.")

# Links in e-mails (review requests, change requests) lead here; base.py's default is
# `make run`'s address, which no reviewer could open.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").rstrip("/")
if not WAGTAILADMIN_BASE_URL:
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL (the CMS's public address, e.g. https://cms.clinic.example) "
        "must be set in the environment in production."
    )
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)

# WhiteNoise serves the collected static files straight after the security middleware.
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1  # noqa: F405
MIDDLEWARE = [
    *MIDDLEWARE[:_security],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_security:],  # noqa: F405
]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's preview panel shows the page in a frame inside the admin, so frames from the same
# origin must stay allowed; other origins are refused.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# Tasks (webhook deliveries, Wagtail's index updates) queue in the database (TASKS in base)
# and run in a separate process: `manage.py db_worker`.
WEBHOOKS_REQUIRE_HTTPS = True
if WEBHOOKS_ALLOWED_PRIVATE_HOSTS:  # noqa: F405
    raise ImproperlyConfigured(
        "WEBHOOKS_ALLOWED_PRIVATE_HOSTS is for development only: production sends webhooks "
        "to public addresses only."
    )

# Superusers, Editors and Medical reviewers sign in with a second factor.
REQUIRE_2FA = os.environ.get("REQUIRE_2FA", "true").lower() == "true"

# The v3 API's OpenAPI document and docs describe every endpoint: off unless asked for.
WAGTAILAPI_DOCS_ENABLED = os.environ.get("WAGTAILAPI_DOCS_ENABLED", "false").lower() == "true"
