"""An index page of the content API lists every live child with its review dates, 25 to a
page, ordered and filtered by date, first letter and topic as the NHS API's listings are."""

import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import Page

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from cms.factories import TopicFactory
from faq.factories import FAQPageFactory

pytestmark = pytest.mark.django_db

API = "/api/content/"
LONDON = ZoneInfo("Europe/London")
LETTERS = "ABC"
COUNT = 27
FIRST_REVIEW = datetime.date(2025, 1, 10)


def get(client, path="articles/", status=200, **params):
    response = client.get(API + path, params)
    assert response.status_code == status, response.content[:500]
    return response.json()


def names(data):
    return [link["name"] for link in data["significantLink"]]


def midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=LONDON).isoformat()


@pytest.fixture
def articles(home, article_index, doctor, required_disclaimer):
    """27 live articles named "A article 00", "B article 01", …, every second about iron,
    each reviewed a day after the one before and published an hour before it, with the
    next review due in the opposite order. The last is published at 23:30 UTC on 30 June,
    1 July in London."""
    iron, sleep = TopicFactory(name="Iron", slug="iron"), TopicFactory(name="Sleep", slug="sleep")
    pages = []
    for n in range(COUNT):
        page = ArticlePageFactory(
            parent=article_index,
            title=f"{LETTERS[n % 3]} article {n:02d}",
            slug=f"article-{n:02d}",
            topics=[iron if n % 2 == 0 else sleep],
            published=True,
            approved_by=doctor,
        )
        last_reviewed = FIRST_REVIEW + datetime.timedelta(days=n)
        ArticlePage.objects.filter(pk=page.pk).update(
            last_reviewed=last_reviewed,
            next_review_due=datetime.date(2027, 1, 1) - datetime.timedelta(days=n),
        )
        published = datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC)
        Page.objects.filter(pk=page.pk).update(
            last_published_at=published - datetime.timedelta(hours=COUNT - 1 - n)
        )
        pages.append(ArticlePage.objects.get(pk=page.pk))
    FAQPageFactory(parent=home, title="Questions patients ask", published=True, approved_by=doctor)
    ArticlePageFactory(parent=article_index, title="A draft", slug="a-draft")  # never live
    return pages


def test_pages_of_25_list_every_live_article_once_with_its_review_dates(client, articles):
    first = get(client)
    assert len(first["significantLink"]) == 25
    assert first["pagination"]["totalItems"] == COUNT
    assert first["pagination"]["totalPages"] == 2
    assert first["pagination"]["previous"] == ""

    next_url = urlsplit(first["pagination"]["next"])
    assert next_url.path == API + "articles/" and parse_qs(next_url.query) == {"page": ["2"]}
    second = get(client, page="2")
    assert len(second["significantLink"]) == COUNT - 25
    assert second["pagination"]["next"] == ""
    assert parse_qs(urlsplit(second["pagination"]["previous"]).query) == {"page": ["1"]}

    listed = first["significantLink"] + second["significantLink"]
    by_name = {page.title: page for page in articles}
    assert sorted(names(first) + names(second)) == sorted(by_name)
    for link in listed:
        page = by_name[link["name"]]
        assert link["mainEntityOfPage"]["lastReviewed"] == [
            midnight(page.last_reviewed),
            midnight(page.next_review_due),
        ]
        assert link["mainEntityOfPage"]["reviewDue"] == midnight(page.next_review_due)
        assert link["url"] == f"http://testserver/api/content/articles/{page.slug}/"
    assert "A draft" not in names(first) + names(second)

    error = get(client, status=400, page="3")
    assert error["message"] == "page 3 is past the last page (2)."


ORDER_BY = {
    "lastReviewed": lambda page: page.last_reviewed,
    "nextReview": lambda page: page.next_review_due,
    "dateModified": lambda page: page.last_published_at,
}


def test_a_to_z_or_newest_first_on_a_date_filtered_on_that_date(client, articles):
    listed = names(get(client)) + names(get(client, page="2"))
    assert listed == sorted(page.title for page in articles)

    for order_by, value in ORDER_BY.items():
        newest_first = [page.title for page in sorted(articles, key=value, reverse=True)]
        first = get(client, orderBy=order_by)
        assert names(first) + names(get(client, orderBy=order_by, page="2")) == newest_first
        next_query = parse_qs(urlsplit(first["pagination"]["next"]).query)
        assert next_query == {"orderBy": [order_by], "page": ["2"]}

    start = FIRST_REVIEW + datetime.timedelta(days=3)
    end = FIRST_REVIEW + datetime.timedelta(days=5)
    reviewed = get(
        client, orderBy="lastReviewed", startDate=start.isoformat(), endDate=end.isoformat()
    )
    assert names(reviewed) == [articles[n].title for n in (5, 4, 3)]
    due = get(client, orderBy="nextReview", startDate="2026-12-31")
    assert names(due) == [articles[0].title, articles[1].title]
    assert get(client, orderBy="lastReviewed", startDate="2030-01-01")["significantLink"] == []

    # dates are the clinic's: 23:30 UTC on 30 June is 1 July in London
    july = get(client, orderBy="dateModified", startDate="2025-07-01")
    assert names(july) == [articles[-1].title]
    june = get(client, orderBy="dateModified", endDate="2025-06-30")
    assert june["pagination"]["totalItems"] == COUNT - 1
    assert articles[-1].title not in names(june)

    # the home page's children: the articles index has no review dates, so comes last
    assert names(get(client, "")) == ["Health articles", "Questions patients ask"]
    home = get(client, "", orderBy="lastReviewed")
    assert names(home) == ["Questions patients ask", "Health articles"]
    index = home["significantLink"][1]["mainEntityOfPage"]
    assert (index["@type"], index["lastReviewed"], index["reviewDue"]) == (
        "CollectionPage",
        [],
        "",
    )


def test_category_is_the_first_letter_and_genre_a_topic(client, articles):
    listed = names(get(client, category="b"))
    assert listed == sorted(page.title for page in articles if page.title.startswith("B"))
    assert len(listed) == 9
    assert names(get(client, category="Z")) == []

    listed = names(get(client, genre="iron"))
    assert listed == sorted(page.title for page in articles[::2])
    assert all(
        link["mainEntityOfPage"]["genre"] == ["Iron"]
        for link in get(client, genre="iron")["significantLink"]
    )
    empty = get(client, genre="no-such-topic")
    assert empty["significantLink"] == [] and empty["pagination"]["totalItems"] == 0
