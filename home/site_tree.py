from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from home.factories import HomePageFactory
from home.models import HomePage


def ensure_home_page(site_name):
    """Make a HomePage the default site's root, replacing the plain "Welcome" page that
    Wagtail's own migration leaves at slug "home" (deleting it also deletes its Site)."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        root.get_children().filter(content_type__model="page").delete()
        home = HomePageFactory(parent=root, title=site_name)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port = _cms_address()
    site.root_page, site.site_name = home, site_name
    site.save()
    return home


def _cms_address():
    """The host and port the CMS is served at (``make run``'s unless WAGTAILADMIN_BASE_URL
    says otherwise), so the site's own links (view live, html_url) work where it runs."""
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)
