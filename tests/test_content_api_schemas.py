"""Every demo page the content API serves validates against the NHS Website Content API's
published page schema (``tests/data/nhs/``), and against this API's own OpenAPI document,
which is itself valid OpenAPI 3.1 and served."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from wagtail.models import Page, Site

from syndication.openapi import openapi_document

pytestmark = pytest.mark.django_db

API = "/api/content/"
NHS_SCHEMA = Path(__file__).parent / "data" / "nhs" / "WebPage.json"
GENRES = {"type": "array", "items": {"type": "string"}}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def nhs_schema_with_genre_as_in_the_examples():
    """The NHS schema with its ``genre`` properties (strings) as its examples give them
    (arrays of strings): see tests/data/nhs/README.md. Returns the schema and how many
    properties were changed."""
    schema = json.loads(NHS_SCHEMA.read_text())
    changed = 0

    def patch(node):
        nonlocal changed
        if isinstance(node, dict):
            properties = node.get("properties", {})
            if properties.get("genre") == {"type": "string"}:
                properties["genre"] = GENRES
                changed += 1
            for value in node.values():
                patch(value)
        elif isinstance(node, list):
            for value in node:
                patch(value)

    patch(schema)
    return schema, changed


def demo_paths():
    """The path of every page of the demo site, live or not."""
    root = Site.objects.get(is_default_site=True).root_page
    return {
        page: page.url_path.removeprefix(root.url_path)
        for page in Page.objects.descendant_of(root, inclusive=True)
    }


def validation_errors(validator, data):
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_every_demo_page_validates_against_the_nhs_page_schema(client, demo):
    schema, changed = nhs_schema_with_genre_as_in_the_examples()
    assert changed == 3, "genre of the page, of breadcrumb items and of listed pages"
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)

    served = 0
    for page, path in demo_paths().items():
        response = client.get(API + path)
        if not page.live:
            assert response.status_code == 404, path
            continue
        assert response.status_code == 200, path
        for data in (response.json(), client.get(API + path, {"modules": "true"}).json()):
            assert validation_errors(validator, data) == [], path
        served += 1
    assert served == 4  # home, articles, the published article, the FAQ page


def test_the_unpatched_nhs_schema_refuses_genre_arrays_so_the_patch_matters(client, demo):
    validator = Draft202012Validator(json.loads(NHS_SCHEMA.read_text()))
    data = client.get(API + "articles/iron-infusions-and-fatigue/").json()
    errors = validation_errors(validator, data)
    assert errors and all("genre" in error for error in errors)


def test_the_openapi_document_is_valid_and_served(client, home):
    response = client.get(API + "openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document == openapi_document()
    validate(document)
    assert set(document["paths"]) == {"/api/content/", "/api/content/{path}"}


def test_every_demo_response_and_error_matches_the_openapi_document(client, demo):
    document = openapi_document()

    def validator(name):
        return Draft202012Validator({**document, "$ref": f"#/components/schemas/{name}"})

    pages, hubs, modules, errors = (
        validator(n) for n in ("ContentPage", "HubPage", "Modules", "Error")
    )
    for page, path in demo_paths().items():
        response = client.get(API + path)
        if not page.live:
            assert validation_errors(errors, response.json()) == []
            continue
        schema = pages if response.json()["@type"] == "MedicalWebPage" else hubs
        assert validation_errors(schema, response.json()) == [], path
        with_modules = client.get(API + path, {"modules": "true"}).json()
        assert validation_errors(modules, with_modules) == [], path

    for params in ({"page": "9"}, {"orderBy": "title"}, {"nope": "1"}):
        data = client.get(API + "articles/", params).json()
        assert validation_errors(errors, data) == [], params
