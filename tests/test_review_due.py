"""Review due dates: the status of a page as time passes, the daily job's reminders (once
per page, due date and stage), starting a re-review of overdue pages, unpublishing only
when configured, and the admin report of every medical page by review status."""

import csv
import datetime
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from articles.factories import ArticlePageFactory
from articles.models import ArticlePage
from review import is_overdue, review_status
from review.models import ReviewReminder
from review.review_due import run_review_due
from review.setup import ensure_medical_review_workflow
from review.tasks import review_due as review_due_task
from tests.admin_forms import approval_kwargs

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
APPROVED_ON = datetime.date(2026, 1, 15)
DUE = datetime.date(2027, 1, 15)  # the clinic's default: 12 months


def travel(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), LONDON))


def at(day, function, *args, **kwargs):
    with travel(day):
        return function(*args, **kwargs)


def run_job(day, *args):
    out = io.StringIO()
    with travel(day):
        call_command("review_due", *args, stdout=out)
    return out.getvalue()


def reminders():
    return [
        m for m in mail.outbox if "Medical review" in m.subject or "medical review" in m.subject
    ]


@pytest.fixture
def workflow(groups):
    return ensure_medical_review_workflow()


@pytest.fixture
def reviewed(article_index, writer, doctor, workflow):
    """A writer's article, approved by the doctor and published on APPROVED_ON."""
    with travel(APPROVED_ON):
        page = ArticlePageFactory(
            parent=article_index,
            owner=writer,
            title="Iron and tiredness",
            published=True,
            approved_by=doctor,
        )
    mail.outbox.clear()
    return ArticlePage.objects.get(pk=page.pk)


def test_approval_sets_the_due_date(reviewed, doctor):
    assert reviewed.last_reviewed == APPROVED_ON
    assert reviewed.next_review_due == DUE
    assert reviewed.reviewed_by == doctor.clinician


def test_status_as_time_passes(reviewed, article_index):
    assert review_status(reviewed, today=DUE - datetime.timedelta(days=31)) == "up_to_date"
    assert review_status(reviewed, today=DUE - datetime.timedelta(days=30)) == "due_soon"
    assert review_status(reviewed, today=DUE) == "due_soon"
    assert review_status(reviewed, today=DUE + datetime.timedelta(days=1)) == "overdue"
    assert at(DUE + datetime.timedelta(days=1), is_overdue, reviewed)
    assert not at(DUE, is_overdue, reviewed)
    draft = ArticlePageFactory(parent=article_index)
    assert review_status(draft) == "never_reviewed" and not is_overdue(draft)


def test_the_api_tells_frontends_when_a_review_is_overdue(reviewed, client):
    def review(day):
        with travel(day):
            return client.get(f"/api/v2/pages/{reviewed.pk}/").json()["medical_review"]

    assert review(DUE)["review_status"] == "due_soon" and not review(DUE)["review_overdue"]
    overdue = review(DUE + datetime.timedelta(days=1))
    assert overdue["review_status"] == "overdue" and overdue["review_overdue"] is True


def test_nothing_is_sent_before_the_window(reviewed):
    run_job(DUE - datetime.timedelta(days=31))
    assert reminders() == []
    assert not ReviewReminder.objects.exists()


def test_due_soon_reminds_author_and_last_reviewer_once(reviewed, writer, doctor):
    output = run_job(DUE - datetime.timedelta(days=20))
    assert "1 due soon" in output and "1 reminder(s) sent" in output
    [message] = reminders()
    assert sorted(message.to) == sorted([writer.email, doctor.email])
    assert message.subject == "Medical review due 15 Jan 2027: Iron and tiredness"
    assert "in 20 days" in message.body
    assert "Dr Test Doctor" in message.body
    assert f"http://testserver/admin/pages/{reviewed.pk}/edit/" in message.body

    run_job(DUE - datetime.timedelta(days=19))
    run_job(DUE - datetime.timedelta(days=1))
    assert len(reminders()) == 1, "no duplicate reminder for the same page and due date"
    reminder = ReviewReminder.objects.get()
    assert (reminder.page_id, reminder.due_date, reminder.stage) == (reviewed.pk, DUE, "due_soon")


def test_days_option_widens_the_window(reviewed):
    run_job(DUE - datetime.timedelta(days=45), "--days", "60")
    assert len(reminders()) == 1


def test_overdue_is_a_second_reminder_and_starts_nothing_by_default(reviewed):
    run_job(DUE - datetime.timedelta(days=10))
    run_job(DUE + datetime.timedelta(days=3))
    run_job(DUE + datetime.timedelta(days=4))
    subjects = [m.subject for m in reminders()]
    assert subjects == [
        "Medical review due 15 Jan 2027: Iron and tiredness",
        "Medical review overdue: Iron and tiredness",
    ]
    page = ArticlePage.objects.get(pk=reviewed.pk)
    assert page.live and not page.workflow_in_progress


def test_start_workflow_option_starts_a_re_review_as_the_system(reviewed, doctor):
    output = run_job(DUE + datetime.timedelta(days=1), "--start-workflow")
    assert "1 review(s) started" in output
    page = ArticlePage.objects.get(pk=reviewed.pk)
    state = page.current_workflow_state
    assert state.status == "in_progress" and state.requested_by is None
    assert page.current_workflow_task_state.revision == page.live_revision
    assert page.live, "still live while it is re-reviewed"
    [reminder] = [m for m in reminders() if "overdue" in m.subject]
    assert "workflow has been started" in reminder.body

    run_job(DUE + datetime.timedelta(days=2), "--start-workflow")
    assert page.workflow_states.count() == 1

    # The doctor who last reviewed it may approve it again; the due date moves on.
    with travel(DUE + datetime.timedelta(days=3)):
        task_state = page.current_workflow_task_state
        task_state.task.specific.on_action(
            task_state, doctor, "approve", **approval_kwargs(page, "Still right.")
        )
    page = ArticlePage.objects.get(pk=reviewed.pk)
    assert page.last_reviewed == DUE + datetime.timedelta(days=3)
    assert page.next_review_due == datetime.date(2028, 1, 18)
    assert review_status(page, today=DUE + datetime.timedelta(days=3)) == "up_to_date"


@override_settings(LIFECYCLE_START_REVIEW_WHEN_OVERDUE=True)
def test_setting_starts_re_reviews_but_not_over_an_unsubmitted_draft(reviewed, article_index):
    with travel(APPROVED_ON):
        edited = ArticlePageFactory(
            parent=article_index, title="Edited since", published=True, approved_by=None
        )
    with travel(DUE - datetime.timedelta(days=100)):
        edited.summary = "A writer's unfinished change."
        edited.save_revision()
    summary = at(DUE + datetime.timedelta(days=1), run_review_due)
    assert summary["workflows_started"] == [reviewed.pk]
    assert sorted(summary["overdue"]) == sorted([reviewed.pk, edited.pk])
    assert not ArticlePage.objects.get(pk=edited.pk).workflow_in_progress


def test_never_unpublishes_unless_configured(reviewed):
    run_job(DUE + datetime.timedelta(days=400))
    assert ArticlePage.objects.get(pk=reviewed.pk).live


@override_settings(LIFECYCLE_UNPUBLISH_WHEN_OVERDUE_DAYS=14)
def test_unpublishes_when_configured_days_overdue(reviewed):
    run_job(DUE + datetime.timedelta(days=14))
    assert ArticlePage.objects.get(pk=reviewed.pk).live
    output = run_job(DUE + datetime.timedelta(days=15))
    assert "1 unpublished" in output
    assert not ArticlePage.objects.get(pk=reviewed.pk).live
    assert reminders()[-1].subject == "Unpublished, medical review overdue: Iron and tiredness"
    run_job(DUE + datetime.timedelta(days=16))
    assert len([m for m in reminders() if m.subject.startswith("Unpublished")]) == 1


def test_drafts_and_unreviewed_pages_are_left_alone(article_index, writer):
    ArticlePageFactory(parent=article_index, owner=writer)
    summary = at(DUE, run_review_due)
    assert summary["checked"] == 0 and reminders() == []


def test_a_failed_page_is_reported_and_the_others_still_run(reviewed, article_index, doctor):
    with travel(APPROVED_ON):
        other = ArticlePageFactory(parent=article_index, published=True, approved_by=doctor)
    from review import review_due

    original = review_due._notify
    calls = []

    def flaky(page, *args):
        calls.append(page.pk)
        if page.pk == reviewed.pk:
            raise RuntimeError("mail server down")
        return original(page, *args)

    review_due._notify = flaky
    try:
        with pytest.raises(CommandError, match="1 page"):
            run_job(DUE - datetime.timedelta(days=5))
    finally:
        review_due._notify = original
    assert sorted(calls) == sorted([reviewed.pk, other.pk])
    assert list(ReviewReminder.objects.values_list("page_id", flat=True)) == [other.pk]
    run_job(DUE - datetime.timedelta(days=4))  # the failed one is retried
    assert ReviewReminder.objects.count() == 2


@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
)
def test_the_task_runs_the_same_job(reviewed):
    with travel(DUE - datetime.timedelta(days=2)):
        result = review_due_task.enqueue()
    assert result.status == "SUCCESSFUL"
    assert result.return_value["due_soon"] == [reviewed.pk]
    assert len(reminders()) == 1


# The report


def report(client, user, **params):
    client.force_login(user)
    return client.get(reverse("lifecycle_review_status"), params)


@pytest.fixture
def statuses(reviewed, article_index, doctor):
    """One page in each status, seen on DUE + 1 day."""
    with travel(APPROVED_ON):
        soon = ArticlePageFactory(
            parent=article_index, title="Due soon page", published=True, approved_by=doctor
        )
        fresh = ArticlePageFactory(
            parent=article_index, title="Up to date page", published=True, approved_by=doctor
        )
    ArticlePage.objects.filter(pk=soon.pk).update(next_review_due=DUE + datetime.timedelta(10))
    ArticlePage.objects.filter(pk=fresh.pk).update(next_review_due=datetime.date(2028, 1, 1))
    ArticlePageFactory(parent=article_index, title="Never reviewed page")
    return DUE + datetime.timedelta(days=1)


def test_report_lists_every_medical_page_by_status(client, statuses, editor):
    with travel(statuses):
        html = report(client, editor).content.decode()
    order = [
        html.index(title)
        for title in (
            "Iron and tiredness",
            "Due soon page",
            "Never reviewed page",
            "Up to date page",
        )
    ]
    assert order == sorted(order), "overdue first, then due soon, never reviewed, up to date"
    for label in ("Overdue", "Due soon", "Never reviewed", "Up to date"):
        assert f"<td>{label}</td>" in html
    assert "Dr Test Doctor" in html

    with travel(statuses):
        filtered = report(client, editor, review_status="overdue").content.decode()
    assert "Iron and tiredness" in filtered and "Due soon page" not in filtered


def test_report_exports_csv_and_xlsx(client, statuses, editor):
    with travel(statuses):
        response = report(client, editor, export="csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Title",
        "Type",
        "Review status",
        "Next review due",
        "Last reviewed",
        "Last reviewed by",
        "Live",
    ]
    assert ["Iron and tiredness", "Article", "Overdue", "2027-01-15", "2026-01-15"] == rows[1][:5]
    assert len(rows) == 5

    with travel(statuses):
        response = report(client, editor, export="xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet["A2"].value == "Iron and tiredness" and sheet["C2"].value == "Overdue"


def test_report_is_for_editors_reviewers_and_superusers_not_writers(
    client, statuses, editor, doctor, writer
):
    from cms.factories import UserFactory

    admin = UserFactory(username="admin", is_superuser=True)
    for user in (editor, doctor, admin):
        assert report(client, user).status_code == 200
    response = report(client, writer)
    assert response.status_code in (302, 403)
    assert "Iron and tiredness" not in response.content.decode()


def test_reports_menu_shows_the_report_to_those_allowed(rf, editor, writer):
    from review.wagtail_hooks import register_review_status_menu_item

    item = register_review_status_menu_item()
    request = rf.get("/admin/")
    request.user = editor
    assert item.is_shown(request)
    request.user = writer
    assert not item.is_shown(request)
