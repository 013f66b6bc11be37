"""The admin dashboard shows each user their own queue: a writer their drafts, changes
requested and pages due for review; a clinician the pages they last reviewed that are
overdue and reviews blocked by unresolved claims; an editor the site's review status.
Rendered as each user, asserting both what they see and that others' items are absent."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticlePage
from cms import roles
from cms.factories import ClinicianFactory, UserFactory
from review.review_screen import review_url
from review.setup import ensure_medical_review_workflow

pytestmark = pytest.mark.django_db

WRITER_PANEL = "lifecycle-writer-queue-section"
CLINICIAN_PANEL = "lifecycle-clinician-queue-section"
SUMMARY_PANEL = "lifecycle-review-status-section"


def make_overdue(page, days=10):
    today = datetime.date.today()
    ArticlePage.objects.filter(pk=page.pk).update(
        last_reviewed=today - datetime.timedelta(days=365 + days),
        next_review_due=today - datetime.timedelta(days=days),
    )


@pytest.fixture
def site(article_index, groups, writer, doctor, editor):
    """Two writers' and two doctors' content in every state."""
    workflow = ensure_medical_review_workflow()
    other_writer = UserFactory(username="writer2")
    other_writer.groups.add(groups[roles.WRITERS])
    other_doctor = UserFactory(username="doctor2")
    other_doctor.groups.add(groups[roles.MEDICAL_REVIEWERS])
    ClinicianFactory(user=other_doctor, name="Dr Other Doctor")

    def page(title, owner, **kwargs):
        return ArticlePageFactory(parent=article_index, title=title, owner=owner, **kwargs)

    page("Writer draft", writer)
    page("Other writer draft", other_writer)

    rejected = page("Needs changes page", writer)
    rejected.save_revision(user=writer)
    task_state = workflow.start(rejected, writer).current_task_state
    task_state.task.specific.on_action(task_state, doctor, "reject", comment="Cite the trial.")

    blocked = page(
        "Claims page",
        writer,
        body=body_from_outline([("paragraph", "<p>Iron infusions cure tiredness.</p>")]),
    )
    blocked.save_revision(user=writer)
    workflow.start(blocked, writer)

    make_overdue(page("Writer overdue page", writer, published=True, approved_by=doctor))
    make_overdue(page("Other overdue page", other_writer, published=True, approved_by=other_doctor))
    page("Writer up to date page", writer, published=True, approved_by=doctor)
    return {"other_writer": other_writer, "other_doctor": other_doctor}


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel_text(soup, panel_id):
    panel = soup.find(id=panel_id)
    return " ".join(panel.get_text(" ").split()) if panel else None


def test_writer_sees_their_drafts_changes_requested_and_pages_due(client, site, writer):
    soup = dashboard(client, writer)
    text = panel_text(soup, WRITER_PANEL)
    assert text is not None
    assert "Your drafts" in text and "Writer draft" in text
    assert "Changes requested" in text and "Needs changes page" in text
    assert "Cite the trial." in text and "Dr Test Doctor" in text
    assert "Due for medical review" in text and "Writer overdue page" in text
    assert "Overdue" in text

    assert "Other writer draft" not in text
    assert "Other overdue page" not in text
    assert "Writer up to date page" not in text
    assert "Claims page" not in text, "in review: Wagtail's own panel lists it"
    assert panel_text(soup, CLINICIAN_PANEL) is None
    assert panel_text(soup, SUMMARY_PANEL) is None


def test_other_writer_sees_only_their_own(client, site):
    text = panel_text(dashboard(client, site["other_writer"]), WRITER_PANEL)
    assert "Other writer draft" in text and "Other overdue page" in text
    assert "Writer draft " not in f"{text} " and "Needs changes page" not in text
    assert "Writer overdue page" not in text


def test_clinician_sees_overdue_re_reviews_and_blocked_reviews(client, site, doctor):
    soup = dashboard(client, doctor)
    text = panel_text(soup, CLINICIAN_PANEL)
    assert "Overdue for re-review" in text and "Writer overdue page" in text
    assert "Other overdue page" not in text, "last reviewed by another doctor"
    assert "Claims to resolve before you can approve" in text
    assert "Claims page" in text and "1 claim needs a reference or your acceptance" in text
    panel = soup.find(id=CLINICIAN_PANEL)
    claims_link = panel.find(class_="lifecycle-claims-to-resolve").find("a", string="Claims page")
    blocked = ArticlePage.objects.get(title="Claims page")
    assert claims_link["href"] == reverse("lifecycle_page_claims", args=[blocked.pk])
    # What waits for the doctor, each linked to its review screen with what blocks it.
    [row] = [r for r in panel.find_all(class_="lifecycle-review-row") if "Claims page" in r.text]
    assert row.find("a")["href"] == review_url(blocked)
    assert "Not yet: 1 claim needs a reference or your acceptance" in " ".join(row.text.split())
    assert panel_text(soup, WRITER_PANEL) is None
    assert panel_text(soup, SUMMARY_PANEL) is None


def test_other_clinician_sees_their_own_re_reviews(client, site):
    text = panel_text(dashboard(client, site["other_doctor"]), CLINICIAN_PANEL)
    assert "Other overdue page" in text and "Writer overdue page" not in text


def test_editor_sees_the_site_review_status(client, site, editor):
    soup = dashboard(client, editor)
    text = panel_text(soup, SUMMARY_PANEL)
    assert "Overdue: 2" in text
    assert "Due soon: 0" in text
    assert "Up to date: 1" in text
    assert "Never reviewed: 4" in text
    assert "Writer overdue page" in text and "Other overdue page" in text
    assert "Writer draft" not in text
    link = soup.find(id=SUMMARY_PANEL).find("a", string="Full report")
    assert link["href"] == reverse("lifecycle_review_status")
    assert panel_text(soup, WRITER_PANEL) is None
    assert panel_text(soup, CLINICIAN_PANEL) is None


def test_nothing_to_show_renders_no_panel(client, groups, writer, doctor):
    soup = dashboard(client, writer)
    assert panel_text(soup, WRITER_PANEL) is None
    soup = dashboard(client, doctor)
    assert panel_text(soup, CLINICIAN_PANEL) is None
