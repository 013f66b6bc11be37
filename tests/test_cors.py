"""CORS: browsers on the configured frontend origins may read the API; nothing else gets
CORS headers. Origins come from the CORS_ALLOWED_ORIGINS environment variable."""

import pytest
from django.test import override_settings

from tests.test_webhooks import settings_of

FRONTEND = "https://www.clinic.example"
API = "/api/v2/pages/"

pytestmark = pytest.mark.django_db


@override_settings(CORS_ALLOWED_ORIGINS=[FRONTEND])
def test_a_configured_origin_may_read_the_api(client, home):
    response = client.get(API, HTTP_ORIGIN=FRONTEND)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    assert "Access-Control-Allow-Credentials" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[FRONTEND])
def test_a_preflight_from_a_configured_origin_is_answered(client, home):
    response = client.options(API, HTTP_ORIGIN=FRONTEND, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == FRONTEND
    assert "GET" in response["Access-Control-Allow-Methods"]


@override_settings(CORS_ALLOWED_ORIGINS=[FRONTEND])
@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://www.clinic.example", "https://clinic.example"]
)
def test_other_origins_get_no_cors_headers(client, home, origin):
    response = client.get(API, HTTP_ORIGIN=origin)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[FRONTEND])
@pytest.mark.parametrize("url", ["/admin/login/", "/"])
def test_urls_outside_the_api_get_no_cors_headers(client, home, url):
    response = client.get(url, HTTP_ORIGIN=FRONTEND)

    assert "Access-Control-Allow-Origin" not in response


def test_no_origin_is_allowed_by_default(client, home):
    response = client.get(API, HTTP_ORIGIN=FRONTEND)

    assert "Access-Control-Allow-Origin" not in response


def test_origins_come_from_the_environment_and_cors_runs_first():
    configured = settings_of(
        "clinic.settings.production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="cms.example",
        WAGTAILADMIN_BASE_URL="https://cms.example",
        CORS_ALLOWED_ORIGINS=f"{FRONTEND}, https://app.clinic.example",
    )

    assert configured["CORS_ALLOWED_ORIGINS"] == [FRONTEND, "https://app.clinic.example"]
    assert configured["CORS_URLS_REGEX"] == r"^/api/.*$"
    middleware = configured["MIDDLEWARE"]
    assert middleware[:3] == [
        "corsheaders.middleware.CorsMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
    assert middleware.index("corsheaders.middleware.CorsMiddleware") < middleware.index(
        "django.middleware.common.CommonMiddleware"
    )
    assert settings_of("clinic.settings.dev")["CORS_ALLOWED_ORIGINS"] == []
