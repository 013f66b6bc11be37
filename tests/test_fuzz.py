"""Fuzzing the APIs on a live server, with the demo content.

- Schemathesis over the v3 OpenAPI document as an anonymous caller, with a writer's token and
  with an editor's token (in that order: the editor's run may delete what the others read),
  and over the content API's document: no 5xx, no status, content type or body the document
  does not describe, nothing accepted that it says is invalid (``tests/schemathesis.toml``).
- Hypothesis over v2's query parameters and the content API's paths: no 5xx, every error in
  the API's JSON shape, and nothing listed that is not live and public.

``make test`` runs a small budget (``FUZZ_EXAMPLES``, default 3 cases per operation, the
fuzzing phase only, a fixed seed); ``make fuzz`` runs the coverage phase too, with a larger
budget, a new seed and a time limit for each run (``FUZZ_EXAMPLES``, ``FUZZ_PHASES``,
``FUZZ_SEED``, ``FUZZ_MAX_TIME``; see the Makefile).
"""

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import APIToken, Page, Site

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
PHASES = os.environ.get("FUZZ_PHASES", "fuzzing")
SEED = os.environ.get("FUZZ_SEED", "1")  # "random" for a new seed each run
MAX_TIME = os.environ.get("FUZZ_MAX_TIME")  # seconds for each schemathesis run
CONFIG = Path(__file__).with_name("schemathesis.toml")

NUL = "\x00"
TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
NUMBERS = st.integers(-(2**70), 2**70).map(str)
# Values a client might send, well-formed or not.
VALUES = st.one_of(
    st.sampled_from(
        [
            "",
            "0",
            "1",
            "-1",
            "2",
            "9223372036854775808",
            "x",
            NUL,
            '"',
            "\n",
            "*",
            "random",
            "iron",
            "fatigue",
            "articles.ArticlePage",
            "faq.FAQPage",
            "wagtailcore.Page",
            "-first_published_at",
            "title",
            "/",
            "/articles/",
            "/articles/iron-infusions-and-fatigue/",
            "2026-01-31",
            "2026-01-31T09:00:00+16:49",
            "true",
            "and",
            "xor",
            "root",
        ]
    ),
    NUMBERS,
    TEXT,
)
V2_PARAMETERS = [
    "type",
    "fields",
    "order",
    "limit",
    "offset",
    "search",
    "search_operator",
    "topic",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "html_path",
    "id",
    "title",
    "slug",
    "first_published_at",
    "show_in_menus",
    "locale",
    "site",
]
QUERIES = st.lists(st.tuples(st.one_of(st.sampled_from(V2_PARAMETERS), TEXT), VALUES), max_size=5)


@pytest.fixture
def server(live_server, settings):
    settings.WAGTAILAPI_DOCS_ENABLED = True
    settings.WAGTAILAPI_BASE_URL = live_server.url
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


def token_for(username):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    return APIToken.create_token(user=user, name="fuzzing")[1]


def schemathesis(document, base_url, token=None):
    """Runs schemathesis over ``document``: how many cases it sent, and its report when it
    found anything."""
    command = [
        *(sys.executable, "-m", "schemathesis.cli"),
        *("--config-file", str(CONFIG), "run", document, "--url", base_url),
        *("--max-examples", str(EXAMPLES), "--phases", PHASES, "--checks", "all"),
        # Django's live server and SQLite take one request at a time.
        *("--workers", "1", "--no-color", "--request-timeout", "30"),
    ]
    if MAX_TIME:
        command += ["--max-time", MAX_TIME]
    if SEED != "random":
        command += ["--seed", SEED, "--generation-deterministic"]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    sent = re.search(r"(\d+) generated", result.stdout)
    report = result.stdout[-20000:] + result.stderr[-5000:]
    return int(sent.group(1)) if sent else 0, None if result.returncode == 0 else report


def test_schemathesis_finds_nothing_in_v3_for_anyone_or_in_the_content_api(server):
    v3 = f"{server}/api/v3/openapi.json"
    tokens = {"writer": token_for("writer"), "editor": token_for("editor")}
    runs = {
        "anonymous": schemathesis(v3, server),
        "writer": schemathesis(v3, server, tokens["writer"]),
        "editor": schemathesis(v3, server, tokens["editor"]),
        "content API": schemathesis(f"{server}/api/content/openapi.json", server),
    }
    found = {who: report for who, (_, report) in runs.items() if report}
    assert not found, "\n\n".join(f"== {who}\n{report}" for who, report in found.items())
    # Every run sent requests: at least one case for each operation of each document.
    operations = {
        document: sum(len(item) for item in httpx.get(document).json()["paths"].values())
        for document in (v3, f"{server}/api/content/openapi.json")
    }
    assert all(sent >= operations[v3] for who, (sent, _) in runs.items() if who != "content API")
    assert runs["content API"][0] >= operations[f"{server}/api/content/openapi.json"], runs


def live_public_ids():
    return set(Page.objects.live().public().values_list("pk", flat=True))


def fuzz(strategy, examples=EXAMPLES * 20):
    """Runs the decorated check on ``examples`` cases (a fixed sequence unless FUZZ_SEED is
    random), so a live-server fixture is set up once for them all."""

    def decorate(check):
        runner = settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=SEED != "random",
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )(given(strategy)(check))
        return runner

    return decorate


def test_v2_query_parameters_get_json_and_never_what_is_not_live_and_public(server):
    public = live_public_ids()
    assert public, "the demo has live pages"
    endpoints = st.sampled_from(
        [
            "/api/v2/pages/",
            "/api/v2/pages/find/",
            *(f"/api/v2/pages/{pk}/" for pk in Page.objects.values_list("pk", flat=True)),
            "/api/v2/images/",
            "/api/v2/documents/",
            "/api/v2/images/1/",
            "/api/v2/documents/1/",
        ]
    )

    @fuzz(st.tuples(endpoints, QUERIES))
    def check(case):
        endpoint, query = case
        response = httpx.get(server + endpoint, params=query, timeout=30)
        assert response.status_code < 500, (endpoint, query, response.text[:500])
        if response.is_redirect:  # find: to the page's detail
            return
        body = response.json()
        if response.status_code >= 400:
            assert isinstance(body.get("message"), str), (endpoint, query, body)
            return
        if endpoint.startswith("/api/v2/pages/"):
            ids = {item["id"] for item in body["items"]} if "items" in body else {body["id"]}
            assert ids <= public, (endpoint, query, ids - public)

    check()


def test_content_api_paths_and_parameters_get_json_and_only_live_public_pages(server):
    root = Site.objects.get(is_default_site=True).root_page
    public_urls = {
        f"{server}/api/content/{page.url_path[len(root.url_path) :]}"
        for page in Page.objects.live().public().descendant_of(root, inclusive=True)
    }
    known = ["", "articles/", "articles/iron-infusions-and-fatigue/", "faqs/"]
    segments = st.one_of(st.sampled_from(["articles", "faqs", "..", ".", "%00", ""]), TEXT)
    paths = st.one_of(
        st.sampled_from(known), st.lists(segments, max_size=3).map(lambda s: "/".join(s) + "/")
    )
    names = st.sampled_from(
        ["modules", "page", "orderBy", "startDate", "endDate", "category", "genre", "apikey"]
    )
    query = st.lists(st.tuples(st.one_of(names, TEXT), VALUES), max_size=4)

    @fuzz(st.tuples(paths, query))
    def check(case):
        path, params = case
        # Dots escaped, or the client resolves "../" before sending.
        url = f"{server}/api/content/{quote(path, safe='/').replace('.', '%2E')}"
        response = httpx.get(url, params=params, timeout=30)
        assert response.status_code < 500, (path, params, response.text[:500])
        body = response.json()
        if response.status_code >= 400:
            assert {"code", "message"} <= set(body), (path, params, body)
            return
        assert body["url"] in public_urls, (path, params, body["url"])

    check()
