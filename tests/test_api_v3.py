"""API v3 for staff automation and headless frontends: the OpenAPI document and its gate,
the medical page types' read schemas, and what a writer's bearer token may and may not
do (create and edit drafts, submit for review; never publish). Asserted from the side of
the client that is refused."""

import json

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from openapi_spec_validator import validate
from wagtail.models import APIToken, WorkflowState

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from cms.factories import UserFactory
from review.setup import ensure_medical_review_workflow
from tests.admin_forms import approval_data

pytestmark = pytest.mark.django_db

PAGES = "/api/v3/pages/"


def token_for(user):
    _, plaintext = APIToken.create_token(user=user, name="automation")
    return plaintext


def call(client, method, url, payload=None, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(url, **headers)
    return getattr(client, method)(
        url,
        data=json.dumps(payload or {}),
        content_type="application/json",
        **headers,
    )


def submit_url(page_id):
    return f"{PAGES}{page_id}/actions/submit-for-review/"


def draft_payload(parent, action=None, **fields):
    meta = {"type": "articles.ArticlePage", "parent_id": parent.pk}
    if action:
        meta["action"] = action
    return {
        "meta": meta,
        "title": "Iron and tiredness",
        "slug": "iron-and-tiredness",
        "summary": "Why low iron can leave you tired.",
        "body": [{"type": "paragraph", "value": "<p>Iron helps blood carry oxygen.</p>"}],
        **fields,
    }


def assert_problem(response, status, detail=None):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    if detail:
        assert detail in body["detail"], body
    return body


@pytest.fixture
def workflow(groups):
    return ensure_medical_review_workflow()


@pytest.fixture
def writer_token(writer):
    return token_for(writer)


# The OpenAPI document


def openapi(client):
    with override_settings(WAGTAILAPI_DOCS_ENABLED=True):
        response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_document_is_valid_and_lists_the_submit_action(client):
    document = openapi(client)
    validate(document)
    operation = document["paths"]["/api/v3/pages/{page_id}/actions/submit-for-review/"]["post"]
    assert operation["operationId"] == "pages_actions_submit_for_review"
    assert {"200", "401", "403", "409", "422"} <= set(operation["responses"])


ARTICLE_FIELDS = {
    "summary",
    "hero_image",
    "authors",
    "topics",
    "body",
    "faqs",
    "references",
    "disclaimers",
    "medical_review",
    "structured_data",
    "related",
}
FAQ_PAGE_FIELDS = {"intro", "topics", "faqs", "disclaimers", "medical_review", "structured_data"}


def test_openapi_document_describes_the_medical_page_types(client):
    document = openapi(client)
    schemas = document["components"]["schemas"]
    assert set(schemas["ArticlePageSchema"]["properties"]) >= ARTICLE_FIELDS | {"id", "title"}
    assert set(schemas["FAQPageSchema"]["properties"]) >= FAQ_PAGE_FIELDS | {"id", "title"}
    detail = document["paths"]["/api/v3/pages/{page_id}/"]["get"]["responses"]["200"]
    referenced = json.dumps(detail)
    assert "ArticlePageSchema" in referenced and "FAQPageSchema" in referenced
    security = document["paths"]["/api/v3/pages/{page_id}/"]["get"]["security"]
    assert {"BearerTokenAuth": []} in security and {} in security, "token optional"


@override_settings(WAGTAILAPI_DOCS_ENABLED=False)
def test_docs_are_off_when_disabled(client):
    assert client.get("/api/v3/openapi.json").status_code == 404
    assert client.get("/api/v3/docs/").status_code == 404


@override_settings(WAGTAILAPI_DOCS_ENABLED=True)
def test_docs_are_served_when_enabled(client):
    assert client.get("/api/v3/openapi.json").status_code == 200
    assert client.get("/api/v3/docs/").status_code == 200


# What an anonymous client and a token see


@pytest.fixture
def live_article(article_index, writer, doctor, required_disclaimer):
    page = ArticlePageFactory(
        parent=article_index, owner=writer, title="Iron and tiredness", published=True
    )
    draft = page.get_latest_revision_as_object()
    draft.summary = "An unapproved draft standfirst."
    draft.save_revision(user=writer)
    return page


def test_anonymous_listing_is_compact_and_detail_carries_the_v2_medical_fields(
    client, live_article
):
    listing = call(client, "get", f"{PAGES}?type=articles.ArticlePage")
    assert listing.status_code == 200
    [item] = listing.json()["items"]
    assert set(item) == {"id", "title", "meta"}

    detail = call(client, "get", f"{PAGES}{live_article.pk}/").json()
    assert set(detail) >= ARTICLE_FIELDS
    assert detail["summary"] != "An unapproved draft standfirst."
    v2 = client.get(f"/api/v2/pages/{live_article.pk}/").json()
    assert set(v2) - {"meta"} <= set(detail), "v3 carries every field v2 serves"
    for field in ("authors", "topics", "references", "medical_review", "related"):
        assert detail[field] == v2[field], field
    assert detail["disclaimers"][0]["title"] == "Not a substitute for medical advice"
    assert detail["medical_review"]["reviewed_by"]["gmc_number"]

    draft = call(client, "get", f"{PAGES}{live_article.pk}/?version=draft").json()
    assert draft["summary"] == detail["summary"], "anonymous clients never see drafts"


def test_anonymous_clients_do_not_see_unpublished_pages(client, article_index):
    draft = ArticlePageFactory(parent=article_index, title="Not yet reviewed")
    assert call(client, "get", f"{PAGES}{draft.pk}/").status_code == 404
    assert "Not yet reviewed" not in call(client, "get", PAGES).content.decode()


def test_a_token_sees_the_pages_its_user_may_edit_with_drafts(
    client, live_article, article_index, writer_token
):
    unpublished = ArticlePageFactory(parent=article_index, title="Not yet reviewed")
    listing = call(client, "get", f"{PAGES}?type=articles.ArticlePage", token=writer_token)
    assert {item["title"] for item in listing.json()["items"]} == {
        "Iron and tiredness",
        "Not yet reviewed",
    }
    assert all(set(item) == {"id", "title", "meta"} for item in listing.json()["items"])
    draft = call(client, "get", f"{PAGES}{live_article.pk}/?version=draft", token=writer_token)
    assert draft.json()["summary"] == "An unapproved draft standfirst."
    assert call(client, "get", f"{PAGES}{unpublished.pk}/", token=writer_token).status_code == 200


def test_a_token_of_a_user_without_page_permissions_sees_no_pages(client, live_article):
    token = token_for(UserFactory(username="no-permissions"))
    listing = call(client, "get", PAGES, token=token)
    assert listing.status_code == 200 and listing.json()["count"] == 0
    assert call(client, "get", f"{PAGES}{live_article.pk}/", token=token).status_code == 404


def test_schema_discovery_needs_a_token_and_shows_the_medical_read_schema(client, writer_token):
    url = "/api/v3/schema/articles.ArticlePage/"
    assert_problem(call(client, "get", url), 401)
    schemas = call(client, "get", url, token=writer_token).json()
    assert set(schemas["read"]["properties"]) >= ARTICLE_FIELDS
    assert set(schemas["create"]["properties"]) >= {"title", "summary", "body"}
    assert "references" not in schemas["create"]["properties"]


# A writer's token: drafts and submission, never publishing


def test_anonymous_clients_cannot_write_or_submit(client, article_index, workflow):
    page = ArticlePageFactory(parent=article_index)
    assert_problem(call(client, "post", PAGES, draft_payload(article_index)), 401)
    assert_problem(call(client, "patch", f"{PAGES}{page.pk}/", {"title": "Changed"}), 401)
    assert_problem(call(client, "post", submit_url(page.pk)), 401)
    assert_problem(call(client, "post", f"{PAGES}{page.pk}/actions/publish/"), 401)
    bad_token = call(client, "post", submit_url(page.pk), token="not-a-real-token")
    assert_problem(bad_token, 401)
    assert ArticlePage.objects.count() == 1
    assert not WorkflowState.objects.exists()


def test_writer_token_creates_edits_and_submits_a_draft_and_reviewers_are_emailed(
    client, article_index, writer, writer_token, doctor, workflow
):
    created = call(client, "post", PAGES, draft_payload(article_index), token=writer_token)
    assert created.status_code == 201, created.content[:500]
    page_id = created.json()["id"]
    page = ArticlePage.objects.get(pk=page_id)
    assert not page.live and page.owner == writer

    edited = call(
        client,
        "patch",
        f"{PAGES}{page_id}/",
        {"summary": "Low iron is a common cause of tiredness."},
        token=writer_token,
    )
    assert edited.status_code == 200, edited.content[:500]
    page.refresh_from_db()
    latest = page.get_latest_revision()
    assert latest.as_object().summary == "Low iron is a common cause of tiredness."

    submitted = call(client, "post", submit_url(page_id), token=writer_token)
    assert submitted.status_code == 200, submitted.content[:500]
    assert submitted.json() == {
        "id": page_id,
        "title": "Iron and tiredness",
        "revision_id": latest.pk,
        "workflow": "Medical review",
        "task": "Medical review",
        "status": "in_progress",
        "requested_by": "writer",
    }
    page = ArticlePage.objects.get(pk=page_id)
    assert page.workflow_in_progress
    assert page.current_workflow_task_state.revision == latest
    assert not page.live
    assert any(doctor.email in m.to and "Iron and tiredness" in m.subject for m in mail.outbox)

    again = call(client, "post", submit_url(page_id), token=writer_token)
    assert_problem(again, 409, "already in review")
    assert WorkflowState.objects.count() == 1


def test_writer_token_cannot_publish_by_any_v3_route(
    client, article_index, writer, writer_token, workflow
):
    create_and_publish = call(
        client, "post", PAGES, draft_payload(article_index, action="publish"), token=writer_token
    )
    assert_problem(create_and_publish, 403)
    assert not ArticlePage.objects.exists()

    page = ArticlePageFactory(parent=article_index, owner=writer)
    update_and_publish = call(
        client,
        "patch",
        f"{PAGES}{page.pk}/",
        {"meta": {"action": "publish"}, "summary": "Changed."},
        token=writer_token,
    )
    assert_problem(update_and_publish, 403)
    publish = call(client, "post", f"{PAGES}{page.pk}/actions/publish/", token=writer_token)
    assert_problem(publish, 403)
    assert not ArticlePage.objects.live().exists()
    page.refresh_from_db()
    assert page.live_revision is None


def test_submit_refuses_a_draft_missing_a_required_disclaimer(
    client, article_index, writer_token, required_disclaimer, workflow
):
    created = call(client, "post", PAGES, draft_payload(article_index), token=writer_token)
    assert created.status_code == 201, created.content[:500]
    response = call(client, "post", submit_url(created.json()["id"]), token=writer_token)
    body = assert_problem(response, 422, "Not a substitute for medical advice")
    assert body["title"] == "Required disclaimer missing"
    assert body["errors"][0]["disclaimer"] == {
        "id": required_disclaimer.pk,
        "title": required_disclaimer.title,
    }
    assert not WorkflowState.objects.exists()
    assert not mail.outbox


def test_submit_is_refused_to_a_user_who_cannot_edit_the_page(client, article_index, workflow):
    page = ArticlePageFactory(parent=article_index)
    outsider = UserFactory(username="outsider")
    response = call(client, "post", submit_url(page.pk), token=token_for(outsider))
    assert_problem(response, 403)
    assert not WorkflowState.objects.exists()
    assert_problem(call(client, "post", submit_url(999999), token=token_for(outsider)), 404)


def test_resubmitting_after_changes_were_requested_resumes_the_review(
    client, article_index, writer, writer_token, doctor, workflow
):
    page = ArticlePageFactory(parent=article_index, owner=writer)
    assert call(client, "post", submit_url(page.pk), token=writer_token).status_code == 200
    page = ArticlePage.objects.get(pk=page.pk)
    client.force_login(doctor)
    task_state = page.current_workflow_task_state
    reject = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk])
    assert client.post(reject, {"comment": "Cite the 2018 review."}).status_code == 302
    client.logout()
    assert page.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    response = call(client, "post", submit_url(page.pk), token=writer_token)
    assert response.status_code == 200, response.content[:500]
    assert response.json()["status"] == "in_progress"
    assert WorkflowState.objects.count() == 1


def test_a_submission_through_the_api_is_approved_and_published_by_a_clinician(
    client, article_index, writer, writer_token, doctor, workflow
):
    created = call(client, "post", PAGES, draft_payload(article_index), token=writer_token)
    page_id = created.json()["id"]
    assert call(client, "post", submit_url(page_id), token=writer_token).status_code == 200
    page = ArticlePage.objects.get(pk=page_id)
    task_state = page.current_workflow_task_state
    client.force_login(doctor)
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page_id, "approve", task_state.pk]
    )
    assert client.post(approve, approval_data(page)).status_code == 302
    page = ArticlePage.objects.get(pk=page_id)
    assert page.live and page.live_revision == task_state.revision
