"""What counts as medical content: one character changed in it needs a new review; SEO
fields, slug, authors and topics do not. Shared snippets are reviewed once, on the
snippet, and only their live, approved version is ever shown."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from wagtail import hooks

from articles.factories import ArticlePageFactory
from articles.models import ArticleDisclaimer, ArticleReference
from cms.factories import TopicFactory
from cms.models import Reference
from cms.models.medical import BEFORE_DELETE_HOOK, BEFORE_SAVE_HOOK, OVERWRITABLE_REVISION_HOOK
from review.factories import DisclaimerFactory, ReferenceFactory
from review.gate import approve_revision, content_hash
from review.setup import ensure_medical_review_workflow
from tests.admin_forms import approval_data

pytestmark = pytest.mark.django_db


def edited(page, change):
    copy = page.get_latest_revision().as_object()
    change(copy)
    return copy


def set_body_text(page):
    page.body[1].value.source = page.body[1].value.source.replace("plain", "Plain")


def set_faq_answer(page):
    faq = next(block for block in page.body if block.block_type == "faq_section")
    answer = faq.value["items"][0].value["answer"]
    answer.source = answer.source.replace("No.", "No!")


MEDICAL_CHANGES = {
    "title": lambda p: setattr(p, "title", p.title + "."),
    "summary": lambda p: setattr(p, "summary", p.summary + " "),
    "body text": set_body_text,
    "FAQ answer": set_faq_answer,
    "reference": lambda p: setattr(
        p, "references", [ArticleReference(reference=ReferenceFactory(title="Another study"))]
    ),
    "SEO title": lambda p: setattr(p, "seo_title", "Iron | Clinic"),
    "slug": lambda p: setattr(p, "slug", "iron"),
    "search description": lambda p: setattr(p, "search_description", "About iron."),
    "hero image alt text": lambda p: setattr(p, "hero_image_alt", "A drip stand"),
    "disclaimer": lambda p: setattr(
        p, "disclaimers", [ArticleDisclaimer(disclaimer=DisclaimerFactory())]
    ),
}

NON_MEDICAL_CHANGES = {
    "topics": lambda p: setattr(p, "topics", [TopicFactory()]),
    "review interval": lambda p: setattr(p, "review_interval_months", 6),
}


@pytest.mark.parametrize("change", MEDICAL_CHANGES.values(), ids=MEDICAL_CHANGES.keys())
def test_a_change_to_medical_content_changes_what_was_approved(article_index, change):
    page = ArticlePageFactory(parent=article_index)
    assert content_hash(edited(page, change)) != content_hash(page)


@pytest.mark.parametrize("change", NON_MEDICAL_CHANGES.values(), ids=NON_MEDICAL_CHANGES.keys())
def test_a_change_to_other_fields_keeps_the_approval(article_index, change):
    page = ArticlePageFactory(parent=article_index)
    assert content_hash(edited(page, change)) == content_hash(page)


def test_snippet_publish_without_approval_is_refused_in_the_admin(client, editor):
    client.force_login(editor)
    url = reverse("wagtailsnippets_cms_reference:add")
    response = client.post(
        url,
        {
            "authors": "Vaucher P",
            "title": "Iron and fatigue",
            "journal": "CMAJ",
            "year": "2012",
            "doi": "10.1503/cmaj.110950",
            "action-publish": "1",
        },
        HTTP_REFERER=url,
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("no clinician has approved" in m for m in messages)
    assert not Reference.objects.filter(live=True).exists()


def test_snippet_goes_through_medical_review(client, writer, doctor, groups):
    ensure_medical_review_workflow()
    client.force_login(writer)
    response = client.post(
        reverse("wagtailsnippets_cms_reference:add"),
        {
            "authors": "Houston BL",
            "title": "Iron supplementation and fatigue",
            "journal": "BMJ Open",
            "year": "2018",
            "doi": "10.1136/bmjopen-2017-019240",
            "action-submit": "1",
        },
    )
    assert response.status_code == 302
    reference = Reference.objects.get(title="Iron supplementation and fatigue")
    assert not reference.live and reference.workflow_in_progress
    task_state = reference.current_workflow_task_state
    client.force_login(doctor)
    url = reverse(
        "wagtailsnippets_cms_reference:workflow_action",
        args=[reference.pk, "approve", task_state.pk],
    )
    client.post(url, approval_data(reference))
    reference.refresh_from_db()
    assert reference.live


def test_a_change_to_a_shared_snippet_is_reviewed_on_the_snippet_only(
    client, article_index, doctor, writer
):
    reference = ReferenceFactory(title="Original wording", approved_by=doctor)
    page = ArticlePageFactory(
        parent=article_index,
        references=[ArticleReference(reference=reference)],
        published=True,
        approved_by=doctor,
    )
    article_hash = content_hash(page)

    draft = reference.get_latest_revision_as_object()
    draft.title = "Unreviewed wording"
    revision = draft.save_revision(user=writer)
    assert content_hash(page) == article_hash, "the article's approval still holds"
    html = client.get(page.url).content.decode()
    assert "Original wording" in html and "Unreviewed wording" not in html

    approve_revision(revision, doctor)
    revision.publish()
    html = client.get(page.url).content.decode()
    assert "Unreviewed wording" in html


@pytest.mark.parametrize("hook_name", [BEFORE_SAVE_HOOK, OVERWRITABLE_REVISION_HOOK])
def test_a_snippet_refuses_to_save_unless_exactly_one_gate_is_plugged_in(hook_name):
    """The core's snippets reach the publish gate through hooks the medical review app
    registers. A second function on the hook would make it ambiguous which gate decides:
    the snippet refuses rather than guess, and nothing is saved."""
    reference = Reference(authors="Smith J", title="A trial", journal="BMJ", year=2020)
    with hooks.register_temporarily(hook_name, lambda *args: None):
        with pytest.raises(ImproperlyConfigured, match=hook_name):
            if hook_name == BEFORE_SAVE_HOOK:
                reference.save()
            else:
                reference.save_revision()
    assert not Reference.objects.filter(title="A trial").exists()


def test_a_snippet_refuses_to_be_deleted_unless_exactly_one_gate_is_plugged_in(doctor):
    reference = ReferenceFactory(title="A trial", approved_by=doctor)
    with hooks.register_temporarily(BEFORE_DELETE_HOOK, lambda *args: None):
        with pytest.raises(ImproperlyConfigured, match=BEFORE_DELETE_HOOK):
            reference.delete()
    assert Reference.objects.filter(pk=reference.pk).exists()
