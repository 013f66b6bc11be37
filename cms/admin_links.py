"""Absolute links into the admin, for e-mails: the CMS's own address
(``WAGTAILADMIN_BASE_URL``) and the path of a named admin view."""

from django.urls import reverse
from wagtail.admin.utils import get_admin_base_url


def admin_url(name, *args):
    return f"{(get_admin_base_url() or '').rstrip('/')}{reverse(name, args=args)}"
