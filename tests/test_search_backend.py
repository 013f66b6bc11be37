"""The search backend (``cms.search_backend``) finds and orders exactly what Wagtail's
PostgreSQL backend does, reading ranked ids first and the rows after; on other databases
it is Wagtail's own database backend."""

import pytest
from django.db import connection
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from wagtail.search.backends import get_search_backend

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticlePage
from cms.search_backend import ClinicPostgresSearchBackend

pytestmark = pytest.mark.django_db

POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def articles(article_index, doctor, required_disclaimer):
    words = [
        ("Iron and tiredness", "<p>Iron stores and ferritin.</p>"),
        ("Sleep", "<p>Iron is mentioned once.</p>"),
        ("Vitamin B12", "<p>Nothing about the mineral.</p>"),
        ("Ferritin tests", "<p>Ferritin, iron, iron and iron again.</p>"),
    ]
    return [
        ArticlePageFactory(
            parent=article_index,
            title=title,
            body=body_from_outline([("paragraph", text)]),
            published=True,
            approved_by=doctor,
        )
        for title, text in words
    ]


def test_the_backend_is_the_one_for_this_database():
    backend = get_search_backend()
    if POSTGRESQL:
        assert isinstance(backend, ClinicPostgresSearchBackend)
    else:
        assert not isinstance(backend, PostgresSearchBackend)


@pytest.mark.skipif(not POSTGRESQL, reason="the PostgreSQL backend's results: CI's database")
@pytest.mark.parametrize("query", ["iron", "ferritin", "iron ferritin", "tiredness", "nothing"])
def test_results_and_their_order_are_wagtails(articles, query):
    ours, wagtails = get_search_backend(), PostgresSearchBackend({})
    live = ArticlePage.objects.live()
    for operator in ("and", "or"):
        for page in (slice(0, 2), slice(1, 3), slice(0, 20)):
            expected = list(wagtails.search(query, live, operator=operator)[page])
            found = ours.search(query, live, operator=operator)[page]
            assert [p.pk for p in found] == [p.pk for p in expected], (query, operator, page)
            assert all(isinstance(p, ArticlePage) for p in found)
    assert ours.search(query, live).count() == wagtails.search(query, live).count()


@pytest.mark.skipif(not POSTGRESQL, reason="a PostgreSQL index")
def test_the_title_and_body_expression_has_a_full_text_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'cms_search_title_body_gin'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "(title || body)" in definition
