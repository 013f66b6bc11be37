"""The absolute URLs the APIs give out: whatever the CMS serves is on one configured API
origin (``WAGTAILAPI_BASE_URL``), and ``html_url`` is where readers see the page
(``FRONTEND_BASE_URL``, else the CMS's own templates). A frontend developer must be able to
follow every link the API hands them."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from articles.models import ArticlePage
from home.site_tree import ensure_home_page

pytestmark = pytest.mark.django_db

API = "https://api.clinic.example"
FRONTEND = "https://www.clinic.example"
PATH = "/articles/iron-infusions-and-fatigue/"


@pytest.fixture
def configured(settings, demo):
    settings.WAGTAILAPI_BASE_URL = API
    settings.FRONTEND_BASE_URL = FRONTEND


def detail(client):
    page = ArticlePage.objects.get(slug="iron-infusions-and-fatigue")
    return client.get(f"/api/v2/pages/{page.pk}/").json()


def test_detail_and_html_urls_use_the_configured_origins(client, configured):
    listing = client.get("/api/v2/pages/?type=articles.ArticlePage").json()
    for item in listing["items"]:
        item = client.get(f"/api/v2/pages/{item['id']}/").json()
        assert item["meta"]["detail_url"] == f"{API}/api/v2/pages/{item['id']}/"
        assert item["meta"]["html_url"].startswith(f"{FRONTEND}/articles/")
        parent = item["meta"]["parent"]
        assert parent["meta"]["detail_url"] == f"{API}/api/v2/pages/{parent['id']}/"
        assert parent["meta"]["html_url"] == f"{FRONTEND}/articles/"

    page = detail(client)
    assert page["meta"]["html_url"] == FRONTEND + PATH
    [web_page] = [o for o in page["structured_data"] if o["@type"] == "MedicalWebPage"]
    assert web_page["url"] == FRONTEND + PATH


def test_the_find_redirect_is_on_the_api_origin(client, configured):
    response = client.get(f"/api/v2/pages/find/?html_path={PATH}")
    page = ArticlePage.objects.get(slug="iron-infusions-and-fatigue")
    assert response.status_code == 302
    assert response["Location"] == f"{API}/api/v2/pages/{page.pk}/?"


def test_renditions_and_image_details_are_on_the_api_origin(client, configured):
    hero = detail(client)["hero_image"]
    assert hero["renditions"]
    for rendition in hero["renditions"].values():
        assert rendition["url"].startswith(f"{API}/media/images/")
    images = client.get("/api/v2/images/").json()["items"]
    assert images and all(
        i["meta"]["detail_url"].startswith(f"{API}/api/v2/images/") for i in images
    )


def test_preview_links_are_on_the_api_origin(client, configured, django_user_model):
    client.force_login(django_user_model.objects.get(username="writer"))
    page = ArticlePage.objects.get(slug="iron-infusions-and-fatigue")
    body = client.get(reverse("cms_preview_token", args=[page.pk])).json()
    assert body["url"].startswith(f"{API}/api/preview/?token=")


def test_without_a_frontend_html_url_points_at_the_cms_templates(client, settings, demo):
    settings.WAGTAILAPI_BASE_URL = API
    settings.FRONTEND_BASE_URL = ""
    page = detail(client)
    assert page["meta"]["html_url"] == API + PATH
    assert client.get(PATH).status_code == 200  # the CMS's own template serves that path


def test_the_demo_site_is_where_make_run_serves(settings, db):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    ensure_home_page("Clinic")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "127.0.0.1",
        8000,
        "http://127.0.0.1:8000",
    )
