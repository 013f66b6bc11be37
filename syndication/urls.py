from django.urls import path

from . import views

app_name = "content_api"

urlpatterns = [
    # Before the page paths: a page slug cannot contain a dot.
    path("openapi.json", views.openapi, name="openapi"),
    path("", views.content, name="root"),
    path("<path:path>", views.content, name="page"),
]
