"""Tests: fast hashing, local-memory cache, e-mail kept in memory, tasks run straight away.
The database is SQLite unless DATABASE_URL is set (CI sets it to PostgreSQL)."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tasks run when enqueued; tests of the database queue and its worker override TASKS.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
FRONTEND_BASE_URL = ""
# Tests read the content version on every request (their transactions never commit, so a
# change would not make the process forget the version it remembers).
API_CONTENT_VERSION_MAX_AGE = 0
