"""The Content-Security-Policy of every response (django-csp; the policy is
``CONTENT_SECURITY_POLICY`` in the settings): strict everywhere, with the allowances the
Wagtail admin still needs added for the admin only (``ADMIN_ALLOWANCES``)."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIX = "/admin/"

# Measured in Chromium against Wagtail 8.0 (tests/e2e/test_csp.py): the admin's templates
# and its JavaScript set inline styles and run a few inline scripts.
ADMIN_ALLOWANCES = {
    # Wagtail's widgets start themselves with inline scripts (date and image choosers,
    # inline panels), without a nonce
    "script-src": [UNSAFE_INLINE],
    # the editor's libraries (Draftail and others in vendor.js) add <style> elements
    "style-src": [UNSAFE_INLINE],
    # the dashboard's check for a newer Wagtail (WAGTAIL_ENABLE_UPDATE_CHECK)
    "connect-src": ["https://releases.wagtail.org"],
}


class ClinicCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, extended where it says to (``get_policy_parts``)."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path.startswith(ADMIN_PREFIX) and not report_only:
            parts.update = {**ADMIN_ALLOWANCES, **(parts.update or {})}
        return parts
