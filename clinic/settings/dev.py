"""Local development: debug on, a throwaway secret, e-mail to the console, background tasks
run straight away (no worker to start)."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")

# Run tasks (webhook deliveries, Wagtail's index updates) in the request that enqueues them,
# so `make run` needs no `db_worker`. Webhook retries then wait for
# `manage.py send_due_webhooks`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The v3 API's OpenAPI document and interactive docs, on unless turned off.
WAGTAILAPI_DOCS_ENABLED = os.environ.get("WAGTAILAPI_DOCS_ENABLED", "true").lower() == "true"
