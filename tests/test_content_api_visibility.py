"""The content API serves live, public content only: not a page's draft changes waiting in
review, nor pages never published, unpublished or behind a password, nor unapproved
versions of references, disclaimers or shared FAQs, nor anything from the review records.
The content is the v2 visibility test's (``site``): visible pages with all of that hidden
in, beside or linked from them."""

import pytest

from tests.test_api_v2_visibility import HIDDEN, PRIVATE_KEYS, keys_of, site  # noqa: F401

pytestmark = pytest.mark.django_db

API = "/api/content/"


def path_of(page):
    return page.get_url_parts()[2].lstrip("/")


def responses(client, site):  # noqa: F811
    visible = path_of(site["visible"])
    for path, params in [
        ("", {}),
        ("articles/", {}),
        ("articles/", {"orderBy": "dateModified"}),
        ("articles/", {"orderBy": "lastReviewed"}),
        ("articles/", {"genre": "anaemia"}),
        ("articles/", {"category": "D"}),
        ("articles/", {"category": "R"}),
        (visible, {}),
        (visible, {"modules": "true"}),
        (path_of(site["faq_page"]), {}),
        (path_of(site["faq_page"]), {"modules": "true"}),
    ]:
        response = client.get(API + path, params)
        assert response.status_code == 200, (path, params, response.content[:300])
        yield response


def test_nothing_hidden_appears_anywhere(client, site, doctor, writer):  # noqa: F811
    for response in responses(client, site):
        text = response.content.decode()
        for marker in [*HIDDEN, doctor.email, writer.email]:
            assert marker not in text, (marker, response.wsgi_request.get_full_path())
        assert not PRIVATE_KEYS & set(keys_of(response.json()))


def test_hidden_pages_are_not_found_nor_listed(client, site):  # noqa: F811
    for page in site["hidden"]:
        response = client.get(API + path_of(page))
        assert response.status_code == 404, page.title
        assert response.json()["code"] == "RESOURCE_NOT_FOUND"
    listed = client.get(API + "articles/").json()["significantLink"]
    assert [link["name"] for link in listed] == ["Visible article"]


def test_the_live_version_with_live_snippets_only(client, site, doctor):  # noqa: F811
    visible = site["visible"]
    data = client.get(API + path_of(visible)).json()

    assert data["name"] == "Visible article", "the draft title waiting in review is not served"
    assert [c["name"] for c in data["citation"]] == ["Original reference wording"]
    modules = data["hasPart"]
    assert [m["name"] for m in modules] == ["Live shared question?", "disclaimer"]
    assert modules[0]["acceptedAnswer"]["text"] == "<p>A short, plain-English answer.</p>"
    assert modules[1]["headline"] == "Not a substitute for medical advice"
    assert "DRAFT" not in modules[1]["text"]

    sections = data["mainEntityOfPage"]
    paragraph = sections[0]["hasPart"][0]["text"]
    assert paragraph.count("<a>a link</a>") == 4 and "href" not in paragraph
    questions = [p["name"] for s in sections for p in s["hasPart"] if p["@type"] == "Question"]
    assert questions == ["Live shared question?"]
    assert data["reviewedBy"]["identifier"]["value"] == doctor.clinician.gmc_number
    assert data["lastReviewed"][0].startswith(visible.last_reviewed.isoformat())

    faq_page = client.get(API + path_of(site["faq_page"])).json()
    (opening,) = faq_page["mainEntityOfPage"]
    assert [p["name"] for p in opening["hasPart"]] == ["intro", "Live shared question?"]
