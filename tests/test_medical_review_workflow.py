"""The medical review workflow, in the shape of Wagtail's own workflow tests: each
transition from the side of the user allowed and the user refused."""

import datetime
import io
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, TaskState

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from cms import roles
from cms.factories import ClinicianFactory, UserFactory
from cms.models import ClinicSettings
from review.gate import (
    APPROVE_LOG_ACTION,
    MedicalReviewRequired,
    add_months,
    approve_revision,
    content_hash,
)
from review.models import ReviewRecord
from review.setup import ensure_medical_review_workflow
from tests.admin_forms import approval_data, approval_kwargs, approval_modal, article_edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflow(groups):
    return ensure_medical_review_workflow()


@pytest.fixture
def submitted(client, article_index, writer, doctor, workflow):
    """A writer's article, submitted for medical review through the editor."""
    page = ArticlePageFactory(parent=article_index, owner=writer)
    client.force_login(writer)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, article_edit_data(page, **{"action-submit": "1"}))
    assert response.status_code == 302
    client.logout()
    return ArticlePage.objects.get(pk=page.pk)


def records_of(page):
    return ReviewRecord.objects.filter(content_type__model="articlepage", object_id=str(page.pk))


def action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def test_setup_workflows_is_safe_to_rerun_and_covers_all_medical_content(article_index, home):
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from wagtail.models import Workflow, WorkflowContentType, WorkflowPage

    from faq.factories import FAQPageFactory

    faq_page = FAQPageFactory(parent=home)
    for _ in range(2):
        call_command("setup_workflows", stdout=io.StringIO())

    [workflow] = Workflow.objects.filter(name="Medical review")
    assert [task.specific.__class__.__name__ for task in workflow.tasks] == ["MedicalReviewTask"]
    assert [g.name for g in workflow.tasks[0].specific.groups.all()] == [roles.MEDICAL_REVIEWERS]
    assert set(
        WorkflowPage.objects.filter(workflow=workflow).values_list("page_id", flat=True)
    ) == {
        article_index.pk,
        faq_page.pk,
    }
    assert {
        f"{ct.app_label}.{ct.model}"
        for ct in ContentType.objects.filter(
            pk__in=WorkflowContentType.objects.filter(workflow=workflow).values("content_type")
        )
    } == set(roles.MEDICAL_SNIPPETS)
    article = ArticlePageFactory(parent=article_index)
    assert article.get_workflow() == workflow and faq_page.get_workflow() == workflow


def test_submission_starts_medical_review_and_emails_the_reviewers(submitted, doctor):
    assert submitted.current_workflow_task.specific.name == "Medical review"
    assert any(doctor.email in m.to and submitted.title in m.subject for m in mail.outbox)


def test_writer_has_no_way_to_publish(client, submitted, writer):
    client.force_login(writer)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk]))
    assert b'name="action-publish"' not in edit.content
    assert b'name="action-submit"' not in edit.content or b"Resubmit" in edit.content
    client.post(
        reverse("wagtailadmin_pages:edit", args=[submitted.pk]),
        article_edit_data(submitted, **{"action-publish": "1"}),
    )
    client.post(action_url(submitted, "approve"), approval_data(submitted))
    assert not ArticlePage.objects.get(pk=submitted.pk).live
    assert not records_of(submitted).exists()


def test_clinician_approves_and_the_exact_revision_goes_live(client, submitted, doctor):
    submitted_revision = submitted.current_workflow_task_state.revision
    client.force_login(doctor)
    response = client.post(
        action_url(submitted, "approve"), approval_data(submitted, "Evidence checked.")
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(pk=submitted.pk)
    assert page.live and page.live_revision == submitted_revision

    record = records_of(submitted).get()
    assert record.outcome == "approved"
    assert record.revision == submitted_revision
    assert record.clinician == doctor.clinician
    assert record.gmc_number == doctor.clinician.gmc_number
    assert record.comment == "Evidence checked."
    assert record.content_hash == content_hash(submitted_revision.as_object())

    assert page.reviewed_by == doctor.clinician
    assert page.last_reviewed == datetime.date.today()
    assert page.next_review_due == add_months(datetime.date.today(), 12)
    entry = PageLogEntry.objects.get(page=page, action=APPROVE_LOG_ACTION)
    assert entry.data["gmc_number"] == doctor.clinician.gmc_number
    assert any(m.subject.endswith('approved in "Medical review".') for m in mail.outbox)


def test_review_interval_comes_from_the_page_then_the_site_and_is_capped(
    article_index, doctor, home
):
    settings = ClinicSettings.for_site(home.get_site())
    settings.name, settings.default_review_interval_months = "Clinic", 6
    settings.save()
    site_default = ArticlePageFactory(parent=article_index, published=True, approved_by=doctor)
    own = ArticlePageFactory(
        parent=article_index, review_interval_months=24, published=True, approved_by=doctor
    )
    today = datetime.date.today()
    assert site_default.next_review_due == add_months(today, 6)
    assert own.next_review_due == add_months(today, 24)
    assert add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)


def test_doctor_who_edited_the_text_cannot_approve_it(client, submitted, doctor, workflow):
    client.force_login(doctor)
    url = reverse("wagtailadmin_pages:edit", args=[submitted.pk])
    data = article_edit_data(submitted)
    data["summary"] = "A doctor's own rewording."
    client.post(url, data)
    page = ArticlePage.objects.get(pk=submitted.pk)
    modal = approval_modal(client, page)
    assert "You cannot approve revision" in modal and "different clinician" in modal
    assert 'name="confirm"' not in modal
    with pytest.raises(MedicalReviewRequired, match="different clinician"):
        approve_revision(page.get_latest_revision(), doctor)
    client.post(action_url(page, "approve"), approval_data(page))
    assert not ArticlePage.objects.get(pk=submitted.pk).live


def test_an_edit_during_review_is_what_the_clinician_approves_and_publishes(
    client, submitted, doctor, groups
):
    """Writers cannot edit content in review (Wagtail locks it), but reviewers can. The
    doctor previews the latest revision, so that is the one they approve: a colleague's
    edit made during the review goes live with the approval, not after a second one."""
    colleague = UserFactory(username="second-doctor")
    colleague.groups.add(groups[roles.MEDICAL_REVIEWERS])
    ClinicianFactory(user=colleague, name="Dr Second Opinion")
    client.force_login(colleague)
    data = article_edit_data(submitted)
    data["summary"] = "Reworded during the review."
    client.post(reverse("wagtailadmin_pages:edit", args=[submitted.pk]), data)
    page = ArticlePage.objects.get(pk=submitted.pk)
    edited = page.get_latest_revision()
    assert edited != page.current_workflow_task_state.revision
    assert "different clinician" in approval_modal(client, page)

    client.force_login(doctor)
    assert (
        client.post(action_url(submitted, "approve"), approval_data(submitted)).status_code == 302
    )
    page = ArticlePage.objects.get(pk=submitted.pk)
    assert page.live and page.live_revision == edited
    assert page.summary == "Reworded during the review."
    record = records_of(submitted).get()
    assert record.revision == edited
    assert colleague.pk in record.contributor_ids


@pytest.mark.parametrize(
    "who",
    ["non_clinician_reviewer", "superuser", "inactive_clinician", "clinician_outside_the_group"],
)
def test_only_an_active_clinician_is_offered_approval(client, submitted, groups, who):
    """Of the Medical reviewers group, and an active clinician: either alone is not enough."""
    user = UserFactory(username=who, is_superuser=(who == "superuser"))
    if who == "clinician_outside_the_group":
        user.groups.add(groups[roles.EDITORS])
        ClinicianFactory(user=user)
    else:
        user.groups.add(groups[roles.MEDICAL_REVIEWERS])
    if who == "inactive_clinician":
        ClinicianFactory(user=user, is_active=False)
    task = submitted.current_workflow_task
    assert [name for name, *_ in task.get_actions(submitted, user)] == []
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk])).status_code == 200
    client.post(action_url(submitted, "approve"), approval_data(submitted))
    assert not ArticlePage.objects.get(pk=submitted.pk).live
    assert not records_of(submitted).exists()


def test_forced_approval_by_a_non_clinician_publishes_nothing(submitted, editor):
    """TaskState.approve() checks no permission; the task and the gate must."""
    task_state = submitted.current_workflow_task_state
    with pytest.raises(MedicalReviewRequired):
        task_state.task.specific.on_action(
            task_state, editor, "approve", **approval_kwargs(submitted)
        )
    with pytest.raises(MedicalReviewRequired):
        task_state.approve(user=editor)
    assert not ArticlePage.objects.get(pk=submitted.pk).live


def test_rejection_needs_a_comment_the_writer_receives(client, submitted, doctor, writer):
    client.force_login(doctor)
    client.post(action_url(submitted, "reject"), {"comment": ""})
    assert submitted.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    mail.outbox.clear()

    client.post(action_url(submitted, "reject"), {"comment": "Cite the 2018 review for claim 2."})
    page = ArticlePage.objects.get(pk=submitted.pk)
    assert page.workflow_states.get().status == "needs_changes"
    record = records_of(submitted).get()
    assert (record.outcome, record.comment) == ("rejected", "Cite the 2018 review for claim 2.")
    writer_mail = [m for m in mail.outbox if writer.email in m.to]
    assert writer_mail and "Cite the 2018 review for claim 2." in writer_mail[0].body
    assert not page.live


def test_edit_after_approval_needs_a_new_review(client, submitted, doctor, writer, editor):
    client.force_login(doctor)
    client.post(action_url(submitted, "approve"), approval_data(submitted))
    live_hash = content_hash(ArticlePage.objects.get(pk=submitted.pk))

    client.force_login(writer)
    data = article_edit_data(submitted.get_latest_revision_as_object())
    data["body-1-value"] = data["body-1-value"].replace("plain English", "plain english")
    client.post(reverse("wagtailadmin_pages:edit", args=[submitted.pk]), data)
    page = ArticlePage.objects.get(pk=submitted.pk)
    assert page.has_unpublished_changes
    assert content_hash(page) == live_hash, "the live content did not change"

    client.force_login(editor)
    data = article_edit_data(page.get_latest_revision_as_object(), **{"action-publish": "1"})
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert content_hash(ArticlePage.objects.get(pk=page.pk)) == live_hash


def test_non_medical_changes_need_no_new_review(client, submitted, doctor, editor):
    client.force_login(doctor)
    client.post(action_url(submitted, "approve"), approval_data(submitted))
    page = ArticlePage.objects.get(pk=submitted.pk)
    client.force_login(editor)
    data = article_edit_data(
        page.get_latest_revision_as_object(),
        **{"action-publish": "1", "review_interval_months": "6"},
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page = ArticlePage.objects.get(pk=page.pk)
    assert (page.live, page.review_interval_months) == (True, 6)
    assert not page.has_unpublished_changes


@pytest.mark.parametrize(
    "change",
    [
        {"seo_title": "IV iron cures ME/CFS | Clinic"},
        {"search_description": "IV iron cures ME/CFS."},
        {"slug": "iv-iron-cures-me-cfs"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_words_search_engines_show_need_a_new_review(client, submitted, doctor, editor, change):
    client.force_login(doctor)
    client.post(action_url(submitted, "approve"), approval_data(submitted))
    approved = ArticlePage.objects.get(pk=submitted.pk)
    client.force_login(editor)
    data = article_edit_data(approved.get_latest_revision_as_object(), **{"action-publish": "1"})
    data.update(change)
    client.post(reverse("wagtailadmin_pages:edit", args=[approved.pk]), data)
    page = ArticlePage.objects.get(pk=approved.pk)
    field, value = next(iter(change.items()))
    assert getattr(page, field) == getattr(approved, field) != value
    assert page.has_unpublished_changes
    assert client.get(approved.url).status_code == 200


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers with row locks: runs on PostgreSQL (CI), not SQLite",
)
@pytest.mark.django_db(transaction=True)
def test_two_clinicians_approving_at_once_leave_one_record_and_one_publish(
    article_index, writer, groups, workflow
):
    page = ArticlePageFactory(parent=article_index, owner=writer)
    page.save_revision(user=writer)
    workflow.start(page, writer)
    clinicians = []
    for n in range(2):
        user = UserFactory(username=f"concurrent{n}")
        user.groups.add(groups[roles.MEDICAL_REVIEWERS])
        ClinicianFactory(user=user)
        clinicians.append(user)
    task_state_id = ArticlePage.objects.get(pk=page.pk).current_workflow_task_state.pk
    decision = approval_kwargs(page)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            task_state = TaskState.objects.get(pk=task_state_id).specific
            barrier.wait(timeout=10)
            task_state.task.specific.on_action(task_state, user, "approve", **decision)
            outcomes.append("approved")
        except MedicalReviewRequired as refusal:
            outcomes.append(str(refusal))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(user,)) for user in clinicians]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == [
        "This review has already been completed by another reviewer.",
        "approved",
    ]
    assert records_of(page).filter(outcome="approved").count() == 1
    assert PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish").count() == 1
    assert ArticlePage.objects.get(pk=page.pk).live


@pytest.mark.parametrize("who", ["doctor", "second_writer"])
def test_a_draft_in_review_is_deleted_by_its_writer_or_an_editor_only(
    client, submitted, groups, doctor, who
):
    """Wagtail lets anyone who may edit delete an unpublished page: the reviewer the draft
    they were asked to review, a writer a colleague's."""
    user = doctor if who == "doctor" else UserFactory(username="writer2")
    user.groups.add(groups[roles.WRITERS if who == "second_writer" else roles.MEDICAL_REVIEWERS])
    client.force_login(user)
    url = reverse("wagtailadmin_pages:delete", args=[submitted.pk])
    assert client.post(url).status_code in (302, 403)
    assert ArticlePage.objects.filter(pk=submitted.pk).exists()
    assert not submitted.permissions_for_user(user).can_delete()
    # Through a base Page too, as bulk actions and the explorer load it.
    assert not Page.objects.get(pk=submitted.pk).permissions_for_user(user).can_delete()


def test_a_writer_deletes_their_own_draft_and_an_editor_anyones(
    client, article_index, writer, editor
):
    own = ArticlePageFactory(parent=article_index, owner=writer)
    other = ArticlePageFactory(parent=article_index, owner=editor)
    client.force_login(writer)
    client.post(reverse("wagtailadmin_pages:delete", args=[own.pk]))
    assert not ArticlePage.objects.filter(pk=own.pk).exists()
    client.force_login(editor)
    client.post(reverse("wagtailadmin_pages:delete", args=[other.pk]))
    assert not ArticlePage.objects.filter(pk=other.pk).exists()
