"""Hostile input to the APIs: every malformed query parameter, body or path gets a 4xx with
a JSON body, never a 500 and never the text of a database error, on SQLite and on
PostgreSQL alike (CI runs this file on PostgreSQL). The named cases are the ones a
security review turned into 500s; the tables try many more values per parameter; a
hypothesis test throws generated query strings at the v2 listing."""

import json
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django.http import JsonResponse
from django.test import override_settings
from django.urls import path as route
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import APIToken, Page

from articles.factories import ArticlePageFactory
from clinic import urls as cms_urls
from cms.factories import UserFactory
from review.setup import ensure_medical_review_workflow

pytestmark = pytest.mark.django_db

# What a database or search backend error looks like when it leaks into a response.
LEAKS = (
    "sqlite",
    "psycopg",
    "postgres",
    "traceback",
    "operationalerror",
    "dataerror",
    "integrityerror",
    "programmingerror",
    "internalerror",
    "datatype mismatch",
    "unterminated",
    "syntax error",
    "out of range for type",
    "has no attribute",
    "select ",
)


@pytest.fixture
def article(article_index, writer, doctor, required_disclaimer):
    ensure_medical_review_workflow()
    return ArticlePageFactory(
        parent=article_index, owner=writer, title="Iron and tiredness", published=True
    )


def token(user):
    return APIToken.create_token(user=user, name="hostile")[1]


def get(client, path, params=(), **headers):
    """GET ``path`` with ``params`` (pairs, values sent exactly as given)."""
    query = "&".join(f"{quote(name, safe='')}={quote(value, safe='')}" for name, value in params)
    return client.get(f"{path}?{query}" if query else path, **headers)


def assert_refused_in_json(response, statuses=range(400, 500)):
    assert response.status_code in statuses, (response.status_code, response.content[:300])
    assert_json_without_leaks(response)


def assert_json_without_leaks(response):
    assert response.status_code < 500, response.content[:300]
    if 300 <= response.status_code < 400:
        return
    content_type = response["Content-Type"]
    assert content_type.startswith(("application/json", "application/problem+json")), (
        content_type,
        response.content[:300],
    )
    body = json.loads(response.content)
    text = json.dumps(body).lower()
    assert not [leak for leak in LEAKS if leak in text], body


# The cases the review found


@pytest.mark.parametrize(
    "path, params",
    [
        ("/api/v2/pages/", [("search", "iron"), ("search_operator", "xor")]),
        ("/api/v2/pages/", [("offset", "9223372036854775808")]),
        ("/api/v2/pages/", [("limit", "9223372036854775808")]),
        ("/api/v2/pages/", [("first_published_at", "x")]),
        ("/api/v2/pages/", [("type", "articles.ArticlePage"), ("last_published_at", "x")]),
        ("/api/v2/pages/", [("search", "iron\x00")]),
        ("/api/v3/pages/", [("search", "iron\x00")]),
        ("/api/v2/pages/", [("topic", "iron\x00")]),
        ("/api/v2/pages/find/", [("html_path", "/articles/\x00/")]),
        ("/api/v3/pages/find/", [("html_path", "/articles/\x00/")]),
        ("/api/v2/pages/", [("search", '"')]),
        ("/api/v2/pages/", [("search", "\n")]),
        ("/api/v3/pages/", [("search", '"')]),
        ("/api/v3/pages/", [("search", "\n")]),
        ("/api/v3/pages/", [("offset", "9223372036854775808")]),
    ],
)
def test_what_the_review_found_is_a_4xx_with_json(client, article, path, params):
    response = get(client, path, params)
    assert_refused_in_json(response)
    if path.startswith("/api/v3/"):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code
    else:
        assert response.json()["message"]


def test_a_bad_revision_id_for_a_preview_token_is_a_400(client, article, writer):
    client.force_login(writer)
    response = get(client, f"/api/preview/token/{article.pk}/", [("revision_id", "abc")])
    assert_refused_in_json(response, {400})
    assert response.json() == {
        "detail": "revision_id must be a whole number of 1 or more",
        "code": "invalid_parameter",
    }


def test_quotes_and_newlines_in_a_search_are_read_as_spaces(client, article):
    found = get(client, "/api/v2/pages/", [("search", '"iron\ntiredness"')])
    assert found.status_code == 200, found.content
    assert [item["id"] for item in found.json()["items"]] == [article.pk]


# Many hostile values per parameter

NUL = "iron\x00"
NUMBERS = ["x", "-1", "1.5", "1e3", "0x10", " 1", "١", "", NUL, "9223372036854775808",
           "99999999999999999999999", "2147483648"]  # fmt: skip
PAGE_IDS = [*NUMBERS, "root", "0"]
DATES = ["x", "2024-13-45", "2024-01-01T25:00", "9999999999-01-01", "", NUL, "0000-00-00"]
TEXTS = ["", NUL, "\x00", "a" * 5000, "</script>", "' OR 1=1 --", "\\", "%", "\u2028", "💉"]
SEARCHES = [*TEXTS, '"', "\n", '""', '"iron', "*", "(", ")", "NEAR(a b)", "a:b", "^", "-",
            "AND", "OR NOT", "title:iron", "{title}:x", "a" * 201, "iron " * 100,
            "\t\r\n"]  # fmt: skip

V2_PAGES = {
    "search": SEARCHES,
    "search_operator": ["xor", "", "AND", " or", NUL],
    "offset": NUMBERS,
    "limit": NUMBERS,
    "id": NUMBERS,
    "first_published_at": DATES,
    "last_published_at": DATES,
    "title": TEXTS,
    "slug": TEXTS,
    "show_in_menus": ["maybe", "2", "", NUL],
    "child_of": PAGE_IDS,
    "descendant_of": PAGE_IDS,
    "ancestor_of": PAGE_IDS,
    "translation_of": PAGE_IDS,
    "order": ["x", "-", "--title", "random", "title,random", "-first_published_at,", NUL],
    "fields": ["*,-x", "(((", "x(", "_,id", "body(x)", "-", "*,*", NUL],
    "type": ["x", "articles.X", "a.b.c", "wagtailcore.Page", "", NUL],
    "topic": [",", " ", "a,,b", "ü", "<script>", "iron deficiency", NUL],
    "locale": ["xx", "", NUL],
    "site": ["x", "localhost:99999999999", NUL],
    "rich_text_format": ["x", "", NUL],
    NUL: ["1"],
}
V2_FIND = {
    "html_path": ["", "//", "/../../etc/passwd", "/" * 5000, "\u0085", "%00", NUL, "/articles/"],
    "id": NUMBERS,
}
V3_PAGES = {
    "search": SEARCHES,
    "search_operator": ["xor", "", NUL],
    "offset": NUMBERS,
    "limit": NUMBERS,
    "order": ["x", "-", "random", NUL],
    "type": ["x", "articles.X", NUL],
    "child_of": PAGE_IDS,
    "descendant_of": PAGE_IDS,
    "ancestor_of": PAGE_IDS,
    "first_published_at": DATES,
    "title": TEXTS,
    "locale": ["xx", NUL],
    "version": ["x", NUL],
}
V3_FIND = {"html_path": V2_FIND["html_path"], "id": NUMBERS, "version": ["x", NUL]}


def table(endpoints):
    return [
        pytest.param(path, name, values, id=f"{path}:{name.replace(chr(0), 'NUL')}")
        for path, parameters in endpoints
        for name, values in parameters.items()
    ]


@pytest.mark.parametrize(
    "path, name, values",
    table(
        [
            ("/api/v2/pages/", V2_PAGES),
            ("/api/v2/pages/find/", V2_FIND),
            ("/api/v2/images/", {k: V2_PAGES[k] for k in ("search", "offset", "title", "id")}),
            ("/api/v3/pages/", V3_PAGES),
            ("/api/v3/pages/find/", V3_FIND),
        ]
    ),
)
def test_no_value_of_a_query_parameter_gets_a_500(client, article, path, name, values):
    for value in values:
        response = get(client, path, [(name, value)])
        assert_json_without_leaks(response)
        if "\x00" in name + value:
            assert_refused_in_json(response)


@pytest.mark.parametrize("value", [*NUMBERS[:-1], "0"])
def test_no_revision_id_gets_a_500(client, article, writer, value):
    client.force_login(writer)
    assert_json_without_leaks(
        get(client, f"/api/preview/token/{article.pk}/", [("revision_id", value)])
    )


def test_no_preview_token_gets_a_500(client, article):
    for value in ["", NUL, "a" * 5000, ":", "::", "a:b:c", "%", "</script>"]:
        assert_refused_in_json(get(client, "/api/preview/", [("token", value)]))


def test_a_wrong_method_on_the_preview_is_a_json_405(client, article):
    for method, path in [
        ("post", "/api/preview/"),
        ("delete", f"/api/preview/token/{article.pk}/"),
        ("get", "/api/preview/revoke/"),
    ]:
        response = getattr(client, method)(path)
        assert_refused_in_json(response, {405})
        assert response.json()["code"] == "method_not_allowed"


def test_an_unknown_address_under_the_api_is_a_json_404(client):
    for path in ["/api/v2/nothing/", "/api/v3/pages/1/actions/create-alias/", "/api/unknown/"]:
        response = client.get(path)
        assert_refused_in_json(response, {404})


# v3 tree actions with a token and bad or missing bodies

BODIES = [None, "", "not json", "null", "[]", "{}", '{"destination_id": "x"}',
          '{"destination_id": -1}', '{"destination_id": 99999999999999999999}',
          '{"destination_id": 1}', '{"destination_id": 1, "position": "left"}',
          '{"destination_id": 1, "position": "last-child"}', '{"slug": "a b"}',
          '{"slug": "\\u0000"}', '{"title": "\\u0000"}', '{"recursive": true}',
          '{"destination_id": 1, "recursive": true}']  # fmt: skip
ACTIONS = ["move", "copy", "create_alias"]


@pytest.mark.parametrize("role", ["writer", "editor", "superuser"])
def test_no_tree_action_body_gets_a_500(client, article, writer, editor, role):
    user = {"writer": writer, "editor": editor}.get(role) or UserFactory(is_superuser=True)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token(user)}"}
    home = article.get_parent().get_parent()
    for page_id in [1, home.pk, article.pk, 99999999999999999999]:
        for action in ACTIONS:
            for body in BODIES:
                url = f"/api/v3/pages/{page_id}/actions/{action}/"
                if body is None:
                    response = client.post(url, **headers)
                else:
                    response = client.post(
                        url, data=body, content_type="application/json", **headers
                    )
                assert_json_without_leaks(response)
    assert Page.objects.filter(depth=1).count() == 1, "one root, still"


@pytest.mark.parametrize("action", ACTIONS)
def test_the_root_of_the_page_tree_is_not_moved_copied_or_aliased(client, article, action):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token(UserFactory(is_superuser=True))}"}
    pages = Page.objects.count()
    response = client.post(
        f"/api/v3/pages/1/actions/{action}/",
        data=json.dumps({"destination_id": article.pk}),
        content_type="application/json",
        **headers,
    )
    assert_refused_in_json(response, {422})
    assert "root of the page tree" in response.json()["detail"]
    assert Page.objects.count() == pages


def test_a_page_is_not_moved_beside_the_root(client, article):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token(UserFactory(is_superuser=True))}"}
    response = client.post(
        f"/api/v3/pages/{article.pk}/actions/move/",
        data=json.dumps({"destination_id": 1}),
        content_type="application/json",
        **headers,
    )
    assert_refused_in_json(response, {422})
    article.refresh_from_db()
    assert article.depth == 4


def test_a_nul_in_a_v3_body_is_refused_and_nothing_is_saved(client, article, writer):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token(writer)}"}
    revisions = article.revisions.count()
    response = client.patch(
        f"/api/v3/pages/{article.pk}/",
        data=json.dumps({"title": "Iron\x00", "meta": {"type": "articles.ArticlePage"}}),
        content_type="application/json",
        **headers,
    )
    assert_refused_in_json(response, {422})
    assert response.json()["errors"][0]["loc"] == ["body"]
    assert article.revisions.count() == revisions


def _compares_a_nul(request):
    Page.objects.filter(title="Iron\x00").exists()
    return JsonResponse({"found": False})


# A view under /api/ whose query the database refuses: PostgreSQL cannot compare a NUL
# (a DataError), SQLite can. (The API's own views never get one: the checks above refuse
# NUL characters first. This is the net under them.)
urlpatterns = [route("api/v2/nul/", _compares_a_nul), *cms_urls.urlpatterns]


@pytest.mark.urls(__name__)
def test_a_value_the_database_refuses_is_a_400_without_its_message(client):
    response = client.get("/api/v2/nul/")
    if connection.vendor == "postgresql":
        assert_refused_in_json(response, {400})
        assert response.json() == {
            "message": "The request holds a value that cannot be stored or searched for."
        }
    else:
        assert response.status_code == 200


@override_settings(DEBUG=True)
def test_in_development_an_unhandled_error_says_nothing_of_its_cause(client, article, monkeypatch):
    """Wagtail's v3 handler would answer with the exception's text when DEBUG is on."""
    from wagtail.api.v3.routers import pages

    def broken(*args, **kwargs):
        raise RuntimeError('relation "wagtailcore_page" does not exist')

    monkeypatch.setattr(pages, "get_pages_queryset", broken)
    response = client.get("/api/v3/pages/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "wagtailcore_page" not in response.content.decode()
    assert response.json()["detail"] == "Something went wrong on our side."


# Generated query strings

PARAMETER_NAMES = sorted({*V2_PAGES, "html_path"} - {NUL})
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    params=st.lists(
        st.tuples(st.one_of(st.sampled_from(PARAMETER_NAMES), any_text), any_text),
        max_size=4,
    ),
    path=st.sampled_from(["/api/v2/pages/", "/api/v2/pages/find/", "/api/v2/images/"]),
)
def test_generated_v2_query_strings_never_get_a_500(client, article, path, params):
    response = client.get(f"{path}?{urlencode(params)}")
    assert_json_without_leaks(response)
