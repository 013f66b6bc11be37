"""API v2 serves anonymous clients live, public content only: no draft, page in review,
unpublished or password-protected page, no unapproved version of a reference, disclaimer
or shared FAQ, and nothing from the review records or the users behind them."""

import json

import pytest
from wagtail.models import PageViewRestriction

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticleDisclaimer, ArticleReference
from cms.factories import TopicFactory
from faq.factories import FAQFactory, FAQPageFactory
from review.factories import DisclaimerFactory, ReferenceFactory
from review.models import ReviewRecord
from review.setup import ensure_medical_review_workflow
from tests.admin_forms import approval_kwargs

pytestmark = pytest.mark.django_db

API = "/api/v2/pages/"
# Every hidden text carries one of these markers; none may appear in any response.
HIDDEN = ["DRAFT-", "RESTRICTED-", "REVIEW-COMMENT", "draft-page", "restricted-page"]
PRIVATE_KEYS = {"comment", "owner", "user", "user_id", "email_address", "contributor_ids"}


def draft_revision(obj, user, **changes):
    """Save unapproved changes as a new revision, leaving the live version alone."""
    draft = obj.get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(draft, field, value)
    return draft.save_revision(user=user)


def act(page, user, action, comment):
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    kwargs = approval_kwargs(page, comment) if action == "approve" else {"comment": comment}
    task_state.task.specific.on_action(task_state, user, action, **kwargs)


@pytest.fixture
def site(home, article_index, groups, writer, doctor, required_disclaimer):
    """Visible content with hidden content attached to, linked from or beside it."""
    workflow = ensure_medical_review_workflow()
    topic = TopicFactory(name="Anaemia", slug="anaemia")
    DisclaimerFactory(title="DRAFT-DISCLAIMER required", required_for_all=True, published=False)

    def hidden_page(title, **kwargs):
        return ArticlePageFactory(
            parent=article_index,
            title=title,
            slug=title.lower().replace(" ", "-"),
            topics=[topic],
            **kwargs,
        )

    never_published = hidden_page("DRAFT-PAGE never published")
    in_review = hidden_page("DRAFT-PAGE in review", owner=writer)
    in_review.save_revision(user=writer)
    workflow.start(in_review, writer)
    unpublished = hidden_page("DRAFT-PAGE unpublished", published=True, approved_by=doctor)
    unpublished.unpublish()
    restricted = hidden_page("RESTRICTED-PAGE article", published=True, approved_by=doctor)
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )

    pending_reference = ReferenceFactory(title="Original reference wording", approved_by=doctor)
    draft_revision(pending_reference, writer, title="DRAFT-REFERENCE unreviewed wording")
    later_unpublished = ReferenceFactory(title="DRAFT-REFERENCE unpublished", approved_by=doctor)
    references = [
        pending_reference,
        ReferenceFactory(title="DRAFT-REFERENCE never published", approved_by=doctor),
        later_unpublished,
    ]
    draft_revision(required_disclaimer, writer, text="<p>DRAFT-DISCLAIMER new text</p>")
    attached_disclaimers = [
        required_disclaimer,
        DisclaimerFactory(title="DRAFT-DISCLAIMER attached", approved_by=doctor),
    ]
    live_faq = FAQFactory(question="Live shared question?", approved_by=doctor)
    draft_revision(live_faq, writer, answer="<p>DRAFT-FAQ unreviewed answer</p>")
    draft_faq = FAQFactory(question="DRAFT-FAQ never published?", approved_by=doctor)

    links = "".join(
        f'<a linktype="page" id="{page.pk}">a link</a> '
        for page in (never_published, in_review, unpublished, restricted)
    )
    body = body_from_outline([("paragraph", f"<p>{links}</p>")])
    body.append(
        {
            "type": "faq_section",
            "value": {
                "heading": "Questions",
                "items": [
                    {"type": "shared_faq", "value": live_faq.pk},
                    {"type": "shared_faq", "value": draft_faq.pk},
                ],
            },
        }
    )
    visible = ArticlePageFactory(
        parent=article_index,
        title="Visible article",
        owner=writer,
        topics=[topic],
        body=body,
        references=[ArticleReference(reference=ref) for ref in references],
        disclaimers=[ArticleDisclaimer(disclaimer=d) for d in attached_disclaimers],
    )
    # through review: first sent back with a comment, then approved with one
    visible.save_revision(user=writer)
    workflow_state = workflow.start(visible, writer)
    act(visible, doctor, "reject", "REVIEW-COMMENT please check the dose")
    workflow_state.refresh_from_db()
    workflow_state.resume(writer)
    act(visible, doctor, "approve", "REVIEW-COMMENT evidence checked")
    visible.refresh_from_db()
    assert visible.live
    # a live page with unapproved changes waiting in review
    draft_revision(visible, writer, title="DRAFT-PAGE pending title", summary="DRAFT-PAGE s")
    workflow.start(visible, writer)

    faq_page = FAQPageFactory(
        parent=home,
        faqs=[
            {"type": "shared_faq", "value": live_faq.pk},
            {"type": "shared_faq", "value": draft_faq.pk},
        ],
        published=True,
        approved_by=doctor,
    )
    # The gate keeps live pages from showing snippets that are not live, and keeps those
    # snippets from being unpublished; as a shell could, take them out of the live set
    # beneath it, to prove what is served still shows only live snippets.
    for snippet in (*references[1:], attached_disclaimers[1], draft_faq):
        type(snippet).objects.filter(pk=snippet.pk).update(live=False, live_revision=None)
    hidden = [never_published, in_review, unpublished, restricted]
    return {"visible": visible, "faq_page": faq_page, "hidden": hidden, "topic": topic}


def responses(client, site):
    """Everything an anonymous client can ask for about this content."""
    visible, faq_page = site["visible"], site["faq_page"]
    urls = [
        (API, {}),
        (API, {"fields": "*"}),
        (API, {"type": "articles.ArticlePage", "fields": "*"}),
        (API, {"type": "articles.ArticlePage", "fields": "*", "topic": "anaemia"}),
        (API, {"type": "faq.FAQPage", "fields": "*"}),
        (API, {"child_of": visible.get_parent().pk, "fields": "*"}),
        (API, {"type": "articles.ArticlePage", "search": "article"}),
        (API, {"search": "DRAFT"}),
        (API, {"search": "RESTRICTED"}),
        (f"{API}{visible.pk}/", {}),
        (f"{API}{faq_page.pk}/", {}),
        (f"{API}find/", {"html_path": visible.url}),
    ]
    for url, params in urls:
        response = client.get(url, params, follow=True)
        assert response.status_code == 200, (url, params, response.content[:300])
        yield response


def keys_of(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from keys_of(value)
    elif isinstance(data, list):
        for value in data:
            yield from keys_of(value)


def test_nothing_hidden_appears_anywhere(client, site, doctor, writer):
    assert ReviewRecord.objects.filter(comment__startswith="REVIEW-COMMENT").count() == 2
    for response in responses(client, site):
        text = response.content.decode()
        for marker in [*HIDDEN, doctor.email, writer.email]:
            assert marker not in text, (marker, response.wsgi_request.get_full_path())
        assert not PRIVATE_KEYS & set(keys_of(response.json()))


def test_hidden_pages_are_not_found(client, site):
    for page in site["hidden"]:
        assert client.get(f"{API}{page.pk}/").status_code == 404
        found = client.get(f"{API}find/", {"html_path": page.get_url_parts()[2]})
        assert found.status_code == 404, page.title
    listed = client.get(API, {"type": "articles.ArticlePage"}).json()
    assert [item["title"] for item in listed["items"]] == ["Visible article"]


def test_visible_page_serves_its_live_version_and_live_snippets_only(client, site, doctor):
    data = client.get(f"{API}{site['visible'].pk}/").json()

    assert data["title"] == "Visible article"
    assert [ref["title"] for ref in data["references"]] == ["Original reference wording"]
    assert [d["title"] for d in data["disclaimers"]] == ["Not a substitute for medical advice"]
    assert "DRAFT" not in data["disclaimers"][0]["text"]
    assert data["faqs"] == [
        {"question": "Live shared question?", "answer": "<p>A short, plain-English answer.</p>"}
    ]
    faq_section = next(b["value"] for b in data["body"] if b["type"] == "faq_section")
    assert faq_section["items"] == data["faqs"]
    # links to pages that are not live and public keep their text, lose their address
    paragraph = data["body"][0]["value"]
    assert paragraph.count("<a>a link</a>") == 4 and "href" not in paragraph
    assert data["related"] == []
    assert data["medical_review"] == {
        "reviewed_by": {
            "name": doctor.clinician.name,
            "gmc_number": doctor.clinician.gmc_number,
            "specialty": doctor.clinician.specialty,
        },
        "last_reviewed": site["visible"].last_reviewed.isoformat(),
        "next_review_due": site["visible"].next_review_due.isoformat(),
        "review_status": "up_to_date",
        "review_overdue": False,
    }

    faq_page = client.get(f"{API}{site['faq_page'].pk}/").json()
    assert faq_page["faqs"] == data["faqs"]
    assert len(faq_page["structured_data"][1]["mainEntity"]) == 1


def test_a_password_protected_page_is_hidden_even_with_the_type_filter(client, site):
    restricted = site["hidden"][-1]
    response = client.get(API, {"type": "articles.ArticlePage", "slug": restricted.slug})
    assert response.json()["items"] == []
    data = json.loads(client.get(API, {"search": "RESTRICTED"}).content)
    assert data["items"] == []
