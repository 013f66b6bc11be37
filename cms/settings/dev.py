"""Local development: debug on, a throwaway secret, e-mail to the console."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-used-in-production")

# The v3 API's OpenAPI document and interactive docs, on unless turned off.
WAGTAILAPI_DOCS_ENABLED = os.environ.get("WAGTAILAPI_DOCS_ENABLED", "true").lower() == "true"
