"""The v3 OpenAPI document says what the endpoints answer: every error status as an
``application/problem+json`` problem, the limits, the ``order`` values, the snippet types
that can be called, and nothing this site cannot serve. Each statement is checked against
the endpoint's answer (``tests/test_fuzz.py`` fuzzes the whole document)."""

import json

import pytest
from django.test import override_settings
from openapi_spec_validator import validate
from wagtail.models import APIToken, Collection
from wagtail_factories import DocumentFactory

from articles.factories import ArticlePageFactory
from cms.factories import ImageFactory
from cms.models import Reference
from delivery.api import parameters

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"
SNIPPETS = "/api/v3/snippets/"
PROBLEM = {"$ref": "#/components/schemas/ProblemDetail"}


@pytest.fixture
def document(client):
    with override_settings(WAGTAILAPI_DOCS_ENABLED=True):
        response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    return document


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def operation(document, operation_id):
    return next(op for _, _, op in operations(document) if op["operationId"] == operation_id)


def parameter(op, name):
    return next(p for p in op["parameters"] if p["name"] == name)


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {APIToken.create_token(user=user, name='t')[1]}"}


def assert_problem(response, status):
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
    return response.json()


def test_every_error_is_a_documented_problem_and_token_operations_say_401_and_403(document):
    for method, path, op in operations(document):
        errors = {code: r for code, r in op["responses"].items() if int(code) >= 400}
        assert "503" in errors, (method, path)
        for code, response in errors.items():
            assert response["content"] == {"application/problem+json": {"schema": PROBLEM}}
            assert response["description"], (method, path, code)
        if {} not in op.get("security", [{}]):
            assert {"401", "403"} <= set(errors), (method, path)
        if any(p["in"] == "path" for p in op.get("parameters", [])):
            assert "404" in errors, (method, path)
        if method in ("post", "put", "patch", "delete"):
            assert "409" in errors, (method, path)
        if "requestBody" in op:
            assert {"400", "413", "422"} <= set(errors), (method, path)


def test_the_limit_maximum_is_documented_and_is_the_one_enforced(document, client, settings):
    limit = parameter(operation(document, "pages_list"), "limit")["schema"]
    assert limit["maximum"] == settings.WAGTAILAPI_LIMIT_MAX == 50
    assert client.get(PAGES, {"limit": 50}).status_code == 200
    body = assert_problem(client.get(PAGES, {"limit": 51}), 400)
    assert "50" in body["detail"]
    offset = parameter(operation(document, "pages_list"), "offset")["schema"]
    assert offset["maximum"] == parameters.MAX_OFFSET


def test_every_documented_order_is_accepted_and_others_are_refused(document, client, home):
    order = parameter(operation(document, "pages_list"), "order")
    values = next(b for b in order["schema"]["anyOf"] if b["type"] == "array")["items"]["enum"]
    assert {"title", "-title", "first_published_at", "-first_published_at", "id"} <= set(values)
    for value in values:
        assert client.get(PAGES, {"order": value}).status_code == 200, value
    assert_problem(client.get(PAGES, {"order": "summary"}), 422)
    assert "random" in order["description"] and "offset" in order["description"]


def test_snippet_orders_are_the_ones_every_type_takes_and_each_types_own_are_named(
    document, client, editor
):
    order = parameter(operation(document, "snippets_list"), "order")
    values = next(b for b in order["schema"]["anyOf"] if b["type"] == "array")["items"]["enum"]
    assert sorted(values) == ["-id", "id"]
    assert "`cms.Reference` also orders by: `accessed_on`, `authors`" in order["description"]
    headers = bearer(editor)
    for kind in ("cms.Reference", "cms.Disclaimer", "faq.FAQ", "cms.Topic"):
        assert client.get(f"{SNIPPETS}{kind}/", {"order": "-id"}, **headers).status_code == 200
    assert client.get(f"{SNIPPETS}cms.Reference/", {"order": "-year"}, **headers).status_code == 200


def test_search_limits_are_documented_and_counted_as_sent(document, client, home):
    search = parameter(operation(document, "pages_list"), "search")
    text = next(b for b in search["schema"]["anyOf"] if b["type"] == "string")
    assert text["maxLength"] == parameters.SEARCH_MAX_LENGTH == 200
    assert "letter or digit" in search["description"]
    assert client.get(PAGES, {"search": "iron" + " " * 196}).status_code == 200
    body = assert_problem(client.get(PAGES, {"search": "iron" + " " * 197}), 422)
    assert body["errors"][0]["loc"] == ["query", "search"]
    assert_problem(client.get(PAGES, {"search": "?!"}), 422)


def test_strings_may_not_hold_nul_and_the_document_says_so(document, client, home):
    for _, _, op in operations(document):
        for p in op.get("parameters", []):
            for branch in [p["schema"], *p["schema"].get("anyOf", [])]:
                if branch.get("type") == "string" and not {"enum", "const"} & set(branch):
                    assert "pattern" in branch, (op["operationId"], p["name"])
    assert_problem(client.get(PAGES, {"locale": "en\x00"}), 422)


def test_the_medical_snippets_can_be_called_through_v3(document, client, writer, editor):
    kinds = parameter(operation(document, "snippets_list"), "type")["schema"]["enum"]
    assert sorted(kinds) == ["cms.Disclaimer", "cms.Reference", "cms.Topic", "faq.FAQ"]
    created = client.post(
        f"{SNIPPETS}cms.Reference/",
        data=json.dumps(
            {
                "authors": "Hart A",
                "title": "Ferritin and fatigue",
                "journal": "BMJ",
                "year": 2024,
                "doi": "10.1136/bmj.1",
            }
        ),
        content_type="application/json",
        **bearer(writer),
    )
    assert created.status_code == 201, created.content
    reference = Reference.objects.get(pk=created.json()["id"])
    assert not reference.live and reference.latest_revision is not None

    # Writers may not publish; an editor may, but the gate refuses content no clinician
    # approved.
    publish = f"{SNIPPETS}cms.Reference/{reference.pk}/actions/publish/"
    assert client.post(publish, **bearer(writer)).status_code == 403
    body = assert_problem(client.post(publish, **bearer(editor)), 403)
    assert body["title"] == "Medical review required"
    reference.refresh_from_db()
    assert not reference.live


def test_a_snippet_key_that_is_not_a_number_is_a_422_not_a_500(document, client, writer):
    key = parameter(operation(document, "snippets_detail"), "pk")["schema"]
    assert key["pattern"] == "^[0-9]+$"
    body = assert_problem(client.get(f"{SNIPPETS}faq.FAQ/q/", **bearer(writer)), 422)
    assert body["errors"][0]["loc"] == ["path", "pk"]
    assert_problem(client.get(f"{SNIPPETS}faq.FAQ/123456/", **bearer(writer)), 404)


def test_translation_operations_this_site_cannot_serve_are_not_documented(document):
    ids = {op["operationId"] for _, _, op in operations(document)}
    assert not {i for i in ids if "copy_for_translation" in i}
    names = {p["name"] for p in operation(document, "snippets_list")["parameters"]}
    assert not names & {"locale", "translation_of"}


def test_a_body_that_is_not_an_object_or_too_large_is_refused_in_json(client, writer, settings):
    headers = bearer(writer)
    body = assert_problem(
        client.post(PAGES, data="[null, null]", content_type="application/json", **headers), 422
    )
    assert body["errors"][0]["loc"] == ["body"]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    too_large = json.dumps({"title": "x" * 2000})
    assert_problem(client.post(PAGES, data=too_large, content_type="application/json"), 413)


def test_revision_filters_take_any_iso_offset_and_refuse_what_is_not_a_user(
    client, writer, article_index
):
    article = ArticlePageFactory(parent=article_index, owner=writer)
    revisions = f"{PAGES}{article.pk}/revisions/"
    headers = bearer(writer)
    # +16:49 is valid ISO 8601; PostgreSQL takes offsets up to 15:59 only.
    far = client.get(revisions, {"created_at_from": "2020-01-01T00:00:00+16:49"}, **headers)
    assert far.status_code == 200, far.content
    assert far.json()["count"] == 1
    body = assert_problem(client.get(revisions, {"user_id": "somebody"}, **headers), 422)
    assert body["errors"][0]["loc"] == ["query", "user_id"]
    assert_problem(client.get(revisions, {"created_at_to": "yesterday"}, **headers), 422)


def test_a_unique_value_the_form_does_not_check_is_a_409_conflict(client, editor):
    """A topic's form says its name is in use (422); a draft may leave a required field
    empty, and the form then does not check it, so the database refuses a second draft FAQ
    with no question."""
    headers = bearer(editor)

    def create(kind, data):
        return client.post(
            f"{SNIPPETS}{kind}/", data=json.dumps(data), content_type="application/json", **headers
        )

    topic = {"name": "Iron", "slug": "iron"}
    assert create("cms.Topic", topic).status_code == 201
    body = assert_problem(create("cms.Topic", topic), 422)
    assert {e["loc"][0] for e in body["errors"]} == {"name", "slug"}

    faq = {"question": "", "answer": ""}
    assert create("faq.FAQ", faq).status_code == 201
    body = assert_problem(create("faq.FAQ", faq), 409)
    assert "unique" in body["detail"]


def test_anonymous_callers_see_only_files_that_live_pages_use(client, writer, article_index):
    shown = ImageFactory(title="Shown on a live article")
    ArticlePageFactory(parent=article_index, hero_image=shown, hero_image_alt="x", published=True)
    draft_only = ImageFactory(title="Hero of an article still in review")
    ArticlePageFactory(parent=article_index, hero_image=draft_only, hero_image_alt="x")

    listed = client.get("/api/v3/images/").json()
    assert [item["title"] for item in listed["items"]] == ["Shown on a live article"]
    assert client.get(f"/api/v3/images/{draft_only.pk}/").status_code == 404
    assert client.get(f"/api/v3/images/{shown.pk}/").status_code == 200
    # Staff with a token choose files in the admin; they see them all.
    staff = client.get("/api/v3/images/", **bearer(writer)).json()
    assert staff["count"] == 2

    unused = DocumentFactory(title="Draft leaflet", collection=Collection.get_first_root_node())
    assert client.get("/api/v3/documents/").json()["count"] == 0
    assert client.get(f"/api/v3/documents/{unused.pk}/").status_code == 404
    assert client.get("/api/v3/documents/", **bearer(writer)).json()["count"] == 1
