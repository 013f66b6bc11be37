"""The content API runs a fixed number of SQL queries per request: a page's does not grow with
its blocks, images, references, shared FAQs or links, a hub's not with the children listed.
The articles are the v2 query test's (``make_articles``): everything that could cost a
query per item."""

import pytest

from tests.test_api_v2_queries import make_articles  # noqa: F401

pytestmark = pytest.mark.django_db

API = "/api/content/"
# Measured on SQLite: 26 for an article, 13 for a hub of 5 or 25 articles (each counting
# the caching middleware's one query for Last-Modified); one to spare for other backends.
MAX_PAGE_QUERIES = 27
MAX_HUB_QUERIES = 14


@pytest.fixture(autouse=True)
def uncached(settings):
    """What building a response costs: none is served from the response cache."""
    settings.API_CACHE_TIMEOUT = 0


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def path_of(page):
    return page.get_url_parts()[2].lstrip("/")


def count_queries(client, path, max_queries, django_assert_max_num_queries, **params):
    client.get(API + path, params)  # the first request makes the image renditions
    with django_assert_max_num_queries(max_queries) as captured:
        response = client.get(API + path, params)
    assert response.status_code == 200, response.content[:300]
    return len(captured.captured_queries), response.json()


def test_page_queries_do_not_grow_with_its_body(
    client,
    make_articles,  # noqa: F811
    django_assert_max_num_queries,
):
    small = make_articles(1)[0]
    large = make_articles(1, references=6, images=4, shared_faqs=5)[0]
    small_count, _ = count_queries(
        client, path_of(small), MAX_PAGE_QUERIES, django_assert_max_num_queries
    )
    large_count, data = count_queries(
        client, path_of(large), MAX_PAGE_QUERIES, django_assert_max_num_queries
    )
    assert large_count == small_count

    # and everything was served, not skipped
    assert len(data["citation"]) == 6
    parts = [part for section in data["mainEntityOfPage"] for part in section["hasPart"]]
    assert sum(part["name"] == "image" for part in parts) == 4
    assert sum(part["@type"] == "Question" for part in parts) == 6
    assert 'href="/articles/"' in next(p["text"] for p in parts if p["name"] == "paragraph")
    assert [m["name"] for m in data["hasPart"]][-1] == "disclaimer"
    assert len(data["relatedLink"]) == 1 and data["reviewedBy"]

    modules_count, _ = count_queries(
        client, path_of(large), MAX_PAGE_QUERIES, django_assert_max_num_queries, modules="true"
    )
    assert modules_count <= large_count


def test_hub_queries_do_not_grow_with_the_children_listed(
    client,
    make_articles,  # noqa: F811
    django_assert_max_num_queries,
):
    make_articles(5)
    five, data = count_queries(client, "articles/", MAX_HUB_QUERIES, django_assert_max_num_queries)
    assert len(data["significantLink"]) == 5

    make_articles(21)
    full, data = count_queries(client, "articles/", MAX_HUB_QUERIES, django_assert_max_num_queries)
    assert len(data["significantLink"]) == 25
    assert full == five
    assert all(len(link["mainEntityOfPage"]["genre"]) == 2 for link in data["significantLink"])

    for params in ({"page": "2"}, {"orderBy": "lastReviewed"}, {"genre": "shared"}):
        count, _ = count_queries(
            client, "articles/", MAX_HUB_QUERIES, django_assert_max_num_queries, **params
        )
        assert count == five, params
