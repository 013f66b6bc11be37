"""The API v2 contract frontends build on: the JSON shape of an article and an FAQ page,
finding a page by its path, the filters and the pagination cap."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticleIndexPage, ArticlePage
from cms.factories import ImageFactory, TopicFactory
from cms.models import DisclaimerRule, Reference, Topic
from faq.models import FAQPage
from home import demo_content
from review.factories import DisclaimerFactory

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"
IRON_PATH = "/articles/iron-infusions-and-fatigue/"

ARTICLE_KEYS = {
    "id",
    "meta",
    "title",
    "summary",
    "hero_image",
    "hero_image_alt",
    "authors",
    "topics",
    "body",
    "faqs",
    "references",
    "disclaimers",
    "medical_review",
    "structured_data",
    "related",
}
FAQ_PAGE_KEYS = {
    "id",
    "meta",
    "title",
    "intro",
    "topics",
    "faqs",
    "disclaimers",
    "medical_review",
    "structured_data",
}
DETAIL_META_KEYS = {
    "type",
    "detail_url",
    "html_url",
    "slug",
    "show_in_menus",
    "seo_title",
    "search_description",
    "first_published_at",
    "alias_of",
    "parent",
}
REFERENCE_KEYS = {
    "number",
    "authors",
    "title",
    "journal",
    "year",
    "doi",
    "pmid",
    "url",
    "citation",
}
VAUCHER_CITATION = (
    "Vaucher P, Druais PL, Waldvogel S, Favrat B. Effect of iron supplementation on fatigue "
    "in nonanemic menstruating women with low ferritin: a randomized controlled trial. CMAJ. "
    "2012;184(11):1247-54. doi:10.1503/cmaj.110950."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Images of this test only (another test session may clear the shared test media)."""
    settings.MEDIA_ROOT = tmp_path


def get_json(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content[:500]
    return response.json()


def find(client, html_path, **params):
    response = client.get(f"{API}find/", {"html_path": html_path, **params})
    assert response.status_code == 302, response.content[:500]
    return get_json(client, response["Location"])


def listing(client, **params):
    return get_json(client, API, params)


def titles(data):
    return [item["title"] for item in data["items"]]


@pytest.fixture
def doctor_user(demo):
    return get_user_model().objects.get(username="doctor")


@pytest.fixture
def iron():
    return ArticlePage.objects.get(slug="iron-infusions-and-fatigue")


@pytest.fixture
def second_article(demo, doctor_user, iron):
    """A newer published article about fatigue linking to the iron article and to the B12
    article (in review, so not live), with an image in its body. Its paragraph carries the
    block key the rich text editor stores."""
    b12 = ArticlePage.objects.get(slug="vitamin-b12-and-tiredness")
    links = (
        f'<p data-block-key="x7k2p">Read <a linktype="page" id="{iron.pk}">about iron</a> and '
        f'<a linktype="page" id="{b12.pk}">about B12</a>.</p>'
    )
    body = body_from_outline([("heading", "Sleep"), ("paragraph", links)])
    image = ImageFactory(title="Sleep diary")
    body.append(
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "A sleep diary", "caption": "Keep notes."},
        }
    )
    return ArticlePageFactory(
        parent=ArticleIndexPage.objects.get(),
        title="Sleep and tiredness",
        slug="sleep-and-tiredness",
        summary="How sleep affects tiredness.",
        topics=list(Topic.objects.filter(slug="fatigue")),
        body=body,
        published=True,
        approved_by=doctor_user,
    )


def test_article_json_shape(demo, client, iron):
    data = find(client, IRON_PATH)
    content = demo_content.IRON_ARTICLE

    assert set(data) == ARTICLE_KEYS
    assert set(data["meta"]) == DETAIL_META_KEYS
    assert data["id"] == iron.pk
    assert data["meta"]["type"] == "articles.ArticlePage"
    assert (data["title"], data["summary"]) == (content["title"], content["summary"])

    hero = data["hero_image"]
    assert set(hero) == {"id", "title", "alt", "renditions"}
    assert hero["id"] == iron.hero_image_id
    assert hero["alt"] == "An illustration in the clinic's colours"
    assert set(hero["renditions"]) == {"small", "medium", "large"}
    for name, spec, width in [("small", "fill-400x225", 400), ("medium", "fill-800x450", 800)]:
        rendition = hero["renditions"][name]
        assert set(rendition) == {"url", "width", "height"}
        assert spec in rendition["url"] and rendition["url"].startswith("http")
        assert (rendition["width"], rendition["height"]) == (width, width * 9 // 16)

    assert data["authors"] == [
        {"name": "Sam Okafor", "role": "Health writer", "credentials": "MSc"}
    ]
    assert data["topics"] == [
        {"name": "Fatigue", "slug": "fatigue"},
        {"name": "Iron deficiency", "slug": "iron-deficiency"},
        {"name": "ME/CFS", "slug": "me-cfs"},
    ]

    faq_content = next(value for kind, value in content["body"] if kind == "faq_section")
    assert len(data["faqs"]) == 5
    assert [set(item) for item in data["faqs"]] == [{"question", "answer"}] * 5
    assert [(item["question"], item["answer"]) for item in data["faqs"]] == faq_content

    references = data["references"]
    assert [ref["number"] for ref in references] == [1, 2, 3]
    assert all(set(ref) == REFERENCE_KEYS for ref in references)
    assert references[0] == {
        "number": 1,
        "authors": "Vaucher P, Druais PL, Waldvogel S, Favrat B",
        "title": demo_content.REFERENCES["vaucher"]["title"],
        "journal": "CMAJ",
        "year": 2012,
        "doi": "10.1503/cmaj.110950",
        "pmid": None,
        "url": None,
        "citation": VAUCHER_CITATION,
    }
    assert references[2]["url"] == "https://www.nice.org.uk/guidance/ng206"
    assert [ref["citation"] for ref in references] == [
        ref.citation for ref in iron.live_references()
    ]

    assert [d["title"] for d in data["disclaimers"]] == [
        "Not a substitute for medical advice",
        "Treatment claims",
    ]
    assert all(set(d) == {"title", "text", "kind"} for d in data["disclaimers"])
    assert data["disclaimers"][0]["kind"] == "medical_advice"
    assert data["disclaimers"][0]["text"].startswith("<p>This article is general information")

    assert data["medical_review"] == {
        "reviewed_by": {
            "name": "Dr Amelia Hart",
            "gmc_number": "7012345",
            "specialty": "General practice",
        },
        "last_reviewed": iron.last_reviewed.isoformat(),
        "next_review_due": iron.next_review_due.isoformat(),
        "review_status": "up_to_date",
        "review_overdue": False,
    }

    medical_web_page, faq_page = data["structured_data"]
    assert [medical_web_page["@type"], faq_page["@type"]] == ["MedicalWebPage", "FAQPage"]
    assert medical_web_page["reviewedBy"]["identifier"]["value"] == "7012345"
    assert len(medical_web_page["citation"]) == 3
    assert medical_web_page["publisher"]["telephone"] == demo_content.CLINIC["phone"]
    assert [q["name"] for q in faq_page["mainEntity"]] == [q for q, _ in faq_content]

    assert data["related"] == []  # the other article about fatigue is still in review

    library = {ref.title: ref.citation for ref in Reference.objects.all()}
    assert all(library[ref["title"]] == ref["citation"] for ref in references)


def test_article_body_is_typed_blocks_with_resolved_values(demo, client):
    body = find(client, IRON_PATH)["body"]
    content = demo_content.IRON_ARTICLE

    assert [block["type"] for block in body] == [kind for kind, _ in content["body"]]
    assert all(set(block) == {"type", "value", "id"} and block["id"] for block in body)
    by_type = {}
    for block in body:
        by_type.setdefault(block["type"], []).append(block["value"])

    assert by_type["heading"][0] == {"text": "What ME/CFS is", "level": "h2"}
    assert by_type["paragraph"][0] == content["body"][0][1]
    assert by_type["numbered_list"][0][0] == {
        "title": "Oxygen transport",
        "text": "<p>Iron is part of haemoglobin, so enough iron lets the blood carry oxygen "
        "to the muscles and brain.</p>",
    }
    faq_section = by_type["faq_section"][0]
    assert faq_section["heading"] == "Frequently asked questions"
    assert len(faq_section["items"]) == 5
    assert set(faq_section["items"][0]) == {"question", "answer"}
    assert by_type["call_to_action"][0] == {
        "heading": "Book a consultation",
        "text": content["body"][-1][1],
        "button_label": "Book a consultation",
        "booking_url": demo_content.CLINIC["booking_url"],
        "phone": demo_content.CLINIC["phone"],
    }


def test_rich_text_links_are_front_end_paths_and_images_are_renditions(
    client, second_article, iron
):
    data = find(client, "/articles/sleep-and-tiredness/")
    paragraph = next(block["value"] for block in data["body"] if block["type"] == "paragraph")
    assert paragraph == (
        '<p>Read <a href="/articles/iron-infusions-and-fatigue/">about iron</a> and '
        "<a>about B12</a>.</p>"
    )
    assert "linktype" not in str(data)

    figure = next(block["value"] for block in data["body"] if block["type"] == "image")
    assert set(figure) == {"image", "alt_text", "caption"}
    assert (figure["alt_text"], figure["caption"]) == ("A sleep diary", "Keep notes.")
    assert figure["image"]["title"] == "Sleep diary"
    assert set(figure["image"]) == {"id", "title", "renditions"}
    assert set(figure["image"]["renditions"]) == {"small", "medium", "large"}
    assert figure["image"]["renditions"]["small"]["width"] == 400
    assert data["hero_image"] is None

    assert data["related"] == [
        {
            "id": iron.pk,
            "title": iron.title,
            "url": IRON_PATH,
            "summary": iron.summary,
        }
    ]
    # the format can still be chosen; the database format keeps Wagtail's link markup
    raw = find(client, "/articles/sleep-and-tiredness/", rich_text_format="db_html")
    raw_paragraph = next(block["value"] for block in raw["body"] if block["type"] == "paragraph")
    assert 'linktype="page"' in raw_paragraph


def test_faq_page_json_shape_and_find_by_path(demo, client, iron):
    assert find(client, IRON_PATH)["id"] == iron.pk
    assert find(client, "/")["meta"]["type"] == "home.HomePage"
    for missing in ["/articles/vitamin-b12-and-tiredness/", "/articles/no-such-article/"]:
        response = client.get(f"{API}find/", {"html_path": missing})
        assert response.status_code == 404

    data = find(client, "/faqs/")
    page = FAQPage.objects.get()

    assert set(data) == FAQ_PAGE_KEYS
    assert data["meta"]["type"] == "faq.FAQPage"
    assert data["intro"] == "<p>Answers to the questions patients ask us most.</p>"
    assert data["faqs"] == [{"question": q, "answer": a} for q, a in demo_content.SHARED_FAQS]
    assert [d["title"] for d in data["disclaimers"]] == [
        "Not a substitute for medical advice",
        "Treatment claims",
    ]
    assert data["medical_review"]["reviewed_by"]["gmc_number"] == "7012345"
    assert data["medical_review"]["last_reviewed"] == page.last_reviewed.isoformat()
    assert [obj["@type"] for obj in data["structured_data"]] == ["MedicalWebPage", "FAQPage"]
    assert len(data["structured_data"][1]["mainEntity"]) == 2


def test_filters_by_type_topic_tree_search_and_ordering(demo, client, second_article, iron):
    both = sorted([iron.title, second_article.title])
    assert sorted(titles(listing(client, type="articles.ArticlePage"))) == both
    assert titles(listing(client, type="faq.FAQPage")) == ["Frequently asked questions"]
    assert get_json(client, API, {"type": "nope.Nope"}, status=400)["message"]

    by_topic = listing(client, type="articles.ArticlePage", topic="iron-deficiency")
    assert titles(by_topic) == [iron.title]
    assert sorted(titles(listing(client, type="articles.ArticlePage", topic="fatigue"))) == both
    # without a type, on every page type that has topics; several slugs mean any of them
    assert titles(listing(client, topic="iron-deficiency")) == [iron.title]
    assert sorted(titles(listing(client, topic="iron-deficiency,fatigue"))) == both
    assert listing(client, topic="vitamin-b12")["items"] == []  # its article is in review
    assert listing(client, topic="no-such-topic")["items"] == []

    index = ArticleIndexPage.objects.get()
    assert titles(listing(client, child_of=index.pk, order="title")) == both
    descendants = listing(client, descendant_of=index.get_parent().pk)
    assert {"Health articles", *both} <= set(titles(descendants))

    found = listing(client, type="articles.ArticlePage", search="infusion")
    assert titles(found) == [iron.title]
    newest_first = listing(client, type="articles.ArticlePage", order="-first_published_at")
    assert titles(newest_first) == [second_article.title, iron.title]
    oldest_first = listing(client, type="articles.ArticlePage", order="first_published_at")
    assert titles(oldest_first) == [iron.title, second_article.title]
    searched = listing(
        client,
        type="articles.ArticlePage",
        search="tiredness",
        topic="fatigue",
        order="-first_published_at",
    )
    assert titles(searched) == [second_article.title, iron.title]


def test_listing_with_all_fields_pagination_and_parameters(demo, client, iron):
    data = listing(client, type="articles.ArticlePage", fields="*")
    assert data["meta"]["total_count"] == 1
    (item,) = data["items"]
    assert set(item) == ARTICLE_KEYS
    assert "parent" not in item["meta"]
    detail = find(client, IRON_PATH)
    for key in ARTICLE_KEYS - {"meta"}:
        assert item[key] == detail[key], key

    assert len(listing(client, limit=50)["items"]) <= 50
    assert listing(client, limit=1, offset=1)["meta"]["total_count"] > 1
    error = get_json(client, API, {"limit": 51}, status=400)
    assert error["message"] == "limit cannot be higher than 50"
    assert get_json(client, API, {"limit": -1}, status=400)["message"]

    unknown = get_json(client, API, {"topics_of": "x"}, status=400)["message"]
    assert unknown.startswith("query parameter is not an operation")
    assert get_json(client, API, {"topic": ","}, status=400)["message"]


def test_disclaimers_include_those_the_rules_require_since_publication(
    client, article_index, doctor, required_disclaimer
):
    topic = TopicFactory(name="Iron", slug="iron")
    page = ArticlePageFactory(
        parent=article_index, topics=[topic], published=True, approved_by=doctor
    )
    DisclaimerFactory(
        title="About iron",
        rules=[DisclaimerRule(scope=DisclaimerRule.Scope.TOPIC, topic=topic)],
        approved_by=doctor,
    )
    DisclaimerFactory(
        title="About FAQ pages",
        rules=[
            DisclaimerRule(
                scope=DisclaimerRule.Scope.PAGE_TYPE,
                page_type=ContentType.objects.get_for_model(FAQPage),
            )
        ],
        approved_by=doctor,
    )
    data = get_json(client, f"{API}{page.pk}/")
    expected = ["Not a substitute for medical advice", "About iron"]
    assert [d["title"] for d in data["disclaimers"]] == expected
    assert [d.title for d in page.applicable_disclaimers()] == expected
