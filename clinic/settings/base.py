"""Settings shared by every environment. Anything that differs between machines comes
from the environment, so the same code runs on a laptop, in CI and in production."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "review",
    "home",
    "articles",
    "faq",
    "delivery",
    "webhooks",
    "accounts",
    "syndication",
    "wagtail_modeladmin",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "rest_framework",
    # v3's interactive docs then serve Swagger UI from our static files, not a CDN (the CSP)
    "ninja",
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "corsheaders",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, as django-cors-headers asks: before anything that can answer on its own.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before sessions and authentication: an anonymous read (no session cookie, no
    # Authorization header) is answered from the content version and the response cache
    # without them. Before CSP too: a stored response keeps the policy it was built with,
    # and a 304 needs none. CORS and security headers are still added on the way out.
    "delivery.api.caching.APICachingMiddleware",
    "clinic.csp.ClinicCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Whether this session gave its second factor, then what an unverified one may reach.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    # Inside the caching and CORS middleware, so its errors are marked no-store and readable
    # by the frontends: bad query parameters, database-refused values, unhandled errors.
    "delivery.api.errors.APIErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "review.middleware.MedicalReviewRefusalMiddleware",
    # Every CSV export of the admin, Wagtail's own included: no cell runs as a formula.
    "cms.exports.CSVFormulaMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinic.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "clinic.wsgi.application"

# SQLite in the project folder unless DATABASE_URL names another database, so the
# first README command needs no services; production and CI set DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection the server dropped (a restart, a failover) is replaced before
        # the request uses it, instead of failing that request.
        conn_health_checks=True,
    )
}

# Shared by every app server when REDIS_URL is set; an unreachable Redis is a cache miss,
# not an error (cms/redis_cache.py). Without it each process keeps its own local-memory
# cache, which stays correct: cached API responses are keyed by the content version, which
# lives in the database (delivery/api/caching.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.redis_cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# How long an anonymous API response stays in the cache (seconds); 0 stores none. A change
# to the content makes every stored response stale at once, whatever this says.
API_CACHE_TIMEOUT = int(os.environ.get("API_CACHE_TIMEOUT", "3600"))
# How long each process may answer from the content version it read last (seconds): other
# servers' changes are seen within this, its own at once; 0 reads it on every request.
API_CONTENT_VERSION_MAX_AGE = float(os.environ.get("API_CONTENT_VERSION_MAX_AGE", "0.5"))
# Each process also keeps up to this many bytes of the current version's responses in its
# own memory, so the most read ones need no round trip to Redis.
API_LOCAL_CACHE_BYTES = int(os.environ.get("API_LOCAL_CACHE_BYTES", str(32 * 1024 * 1024)))

# django-axes first: it refuses a locked-out sign-in before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling (accounts/throttling.py): LOGIN_FAILURE_LIMIT failed sign-ins for a
# username, or from an address, lock it for LOGIN_COOLOFF_MINUTES; every failure is logged.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
# Reverse proxies in front of the app that append the client's address to X-Forwarded-For;
# 0 (the default) takes the address from the connection.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.LoginForm"

# Second factor (accounts/two_factor.py): TOTP for superusers, Editors and Medical reviewers,
# required where REQUIRE_2FA is on (production's default).
REQUIRE_2FA = os.environ.get("REQUIRE_2FA", "false").lower() == "true"
OTP_TOTP_ISSUER = "Clinic CMS"

# The v2 API (Django REST framework) knows a signed-in admin session and nothing else: no
# HTTP Basic, which would be a password check outside the throttled sign-in page.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"]
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Complex page models can exceed Django's default of 1000 form fields in the editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "cms@clinic.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "cms": {"handlers": ["console"], "level": "INFO"},
        "webhooks": {"handlers": ["console"], "level": "INFO"},
        "accounts": {"handlers": ["console"], "level": "INFO"},
    },
}

# Background tasks (django-tasks): webhook deliveries and Wagtail's own tasks (search and
# reference index updates). Queued in the database and run by `manage.py db_worker`;
# dev and test run them straight away instead (clinic/settings/dev.py, test.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Webhooks (webhooks/): endpoint URLs must be https:// where this is on (production).
WEBHOOKS_REQUIRE_HTTPS = False
# Webhooks go to public addresses only. These host:port pairs (as the endpoint URL names
# them, e.g. 127.0.0.1:3000) may be private anyway: for a receiver on a developer's machine.
# Empty by default; production refuses to start with any.
WEBHOOKS_ALLOWED_PRIVATE_HOSTS = env_list("WEBHOOKS_ALLOWED_PRIVATE_HOSTS")

# CORS (django-cors-headers): browsers on these origins may read the API. A comma-separated
# list of origins such as https://www.clinic.example; none by default.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"

# Content API (delivery/api/). v3's OpenAPI document and docs are off unless an environment
# turns them on (dev does); a page of the v2 listing holds at most 50 items.
WAGTAILAPI_DOCS_ENABLED = False
WAGTAILAPI_LIMIT_MAX = 50
# Headless preview (delivery/api/preview.py): how long a signed preview token stays valid, and
# the frontend's preview address with "{token}" where the token goes (empty: the JSON only).
HEADLESS_PREVIEW_MAX_AGE = int(os.environ.get("HEADLESS_PREVIEW_MAX_AGE", "3600"))
HEADLESS_PREVIEW_URL = os.environ.get("HEADLESS_PREVIEW_URL", "")

# Content-Security-Policy (django-csp, cms/csp.py) on every response: only this site's own
# scripts, styles, images and frames (Wagtail's preview panel frames the page inside the
# admin); no inline script or style, no plugins. The admin adds what Wagtail still needs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Importing old articles (articles/importing/): files larger than this are refused.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(2 * 1024 * 1024)))

# Wagtail
WAGTAIL_SITE_NAME = "Clinic CMS"
# The CMS's own address (links in e-mails), `make run`'s by default. The API's absolute URLs
# (detail_url, the find redirect, renditions, documents) use WAGTAILAPI_BASE_URL, the same
# address unless the API is served elsewhere; html_url points at FRONTEND_BASE_URL, or at
# the CMS's own templates when that is empty (presentation/links.py).
# No avatars from Gravatar: staff e-mail hashes stay here, and the CSP allows no other host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILAPI_BASE_URL = os.environ.get("WAGTAILAPI_BASE_URL", WAGTAILADMIN_BASE_URL)
FRONTEND_BASE_URL = os.environ.get("FRONTEND_BASE_URL", "").rstrip("/")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# A finished medical review publishes the revision the clinician approved (review/gate.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "review.workflow_finish.publish_approved_revision"
