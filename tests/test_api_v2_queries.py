"""API v2 runs a fixed number of SQL queries per request: it does not grow with the
number of articles listed, nor with the blocks, images, references, FAQs or links in
them."""

import pytest

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticleReference
from cms.factories import ImageFactory, TopicFactory
from faq.factories import FAQFactory, FAQPageFactory
from review.factories import ReferenceFactory

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"
LISTING = {"type": "articles.ArticlePage", "fields": "*"}
# Measured on SQLite: 24 for a listing of 5 or of 20 articles with every field, 25 for an
# article's detail (each counting the caching middleware's one query for Last-Modified);
# one to spare for other backends (bench/api_v2.py prints the figures). The
# tests also check the count is the same for few and many items.
MAX_LISTING_QUERIES = 25
MAX_DETAIL_QUERIES = 26


@pytest.fixture(autouse=True)
def uncached(settings):
    """What building a response costs: none is served from the response cache."""
    settings.API_CACHE_TIMEOUT = 0


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Images of this test only (another test session may clear the shared test media)."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def make_articles(article_index, doctor, required_disclaimer):
    """Published articles with everything that could cost a query per item: a hero image,
    two topics (one their own), references, a body with an internal link, an image, a
    call to action and an FAQ section with a shared question."""
    shared_topic = TopicFactory(name="Shared", slug="shared")
    shared_faq = FAQFactory(approved_by=doctor)

    def make(count, references=2, images=1, shared_faqs=1):
        pages = []
        for _ in range(count):
            link = f'<p>See <a linktype="page" id="{article_index.pk}">all articles</a>.</p>'
            body = body_from_outline(
                [
                    ("heading", "Section"),
                    ("paragraph", link),
                    ("numbered_list", [("Point", link)]),
                    ("call_to_action", "Book now."),
                ]
            )
            body += [
                {
                    "type": "image",
                    "value": {"image": ImageFactory().pk, "alt_text": "Alt", "caption": ""},
                }
                for _ in range(images)
            ]
            faqs = [{"type": "shared_faq", "value": shared_faq.pk}] * shared_faqs
            faqs.append({"type": "faq", "value": {"question": "Own?", "answer": link}})
            body.append({"type": "faq_section", "value": {"heading": "FAQ", "items": faqs}})
            pages.append(
                ArticlePageFactory(
                    parent=article_index,
                    topics=[shared_topic, TopicFactory()],
                    hero_image=ImageFactory(),
                    hero_image_alt="Alt",
                    body=body,
                    references=[
                        ArticleReference(reference=ReferenceFactory(approved_by=doctor))
                        for _ in range(references)
                    ],
                    published=True,
                    approved_by=doctor,
                )
            )
        return pages

    return make


def count_queries(client, url, params, max_queries, django_assert_max_num_queries):
    client.get(url, params)  # the first request makes the image renditions
    with django_assert_max_num_queries(max_queries) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured.captured_queries), response.json()


def test_listing_queries_do_not_grow_with_the_number_of_articles(
    client, make_articles, django_assert_max_num_queries
):
    make_articles(5)
    five, data = count_queries(
        client, API, LISTING, MAX_LISTING_QUERIES, django_assert_max_num_queries
    )
    assert len(data["items"]) == 5

    make_articles(15)
    twenty, data = count_queries(
        client, API, LISTING, MAX_LISTING_QUERIES, django_assert_max_num_queries
    )
    assert len(data["items"]) == 20
    assert twenty == five

    # and everything was served, not skipped
    item = data["items"][0]
    assert item["hero_image"]["renditions"]["large"]["url"]
    assert len(item["references"]) == 2 and len(item["faqs"]) == 2 and len(item["related"]) == 3
    assert item["disclaimers"] and item["medical_review"]["reviewed_by"]
    body = {block["type"]: block["value"] for block in item["body"]}
    assert body["image"]["image"]["renditions"]["small"]["url"]
    assert 'href="/articles/"' in body["paragraph"]
    assert body["call_to_action"]["booking_url"] == ""  # no clinic settings in this site


@pytest.mark.parametrize("count", [5, 20])
def test_listing_query_cap_holds_for_5_and_20_articles(
    count, client, make_articles, django_assert_max_num_queries
):
    make_articles(count)
    _, data = count_queries(
        client, API, LISTING, MAX_LISTING_QUERIES, django_assert_max_num_queries
    )
    assert len(data["items"]) == count


def test_detail_queries_do_not_grow_with_blocks_references_or_faqs(
    client, make_articles, django_assert_max_num_queries
):
    small, large = make_articles(1)[0], make_articles(1, references=6, images=4, shared_faqs=5)[0]
    small_count, _ = count_queries(
        client, f"{API}{small.pk}/", {}, MAX_DETAIL_QUERIES, django_assert_max_num_queries
    )
    large_count, data = count_queries(
        client, f"{API}{large.pk}/", {}, MAX_DETAIL_QUERIES, django_assert_max_num_queries
    )
    assert large_count == small_count
    assert len(data["references"]) == 6 and len(data["faqs"]) == 6


def test_faq_page_listing_queries_do_not_grow(
    client, home, doctor, required_disclaimer, django_assert_max_num_queries
):
    shared = FAQFactory(approved_by=doctor)

    def make(count, start):
        for n in range(start, start + count):
            FAQPageFactory(
                parent=home,
                slug=f"faqs-{n}",
                faqs=[{"type": "shared_faq", "value": shared.pk}],
                published=True,
                approved_by=doctor,
            )

    params = {"type": "faq.FAQPage", "fields": "*"}
    make(2, 0)
    two, _ = count_queries(client, API, params, MAX_LISTING_QUERIES, django_assert_max_num_queries)
    make(4, 2)
    six, data = count_queries(
        client, API, params, MAX_LISTING_QUERIES, django_assert_max_num_queries
    )
    assert six == two and len(data["items"]) == 6
