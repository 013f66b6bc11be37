from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from delivery.api import preview
from delivery.api.v2 import api_router
from delivery.api.v3 import api_v3

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/v3/", api_v3.urls),
    path("api/content/", include("syndication.urls")),
    path("api/preview/", preview.preview, name="cms_preview"),
    path("api/preview/token/<int:page_id>/", preview.preview_token, name="cms_preview_token"),
    path("api/preview/revoke/", preview.revoke, name="cms_preview_revoke"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# An unknown address under /api/ gets a JSON 404 (delivery/api/errors.py).
handler404 = "delivery.api.errors.page_not_found"
# A database that cannot be reached is a 503 wherever it fails, not a 500 (same module).
handler500 = "delivery.api.errors.server_error"
