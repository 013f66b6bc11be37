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
    site.hostname, site.port, site.root_page, site.site_name = "localhost", 80, home, site_name
    site.save()
    return home
