"""JSON-LD that editors' words cannot break out of: a title, summary or FAQ holding
``</script><script>alert(1)</script>`` cannot close the ``<script type="application/ld+json">``
element, neither in the page's HTML nor in the text of the APIs' ``structured_data`` (which
a frontend embeds as it is); the data itself comes back unchanged."""

import json

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import APIToken

from articles.factories import ArticlePageFactory, body_from_outline

pytestmark = pytest.mark.django_db

ATTACK = "</script><script>alert(1)</script>"
TITLE = f"Iron {ATTACK}"
SUMMARY = f"Why low iron tires you <!-- {ATTACK} & more"
QUESTION = f"Is it safe? {ATTACK}"


@pytest.fixture
def article(article_index, writer, doctor, required_disclaimer):
    return ArticlePageFactory(
        parent=article_index,
        owner=writer,
        title=TITLE,
        slug="iron",
        summary=SUMMARY,
        body=body_from_outline(
            [("faq_section", [(QUESTION, "<p>Yes &lt;/script&gt; usually.</p>")])]
        ),
        published=True,
    )


def assert_planted_data(structured_data):
    medical_web_page, faq_page = structured_data
    assert medical_web_page["name"] == TITLE
    assert medical_web_page["description"] == SUMMARY
    assert faq_page["mainEntity"][0]["name"] == QUESTION


def assert_script_safe(content: bytes):
    """Nothing in the JSON text can end a <script> element or open a comment."""
    assert b"<" not in content and b">" not in content, content[:300]
    assert b"\\u003c/script\\u003e" in content


def test_the_pages_json_ld_cannot_close_its_script_element(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    scripts = soup.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"] * 2
    assert not any("alert(1)" == (s.string or "").strip() for s in scripts)
    assert_planted_data([json.loads(s.string) for s in scripts])
    for script in scripts:
        assert "<" not in script.string and "&" not in script.string


def test_the_v2_structured_data_is_script_safe(client, article):
    response = client.get(f"/api/v2/pages/{article.pk}/")
    assert response.status_code == 200
    assert_script_safe(response.content)
    assert_planted_data(response.json()["structured_data"])
    assert response.json()["title"] == TITLE

    listing = client.get("/api/v2/pages/", {"type": "articles.ArticlePage", "fields": "*"})
    assert_script_safe(listing.content)
    assert_planted_data(listing.json()["items"][0]["structured_data"])


def test_the_v3_structured_data_is_script_safe(client, article):
    response = client.get(f"/api/v3/pages/{article.pk}/")
    assert response.status_code == 200, response.content[:300]
    assert_script_safe(response.content)
    assert_planted_data(response.json()["structured_data"])


def test_the_previews_structured_data_is_script_safe(client, article, writer):
    client.force_login(writer)
    token = client.get(reverse("cms_preview_token", args=[article.pk])).json()["token"]
    client.logout()
    response = client.get(reverse("cms_preview"), HTTP_AUTHORIZATION=f"Preview {token}")
    assert response.status_code == 200
    assert_script_safe(response.content)
    assert_planted_data(response.json()["structured_data"])


def test_a_v3_token_holders_draft_is_script_safe_too(client, article, writer):
    _, token = APIToken.create_token(user=writer, name="frontend")
    response = client.get(
        f"/api/v3/pages/{article.pk}/?version=draft", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200, response.content[:300]
    assert_script_safe(response.content)
