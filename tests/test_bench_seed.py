"""``bench/seed.py`` copies approved articles in bulk, without ``save()``. The benchmark is
only honest if each copy is what the gate, the API and search take it for: its own
approval of its own content, served, and found by its own title."""

import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from review.gate import content_hash, publish_refusal

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import seed  # noqa: E402  (bench/seed.py)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the bulk seed writes PostgreSQL's SQL: runs on PostgreSQL (CI), not SQLite",
    ),
    pytest.mark.django_db,
]


@pytest.fixture
def templates(article_index, doctor, claims_word_lists):
    pages = [
        ArticlePageFactory(parent=article_index, title=f"Template {n}", published=True)
        for n in range(2)
    ]
    for page in pages:
        page.refresh_from_db()
    return [seed.Template(ArticlePage.objects.get(pk=page.pk)) for page in pages]


def test_each_copy_stands_on_its_own_approval_and_is_served(templates, article_index, client):
    parent = Page.objects.get(pk=article_index.pk)
    seed.add_batch(parent, templates, range(100, 104), timezone.now())

    copies = ArticlePage.objects.filter(title__startswith="Bench article").order_by("pk")
    assert copies.count() == 4 and all(copy.live for copy in copies)
    for copy in copies:
        record = copy.review_record
        assert record.object_id == str(copy.pk) and record.revision_id == copy.live_revision_id
        assert record.content_hash == content_hash(copy)
        assert publish_refusal(copy.live_revision) is None
        assert ReferenceIndex.get_references_for_object(copy).count() == (
            ReferenceIndex.get_references_for_object(templates[0].page).count()
        )
    article_index.refresh_from_db()
    assert article_index.numchild == 2 + 4
    assert Page.objects.get(pk=article_index.pk).get_children().count() == 6

    detail = client.get(f"/api/v2/pages/{copies[0].pk}/").json()
    assert detail["title"] == "Bench article 100"
    assert detail["medical_review"]["reviewed_by"]["name"] == templates[0].record.clinician_name


def test_a_copy_is_found_by_its_own_title_as_the_backend_indexes_it(templates, article_index):
    parent = Page.objects.get(pk=article_index.pk)
    seed.add_batch(parent, templates, range(200, 202), timezone.now())
    copy = ArticlePage.objects.get(title="Bench article 201")

    seed.check_index_copies(copy)  # the copied entry is the one the backend writes
    found = get_search_backend().search("201", ArticlePage)
    assert [page.pk for page in found] == [copy.pk]
