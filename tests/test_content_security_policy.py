"""Every response carries a strict Content-Security-Policy: the public pages and the APIs
allow only this site's own scripts, styles, images and frames, with nothing inline (the
templates' styles are a static file); the Wagtail admin adds only what it needs. The
browser side (no violation in Chromium's console) is tests/e2e/test_csp.py."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse

from articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


def parse(policy):
    return {name: set(values) for name, *values in (part.split() for part in policy.split("; "))}


def directives(response):
    return parse(response["Content-Security-Policy"])


@pytest.fixture
def article(article_index, writer, doctor, required_disclaimer):
    return ArticlePageFactory(parent=article_index, owner=writer, title="Iron", published=True)


def test_public_pages_and_apis_carry_the_strict_policy(client, article):
    for path in [
        article.url,
        "/",
        "/no-such-page/",
        "/api/v2/pages/",
        f"/api/v2/pages/{article.pk}/",
        "/api/v2/pages/?offset=x",
        "/api/v3/pages/",
        "/api/preview/",
    ]:
        response = client.get(path)
        assert directives(response) == parse(STRICT), path


def test_the_public_pages_need_nothing_inline(client, article):
    """No <style>, no style attribute, no script but JSON-LD data: what the strict policy
    would block."""
    assert finders.find("cms/css/site.css")
    for path in [article.url, article.get_parent().url, "/", "/no-such-page/"]:
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        assert not soup.find_all("style"), path
        assert not soup.find_all(style=True), path
        assert {s.get("type") for s in soup.find_all("script")} <= {"application/ld+json"}
        assert not [s for s in soup.find_all("script") if s.get("src")]
        stylesheets = [link["href"] for link in soup.find_all("link", rel="stylesheet")]
        assert stylesheets == ["/static/cms/css/site.css"], path
        assert not [
            attribute
            for tag in soup.find_all(True)
            for attribute in tag.attrs
            if attribute.startswith("on")
        ], path


def test_the_error_page_needs_nothing_inline():
    html = render_to_string("500.html")
    assert "<style" not in html and 'href="/static/cms/css/site.css"' in html


def test_the_admin_adds_only_what_wagtail_needs(client, editor, article):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]))
    assert response.status_code == 200
    assert b"Iron" in response.content
    policy = directives(response)
    strict = parse(STRICT)
    assert policy["script-src"] == {"'self'", "'unsafe-inline'"}
    assert policy["style-src"] == {"'self'", "'unsafe-inline'"}
    assert policy["connect-src"] == {"'self'", "https://releases.wagtail.org"}
    unchanged = {name for name in strict if name not in ("script-src", "style-src", "connect-src")}
    assert {name: policy[name] for name in unchanged} == {name: strict[name] for name in unchanged}
    assert "gravatar" not in response.content.decode()


def test_the_admin_login_carries_the_admin_policy(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["frame-ancestors"] == {"'self'"}
    assert "'unsafe-inline'" in policy["script-src"]
