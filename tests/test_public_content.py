"""Every output of an article (the page doctors preview and patients read, its JSON-LD, the
v2 API, the content API) shows the same public content: the models' own methods decide
which questions, references, disclaimers and related articles a reader sees."""

import json

import pytest
from bs4 import BeautifulSoup

from tests.test_content_api import iron, media, varied_article  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_page_its_json_ld_and_both_apis_agree(client, varied_article, iron):  # noqa: F811
    for article in (iron, varied_article):
        html = BeautifulSoup(client.get(article.url).content, "html.parser")
        ld = {
            obj["@type"]: obj
            for obj in (
                json.loads(script.string)
                for script in html.find_all("script", type="application/ld+json")
            )
        }
        v2 = client.get(f"/api/v2/pages/{article.pk}/").json()
        content = client.get("/api/content" + article.url).json()
        parts = [part for section in content["mainEntityOfPage"] for part in section["hasPart"]]

        questions = [q["question"] for q in v2["faqs"]]
        assert questions == [q.get_text(strip=True) for q in html.select(".faq-item__question")]
        assert questions == [q["name"] for q in ld["FAQPage"]["mainEntity"]]
        assert questions == [p["name"] for p in parts if p["@type"] == "Question"]

        references = [r["title"] for r in v2["references"]]
        assert references == [r.title for r in article.live_references()]
        assert references == [c["name"] for c in ld["MedicalWebPage"]["citation"]]
        assert references == [c["name"] for c in content["citation"]]
        assert len(html.select("section#references ol > li")) == len(references)

        disclaimers = [d["title"] for d in v2["disclaimers"]]
        assert disclaimers == [
            d.get_text(strip=True) for d in html.select("#disclaimers .disclaimer__title")
        ]
        assert disclaimers == [
            m["headline"] for m in content["hasPart"] if m["name"] == "disclaimer"
        ]

        related = [r["title"] for r in v2["related"]]
        assert related == [a.get_text(strip=True) for a in html.select("#related-articles h3 a")]
        assert related == [link["name"] for link in content["relatedLink"]]
    assert related == [iron.title]
