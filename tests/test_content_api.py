"""The content API (``/api/content/<path>/``) partners and apps build on: a reviewed article
or FAQ page as a schema.org ``MedicalWebPage`` in the NHS Website Content API's shape, an
index page as a hub of its children, JSON errors, and the v2 API's caching."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticleIndexPage, ArticlePage
from cms.factories import ImageFactory, TopicFactory
from faq.models import FAQ, FAQPage
from home import demo_content
from syndication.sections import Sections

pytestmark = pytest.mark.django_db

API = "/api/content/"
ROOT = "http://testserver/api/content/"
IRON = "articles/iron-infusions-and-fatigue/"
LONDON = ZoneInfo("Europe/London")
PUBLIC = {"public", "max-age=60", "stale-while-revalidate=300"}

CONTENT_PAGE_KEYS = {
    "@context",
    "@type",
    "name",
    "description",
    "url",
    "webpage",
    "about",
    "genre",
    "keywords",
    "inLanguage",
    "datePublished",
    "dateModified",
    "lastReviewed",
    "reviewDue",
    "author",
    "copyrightHolder",
    "license",
    "breadcrumb",
    "mainEntityOfPage",
    "reviewedBy",
    "contributor",
    "citation",
    "hasPart",
    "relatedLink",
}
REVIEW_KEYS = {"lastReviewed", "reviewDue", "reviewedBy", "contributor", "citation", "relatedLink"}
HUB_KEYS = CONTENT_PAGE_KEYS - REVIEW_KEYS | {"significantLink", "pagination"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Images of this test only (another test session may clear the shared test media)."""
    settings.MEDIA_ROOT = tmp_path


def get(client, path, status=200, **params):
    response = client.get(API + path, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def midnight_in_london(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=LONDON).isoformat()


def local_seconds(moment):
    return moment.astimezone(LONDON).replace(microsecond=0).isoformat()


def cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


@pytest.fixture
def iron(demo):
    return ArticlePage.objects.get(slug="iron-infusions-and-fatigue")


def test_article_is_a_medical_web_page_with_its_review_evidence(client, iron):
    data = get(client, IRON)
    clinic = demo_content.CLINIC

    assert set(data) == CONTENT_PAGE_KEYS
    assert data["@context"] == "http://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == iron.title
    assert data["description"] == demo_content.IRON_ARTICLE["summary"]
    assert data["url"] == ROOT + IRON
    assert data["webpage"] == "http://testserver/" + IRON
    assert data["about"] == {"@type": "WebPage", "name": iron.title}
    assert data["genre"] == ["Fatigue", "Iron deficiency", "ME/CFS"]
    assert data["keywords"] == ["fatigue", "iron-deficiency", "me-cfs"]
    assert data["datePublished"] == local_seconds(iron.first_published_at)
    assert data["dateModified"] == local_seconds(iron.last_published_at)

    assert data["lastReviewed"] == [
        midnight_in_london(iron.last_reviewed),
        midnight_in_london(iron.next_review_due),
    ]
    assert data["reviewDue"] == midnight_in_london(iron.next_review_due)
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Amelia Hart",
        "jobTitle": "General practice",
        "identifier": {"@type": "PropertyValue", "propertyID": "GMC", "value": "7012345"},
    }
    assert data["contributor"] == [
        {
            "@type": "Person",
            "name": "Sam Okafor",
            "jobTitle": "Health writer",
            "honorificSuffix": "MSc",
        }
    ]

    assert data["author"] == {
        "@type": "Organization",
        "name": clinic["name"],
        "url": "http://testserver/",
        "email": clinic["email"],
        "telephone": clinic["phone"],
    }
    assert data["copyrightHolder"] == {"@type": "Organization", "name": clinic["name"]}
    assert data["license"] == clinic["reuse_terms_url"]

    assert data["breadcrumb"] == {
        "@context": "http://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": 0,
                "item": {
                    "@id": "http://testserver/articles/",
                    "name": "Health articles",
                    "genre": [],
                },
            },
            {
                "@type": "ListItem",
                "position": 1,
                "item": {
                    "@id": "http://testserver/" + IRON,
                    "name": iron.title,
                    "genre": data["genre"],
                },
            },
        ],
    }

    citations = data["citation"]
    assert [c["name"] for c in citations] == [r.title for r in iron.live_references()]
    assert citations[0] == {
        "@type": "ScholarlyArticle",
        "name": demo_content.REFERENCES["vaucher"]["title"],
        "author": "Vaucher P, Druais PL, Waldvogel S, Favrat B",
        "datePublished": "2012",
        "isPartOf": {"@type": "Periodical", "name": "CMAJ"},
        "url": "https://doi.org/10.1503/cmaj.110950",
        "sameAs": ["https://doi.org/10.1503/cmaj.110950"],
        "identifier": [
            {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1503/cmaj.110950"}
        ],
    }
    assert "https://www.nice.org.uk/guidance/ng206" in citations[2]["sameAs"]

    disclaimers = iron.applicable_disclaimers()
    assert len(disclaimers) == 2
    assert data["hasPart"] == [
        {
            "@type": "WebPageElement",
            "name": "disclaimer",
            "position": position,
            "identifier": f"disclaimer-{disclaimer.pk}",
            "headline": disclaimer.title,
            "text": disclaimer.text,
            "genre": [disclaimer.kind],
        }
        for position, disclaimer in enumerate(disclaimers)
    ]
    assert data["relatedLink"] == []  # the other article about fatigue is still in review


def test_article_body_is_heading_led_sections_in_reading_order(client, iron):
    sections = get(client, IRON)["mainEntityOfPage"]
    outline = demo_content.IRON_ARTICLE["body"]
    blocks = list(iron.body)

    headings = [value for kind, value in outline if kind == "heading"]
    assert [s["headline"] for s in sections] == [
        "",
        *headings,
        "Frequently asked questions",
        "Book a consultation",
    ]
    led_by = [b.id for b in blocks if b.block_type in ("heading", "faq_section", "call_to_action")]
    assert [s["identifier"] for s in sections] == ["opening", *led_by]
    assert [s["position"] for s in sections] == list(range(len(sections)))
    for section in sections:
        assert section["@type"] == "WebPageElement" and section["name"] == "section heading"
        assert [p["position"] for p in section["hasPart"]] == list(range(len(section["hasPart"])))

    # every block in order, each once: the h2 headings lead sections, an FAQ section's
    # questions are its parts
    parts = [part for section in sections for part in section["hasPart"]]
    expected = []
    for kind, value in outline:
        if kind == "faq_section":
            expected += [("Question", question) for question, _ in value]
        elif kind != "heading":
            expected.append(("WebPageElement", kind))
    assert [(p["@type"], p["name"]) for p in parts] == expected
    body_ids = [b.id for b in blocks if b.block_type not in ("heading", "faq_section")]
    assert [p["identifier"] for p in parts if p["@type"] == "WebPageElement"] == body_ids

    opening = sections[0]["hasPart"]
    assert [p["text"] for p in opening] == [outline[0][1], outline[1][1]]
    reasons = next(p for p in parts if p["name"] == "numbered_list")
    first_title, first_text = outline[11][1][0]
    assert reasons["text"].startswith(f"<ol><li><strong>{first_title}</strong> {first_text}</li>")

    faq_content = next(value for kind, value in outline if kind == "faq_section")
    questions = [p for p in parts if p["@type"] == "Question"]
    assert [(q["name"], q["text"], q["acceptedAnswer"]) for q in questions] == [
        (question, question, {"@type": "Answer", "text": answer})
        for question, answer in faq_content
    ]
    faq_section = next(b for b in blocks if b.block_type == "faq_section")
    assert [q["identifier"] for q in questions] == [
        item.id or f"{faq_section.id}-{n}" for n, item in enumerate(faq_section.value["items"])
    ]

    (cta,) = sections[-1]["hasPart"]
    assert cta["text"] == (
        f'<p>{outline[-1][1]}</p><p><a href="{demo_content.CLINIC["booking_url"]}">Book a '
        'consultation</a> Or call <a href="tel:02079460000">020 7946 0000</a></p>'
    )


@pytest.fixture
def varied_article(demo, iron):
    """A live article with every kind of block, a link to a live and to a draft page, the
    editor's block keys, and a shared question beside one written in place."""
    doctor = iron.reviewed_by.user
    b12 = ArticlePage.objects.get(slug="vitamin-b12-and-tiredness")
    shared = FAQ.objects.order_by("pk").first()
    links = (
        f'<p data-block-key="k1">See <a linktype="page" id="{iron.pk}">iron</a> and '
        f'<a linktype="page" id="{b12.pk}">B12</a>.</p>'
    )
    body = body_from_outline(
        [
            ("heading", "Sleep"),
            ("heading", "At night"),
            ("paragraph", links),
            ("callout", {"style": "warning", "title": "Urgent", "body": "<p>Call 999.</p>"}),
            ("quote", {"text": "Rest helps.\nSo does light.", "attribution": "A patient"}),
        ]
    )
    body[1]["value"]["level"] = "h3"
    body.append(
        {
            "type": "image",
            "value": {
                "image": ImageFactory(title="Diary").pk,
                "alt_text": "A diary",
                "caption": "Notes",
            },
        }
    )
    body.append(
        {
            "type": "faq_section",
            "value": {
                "heading": "Questions",
                "items": [
                    {"type": "shared_faq", "value": shared.pk, "id": "s-1"},
                    {
                        "type": "faq",
                        "value": {"question": "Own?", "answer": "<p>Yes.</p>"},
                        "id": "o-1",
                    },
                ],
            },
        }
    )
    return ArticlePageFactory(
        parent=ArticleIndexPage.objects.get(),
        title="Sleep and tiredness",
        slug="sleep-and-tiredness",
        summary="How sleep affects tiredness.",
        topics=[TopicFactory(name="Fatigue", slug="fatigue")],
        body=body,
        published=True,
        approved_by=doctor,
    )


def test_every_kind_of_block_becomes_clean_html(client, varied_article, iron):
    data = get(client, "articles/sleep-and-tiredness/")
    (sleep, questions) = data["mainEntityOfPage"]
    assert sleep["headline"] == "Sleep"
    by_name = {part["name"]: part for part in sleep["hasPart"]}
    assert list(by_name) == ["heading", "paragraph", "callout-warning", "quote", "image"]

    assert by_name["heading"]["headline"] == "At night"
    assert by_name["heading"]["text"] == "<h3>At night</h3>"
    assert by_name["paragraph"]["text"] == (
        f'<p>See <a href="/{IRON}">iron</a> and <a>B12</a>.</p>'
    ), "front-end links, no link to a draft, no editor attributes"
    assert by_name["callout-warning"]["headline"] == "Urgent"
    assert by_name["callout-warning"]["text"] == (
        '<aside class="callout callout--warning"><h3>Urgent</h3><p>Call 999.</p></aside>'
    )
    assert by_name["quote"]["text"] == (
        "<figure><blockquote><p>Rest helps.<br>So does light.</p></blockquote>"
        "<figcaption>— A patient</figcaption></figure>"
    )
    image = by_name["image"]["text"]
    assert image.startswith('<figure><img src="http://testserver/media/images/')
    assert 'alt="A diary"' in image and "width-800" in image and " 1200w" in image
    assert image.endswith("<figcaption>Notes</figcaption></figure>")

    shared = FAQ.objects.order_by("pk").first()
    assert questions["headline"] == "Questions"
    assert [q["identifier"] for q in questions["hasPart"]] == [f"faq-{shared.pk}", "o-1"]
    assert [q["@type"] for q in data["hasPart"]][:1] == ["Question"]
    assert data["hasPart"][0]["identifier"] == f"faq-{shared.pk}"
    assert data["hasPart"][0]["acceptedAnswer"]["text"] == shared.answer

    assert get(client, IRON)["relatedLink"] == [
        {
            "@type": "LinkRole",
            "linkRelationship": "Related",
            "position": 0,
            "name": "Sleep and tiredness",
            "url": ROOT + "articles/sleep-and-tiredness/",
            "description": "How sleep affects tiredness.",
        }
    ]


def test_every_article_block_type_has_its_part():
    from articles.blocks import ArticleBodyBlock

    assert set(Sections(frontend=None).parts_of) == set(ArticleBodyBlock().child_blocks)


def test_faq_page_is_a_medical_web_page_of_questions(client, demo):
    page = FAQPage.objects.get()
    data = get(client, "faqs/")
    shared = list(FAQ.objects.order_by("pk"))

    assert set(data) == CONTENT_PAGE_KEYS
    assert (data["@type"], data["name"]) == ("MedicalWebPage", page.title)
    assert data["description"] == "Answers to the questions patients ask us most."
    assert data["lastReviewed"] == [
        midnight_in_london(page.last_reviewed),
        midnight_in_london(page.next_review_due),
    ]
    assert data["reviewedBy"]["identifier"]["value"] == "7012345"
    (opening,) = data["mainEntityOfPage"]
    intro, *questions = opening["hasPart"]
    assert intro["text"] == "<p>Answers to the questions patients ask us most.</p>"
    assert [(q["@type"], q["identifier"], q["name"]) for q in questions] == [
        ("Question", f"faq-{faq.pk}", faq.question) for faq in shared
    ]
    modules = data["hasPart"]
    assert [m["identifier"] for m in modules] == [
        *(f"faq-{faq.pk}" for faq in shared),
        *(f"disclaimer-{d.pk}" for d in page.applicable_disclaimers()),
    ]
    assert modules[:2] == [{**q, "position": n} for n, q in enumerate(questions)]
    assert (data["citation"], data["contributor"], data["relatedLink"]) == ([], [], [])


def test_modules_true_gives_only_the_reusable_modules(client, varied_article):
    path = "articles/sleep-and-tiredness/"
    full = get(client, path)
    modules = get(client, path, modules="true")
    assert modules == {
        "@context": "http://schema.org",
        "@type": "MedicalWebPage",
        "name": "Sleep and tiredness",
        "url": ROOT + path,
        "webpage": "http://testserver/" + path,
        "hasPart": full["hasPart"],
    }
    assert [m["name"] for m in modules["hasPart"]] == [
        FAQ.objects.order_by("pk").first().question,
        "disclaimer",
        "disclaimer",
    ]
    assert get(client, path, modules="false") == full
    assert get(client, "articles/", modules="true")["hasPart"] == []


def test_index_pages_are_hubs_of_their_live_children(client, iron):
    home = get(client, "")
    assert set(home) == HUB_KEYS
    assert (home["@type"], home["url"], home["webpage"]) == (
        "CollectionPage",
        ROOT,
        "http://testserver/",
    )
    assert [item["item"]["name"] for item in home["breadcrumb"]["itemListElement"]] == [
        demo_content.CLINIC["name"]
    ]
    assert [link["name"] for link in home["significantLink"]] == [
        "Frequently asked questions",
        "Health articles",
    ]
    assert home["hasPart"] == []

    articles = get(client, "articles/")
    assert set(articles) == HUB_KEYS
    (link,) = articles["significantLink"]  # the B12 article is in review
    assert link == {
        "@type": "LinkRole",
        "linkRelationship": "Result",
        "articleStatus": "published",
        "name": iron.title,
        "url": ROOT + IRON,
        "description": iron.summary,
        "mainEntityOfPage": {
            "@type": "MedicalWebPage",
            "genre": ["Fatigue", "Iron deficiency", "ME/CFS"],
            "datePublished": local_seconds(iron.first_published_at),
            "dateModified": local_seconds(iron.last_published_at),
            "lastReviewed": [
                midnight_in_london(iron.last_reviewed),
                midnight_in_london(iron.next_review_due),
            ],
            "reviewDue": midnight_in_london(iron.next_review_due),
            "keywords": ["fatigue", "iron-deficiency", "me-cfs"],
        },
    }
    assert articles["pagination"] == {
        "page": 1,
        "pageSize": 25,
        "totalPages": 1,
        "totalItems": 1,
        "next": "",
        "previous": "",
    }
    assert articles["mainEntityOfPage"][0]["hasPart"][0]["text"] == (
        ArticleIndexPage.objects.get().intro
    )


@pytest.mark.parametrize(
    "path",
    [
        "no-such-page/",
        "articles/vitamin-b12-and-tiredness/",  # in review, never published
        "articles/iron-infusions-and-fatigue/extra/",
        "articles/iron.json",
        "articles/%00/",
        "articles/a b/",
        "x" * 300 + "/",
    ],
)
def test_unknown_or_unpublished_paths_are_json_404s(client, demo, path):
    response = client.get(API + path)
    assert response.status_code == 404
    assert response.json() == {"code": "RESOURCE_NOT_FOUND", "message": "Page not found."}
    assert cache_control(response) == {"no-store"}


@pytest.mark.parametrize(
    "path, params, parameter, code",
    [
        (IRON, {"page": "2"}, "page", "INVALID_PARAMETER"),
        (IRON, {"orderBy": "dateModified"}, "orderBy", "INVALID_PARAMETER"),
        (IRON, {"topic": "x"}, "topic", "INVALID_PARAMETER"),
        (IRON, {"modules": "maybe"}, "modules", "INVALID_VALUE"),
        ("articles/", {"sort": "title"}, "sort", "INVALID_PARAMETER"),
        ("articles/", {"page": "0"}, "page", "INVALID_VALUE"),
        ("articles/", {"page": "-1"}, "page", "INVALID_VALUE"),
        ("articles/", {"page": "two"}, "page", "INVALID_VALUE"),
        ("articles/", {"page": "2"}, "page", "INVALID_VALUE"),
        ("articles/", {"page": "99999999999999999999"}, "page", "INVALID_VALUE"),
        ("articles/", {"orderBy": "title"}, "orderBy", "INVALID_VALUE"),
        (
            "articles/",
            {"orderBy": "lastReviewed", "startDate": "2025-13-01"},
            "startDate",
            "INVALID_VALUE",
        ),
        (
            "articles/",
            {"orderBy": "lastReviewed", "startDate": "2025-02-30"},
            "startDate",
            "INVALID_VALUE",
        ),
        (
            "articles/",
            {"orderBy": "lastReviewed", "endDate": "20250101"},
            "endDate",
            "INVALID_VALUE",
        ),
        ("articles/", {"startDate": "2025-01-01"}, "startDate", "INVALID_VALUE"),
        (
            "articles/",
            {"orderBy": "nextReview", "startDate": "2025-02-01", "endDate": "2025-01-01"},
            "endDate",
            "INVALID_VALUE",
        ),
        ("articles/", {"category": "AB"}, "category", "INVALID_VALUE"),
        ("articles/", {"category": "1"}, "category", "INVALID_VALUE"),
        ("articles/", {"genre": "iron deficiency"}, "genre", "INVALID_VALUE"),
        ("articles/", {"genre": "x\x00"}, "genre", "INVALID_VALUE"),
        ("articles/", {"modules": "true", "page": "x"}, "page", "INVALID_VALUE"),
    ],
)
def test_bad_parameters_are_json_400s_naming_the_parameter(
    client, demo, path, params, parameter, code
):
    response = client.get(API + path, params)
    assert response.status_code == 400, response.content
    data = response.json()
    assert set(data) == {"code", "message", "parameter"}
    assert (data["code"], data["parameter"]) == (code, parameter)
    assert parameter in data["message"]
    assert cache_control(response) == {"no-store"}


def test_nhs_clients_api_key_is_accepted_and_ignored(client, demo):
    assert get(client, IRON, apikey="11C46F5F") == get(client, IRON)
    assert get(client, "articles/", apikey="11C46F5F", page="1") == get(client, "articles/")


def test_only_get_and_head_are_allowed(client, demo):
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(API + IRON)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert response.json()["code"] == "METHOD_NOT_ALLOWED"
    assert client.head(API + IRON).status_code == 200


def test_caching_headers_are_those_of_the_v2_api(client, demo, editor):
    first = client.get(API + IRON)
    v2 = client.get(f"/api/v2/pages/{ArticlePage.objects.live().get().pk}/")
    assert cache_control(first) == cache_control(v2) == PUBLIC
    assert first["Last-Modified"] == v2["Last-Modified"]
    assert {"Authorization", "Accept"} <= {v.strip() for v in first["Vary"].split(",")}
    again = client.get(API + IRON, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert client.get(API + IRON, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304

    client.force_login(editor)
    assert cache_control(client.get(API + IRON)) == {"private", "no-store"}
