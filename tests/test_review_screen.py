"""The clinician's review screen (review/review_screen.py), through the admin as each
user reaches it: what it shows, the decisions taken on it (the article and the drafts it
shows, in one sitting), and every refusal from the side of the user refused."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticlePage, ArticleReference
from cms import roles
from cms.factories import ClinicianFactory, UserFactory
from cms.models import Reference
from review.factories import ReferenceFactory
from review.models import ReviewRecord
from review.review_screen import review_url
from review.setup import ensure_medical_review_workflow
from tests.admin_forms import article_edit_data

pytestmark = pytest.mark.django_db

PARAGRAPH = "An iron infusion puts iron straight into a vein through a drip."
EDITED = "An iron infusion puts iron into a vein through a drip, over about 15 minutes."


@pytest.fixture
def workflow(groups):
    return ensure_medical_review_workflow()


@pytest.fixture
def second_doctor(groups):
    user = UserFactory(username="doctor2", first_name="Omar", last_name="Said")
    user.groups.add(groups[roles.MEDICAL_REVIEWERS])
    ClinicianFactory(user=user, name="Dr Omar Said")
    return user


def draft_reference(user, title="Ferric carboxymaltose for fatigue"):
    """A reference a writer added to the library as a draft (as the chooser's form does)."""
    reference = ReferenceFactory(title=title, doi="10.1000/fatigue.1", published=False)
    reference.save_revision(user=user)
    return reference


def submit(client, page, user):
    """Submit (or resubmit) a page for review through the editor, as it stands."""
    client.force_login(user)
    page = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        article_edit_data(page, **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content[:2000]
    return ArticlePage.objects.get(pk=page.pk)


@pytest.fixture
def reference(writer):
    return draft_reference(writer)


@pytest.fixture
def submitted(client, article_index, writer, doctor, workflow, reference):
    """A new article citing a draft reference the writer created, submitted for review."""
    page = ArticlePageFactory(
        parent=article_index,
        owner=writer,
        title="Iron infusions",
        body=body_from_outline([("paragraph", f"<p>{PARAGRAPH}</p>")]),
        references=[ArticleReference(reference=reference)],
    )
    page = submit(client, page, writer)
    client.logout()
    return page


def screen(client, user, obj):
    client.force_login(user)
    response = client.get(review_url(obj))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(soup, element_id):
    element = soup.find(id=element_id)
    return " ".join(element.get_text(" ").split()) if element else None


def approve(client, obj, dependencies=(), comment="Checked.", revision=None, **extra):
    obj.refresh_from_db()
    data = {
        "decision": "approve",
        "approve-revision_id": str(revision or obj.latest_revision_id),
        "approve-comment": comment,
        "approve-confirm": "on",
        "approve-dependency": [f"{key_of(d)}:{d.latest_revision_id}" for d in dependencies],
        **extra,
    }
    return client.post(review_url(obj), data, follow=True)


def key_of(obj):
    from django.contrib.contenttypes.models import ContentType

    return f"{ContentType.objects.get_for_model(type(obj)).pk}:{obj.pk}"


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def records_of(obj):
    return ReviewRecord.objects.filter(
        content_type__model=type(obj)._meta.model_name, object_id=str(obj.pk)
    )


# Drafts an article shows are reviewed with it


def test_submitting_an_article_submits_the_drafts_it_shows(submitted, reference, writer):
    reference = Reference.objects.get(pk=reference.pk)
    state = reference.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == writer
    assert reference.current_workflow_task_state.revision == reference.latest_revision


def test_a_live_dependency_or_one_in_review_already_is_left_alone(
    client, article_index, writer, workflow, doctor
):
    live = ReferenceFactory(title="Already live", approved_by=doctor)
    waiting = draft_reference(writer, title="Already in review")
    workflow.start(waiting, writer)
    page = ArticlePageFactory(
        parent=article_index,
        owner=writer,
        references=[ArticleReference(reference=live), ArticleReference(reference=waiting)],
    )
    submit(client, page, writer)
    assert WorkflowState.objects.for_instance(live).count() == 0
    assert WorkflowState.objects.for_instance(waiting).count() == 1


# What the screen shows


def test_the_screen_shows_preview_claims_changes_dependencies_history_and_decision(
    client, submitted, doctor, reference, claims_word_lists
):
    soup = screen(client, doctor, submitted)
    revision = submitted.latest_revision_id

    iframe = soup.find("iframe")
    assert iframe["src"] == (
        reverse("lifecycle_review_preview", args=["articles", "articlepage", submitted.pk])
        + f"?revision={revision}"
    )
    assert "Claims to check" in text_of(soup, "review-claims")
    assert "Never approved before" in text_of(soup, "review-changes")
    dependencies = text_of(soup, "review-dependencies")
    assert reference.title in dependencies and "Draft, in medical review" in dependencies
    assert "You can approve it with this article" in dependencies
    assert soup.find(id="review-dependencies").find("a", string="Open its review")["href"] == (
        review_url(reference)
    )
    assert "Submitted to “Medical review”" in text_of(soup, "review-history")

    form = soup.find(id="review-approve-form")
    assert form.find("input", {"name": "approve-revision_id"})["value"] == str(revision)
    assert f"I have reviewed the medical content of revision {revision} in full" in (
        form.get_text()
    )
    box = form.find("input", {"name": "approve-dependency"})
    assert box["value"] == f"{key_of(reference)}:{reference.latest_revision_id}"
    assert soup.find(id="review-reject-form") is not None
    assert soup.find(id="approval-refusal") is None


def test_the_preview_shows_the_draft_reference_marked_with_its_review(
    client, submitted, doctor, reference
):
    client.force_login(doctor)
    url = reverse("lifecycle_review_preview", args=["articles", "articlepage", submitted.pk])
    response = client.get(f"{url}?revision={submitted.latest_revision_id}")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    soup = BeautifulSoup(response.content, "html.parser")
    item = soup.find(id="references").find("li")
    assert reference.title in item.get_text()
    state = item.find(class_="review-state")
    assert "Draft, not yet live: Draft, in medical review" in " ".join(state.get_text().split())
    assert state.find("a")["href"] == review_url(reference)
    assert state.find("a")["target"] == "_top"


def test_readers_never_see_a_draft_or_its_review_state(client, submitted, doctor, reference):
    """Once the article and its reference are live, the public page has no review marks;
    and a draft shown by a page stays out of what readers get."""
    client.force_login(doctor)
    approve(client, submitted, [reference])
    client.logout()
    page = ArticlePage.objects.get(pk=submitted.pk)
    response = client.get(page.url)
    assert response.status_code == 200
    assert reference.title in response.content.decode()
    assert b"review-state" not in response.content


def test_the_changes_since_the_last_approval_are_shown_word_by_word(
    client, article_index, writer, doctor, workflow
):
    page = ArticlePageFactory(
        parent=article_index,
        owner=writer,
        title="Iron infusions",
        body=body_from_outline([("paragraph", f"<p>{PARAGRAPH}</p>")]),
        published=True,
        approved_by=doctor,
    )
    approval = records_of(page).get()
    draft = page.get_latest_revision_as_object()
    # The same paragraph, edited in the editor (it keeps its block id).
    [paragraph] = page.body.raw_data
    draft.body = [{**paragraph, "value": f"<p>{EDITED}</p>"}]
    draft.summary = page.summary + " It takes about 15 minutes."
    draft.save_revision(user=writer)
    page = submit(client, page, writer)

    soup = screen(client, doctor, page)
    changes = soup.find(id="review-changes")
    rows = {row.th.get_text(strip=True): row.td for row in changes.find("tbody").find_all("tr")}
    assert set(rows) == {"Summary", "Body"}, "only the reviewed fields that changed"
    assert [s.get_text() for s in rows["Body"].select("span.deletion")] == ["straight ", "."]
    added = " ".join(s.get_text() for s in rows["Body"].select("span.addition"))
    assert "over about 15 minutes" in added
    assert "It takes about 15 minutes." in rows["Summary"].select_one("span.addition").get_text()
    confirm = soup.find(id="review-approve-form").get_text()
    since = f"{approval.created_at:%-d %B %Y}"
    assert (
        f"I have reviewed the medical content of revision {page.latest_revision_id}, "
        f"including its changes since {since}."
    ) in " ".join(confirm.split())


def test_an_added_reference_is_listed_and_untouched_faq_items_are_not(
    client, article_index, writer, doctor, workflow, reference
):
    """The first edit in the admin of content made from raw data (the importer, a factory,
    API v3) keeps its FAQ items' identity, so only what the writer changed is listed."""
    cited = ReferenceFactory(title="Intravenous iron in iron deficiency", approved_by=doctor)
    page = ArticlePageFactory(
        parent=article_index,
        owner=writer,
        body=body_from_outline(
            [
                ("paragraph", f"<p>{PARAGRAPH}</p>"),
                ("faq_section", [("Does it hurt?", "<p>A small scratch.</p>")]),
            ]
        ),
        references=[ArticleReference(reference=cited)],
        published=True,
        approved_by=doctor,
    )
    draft = page.get_latest_revision_as_object()
    draft.references = [*draft.references.all(), ArticleReference(reference=reference)]
    draft.save_revision(user=writer)
    client.force_login(writer)
    data = article_edit_data(draft, **{"action-submit": "1"})
    data["body-0-value"] = data["body-0-value"].replace(PARAGRAPH, EDITED)
    assert client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data).status_code == 302

    changes = screen(client, doctor, page).find(id="review-changes")
    rows = {row.th.get_text(strip=True): row.td for row in changes.find("tbody").find_all("tr")}
    assert set(rows) == {"Body", "Reference"}
    assert "over about 15 minutes" in rows["Body"].select_one("span.addition").get_text()
    unchanged = [e for e in rows["Body"].select(".addition, .deletion") if "hurt" in e.get_text()]
    assert not unchanged, "the FAQ item is as approved"
    [added] = rows["Reference"].select(".comparison__child-object")
    assert "addition" in added["class"]
    assert "Added" in added.get_text() and reference.title in added.get_text()


def test_no_change_to_medical_content_says_so(client, article_index, writer, doctor, workflow):
    page = ArticlePageFactory(parent=article_index, owner=writer, published=True)
    draft = page.get_latest_revision_as_object()
    draft.review_interval_months = 6  # not medical content
    draft.save_revision(user=writer)
    page = submit(client, page, writer)
    changes = text_of(screen(client, doctor, page), "review-changes")
    assert "No change to its medical content" in changes


# Deciding, and what went live


def test_one_sitting_approves_the_article_and_its_draft_reference(
    client, submitted, doctor, reference
):
    mail.outbox.clear()
    client.force_login(doctor)
    response = approve(client, submitted, [reference], comment="Dose and timing are right.")
    assert response.status_code == 200
    [message] = messages_of(response)
    assert message == (
        f"Approved and published: reference “{Reference.objects.get(pk=reference.pk)}”; "
        "article “Iron infusions”."
    )
    article, reference = (
        ArticlePage.objects.get(pk=submitted.pk),
        Reference.objects.get(pk=reference.pk),
    )
    assert article.live and reference.live
    [article_record] = records_of(article)
    [reference_record] = records_of(reference)
    assert article_record.comment == "Dose and timing are right."
    assert reference_record.comment == (
        f"Approved while reviewing “Iron infusions” (revision {article.live_revision_id})."
    )
    assert reference_record.revision == reference.live_revision
    assert article_record.clinician == reference_record.clinician == doctor.clinician
    # The screen now says what is live and that nothing waits.
    soup = BeautifulSoup(response.content, "html.parser")
    assert "not waiting for medical review" in text_of(soup, "review-decision")


def test_approval_leaving_out_a_draft_it_shows_approves_nothing_and_says_why(
    client, submitted, doctor, reference
):
    client.force_login(doctor)
    response = approve(client, submitted, [])
    text = " ".join(response.content.decode().split())
    assert "shows reference" in text and "tick each to approve it with it" in text
    assert not records_of(submitted).exists() and not records_of(reference).exists()
    assert not ArticlePage.objects.get(pk=submitted.pk).live


def test_confirmation_is_required(client, submitted, doctor, reference):
    client.force_login(doctor)
    response = approve(client, submitted, [reference], **{"approve-confirm": ""})
    assert "Confirm that you have reviewed this revision." in response.content.decode()
    assert not ReviewRecord.objects.exists()


def test_approval_of_a_revision_no_longer_under_review_is_refused(
    client, submitted, doctor, writer, reference
):
    shown = submitted.latest_revision_id
    submitted.get_latest_revision_as_object().save_revision(user=writer)  # saved meanwhile
    client.force_login(doctor)
    response = approve(client, submitted, [reference], revision=shown)
    assert any("The content changed after you opened it" in m for m in messages_of(response))
    assert not ReviewRecord.objects.exists(), "the reference's approval is undone too"
    assert not Reference.objects.get(pk=reference.pk).live


def test_request_changes_needs_a_comment_and_the_writer_can_edit_and_resubmit(
    client, submitted, doctor, writer, reference
):
    client.force_login(doctor)
    response = client.post(
        review_url(submitted), {"decision": "reject", "reject-comment": ""}, follow=True
    )
    assert "This field is required." in response.content.decode()
    response = client.post(
        review_url(submitted),
        {"decision": "reject", "reject-comment": "Say how long the drip takes."},
        follow=True,
    )
    assert messages_of(response) == [
        "Changes requested on “Iron infusions”. Its writer has your comment by e-mail and "
        "can edit and resubmit it."
    ]
    state = ArticlePage.objects.get(pk=submitted.pk).current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # The writer opens the editor (not locked), reads the request, edits and resubmits.
    client.force_login(writer)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk]))
    html = " ".join(edit.content.decode().split())
    assert "requested changes" in html and "Say how long the drip takes." in html
    assert "Resubmit to Medical review" in html
    page = ArticlePage.objects.get(pk=submitted.pk).get_latest_revision_as_object()
    data = article_edit_data(page, **{"action-submit": "1"})
    data["body-0-value"] = data["body-0-value"].replace("a drip.", "a drip, over 15 minutes.")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.current_workflow_state == state, "the same workflow, not a new one"
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_task_state.revision == page.latest_revision

    # The doctor sees the change since the last decision and approves it.
    soup = screen(client, doctor, page)
    assert "Changes requested" in text_of(soup, "review-history")
    response = approve(client, page, [reference])
    assert ArticlePage.objects.get(pk=page.pk).live


# The refused user's side


def test_a_writer_sees_the_review_but_cannot_decide(client, submitted, writer, reference):
    soup = screen(client, writer, submitted)
    decision = text_of(soup, "review-decision")
    assert "A clinician of the Medical reviewers group decides here" in decision
    assert soup.find(id="review-approve-form") is None
    response = approve(client, submitted, [reference])
    assert response.status_code == 200
    assert messages_of(response) == [
        "Nothing was approved: only an active registered clinician with a GMC number can "
        "review medical content."
    ]
    response = client.post(
        review_url(submitted), {"decision": "reject", "reject-comment": "No."}, follow=True
    )
    assert messages_of(response)[0].startswith("Nothing was decided: only an active")
    assert not ReviewRecord.objects.exists()
    assert TaskState.objects.get(pk=submitted.current_workflow_task_state.pk).status == (
        TaskState.STATUS_IN_PROGRESS
    )


def test_a_clinician_who_edited_it_is_told_why_and_who_must(
    client, submitted, doctor, second_doctor, reference
):
    draft = submitted.get_latest_revision_as_object()
    draft.summary = "Edited by the doctor."
    draft.save_revision(user=doctor)
    soup = screen(client, doctor, submitted)
    refusal = text_of(soup, "approval-refusal")
    assert "different clinician must approve it" in refusal
    assert "A clinician of the Medical reviewers group who did not write it, not you" in refusal
    assert soup.find(id="review-approve-form") is None
    assert soup.find(id="review-reject-form") is not None, "they may still request changes"
    response = approve(client, submitted, [reference])
    assert (
        "Nothing was approved: You wrote, edited or submitted this content"
        in (messages_of(response)[0])
    )
    assert not ReviewRecord.objects.exists()

    # Another clinician approves both.
    client.force_login(second_doctor)
    approve(client, submitted, [reference])
    assert ArticlePage.objects.get(pk=submitted.pk).live


def test_a_draft_the_clinician_wrote_is_not_theirs_to_approve_and_the_screen_says_who_is(
    client, article_index, writer, doctor, second_doctor, workflow
):
    reference = draft_reference(doctor, title="A review the doctor added")
    page = ArticlePageFactory(
        parent=article_index,
        owner=writer,
        title="Iron infusions",
        references=[ArticleReference(reference=reference)],
    )
    page = submit(client, page, writer)
    soup = screen(client, doctor, page)
    dependencies = text_of(soup, "review-dependencies")
    assert "Not you here: You wrote, edited or submitted this content" in dependencies
    assert "who did not write it, not you or Alex" in dependencies
    assert soup.find("input", {"name": "approve-dependency"}) is None
    response = approve(client, page, [reference])
    assert "can no longer be approved here" in response.content.decode()
    assert not ReviewRecord.objects.exists()


def test_a_user_who_may_not_edit_it_gets_no_review_screen(client, submitted, doctor, groups):
    assert client.get(review_url(submitted)).status_code == 302  # to the login page
    staff = Group.objects.create(name="Reception")
    staff.permissions.add(Permission.objects.get(codename="access_admin"))
    outsider = UserFactory(username="outsider")
    outsider.groups.add(staff)
    client.force_login(outsider)
    # Wagtail's admin answers a refused view by sending them to the dashboard.
    assert client.get(review_url(submitted))["Location"] == reverse("wagtailadmin_home")
    preview = reverse("lifecycle_review_preview", args=["articles", "articlepage", submitted.pk])
    response = client.get(f"{preview}?revision={submitted.latest_revision_id}")
    assert response["Location"] == reverse("wagtailadmin_home")
    client.force_login(doctor)
    assert client.get(reverse("lifecycle_review", args=["cms", "topic", "1"])).status_code == 404
    missing = reverse("lifecycle_review", args=["articles", "articlepage", "999999"])
    assert client.get(missing).status_code == 404


# Ways in


def test_the_editor_header_the_snippet_editor_and_the_dashboard_lead_to_it(
    client, submitted, doctor, reference
):
    client.force_login(doctor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[submitted.pk])).content.decode()
    assert review_url(submitted) in edit
    snippet_edit = client.get(reverse("wagtailsnippets_cms_reference:edit", args=[reference.pk]))
    assert review_url(reference) in snippet_edit.content.decode()
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    links = {a["href"] for a in soup.find(id="lifecycle-clinician-queue-content").find_all("a")}
    assert {review_url(submitted), review_url(reference)} <= links


def test_the_reviewers_e_mail_links_to_the_review_screen(submitted, doctor, settings):
    message = next(m for m in mail.outbox if doctor.email in m.to and "Iron" in m.subject)
    assert f"http://testserver{review_url(submitted)}" in message.body


def test_the_change_request_e_mail_says_changes_requested_on_the_configured_address(
    client, submitted, doctor, writer, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://cms.clinic.example"
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    mail.outbox.clear()
    client.force_login(doctor)
    client.post(
        review_url(submitted),
        {"decision": "reject", "reject-comment": "Say how long the drip takes."},
    )
    [message] = [m for m in mail.outbox if writer.email in m.to]
    for text in (message.subject, message.body, *(c for c, _ in message.alternatives)):
        assert "rejected" not in text.lower()
        assert ":8000" not in text
    assert "Changes requested" in message.subject
    assert "Say how long the drip takes." in message.body
    edit = reverse("wagtailadmin_pages:edit", args=[submitted.pk])
    assert f"https://cms.clinic.example{edit}" in message.body
    assert "Dr Test Doctor (GMC " in message.body
    [(html, _)] = message.alternatives
    assert f'href="https://cms.clinic.example{edit}"' in html and "Say how long" in html


# A reference created from the article's chooser


def test_a_writer_creates_a_draft_reference_from_the_chooser(client, writer, doctor):
    client.force_login(writer)
    chooser = client.get(reverse("wagtailsnippetchoosers_cms_reference:choose"))
    assert "New reference" in chooser.json()["html"]
    create = reverse("wagtailsnippetchoosers_cms_reference:create")
    fields = {
        "authors": "Vaucher P, Druais PL",
        "title": "Intravenous iron for fatigue",
        "journal": "CMAJ",
        "year": "2012",
        "doi": "",
        "pmid": "",
        "url": "",
    }
    refused = client.post(create, fields).json()
    assert refused["step"] == "reshow_creation_form"
    assert "Give at least one of DOI, PubMed ID or URL" in refused["htmlFragment"]
    assert not Reference.objects.exists()

    chosen = client.post(create, {**fields, "doi": "10.1503/cmaj.112124"}).json()
    assert chosen["step"] == "chosen"
    reference = Reference.objects.get(pk=chosen["result"]["id"])
    assert not reference.live, "a draft, reviewed with the article"
    assert reference.latest_revision.user == writer
    assert reference.doi == "10.1503/cmaj.112124"


def test_the_chooser_creates_nothing_for_a_clinician_without_add_permission(client, doctor):
    client.force_login(doctor)
    response = client.post(
        reverse("wagtailsnippetchoosers_cms_reference:create"),
        {"authors": "A B", "title": "T", "journal": "J", "year": "2020", "doi": "10.1/x"},
    )
    assert response.status_code in (302, 403)
    assert not Reference.objects.exists()
