"""The publish gate, second generation: holes found by trying to put unreviewed words in
front of the public, each replayed through its real path (admin POSTs, v3 with a token,
the snippet admin) and refused with nothing live changed."""

import json

import pytest
from django.db import transaction
from django.urls import reverse
from wagtail.models import APIToken, Page, Revision

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage, ArticleReference
from cms.factories import ClinicianFactory
from cms.models import Disclaimer, Reference
from cms.rich_text import canonical_rich_text
from review.factories import DisclaimerFactory, ReferenceFactory
from review.gate import (
    MedicalReviewRequired,
    approval_refusal,
    approve_revision,
    content_hash,
    request_changes,
)
from review.models import ReviewRecord
from review.setup import ensure_medical_review_workflow
from tests.admin_forms import approval_data, approval_modal, article_edit_data

pytestmark = pytest.mark.django_db

CLAIM = "IV iron cures ME/CFS"


@pytest.fixture
def workflow(groups):
    return ensure_medical_review_workflow()


@pytest.fixture
def live_page(article_index, writer, doctor, workflow):
    """An article a writer wrote and a clinician approved, live."""
    page = ArticlePageFactory(parent=article_index, owner=writer, references=[])
    page.save_revision(user=writer)
    approve_revision(page.get_latest_revision(), doctor)
    page.get_latest_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)


def second_clinician(groups, username):
    clinician = ClinicianFactory(name=f"Dr {username.title()}")
    clinician.user.username = username
    clinician.user.save()
    clinician.user.groups.add(groups["Medical reviewers"])
    return clinician.user


def v3_patch(client, user, page, **fields):
    _, token = APIToken.create_token(user=user, name="automation")
    payload = {"meta": {"type": "articles.ArticlePage", "action": "publish"}, **fields}
    return client.patch(
        f"/api/v3/pages/{page.pk}/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def public_text(client, page):
    html = client.get(page.url).content.decode()
    api = client.get(f"/api/v2/pages/{page.pk}/").content.decode()
    return html + api


# 1. Canonicalisation is by parsing, never by a pattern over any text


def test_a_block_key_lookalike_in_a_plain_field_is_content(client, live_page, editor):
    for field in ("summary", "title"):
        value = f'{getattr(live_page, field)} data-block-key="{CLAIM}"'
        response = v3_patch(client, editor, live_page, **{field: value})
        assert response.status_code == 403, (field, response.content)
        assert "cannot be published" in response.json()["detail"]
    assert CLAIM not in public_text(client, live_page)


def test_a_block_key_lookalike_in_the_admin_editor_is_refused(client, live_page, editor):
    client.force_login(editor)
    draft = live_page.get_latest_revision_as_object()
    data = article_edit_data(draft, **{"action-publish": "1"})
    data["summary"] = f'{draft.summary} data-block-key="{CLAIM}"'
    url = reverse("wagtailadmin_pages:edit", args=[live_page.pk])
    response = client.post(url, data, HTTP_REFERER=url)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("cannot be published" in m for m in messages), messages
    assert CLAIM not in public_text(client, live_page)


def test_rich_text_keys_are_not_content_but_text_inside_attributes_is():
    plain = "<p>Iron helps.</p>"
    assert canonical_rich_text('<p data-block-key="a1b2">Iron helps.</p>') == plain
    assert canonical_rich_text('<p data-block-key="zz">Iron helps.</p>') == plain
    hidden = f'<p data-block-key="x" title="{CLAIM}">Iron helps.</p>'
    assert CLAIM in canonical_rich_text(hidden)
    text = f"<p>Iron helps. data-block-key=&quot;{CLAIM}&quot;</p>"
    assert CLAIM in canonical_rich_text(text)


def test_only_rich_text_keys_leave_the_hash(live_page):
    keyed = live_page.get_latest_revision_as_object()
    paragraph = next(block for block in keyed.body if block.block_type == "paragraph")
    before = content_hash(keyed)
    paragraph.value.source = paragraph.value.source.replace("<p>", '<p data-block-key="k9">', 1)
    assert content_hash(keyed) == before
    keyed.title += ' data-block-key="x"'
    assert content_hash(keyed) != before


# 2. An approval is of the revision the clinician was shown


def test_an_approval_is_refused_when_the_content_changed_after_it_was_opened(
    client, article_index, writer, doctor, groups, workflow
):
    page = ArticlePageFactory(parent=article_index, owner=writer, references=[])
    page.save_revision(user=writer)
    workflow.start(page, writer)
    page = ArticlePage.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.force_login(doctor)
    modal = client.get(url).json()["html"]
    shown = page.latest_revision_id
    assert f'name="revision_id" value="{shown}"' in modal

    other = second_clinician(groups, "other")
    changed = page.get_latest_revision_as_object()
    changed.summary = "A standfirst rewritten after the review was opened."
    changed.save_revision(user=other)

    response = client.post(url, {**approval_data(page), "revision_id": str(shown)})
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("The content changed after you opened it" in m for m in messages), messages
    page = ArticlePage.objects.get(pk=page.pk)
    assert not page.live and not ReviewRecord.objects.exists()
    assert page.current_workflow_task_state.status == "in_progress"


def test_an_approval_without_the_revision_shown_or_confirmation_does_nothing(
    client, article_index, writer, doctor, workflow
):
    page = ArticlePageFactory(parent=article_index, owner=writer, references=[])
    page.save_revision(user=writer)
    workflow.start(page, writer)
    task_state = ArticlePage.objects.get(pk=page.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.force_login(doctor)
    for data in ({"comment": ""}, {**approval_data(page), "confirm": ""}):
        client.post(url, data)
        assert not ArticlePage.objects.get(pk=page.pk).live
    assert not ReviewRecord.objects.exists()


# 3. Contribution is authorship of the content under review


def test_a_clinician_cannot_approve_their_own_words_restored_by_a_revert(
    client, writer, doctor, groups, workflow
):
    author = second_clinician(groups, "author")
    reference = ReferenceFactory(title="Placeholder", published=False)
    drafted = reference.get_latest_revision_as_object()
    drafted.title = "Wording X"
    authors_revision = drafted.save_revision(user=author)
    replaced = reference.get_latest_revision_as_object()
    replaced.title = "Wording W"
    approve_revision(replaced.save_revision(user=writer), doctor)

    client.force_login(writer)
    url = reverse(
        "wagtailsnippets_cms_reference:revisions_revert", args=[reference.pk, authors_revision.pk]
    )
    edit = client.get(url)
    assert edit.status_code == 200
    reverted = reference.get_latest_revision_as_object()
    reverted.title = "Wording X"
    revision = reverted.save_revision(user=writer)

    refusal = approval_refusal(author, Reference.objects.get(pk=reference.pk), revision)
    assert refusal and "different clinician" in refusal
    with pytest.raises(MedicalReviewRequired, match="different clinician"):
        approve_revision(revision, author)
    assert approval_refusal(doctor, reference, revision) is None


def test_authorship_is_found_for_a_page_passed_as_a_base_page(live_page, doctor, groups):
    later = live_page.get_latest_revision_as_object()
    later.summary += " Updated by the doctor."
    revision = later.save_revision(user=doctor)
    base = Page.objects.get(pk=live_page.pk)
    assert "different clinician" in approval_refusal(doctor, base, revision)


# 4. A rejection revokes earlier approvals of the same content


def test_a_rejected_wording_cannot_be_reverted_to_and_published(
    client, live_page, writer, doctor, editor, groups
):
    approved = live_page.get_latest_revision()
    rewritten = live_page.get_latest_revision_as_object()
    rewritten.summary = "A safer standfirst."
    newer = rewritten.save_revision(user=writer)
    approve_revision(newer, second_clinician(groups, "second"))
    newer.publish()

    third = second_clinician(groups, "third")
    request_changes(approved, third, "The original standfirst overstates the evidence.")

    client.force_login(editor)
    url = reverse("wagtailadmin_pages:revisions_revert", args=[live_page.pk, approved.pk])
    response = client.post(
        url, article_edit_data(approved.as_object(), **{"action-publish": "1"}), HTTP_REFERER=url
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("cannot be published" in m for m in messages), messages
    page = ArticlePage.objects.get(pk=live_page.pk)
    assert page.summary == "A safer standfirst." and page.live_revision == newer


# 5. Approved and live revisions are immutable


def test_an_autosave_over_the_live_revision_saves_a_new_one(client, live_page, writer):
    live_revision = live_page.live_revision
    record = ReviewRecord.objects.get(revision=live_revision)
    client.force_login(writer)
    data = article_edit_data(live_page.get_latest_revision_as_object())
    data["summary"] = f"{CLAIM}."
    data["overwrite_revision_id"] = str(live_revision.pk)
    url = reverse("wagtailadmin_pages:edit", args=[live_page.pk])
    client.post(url, data)
    live_revision.refresh_from_db()
    assert live_revision.as_object().summary == live_page.summary
    assert content_hash(live_revision.as_object()) == record.content_hash
    page = ArticlePage.objects.get(pk=live_page.pk)
    assert page.latest_revision_id != live_revision.pk
    assert page.get_latest_revision_as_object().summary == f"{CLAIM}."  # nothing lost


def test_a_frozen_revision_cannot_be_rewritten_from_the_shell(live_page):
    revision = live_page.live_revision
    revision.content = {**revision.content, "summary": f"{CLAIM}."}
    with pytest.raises(MedicalReviewRequired, match="cannot be changed"):
        revision.save()
    revision.refresh_from_db()
    assert revision.content["summary"] == live_page.summary


@pytest.fixture(params=["approved", "submitted", "live"])
def frozen(request, article_index, writer, doctor, editor, workflow):
    """A revision frozen for one reason alone: a clinician approved it (not yet live), it
    was submitted for review, or it is live without a decision of its own (an editor
    published a non-medical change of approved content)."""
    page = ArticlePageFactory(parent=article_index, owner=writer, references=[])
    revision = page.save_revision(user=writer)
    if request.param == "approved":
        approve_revision(revision, doctor)
    elif request.param == "submitted":
        workflow.start(page, writer)
    else:
        approve_revision(revision, doctor)
        revision.publish()
        draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
        draft.review_interval_months = 6
        revision = draft.save_revision(user=editor)
        revision.publish(user=editor)
        assert not ReviewRecord.objects.filter(revision=revision).exists()
    return ArticlePage.objects.get(pk=page.pk), Revision.objects.get(pk=revision.pk)


def test_each_kind_of_frozen_revision_cannot_be_rewritten(frozen):
    _, revision = frozen
    content = revision.content
    revision.content = {**content, "summary": f"{CLAIM}."}
    with pytest.raises(MedicalReviewRequired, match="cannot be changed"):
        revision.save()
    assert Revision.objects.get(pk=revision.pk).content == content


def test_an_autosave_over_an_approved_draft_saves_a_new_one(client, article_index, writer, doctor):
    page = ArticlePageFactory(parent=article_index, owner=writer, references=[])
    approved = page.save_revision(user=writer)
    approve_revision(approved, doctor)
    client.force_login(writer)
    data = article_edit_data(page.get_latest_revision_as_object(), summary="Edited.")
    data["overwrite_revision_id"] = str(approved.pk)
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.latest_revision_id != approved.pk
    assert page.get_latest_revision_as_object().summary == "Edited."
    assert content_hash(Revision.objects.get(pk=approved.pk).as_object()) == (
        ReviewRecord.objects.get(revision=approved).content_hash
    )


def test_a_plain_draft_is_overwritten_by_an_autosave_as_wagtail_does(client, article_index, writer):
    page = ArticlePageFactory(parent=article_index, owner=writer, references=[])
    draft = page.save_revision(user=writer)
    client.force_login(writer)
    data = article_edit_data(page.get_latest_revision_as_object(), summary="Edited.")
    data["overwrite_revision_id"] = str(draft.pk)
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.latest_revision_id == draft.pk
    assert page.get_latest_revision_as_object().summary == "Edited."


def test_scheduling_a_frozen_revision_saves_its_go_live_time(frozen):
    _, revision = frozen
    revision.approved_go_live_at = revision.created_at.replace(year=2099)
    revision.save(update_fields=["approved_go_live_at"])
    revision.save()  # unchanged content, saved whole
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at.year == 2099


def test_a_revision_of_a_page_with_no_medical_content_is_wagtails_own(home, editor):
    revision = home.save_revision(user=editor)
    revision.publish(user=editor)
    revision.refresh_from_db()
    revision.content = {**revision.content, "title": "Welcome"}
    revision.save()
    assert Revision.objects.get(pk=revision.pk).content["title"] == "Welcome"


# 6. What live pages depend on cannot change under them


@pytest.fixture
def cited(article_index, writer, doctor, workflow):
    reference = ReferenceFactory(title="A trial of iron", approved_by=doctor)
    page = ArticlePageFactory(
        parent=article_index,
        owner=writer,
        references=[ArticleReference(reference=reference)],
        published=True,
        approved_by=doctor,
    )
    return page, reference


def test_a_queryset_delete_of_a_required_disclaimer_is_refused(required_disclaimer):
    """The shell's ``QuerySet.delete()`` calls no model ``delete()``, and nothing protects
    a disclaimer the rules require but no page attaches yet; the signal holds."""
    with pytest.raises(MedicalReviewRequired, match="rules require it"), transaction.atomic():
        Disclaimer.objects.filter(pk=required_disclaimer.pk).delete()
    assert Disclaimer.objects.filter(pk=required_disclaimer.pk, live=True).exists()
    assert required_disclaimer.rules.exists()


def test_a_reference_live_pages_cite_cannot_be_unpublished_or_deleted(client, cited, editor):
    page, reference = cited
    client.force_login(editor)
    for view in ("unpublish", "delete"):
        url = reverse(f"wagtailsnippets_cms_reference:{view}", args=[reference.pk])
        response = client.post(url, HTTP_REFERER=url)
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any(f"live pages show it (“{page.title}”)" in m for m in messages), messages
        reference.refresh_from_db()
        assert reference.live
    api = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert [r["title"] for r in api["references"]] == ["A trial of iron"]


@pytest.mark.parametrize("how", ["unpublish", "delete", "delete action"])
def test_v3_refuses_to_take_a_reference_from_live_pages_with_a_problem(client, cited, editor, how):
    page, reference = cited
    _, token = APIToken.create_token(user=editor, name="automation")
    url = f"/api/v3/snippets/cms.Reference/{reference.pk}/"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if how == "unpublish":
        response = client.post(f"{url}actions/unpublish/", **auth)
    elif how == "delete":
        response = client.delete(url, **auth)
    else:
        response = client.delete(f"{url}actions/delete/", **auth)
    assert response.status_code == 403, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert f"live pages show it (“{page.title}”)" in response.json()["detail"]
    reference.refresh_from_db()
    assert reference.live
    cited_titles = [
        r["title"] for r in client.get(f"/api/v2/pages/{page.pk}/").json()["references"]
    ]
    assert cited_titles == ["A trial of iron"]


def test_v3_refuses_to_unpublish_a_required_disclaimer(client, required_disclaimer, editor):
    _, token = APIToken.create_token(user=editor, name="automation")
    response = client.post(
        f"/api/v3/snippets/cms.Disclaimer/{required_disclaimer.pk}/actions/unpublish/",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 403, response.content
    assert "rules require it" in response.json()["detail"]
    required_disclaimer.refresh_from_db()
    assert required_disclaimer.live


def test_a_reference_no_live_page_cites_can_be_unpublished(client, doctor, editor):
    reference = ReferenceFactory(title="Unused", approved_by=doctor)
    client.force_login(editor)
    url = reverse("wagtailsnippets_cms_reference:unpublish", args=[reference.pk])
    client.post(url)
    reference.refresh_from_db()
    assert not reference.live


def test_a_disclaimer_no_rule_requires_and_no_live_page_shows_can_be_unpublished(doctor, editor):
    disclaimer = DisclaimerFactory(title="Seasonal offer terms", approved_by=doctor)
    disclaimer.unpublish(user=editor)
    disclaimer.refresh_from_db()
    assert not disclaimer.live


def test_a_required_disclaimer_cannot_be_unpublished(required_disclaimer, editor):
    with pytest.raises(MedicalReviewRequired, match="rules require it"):
        required_disclaimer.unpublish(user=editor)
    required_disclaimer.refresh_from_db()
    assert required_disclaimer.live


def test_a_page_citing_a_draft_reference_cannot_go_live(
    client, article_index, writer, doctor, editor
):
    draft_reference = ReferenceFactory(title="Not yet reviewed", published=False)
    page = ArticlePageFactory(
        parent=article_index, owner=writer, references=[ArticleReference(reference=draft_reference)]
    )
    approve_revision(page.get_latest_revision(), doctor)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(
        url, article_edit_data(page, **{"action-publish": "1"}), HTTP_REFERER=url
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Not yet reviewed”" in m and "not yet approved" in m for m in messages), messages
    assert not ArticlePage.objects.get(pk=page.pk).live


# 8. Aliases and copies


def test_publishing_an_alias_is_refused_with_a_reason_in_the_admin_and_v3(
    client, article_index, editor
):
    original = ArticlePageFactory(parent=article_index)
    alias = original.create_alias(update_slug="alias-of-the-article")
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(f"{url}?id={alias.pk}", {"include_descendants": ""}, HTTP_REFERER=url)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("is an alias" in m for m in messages), messages

    _, token = APIToken.create_token(user=editor, name="automation")
    response = client.post(
        f"/api/v3/pages/{alias.pk}/actions/publish/",
        data="{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 403
    assert "is an alias" in response.json()["detail"]
    assert not ArticlePage.objects.filter(pk__in=[original.pk, alias.pk], live=True).exists()


def test_an_alias_of_a_live_page_is_not_made_live_without_its_own_review(live_page, client, editor):
    with pytest.raises(MedicalReviewRequired, match="no clinician has approved"):
        live_page.create_alias(update_slug="another-address")
    assert ArticlePage.objects.filter(live=True).count() == 1


# Deleting reviewed content keeps its review trail


def test_a_reviewed_page_can_be_deleted_and_its_review_trail_survives(client, live_page, groups):
    root = second_clinician(groups, "root")
    root.is_superuser = True
    root.save()
    records = list(ReviewRecord.objects.filter(object_id=str(live_page.pk)))
    assert records
    client.force_login(root)
    url = reverse("wagtailadmin_pages:delete", args=[live_page.pk])
    assert client.post(url).status_code == 302
    assert not ArticlePage.objects.filter(pk=live_page.pk).exists()
    for record in records:
        record.refresh_from_db()
        assert record.revision_id is None
        assert (record.object_title, record.revision_number) == (
            live_page.title,
            records[0].revision_number,
        )
        assert record.content_hash and record.clinician_name


def test_v3_delete_of_a_reviewed_page_is_a_204(client, live_page, groups):
    root = second_clinician(groups, "rootapi")
    root.is_superuser = True
    root.save()
    _, token = APIToken.create_token(user=root, name="automation")
    response = client.delete(f"/api/v3/pages/{live_page.pk}/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code in (200, 204), response.content
    assert ReviewRecord.objects.filter(object_id=str(live_page.pk)).exists()


# The admin knows the gate


def test_publish_is_offered_only_for_content_the_gate_would_let_go_live(
    client, article_index, writer, doctor, editor
):
    page = ArticlePageFactory(parent=article_index, owner=writer, references=[])
    page.save_revision(user=writer)
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    html = response.content.decode()
    assert 'name="action-publish"' not in html
    assert "Publish is not offered" in html and "no clinician has approved" in html

    approve_revision(page.get_latest_revision(), doctor)
    html = client.get(url).content.decode()
    assert 'name="action-publish"' in html and "Publish is not offered" not in html


def test_bulk_publish_names_what_the_gate_refuses_and_publishes_nothing(
    client, article_index, writer, doctor, editor
):
    approved = ArticlePageFactory(parent=article_index, owner=writer, references=[])
    approve_revision(approved.get_latest_revision(), doctor)
    unapproved = ArticlePageFactory(parent=article_index, owner=writer, references=[])
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    response = client.post(
        f"{url}?id={approved.pk}&id={unapproved.pk}", {"include_descendants": ""}, HTTP_REFERER=url
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(unapproved.title in m and "no clinician has approved" in m for m in messages)
    assert not ArticlePage.objects.filter(live=True).exists()


def test_a_clinician_who_may_not_approve_is_told_why_never_a_permission_page(
    client, article_index, writer, doctor, workflow
):
    page = ArticlePageFactory(parent=article_index, owner=writer, references=[])
    edited = page.get_latest_revision_as_object()
    edited.summary = "The doctor rewrote this."
    edited.save_revision(user=doctor)
    workflow.start(page, writer)
    page = ArticlePage.objects.get(pk=page.pk)
    client.force_login(doctor)
    modal = approval_modal(client, page)
    assert "You cannot approve revision" in modal and "different clinician" in modal
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, approval_data(page), HTTP_REFERER=url)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("different clinician must approve it" in m for m in messages), messages
    assert "do not have permission" not in " ".join(messages)
    assert not ArticlePage.objects.get(pk=page.pk).live
