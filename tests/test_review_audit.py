"""The audit trail in the admin: the review history panel on medical pages and the review
records report, with who may read it."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from articles.factories import ArticlePageFactory
from cms.factories import ClinicianFactory, UserFactory
from faq.factories import FAQPageFactory
from review.gate import MedicalReviewRequired, log_refusal, request_changes
from review.models import ReviewRecord
from review.records_report import can_view_medical_reports
from review.setup import ensure_medical_review_workflow
from review.wagtail_hooks import register_review_records_menu_item

pytestmark = pytest.mark.django_db

REPORT_URL = "cms_review_records"
REPORT_RESULTS_URL = "cms_review_records_results"
HEADINGS = ["Date", "Content", "Type", "Outcome", "Clinician", "GMC number", "Revision", "Comment"]
REFUSAL = "“Iron and tiredness” cannot be published: no clinician has approved this content."


@pytest.fixture
def approved(article_index, doctor):
    """An article approved and published by the doctor through the real gate."""
    return ArticlePageFactory(
        parent=article_index, title="Iron and tiredness", published=True, approved_by=doctor
    )


@pytest.fixture
def rejected(article_index, groups):
    """A draft another clinician asked changes to."""
    page = ArticlePageFactory(parent=article_index, title="Vitamin D and bones")
    other = ClinicianFactory(name="Dr Other Reviewer", gmc_number="7654321")
    request_changes(page.get_latest_revision(), other.user, "Cite the 2019 meta-analysis")
    return page


@pytest.fixture
def history(approved, doctor, writer, editor, groups):
    """The approved article, then changes requested, a submission and a refused publish."""
    request_changes(approved.get_latest_revision(), doctor, "Please cite the trial")
    approved.save_revision(user=writer)
    ensure_medical_review_workflow().start(approved, writer)
    log_refusal(MedicalReviewRequired(REFUSAL, obj=approved), editor)
    return approved


def report(client, user, **params):
    client.force_login(user)
    return client.get(reverse(REPORT_URL), params)


def csv_rows(response):
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


# The review history panel


def test_edit_view_shows_the_review_history(client, history, editor, doctor, writer):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[history.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Review history" in html
    assert "Medical review history of this page, newest first" in html  # the caption
    panel = html[html.index("Medical review history of this page") :]
    panel = panel[: panel.index("</table>")]
    assert "Dr Test Doctor" in panel
    assert doctor.clinician.gmc_number in panel
    assert "Approved" in panel and "Changes requested" in panel
    assert "Please cite the trial" in panel
    assert "Submitted to “Medical review”" in panel
    assert writer.get_full_name() in panel  # who submitted it
    assert "Status: In progress" in panel
    assert "Publish refused" in panel
    assert "cannot be published: no clinician has approved this content." in panel
    assert "No medical review yet." not in html


def test_history_is_newest_first(client, history, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[history.pk])).content.decode()
    order = [html.index(s) for s in ("Publish refused", "Submitted to", "Changes requested")]
    assert order == sorted(order)
    approved_row = html.index("review-history__approved")
    assert approved_row > order[-1]


def test_history_is_only_this_pages(client, history, rejected, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[history.pk])).content.decode()
    assert "Cite the 2019 meta-analysis" not in html
    assert "Dr Other Reviewer" not in html


def test_page_without_review_shows_the_empty_state(client, article_index, editor):
    page = ArticlePageFactory(parent=article_index)
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert "No medical review yet." in response.content.decode()


def test_create_view_shows_the_empty_state(client, article_index, editor):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", article_index.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "No medical review yet." in response.content.decode()


def test_faq_page_has_the_panel_too(client, home, editor, doctor):
    page = FAQPageFactory(parent=home, published=True, approved_by=doctor)
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Medical review history of this page" in html
    assert "Dr Test Doctor" in html


# The review records report


def test_report_lists_every_record(client, approved, rejected, editor, doctor):
    response = report(client, editor)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Medical review records" in html
    for text in (
        "Iron and tiredness",
        "Vitamin D and bones",
        "Dr Test Doctor",
        doctor.clinician.gmc_number,
        "Dr Other Reviewer",
        "7654321",
        "Cite the 2019 meta-analysis",
        "Changes requested",
        reverse("wagtailadmin_pages:edit", args=[approved.pk]),
    ):
        assert text in html


def test_report_filters_by_clinician(client, approved, rejected, editor, doctor):
    html = report(client, editor, clinician=doctor.clinician.pk).content.decode()
    assert "Iron and tiredness" in html
    assert "Vitamin D and bones" not in html


def test_report_filters_by_outcome(client, approved, rejected, editor):
    html = report(client, editor, outcome=ReviewRecord.Outcome.REJECTED).content.decode()
    assert "Vitamin D and bones" in html
    assert "Iron and tiredness" not in html
    html = report(client, editor, outcome=ReviewRecord.Outcome.APPROVED).content.decode()
    assert "Iron and tiredness" in html
    assert "Vitamin D and bones" not in html


def test_report_filters_by_date(client, approved, rejected, editor):
    old = timezone.now() - datetime.timedelta(days=400)
    ReviewRecord.objects.filter(object_title="Vitamin D and bones").update(created_at=old)
    day = timezone.localdate(old)
    html = report(client, editor, created_at_from=day, created_at_to=day).content.decode()
    assert "Vitamin D and bones" in html
    assert "Iron and tiredness" not in html
    html = report(client, editor, created_at_from=day + datetime.timedelta(days=1)).content
    assert b"Iron and tiredness" in html
    assert b"Vitamin D and bones" not in html


def test_results_url_serves_the_filtered_fragment(client, approved, rejected, editor):
    client.force_login(editor)
    response = client.get(reverse(REPORT_RESULTS_URL), {"outcome": "rejected"})
    assert response.status_code == 200
    assert b"Vitamin D and bones" in response.content
    assert b"Iron and tiredness" not in response.content


def test_csv_export(client, approved, rejected, editor, doctor):
    response = report(client, editor, export="csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == HEADINGS
    rejection = ReviewRecord.objects.get(object_title="Vitamin D and bones")
    assert [
        "Vitamin D and bones",
        "Article",
        "Changes requested",
        "Dr Other Reviewer",
        "7654321",
        str(rejection.revision_id),
        "Cite the 2019 meta-analysis",
    ] in [row[1:] for row in rows]
    approval = [row for row in rows if row[1] == "Iron and tiredness"]
    assert len(approval) == 1
    assert approval[0][3:6] == ["Approved", "Dr Test Doctor", doctor.clinician.gmc_number]


def test_csv_export_keeps_the_filters(client, approved, rejected, editor):
    rows = csv_rows(report(client, editor, export="csv", outcome="rejected"))
    assert rows[0] == HEADINGS
    assert [row[1] for row in rows[1:]] == ["Vitamin D and bones"]


def test_xlsx_export(client, approved, rejected, editor):
    response = report(client, editor, export="xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    assert "Vitamin D and bones" in [row[1] for row in rows[1:]]


# Who may read the report


@pytest.mark.parametrize("url_name", [REPORT_URL, REPORT_RESULTS_URL])
@pytest.mark.parametrize("params", [{}, {"export": "csv"}, {"export": "xlsx"}])
def test_writer_is_refused_the_report(client, approved, rejected, writer, url_name, params):
    client.force_login(writer)
    response = client.get(reverse(url_name), params)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    followed = client.get(reverse(url_name), params, follow=True)
    body = followed.content.decode()
    assert "Sorry, you do not have permission to access this area." in body
    for secret in ("Vitamin D and bones", "Cite the 2019 meta-analysis", "7654321"):
        assert secret not in body


def test_writer_does_not_see_the_menu_item(client, writer, editor):
    url = reverse(REPORT_URL)
    client.force_login(writer)
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(editor)
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("who", ["doctor", "editor", "superuser"])
def test_reviewers_editors_and_superusers_may_open_the_report(client, rejected, request, who):
    if who == "superuser":
        user = UserFactory(username="root", is_superuser=True, is_staff=True)
    else:
        user = request.getfixturevalue(who)
    response = report(client, user)
    assert response.status_code == 200
    assert b"Cite the 2019 meta-analysis" in response.content
    assert reverse(REPORT_URL) in client.get(reverse("wagtailadmin_home")).content.decode()


def test_one_check_decides_menu_and_view(writer, editor, doctor, groups):
    menu_item = register_review_records_menu_item()
    outsider = UserFactory(username="outsider")
    for user, allowed in [
        (writer, False),
        (outsider, False),
        (AnonymousUser(), False),
        (editor, True),
        (doctor, True),
    ]:
        request = RequestFactory().get("/")
        request.user = user
        assert can_view_medical_reports(user) is allowed
        assert menu_item.is_shown(request) is allowed
