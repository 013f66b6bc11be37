"""The rendered article is what a doctor reviews in preview and what a patient reads, so
every part of the clinic's article structure must be on the page."""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage, ArticleReference
from faq.factories import FAQFactory, FAQPageFactory
from home import demo_content
from review.factories import DisclaimerFactory, ReferenceFactory

pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def outline_part(content, block_type):
    return next(value for kind, value in content["body"] if kind == block_type)


def structured_data(soup):
    objects = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    return {obj["@type"]: obj for obj in objects}


def test_published_article_renders_every_part_of_the_article(demo, client):
    article = ArticlePage.objects.live().get()
    soup = soup_of(client.get(article.url))
    content = demo_content.IRON_ARTICLE

    assert soup.h1.get_text(strip=True) == content["title"]
    assert soup.select_one("p.standfirst").get_text(strip=True) == content["summary"]
    assert "Sam Okafor" in soup.select_one(".byline").get_text()
    assert soup.select_one("figure.hero img")["alt"] == "An illustration in the clinic's colours"

    body = soup.select_one(".article-body")
    expected_headings = [text for kind, text in content["body"] if kind == "heading"]
    assert [h.get_text(strip=True) for h in body.find_all("h2")] == [
        *expected_headings,
        "Frequently asked questions",
        "Book a consultation",
    ]
    reasons = body.select("ol.numbered-list")[0].find_all("li")
    assert [li.strong.get_text(strip=True) for li in reasons] == [
        title for title, _ in outline_part(content, "numbered_list")
    ]
    assert len(body.select("ul.bulleted-list > li")) == 4

    questions = [q.get_text(strip=True) for q in body.select("section.faq .faq-item__question")]
    assert questions == [q for q, _ in outline_part(content, "faq_section")]

    cta = body.select_one("section.cta")
    assert cta.select_one("a.cta__button")["href"] == demo_content.CLINIC["booking_url"]
    assert cta.select_one('a[href^="tel:"]')

    citations = soup.select("section#references ol > li")
    assert len(citations) == 3
    assert citations[0]["id"] == "ref-1"
    assert "doi:10.1503/cmaj.110950" in citations[0].get_text()
    assert citations[0].find("a", href="https://doi.org/10.1503/cmaj.110950")

    disclaimers = [d.get_text(strip=True) for d in soup.select("#disclaimers .disclaimer__title")]
    assert disclaimers == ["Not a substitute for medical advice", "Treatment claims"]

    review = soup.select_one("section#medical-review")
    assert "Medically reviewed by Dr Amelia Hart, General practice (GMC 7012345)" in (
        review.get_text(" ", strip=True)
    )
    assert review.select_one("time.medical-review__last-reviewed")["datetime"] == (
        article.last_reviewed.isoformat()
    )
    assert review.select_one("time.medical-review__next-review")["datetime"] == (
        article.next_review_due.isoformat()
    )


def test_article_carries_medical_web_page_and_faq_page_json_ld(demo, client):
    article = ArticlePage.objects.live().get()
    data = structured_data(soup_of(client.get(article.url)))

    page = data["MedicalWebPage"]
    assert page["name"] == article.title
    assert page["lastReviewed"] == article.last_reviewed.isoformat()
    assert page["reviewedBy"]["name"] == "Dr Amelia Hart"
    assert page["reviewedBy"]["identifier"]["value"] == "7012345"
    assert [c["name"] for c in page["citation"]] == [r.title for r in article.live_references()]
    assert page["publisher"]["name"] == demo_content.CLINIC["name"]

    faq = data["FAQPage"]
    assert [q["name"] for q in faq["mainEntity"]] == [i["question"] for i in article.faq_items()]
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"].startswith("<p>")


def test_doctor_can_preview_the_draft_awaiting_review_in_full(demo, client):
    draft = ArticlePage.objects.get(live=False)
    client.force_login(get_user_model().objects.get(username="editor"))
    soup = soup_of(client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk])))
    assert soup.h1.get_text(strip=True) == draft.title
    assert soup.select("section.faq .faq-item")
    assert soup.select("section#references li")
    assert soup.select("#disclaimers .disclaimer")
    assert "Awaiting medical review" in soup.select_one("#medical-review").get_text()


def hide_beneath_the_gate(*snippets):
    """The gate keeps live pages from showing unpublished snippets; as a shell could, take
    these out of the live set beneath it, to prove the templates still leave them out."""
    for snippet in snippets:
        type(snippet).objects.filter(pk=snippet.pk).update(live=False, live_revision=None)


def test_unpublished_shared_content_never_appears(article_index, client):
    live_reference = ReferenceFactory(title="A reviewed study")
    draft_reference = ReferenceFactory(title="An unreviewed study")
    DisclaimerFactory(title="A draft rule", required_for_all=True, published=False)
    article = ArticlePageFactory(
        parent=article_index,
        published=True,
        references=[
            ArticleReference(reference=draft_reference),
            ArticleReference(reference=live_reference),
        ],
    )
    hide_beneath_the_gate(draft_reference)
    html = client.get(article.url).content.decode()
    assert "A reviewed study" in html
    assert "An unreviewed study" not in html
    assert "A draft rule" not in html

    draft_faq = FAQFactory(question="Is this answer reviewed yet?")
    live_faq = FAQFactory(question="Do you open at weekends?")
    faq_page = FAQPageFactory(
        parent=article_index.get_parent(),
        published=True,
        faqs=[{"type": "shared_faq", "value": f.pk} for f in (draft_faq, live_faq)],
    )
    hide_beneath_the_gate(draft_faq)
    soup = soup_of(client.get(faq_page.url))
    assert "Is this answer reviewed yet?" not in soup.get_text()
    assert "Do you open at weekends?" in soup.get_text()
    faq_data = structured_data(soup)["FAQPage"]
    assert [q["name"] for q in faq_data["mainEntity"]] == ["Do you open at weekends?"]
