"""The publish gate holds on every path. Each path is tried against each state of approval;
only a valid approval of the exact content lets it go live. Asserted from the side of the
user who is refused: the content stays as it was, they are told why, and it is logged."""

import datetime
import io
import json

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import APIToken, Page, PageLogEntry, Revision

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticlePage, ArticleReference
from cms import roles
from cms.factories import ClinicianFactory, UserFactory
from cms.models import Disclaimer
from review.factories import DisclaimerFactory, ReferenceFactory
from review.gate import (
    REFUSED_LOG_ACTION,
    MedicalReviewRequired,
    approve_revision,
    content_hash,
    contributors,
)
from review.models import ReviewRecord
from review.setup import ensure_medical_review_workflow
from tests.admin_forms import article_edit_data

pytestmark = pytest.mark.django_db


# Approval states


def no_approval(page, users):
    pass


def approved_by_its_author(page, users):
    """The doctor edited the text, and an approval by that same doctor is on record (the
    review task would not offer it; the gate must not trust it either)."""
    author = users["doctor"]
    page.summary += " Reviewed wording."
    revision = page.save_revision(user=author)
    forge_approval(revision, author)


def approved_by_a_non_clinician(page, users):
    """An approval on record by someone who is no longer a registered clinician."""
    revision = page.get_latest_revision()
    approve_revision(revision, users["doctor"])
    users["doctor"].clinician.is_active = False
    users["doctor"].clinician.save()


def approved_then_edited(page, users):
    approve_revision(page.get_latest_revision(), users["doctor"])
    page = page.get_latest_revision_as_object()
    page.summary += "!"
    page.save_revision(user=users["writer"])


def valid_approval(page, users):
    approve_revision(page.get_latest_revision(), users["doctor"])


SCENARIOS = [no_approval, approved_by_its_author, approved_by_a_non_clinician, approved_then_edited]


def forge_approval(revision, clinician_user):
    obj = revision.content_object
    return ReviewRecord.objects.create(
        content_type_id=revision.content_type_id,
        object_id=str(obj.pk),
        object_title=obj.title,
        revision=revision,
        clinician=clinician_user.clinician,
        clinician_name=clinician_user.clinician.name,
        gmc_number=clinician_user.clinician.gmc_number,
        outcome=ReviewRecord.Outcome.APPROVED,
        content_hash=content_hash(revision.as_object()),
        contributor_ids=sorted(contributors(obj, revision)),
    )


# Publish paths. Each tries to make the page's latest (or chosen) revision live.


def admin_publish(client, page, users, as_user="editor"):
    page = ArticlePage.objects.get(pk=page.pk)
    client.force_login(users[as_user])
    latest = page.get_latest_revision_as_object()
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return client.post(url, article_edit_data(latest, **{"action-publish": "1"}), HTTP_REFERER=url)


def admin_publish_as_superuser(client, page, users):
    return admin_publish(client, page, users, as_user="superuser")


def bulk_publish(client, page, users):
    page = ArticlePage.objects.get(pk=page.pk)
    client.force_login(users["editor"])
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    return client.post(f"{url}?id={page.pk}", {"include_descendants": ""}, HTTP_REFERER=url)


def scheduled_publish(client, page, users):
    page = ArticlePage.objects.get(pk=page.pk)
    scheduled = page.get_latest_revision_as_object()
    scheduled.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    scheduled.save_revision(user=users["editor"]).publish(user=users["editor"])
    assert not ArticlePage.objects.get(pk=page.pk).live, "scheduling must not publish"
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())


def revert_and_publish(client, page, users):
    page = ArticlePage.objects.get(pk=page.pk)
    target = page.get_latest_revision()
    newer = page.get_latest_revision_as_object()
    newer.title += " (rewritten)"
    newer.save_revision(user=users["writer"])
    client.force_login(users["editor"])
    url = reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, target.pk])
    return client.post(
        url, article_edit_data(target.as_object(), **{"action-publish": "1"}), HTTP_REFERER=url
    )


def copy_with_publish(client, page, users):
    """Copy a live page with "publish copies". The source is made live beneath the gate, as
    content published before the gate existed would be."""
    page = ArticlePage.objects.get(pk=page.pk)
    latest = page.get_latest_revision()
    as_draft = latest.as_object()
    as_draft.save()
    Page.objects.filter(pk=page.pk).update(live=True, live_revision=latest)
    client.force_login(users["editor"])
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])
    return client.post(
        url,
        {
            "new_title": as_draft.title,
            "new_slug": f"{as_draft.slug}-copy",
            "new_parent_page": str(page.get_parent().pk),
            "publish_copies": "on",
        },
        HTTP_REFERER=url,
    )


def v3(client, users, method, url, payload=None):
    _, token = APIToken.create_token(user=users["editor"], name="automation")
    return getattr(client, method)(
        url,
        data=json.dumps(payload or {}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def v3_create_with_publish(client, page, users):
    page = ArticlePage.objects.get(pk=page.pk)
    latest = page.get_latest_revision_as_object()
    payload = {
        "meta": {
            "type": "articles.ArticlePage",
            "parent_id": page.get_parent().pk,
            "action": "publish",
        },
        "title": latest.title,
        "slug": f"{latest.slug}-via-api",
        "summary": latest.summary,
        "body": latest.body.get_prep_value(),
    }
    return v3(client, users, "post", "/api/v3/pages/", payload)


def v3_update_with_publish(client, page, users):
    page = ArticlePage.objects.get(pk=page.pk)
    latest = page.get_latest_revision_as_object()
    payload = {"meta": {"type": "articles.ArticlePage", "action": "publish"}, "slug": latest.slug}
    return v3(client, users, "patch", f"/api/v3/pages/{page.pk}/", payload)


def v3_publish_action(client, page, users):
    page = ArticlePage.objects.get(pk=page.pk)
    return v3(client, users, "post", f"/api/v3/pages/{page.pk}/actions/publish/")


PATHS = [
    admin_publish,
    admin_publish_as_superuser,
    bulk_publish,
    scheduled_publish,
    revert_and_publish,
    copy_with_publish,
    v3_create_with_publish,
    v3_update_with_publish,
    v3_publish_action,
]


@pytest.fixture
def users(writer, editor, doctor, groups):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    return {"writer": writer, "editor": editor, "doctor": doctor, "superuser": superuser}


@pytest.fixture
def draft(article_index, users):
    """A writer's draft with no references or disclaimers, so content sent through the
    API (which does not write those) can match it exactly."""
    page = ArticlePageFactory(
        parent=article_index, owner=users["writer"], references=[], disclaimers=[]
    )
    page.save_revision(user=users["writer"])
    return page


def live_articles(exclude_pk=None):
    return set(ArticlePage.objects.live().values_list("title", flat=True))


def assert_refused(response, page, live_before):
    page.refresh_from_db()
    assert not page.live
    assert page.live_revision_id is None
    assert set(ArticlePage.objects.live().values_list("pk", flat=True)) == live_before
    if response is None:
        return
    if response["Content-Type"].startswith("application/problem+json"):
        assert response.status_code == 403
        assert "no clinician has approved" in response.json()["detail"] or (
            "differs from what" in response.json()["detail"]
        )
    else:
        assert response.status_code == 302
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("cannot be published" in m for m in messages), messages


@pytest.mark.parametrize("path", PATHS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda f: f.__name__)
def test_gate_refuses_without_a_valid_approval(client, draft, users, path, scenario):
    scenario(draft, users)
    live_before = set(ArticlePage.objects.live().values_list("pk", flat=True))
    if path is copy_with_publish:
        live_before.add(draft.pk)
    response = path(client, draft, users)
    if path is copy_with_publish:
        assert ArticlePage.objects.count() == 1, "the copy was not kept"
        assert response.status_code == 302
        return
    assert_refused(response, draft, live_before)


# Paths that make a new page: an approval is of one page's content, so nothing a clinician
# approved elsewhere lets a copy or a page created with "publish" go live.
NEW_PAGE_PATHS = [copy_with_publish, v3_create_with_publish]


@pytest.mark.parametrize("path", NEW_PAGE_PATHS, ids=lambda f: f.__name__)
def test_an_approval_of_one_page_does_not_publish_a_new_one(client, draft, users, path):
    valid_approval(draft, users)
    live_before = set(ArticlePage.objects.live().values_list("pk", flat=True))
    if path is copy_with_publish:
        live_before.add(draft.pk)
    response = path(client, draft, users)
    assert set(ArticlePage.objects.live().values_list("pk", flat=True)) == live_before
    if path is copy_with_publish:
        assert response.status_code == 302
        assert ArticlePage.objects.count() == 1, "the copy was not kept"
    else:
        assert response.status_code == 403
        assert "no clinician has approved" in response.json()["detail"]


@pytest.mark.parametrize(
    "path", [p for p in PATHS if p not in NEW_PAGE_PATHS], ids=lambda f: f.__name__
)
def test_gate_lets_validly_approved_content_go_live(client, draft, users, path):
    valid_approval(draft, users)
    approved_hash = ReviewRecord.objects.get().content_hash
    response = path(client, draft, users)
    if response is not None:
        assert response.status_code in (200, 201, 302), response.content[:500]
    live = ArticlePage.objects.live()
    assert live.exists(), f"{path.__name__} did not publish approved content"
    for page in live:
        assert content_hash(page) == approved_hash
        assert page.reviewed_by == users["doctor"].clinician
        assert page.last_reviewed == timezone.localdate()


def test_refused_publish_is_in_the_audit_log_with_the_reason(client, draft, users):
    admin_publish(client, draft, users)
    entry = PageLogEntry.objects.get(page=draft, action=REFUSED_LOG_ACTION)
    assert entry.user == users["editor"]
    assert "no clinician has approved" in entry.data["reason"]


def test_refused_admin_publish_keeps_the_editors_changes_as_a_draft(client, draft, users):
    client.force_login(users["editor"])
    data = article_edit_data(draft, **{"action-publish": "1"})
    data["summary"] = "A rewritten standfirst."
    url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    client.post(url, data, HTTP_REFERER=url)
    latest = ArticlePage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert latest.summary == "A rewritten standfirst."
    assert not ArticlePage.objects.get(pk=draft.pk).live


def test_scheduled_refusal_does_not_block_other_scheduled_content(client, article_index, users):
    refused = ArticlePageFactory(parent=article_index, title="Unapproved", references=[])
    approved = ArticlePageFactory(parent=article_index, title="Approved", references=[])
    approve_revision(approved.get_latest_revision(), users["doctor"])
    past = timezone.now() - datetime.timedelta(minutes=1)
    for page in (refused, approved):
        Revision.objects.filter(pk=page.latest_revision_id).update(approved_go_live_at=past)
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())
    assert set(ArticlePage.objects.live().values_list("title", flat=True)) == {"Approved"}
    assert not Revision.objects.filter(pk=refused.latest_revision_id).values_list(
        "approved_go_live_at", flat=True
    )[0]
    assert PageLogEntry.objects.filter(page=refused, action=REFUSED_LOG_ACTION).exists()
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())


def test_approval_refuses_the_author_submitter_and_non_clinicians(draft, users):
    revision = draft.get_latest_revision()
    for user in (users["writer"], users["editor"], users["superuser"]):
        with pytest.raises(MedicalReviewRequired):
            approve_revision(revision, user)
    author_doctor = users["doctor"]
    edited = draft.get_latest_revision_as_object()
    edited.summary += " Clarified."
    with pytest.raises(MedicalReviewRequired, match="wrote, edited or submitted"):
        approve_revision(edited.save_revision(user=author_doctor), author_doctor)
    assert not ReviewRecord.objects.exists()
    inactive = ClinicianFactory(is_active=False).user
    inactive.groups.add(Group.objects.get(name="Medical reviewers"))
    with pytest.raises(MedicalReviewRequired, match="active registered clinician"):
        approve_revision(revision, inactive)


def test_approval_refuses_the_owner_and_the_submitter_who_saved_no_revision(article_index, users):
    """Content made outside the editor (a script's revision with no user) is its owner's,
    and whoever sends a draft for review vouches for it: neither may be its reviewer."""
    owner = ClinicianFactory().user
    page = ArticlePageFactory(parent=article_index, owner=owner, references=[], disclaimers=[])
    revision = page.save_revision()
    with pytest.raises(MedicalReviewRequired, match="wrote, edited or submitted"):
        approve_revision(revision, owner)

    submitter = ClinicianFactory().user
    written = ArticlePageFactory(parent=article_index, references=[], disclaimers=[])
    task_state = ensure_medical_review_workflow().start(written, submitter).current_task_state
    revision = Page.objects.get(pk=written.pk).get_latest_revision()
    assert revision.user != submitter
    with pytest.raises(MedicalReviewRequired, match="wrote, edited or submitted"):
        approve_revision(revision, submitter, task_state=task_state)
    assert not ReviewRecord.objects.exists()


# Authorship follows the content


def test_a_clinician_whose_words_are_all_gone_may_review_later_edits(users):
    """Writing a first draft does not bar a clinician for ever: once every piece of it was
    replaced, and another clinician approved the result, they may review later edits."""
    first, second = ClinicianFactory().user, ClinicianFactory().user
    disclaimer = DisclaimerFactory(published=False)
    disclaimer.title, disclaimer.text = "First wording", "<p>Drafted by the first.</p>"
    disclaimer.save_revision(user=first)
    disclaimer.title, disclaimer.text = "Plain wording", "<p>Rewritten by the writer.</p>"
    disclaimer.kind = Disclaimer.Kind.RESULTS_VARY
    approve_revision(disclaimer.save_revision(user=users["writer"]), second)
    disclaimer.text = "<p>Rewritten by the writer, and extended.</p>"
    revision = disclaimer.save_revision(user=users["writer"])

    assert approve_revision(revision, first).revision == revision


def test_the_owner_is_an_author_until_the_first_approval(article_index, users):
    owner, second = ClinicianFactory().user, ClinicianFactory().user
    page = ArticlePageFactory(parent=article_index, owner=owner, references=[], disclaimers=[])
    draft = page.get_latest_revision_as_object()
    draft.title = "Rewritten by the writer"
    approve_revision(draft.save_revision(user=users["writer"]), second)
    draft.summary = "Edited by the writer after the approval."
    revision = draft.save_revision(user=users["writer"])

    assert approve_revision(revision, owner).revision == revision


def test_a_clinician_who_only_deleted_words_since_the_approval_may_not_approve(
    article_index, users
):
    """A deletion shapes what readers see as much as an addition."""
    deleting = ClinicianFactory().user
    page = ArticlePageFactory(
        parent=article_index,
        owner=users["writer"],
        references=[],
        disclaimers=[],
        body=body_from_outline([("paragraph", "<p>Kept.</p>"), ("paragraph", "<p>Cut.</p>")]),
        published=True,
        approved_by=users["doctor"],
    )
    draft = page.get_latest_revision_as_object()
    draft.body = [("paragraph", draft.body[0].value)]
    revision = draft.save_revision(user=deleting)

    assert deleting.pk in contributors(page, revision)
    with pytest.raises(MedicalReviewRequired, match="wrote, edited or submitted"):
        approve_revision(revision, deleting)


def test_a_review_the_scheduled_job_started_records_its_real_contributors(draft, users):
    """``review_due --start-workflow`` starts overdue reviews with no submitter."""
    task_state = ensure_medical_review_workflow().start(draft, None).current_task_state
    record = approve_revision(draft.get_latest_revision(), users["doctor"], task_state=task_state)
    assert record.contributor_ids == [users["writer"].pk]


def test_a_second_decision_on_a_finished_review_changes_nothing(draft, users):
    """Two clinicians click at once: the second finds the review decided and stops."""
    second = ClinicianFactory().user
    task_state = ensure_medical_review_workflow().start(draft, users["writer"]).current_task_state
    task = task_state.task.specific
    revision_id = draft.get_latest_revision().pk
    task.on_action(task_state, users["doctor"], "approve", comment="", revision_id=revision_id)
    stale = type(task_state).objects.get(pk=task_state.pk)
    stale.status = stale.STATUS_IN_PROGRESS  # as the second clinician's request loaded it

    with pytest.raises(MedicalReviewRequired, match="already been completed"):
        task.on_action(stale, second, "reject", comment="Too late.")
    assert list(ReviewRecord.objects.values_list("outcome", flat=True)) == ["approved"]


# Who may publish an approval, and when an approval is not needed


def test_a_clinician_may_not_publish_content_they_approved(draft, users, groups):
    """Four eyes on the way out too: the approver is not the one who makes it live."""
    approver = ClinicianFactory().user
    approver.groups.add(groups[roles.EDITORS])
    approve_revision(draft.get_latest_revision(), approver)
    revision = ArticlePage.objects.get(pk=draft.pk).save_revision(user=approver)  # same words
    with pytest.raises(MedicalReviewRequired):
        revision.publish(user=approver)
    assert not ArticlePage.objects.get(pk=draft.pk).live


def test_publish_is_not_offered_while_the_page_shows_a_draft_reference(
    client, article_index, users
):
    reference = ReferenceFactory(title="A trial still in review", published=False)
    page = ArticlePageFactory(
        parent=article_index,
        owner=users["writer"],
        references=[ArticleReference(reference=reference)],
        disclaimers=[],
    )
    approve_revision(page.save_revision(user=users["writer"]), users["doctor"])
    client.force_login(users["editor"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert 'name="action-publish"' not in html
    assert "Publish is not offered" in html and "A trial still in review" in html


@pytest.fixture
def live_page(article_index, users):
    return ArticlePageFactory(
        parent=article_index, owner=users["writer"], published=True, approved_by=users["doctor"]
    )


def test_a_live_page_whose_approver_has_left_still_takes_non_medical_changes(
    client, live_page, users
):
    """Its words are as approved: a changed review interval goes live without a review
    the departed clinician can no longer give."""
    users["doctor"].clinician.is_active = False
    users["doctor"].clinician.save()
    client.force_login(users["editor"])
    url = reverse("wagtailadmin_pages:edit", args=[live_page.pk])
    assert 'name="action-publish"' in client.get(url).content.decode()
    data = article_edit_data(
        live_page.get_latest_revision_as_object(),
        **{"action-publish": "1", "review_interval_months": "6"},
    )
    assert client.post(url, data).status_code == 302
    page = ArticlePage.objects.get(pk=live_page.pk)
    assert (page.live, page.review_interval_months, page.has_unpublished_changes) == (
        True,
        6,
        False,
    )


def test_a_live_page_whose_reference_was_taken_down_beneath_the_orm_is_not_republished(
    live_page,
):
    """The shell can unpublish a reference without the gate; the page's next publish
    notices, whatever else changed."""
    reference = live_page.references.first().reference
    type(reference).objects.filter(pk=reference.pk).update(live=False)
    draft = live_page.get_latest_revision_as_object()
    draft.review_interval_months = 6
    with pytest.raises(MedicalReviewRequired, match="not yet approved and published"):
        draft.save_revision().publish()
    assert ArticlePage.objects.get(pk=live_page.pk).review_interval_months != 6


def test_a_save_limited_to_some_fields_is_gated_when_it_publishes_or_changes_words(
    draft, live_page
):
    draft.live = True
    with pytest.raises(MedicalReviewRequired):
        draft.save(update_fields=["live"])
    live_page.title = "Iron cures tiredness"
    with pytest.raises(MedicalReviewRequired):
        live_page.save(update_fields=["title"])
    assert not ArticlePage.objects.get(pk=draft.pk).live
    assert ArticlePage.objects.get(pk=live_page.pk).title != "Iron cures tiredness"
