"""The absolute URLs the APIs give out, in one place.

Everything the CMS serves itself (an object's ``detail_url``, the ``find`` redirect,
renditions and documents) is on the API origin, ``WAGTAILAPI_BASE_URL``, through Wagtail's
own ``get_full_url``. A page's ``html_url`` is where readers see it: ``FRONTEND_BASE_URL``
plus the page's path under its site, or the CMS's own templates when no frontend is
configured."""

from django.conf import settings
from wagtail.api.utils import get_full_url


def api_url(request, path):
    """A path or URL the CMS serves, made absolute on the API origin (an absolute URL, such
    as a rendition in object storage, is returned as it is)."""
    return get_full_url(request, path)


def page_path(page, request=None):
    """The page's path on the front end, e.g. ``/articles/iron-infusions/``, or None for a
    page outside every site."""
    url_parts = page.get_url_parts(request)
    return url_parts[2] if url_parts else None


def html_url(page, request=None):
    path = page_path(page, request)
    if path is None:
        return None
    if settings.FRONTEND_BASE_URL:
        return settings.FRONTEND_BASE_URL + path
    return api_url(request, path)
