"""End to end, in Chromium, through the Wagtail admin: a writer drafts an article, a doctor
approves it, a frontend reads it from the v2 API. Then the refusals: nobody publishes
medical content without a clinician's approval of that exact text, and a clinician cannot
approve their own edit."""

import json
import re
import urllib.request

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticlePage, ArticleReference
from cms import roles
from cms.factories import ClinicianFactory, UserFactory, WriterProfileFactory
from cms.models import Reference
from review.factories import DisclaimerFactory, ReferenceFactory
from review.models import ReviewRecord
from review.setup import ensure_medical_review_workflow
from tests.e2e.conftest import login
from tests.e2e.editor import (
    action_names,
    add_block,
    approve_with_comment,
    choose_snippet,
    close_menu,
    in_queue,
    open_action_menu,
    open_approval,
    open_review,
    open_tab,
    queue_row,
    review_queue,
    row_actions,
    save_draft,
    settle_autosave,
    submit_for_review,
    type_rich_text,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Iron infusions for tiredness"
SUMMARY = "What an iron infusion is, who it may help and what to expect on the day."
HEADING = "What an iron infusion is"
PARAGRAPH = "An iron infusion puts iron straight into a vein through a drip."
STEP_TITLE = "Blood test first"
STEP_TEXT = "A doctor checks your ferritin level before offering an infusion."
QUESTION = "Does an iron infusion hurt?"
ANSWER = "You may feel a small scratch when the cannula goes in."
DOI = "10.1136/bmj.k4321"
REFERENCE_TITLE = "Intravenous iron for fatigue in non-anaemic iron deficiency"
DISCLAIMER = "Not a substitute for medical advice"
DOCTOR = {"name": "Dr Amelia Hart", "gmc_number": "7012345", "specialty": "Haematology"}
SECOND_DOCTOR = {"name": "Dr Omar Said", "gmc_number": "7054321", "specialty": "General practice"}

# axe-core impacts that fail the build; "moderate" and "minor" are reported, not failed.
BLOCKING_IMPACTS = {"serious", "critical"}


# People and the medical library


def member(groups, group, username, first_name, last_name):
    user = UserFactory(username=username, first_name=first_name, last_name=last_name)
    user.groups.add(groups[group])
    return user


@pytest.fixture
def workflow(groups):
    return ensure_medical_review_workflow()


@pytest.fixture
def writer(groups):
    user = member(groups, roles.WRITERS, "writer", "Sam", "Writer")
    WriterProfileFactory(name="Sam Writer", user=user)
    return user


@pytest.fixture
def second_writer(groups):
    user = member(groups, roles.WRITERS, "writer2", "Robin", "Lee")
    WriterProfileFactory(name="Robin Lee", user=user)
    return user


@pytest.fixture
def doctor(groups):
    user = member(groups, roles.MEDICAL_REVIEWERS, "doctor", "Amelia", "Hart")
    ClinicianFactory(user=user, **DOCTOR)
    return user


@pytest.fixture
def second_doctor(groups):
    user = member(groups, roles.MEDICAL_REVIEWERS, "doctor2", "Omar", "Said")
    ClinicianFactory(user=user, **SECOND_DOCTOR)
    return user


@pytest.fixture
def library(doctor):
    """Approved, live library entries: the disclaimer every medical page needs, a
    reference with a DOI and one without (the writer must pick the right one)."""
    return {
        "disclaimer": DisclaimerFactory(
            title=DISCLAIMER, required_for_all=True, approved_by=doctor
        ),
        "reference": ReferenceFactory(
            authors="Vaucher P, Druais PL, Waldvogel S, Favrat B",
            title=REFERENCE_TITLE,
            journal="CMAJ",
            year=2012,
            doi=DOI,
            approved_by=doctor,
        ),
        "reference_without_doi": ReferenceFactory(
            title="Iron deficiency: NICE clinical knowledge summary",
            journal="NICE",
            year=2024,
            doi="",
            url="https://cks.nice.org.uk/topics/anaemia-iron-deficiency/",
            approved_by=doctor,
        ),
    }


@pytest.fixture
def live_article(article_index, writer, doctor, library, workflow):
    """An article published through an approval by Dr Hart, as the journey leaves it."""
    return ArticlePageFactory(
        parent=article_index,
        owner=writer,
        title=TITLE,
        slug="iron-infusions-for-tiredness",
        summary=SUMMARY,
        body=body_from_outline(
            [
                ("heading", HEADING),
                ("paragraph", f"<p>{PARAGRAPH}</p>"),
                ("faq_section", [(QUESTION, f"<p>{ANSWER}</p>")]),
            ]
        ),
        references=[ArticleReference(reference=library["reference"])],
        published=True,
        approved_by=doctor,
    )


# Reading what is public


def open_public_article(new_page, path):
    """The article as an anonymous visitor sees it (no session, no preview)."""
    page = new_page()
    response = page.goto(path)
    assert response.status == 200, f"GET {path} -> {response.status}"
    expect(page.locator("h1")).to_be_visible()
    return page


def api_pages(live_server):
    url = f"{live_server.url}/api/v2/pages/?type=articles.ArticlePage&fields=*"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return json.load(response)


def api_article(live_server, title):
    items = [item for item in api_pages(live_server)["items"] if item["title"] == title]
    assert len(items) == 1, f"{title!r} is not (only once) in the v2 API"
    return items[0]


def assert_accessible(page, name, artifacts):
    """axe-core on the rendered article: no serious or critical violations. The Wagtail
    userbar (admin chrome injected for signed-in users) is Wagtail's, not ours."""
    results = Axe().run(page, context={"exclude": [["wagtail-userbar"]]})
    violations = results.response["violations"]
    (artifacts.folder / f"axe-{name}.json").write_text(json.dumps(violations, indent=2))
    blocking = [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"axe-core on the {name}:\n" + "\n".join(blocking)


# The journey


def test_writer_drafts_doctor_approves_frontend_reads(
    new_page, artifacts, live_server, article_index, writer, doctor, library, workflow
):
    # 1. The writer drafts the article in the editor.
    page = login(new_page(), writer)
    page.goto(f"/admin/pages/add/articles/articlepage/{article_index.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill(SUMMARY)
    page.locator("#id_authors-0-author").select_option(label="Sam Writer")

    body = page.locator("#body-root")
    add_block(page, body, "Heading")
    page.locator("#body-0-value-text").fill(HEADING)
    add_block(page, body, "Paragraph")
    type_rich_text(page, "body-1-value", PARAGRAPH)
    add_block(page, body, "Numbered list")
    page.locator("#body-2-value-0-value-title").fill(STEP_TITLE)
    type_rich_text(page, "body-2-value-0-value-text", STEP_TEXT)
    add_block(page, body, "FAQ section")
    faq_items = page.locator("[data-contentpath=items]").filter(
        has=page.locator("input[name='body-3-value-items-count']")
    )
    add_block(page, faq_items, "Question and answer")
    page.locator("#body-3-value-items-0-value-question").fill(QUESTION)
    type_rich_text(page, "body-3-value-items-0-value-answer", ANSWER)
    artifacts.screenshot(page, "writer-content")

    open_tab(page, "References")
    page.get_by_role("button", name="Add Reference").click()
    choose_snippet(page, "id_references-0-reference", "Choose reference", REFERENCE_TITLE)
    expect(page.locator("#tab-references")).to_contain_text(REFERENCE_TITLE)
    open_tab(page, "Disclaimers")
    page.get_by_role("button", name="Add Disclaimer").click()
    choose_snippet(page, "id_disclaimers-0-disclaimer", "Choose disclaimer", DISCLAIMER)
    expect(page.locator("#tab-disclaimers")).to_contain_text(DISCLAIMER)

    settle_autosave(page)
    page.get_by_role("button", name="Save draft", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(re.compile("has been (created|updated)"))
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    article = ArticlePage.objects.get(title=TITLE)
    assert not article.live
    draft = article.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == [
        "heading",
        "paragraph",
        "numbered_list",
        "faq_section",
    ]
    assert [r.reference.doi for r in draft.references.all()] == [DOI]
    assert [d.disclaimer.title for d in draft.disclaimers.all()] == [DISCLAIMER]
    artifacts.screenshot(page, "writer-draft-saved")

    # 2. The writer submits it for medical review, and has no way to publish or approve.
    menu = open_action_menu(page)
    actions = action_names(menu)
    assert "Submit to Medical review" in actions
    assert not [a for a in actions if "Publish" in a], actions
    artifacts.screenshot(page, "writer-action-menu")
    close_menu(page, menu)
    submit_for_review(page)
    artifacts.screenshot(page, "writer-submitted")

    page.goto(f"/admin/pages/{article.pk}/edit/")
    menu = open_action_menu(page)
    actions = action_names(menu)
    assert not [a for a in actions if "Publish" in a or "Approve" in a], actions
    close_menu(page, menu)
    page.goto("/admin/")
    in_workflow = page.get_by_role("heading", name="Your pages and snippets in a workflow")
    expect(in_workflow).to_be_visible()
    expect(review_queue(page)).to_have_count(0)
    # No approve action anywhere on the writer's dashboard, not even in a closed menu.
    expect(page.locator("[data-workflow-action-url*='/approve/']")).to_have_count(0)
    artifacts.screenshot(page, "writer-dashboard-no-approve")

    # 3. The doctor finds it in their review queue, previews it and approves it.
    page = login(new_page(), doctor)
    row = queue_row(page, TITLE)
    expect(row).to_contain_text("Sam Writer")
    artifacts.screenshot(page, "doctor-review-queue")
    menu = row_actions(row)
    with page.context.expect_page() as new_tab:
        menu.get_by_role("link", name="Preview").click()
    preview = new_tab.value
    preview.wait_for_load_state()
    expect(preview.locator("h1")).to_have_text(TITLE)
    article_body = preview.locator("article")
    for text in (HEADING, PARAGRAPH, STEP_TEXT, QUESTION, ANSWER):
        expect(article_body).to_contain_text(text)
    expect(preview.locator("#references")).to_contain_text(REFERENCE_TITLE)
    expect(preview.locator("#references")).to_contain_text(f"doi:{DOI}")
    expect(article_body).to_contain_text(DISCLAIMER)
    expect(preview.locator("#medical-review")).to_contain_text("Awaiting medical review")
    artifacts.screenshot(preview, "doctor-review-preview")
    assert_accessible(preview, "preview", artifacts)
    preview.close()

    comment = "Checked against the CMAJ trial; wording is accurate."
    approve_with_comment(page, TITLE, comment)
    expect(in_queue(page, TITLE)).to_have_count(0)
    artifacts.screenshot(page, "doctor-approved")

    # 4. The article is live: on the public site and in the v2 API.
    article.refresh_from_db()
    assert article.live and article.reviewed_by.user == doctor
    record = ReviewRecord.objects.get(
        content_type__model="articlepage", object_id=str(article.pk), outcome="approved"
    )
    assert (record.clinician.user, record.comment) == (doctor, comment)
    assert record.revision == article.live_revision

    public = open_public_article(new_page, f"/articles/{article.slug}/")
    expect(public.locator("article")).to_contain_text(PARAGRAPH)
    expect(public.locator("#references")).to_contain_text(DOI)
    expect(public.locator("#medical-review")).to_contain_text(
        f"Medically reviewed by {DOCTOR['name']}, {DOCTOR['specialty']} "
        f"(GMC {DOCTOR['gmc_number']})"
    )
    artifacts.screenshot(public, "public-article")
    assert_accessible(public, "public-article", artifacts)

    public.goto("/api/v2/pages/?type=articles.ArticlePage&fields=*")
    expect(public.get_by_text(TITLE).first).to_be_visible()
    artifacts.screenshot(public, "api-response")
    public.goto(
        "/api/v2/pages/?type=articles.ArticlePage&fields=references,faqs,disclaimers,medical_review"
    )
    expect(public.get_by_text(DOCTOR["gmc_number"]).first).to_be_visible()
    artifacts.screenshot(public, "api-medical-fields")

    item = api_article(live_server, TITLE)
    for field in ("references", "faqs", "disclaimers", "medical_review"):
        assert field in item, f"the v2 API has no {field!r} for articles: {sorted(item)}"
    assert DOI in [reference["doi"] for reference in item["references"]]
    assert QUESTION in [faq["question"] for faq in item["faqs"]]
    assert DISCLAIMER in [disclaimer["title"] for disclaimer in item["disclaimers"]]
    reviewer = item["medical_review"]["reviewed_by"]
    assert (reviewer["name"], reviewer["gmc_number"]) == (DOCTOR["name"], DOCTOR["gmc_number"])


# The refusals


def test_a_second_writers_edit_is_not_live_until_a_doctor_approves_it(
    new_page, artifacts, live_server, live_article, second_writer, doctor
):
    edited = "An iron infusion puts iron straight into a vein, usually over 15 to 30 minutes."

    page = login(new_page(), second_writer)
    page.goto(f"/admin/pages/{live_article.pk}/edit/")
    type_rich_text(page, "body-1-value", edited, replace=True)
    save_draft(page)
    artifacts.screenshot(page, "second-writer-draft-saved")

    public = open_public_article(new_page, f"/articles/{live_article.slug}/")
    expect(public.locator("article")).to_contain_text(PARAGRAPH)
    expect(public.locator("article")).not_to_contain_text(edited)

    menu = open_action_menu(page)
    assert not [a for a in action_names(menu) if "Publish" in a or "Approve" in a]
    close_menu(page, menu)
    submit_for_review(page)
    artifacts.screenshot(page, "second-writer-submitted")

    public.reload()
    expect(public.locator("article")).to_contain_text(PARAGRAPH)
    expect(public.locator("article")).not_to_contain_text(edited)
    artifacts.screenshot(public, "public-still-old-text")
    assert PARAGRAPH in json.dumps(api_article(live_server, TITLE)["body"])

    doctor_page = login(new_page(), doctor)
    expect(queue_row(doctor_page, TITLE)).to_contain_text("Robin Lee")
    approve_with_comment(doctor_page, TITLE, "The infusion time is right.")
    expect(in_queue(doctor_page, TITLE)).to_have_count(0)

    public.reload()
    expect(public.locator("article")).to_contain_text(edited)
    expect(public.locator("article")).not_to_contain_text(PARAGRAPH)
    artifacts.screenshot(public, "public-new-text-after-approval")
    body = json.dumps(api_article(live_server, TITLE)["body"])
    assert "15 to 30 minutes" in body and PARAGRAPH not in body


def test_a_doctor_cannot_approve_their_own_edit(
    new_page, artifacts, live_server, live_article, writer, doctor, second_doctor, workflow
):
    # The writer has submitted the article for review again.
    live_article.save_revision(user=writer)
    workflow.start(live_article, writer)
    doctors_wording = "Iron goes straight into a vein through a drip, in the clinic."

    # The doctor opens it from their queue, rewrites a sentence and saves: the review
    # restarts on the doctor's revision.
    page = login(new_page(), doctor)
    row = queue_row(page, TITLE)
    menu = row_actions(row)
    assert "Approve" in action_names(menu), "before editing, the doctor may approve"
    close_menu(page, menu)
    page.goto(f"/admin/pages/{live_article.pk}/edit/")
    type_rich_text(page, "body-1-value", doctors_wording, replace=True)
    save_draft(page)
    artifacts.screenshot(page, "doctor-edited")

    # Approve now says exactly why it is not theirs to give, and offers no way to confirm.
    menu = open_action_menu(page)
    actions = action_names(menu)
    assert "Request changes" in actions
    assert not [a for a in actions if "Publish" in a], actions
    close_menu(page, menu)
    page.goto(f"{live_server.url}/admin/")
    modal = open_approval(page, TITLE)
    expect(modal.locator("#approval-refusal")).to_contain_text("different clinician")
    expect(modal.get_by_label(re.compile("I have reviewed"))).to_have_count(0)
    artifacts.screenshot(page, "doctor-told-why-not")
    page.keyboard.press("Escape")

    row = queue_row(page, TITLE)
    menu = row_actions(row)

    # Posting the approval anyway is refused, and nothing goes live.
    reject_url = menu.get_by_role("button", name="Request changes").get_attribute(
        "data-workflow-action-url"
    )
    approve_url = reject_url.replace("/reject/", "/approve/")
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    response = page.request.post(
        approve_url,
        form={
            "csrfmiddlewaretoken": token,
            "comment": "My own edit.",
            "revision_id": str(ArticlePage.objects.get(pk=live_article.pk).latest_revision_id),
            "confirm": "on",
        },
        headers={"Referer": f"{live_server.url}/admin/"},
        max_redirects=0,
    )
    # Wagtail's admin answers a refused action by redirecting with an error message.
    assert response.status == 302, response.status
    page.goto(response.headers["location"])
    expect(page.locator(".messages")).to_contain_text("a different clinician must approve it")
    artifacts.screenshot(page, "doctor-forced-approval-refused")
    public = open_public_article(new_page, f"/articles/{live_article.slug}/")
    expect(public.locator("article")).to_contain_text(PARAGRAPH)
    expect(public.locator("article")).not_to_contain_text(doctors_wording)

    # Another doctor approves it. They preview the latest revision, Dr Hart's, so that is
    # the one their approval covers and publishes (review.gate.take_review_action).
    other = login(new_page(), second_doctor)
    approve_with_comment(other, TITLE, "Dr Hart's rewording is accurate.")
    expect(in_queue(other, TITLE)).to_have_count(0)
    public.reload()
    expect(public.locator("article")).to_contain_text(doctors_wording)
    expect(public.locator("#medical-review")).to_contain_text(SECOND_DOCTOR["name"])
    artifacts.screenshot(public, "public-after-second-doctor")


# The clinician's review screen


UPDATED_PARAGRAPH = (
    "An iron infusion puts iron into a vein through a drip over about 15 minutes. "
    "Most people notice a difference within a week."
)
NEW_REFERENCE_TITLE = "Ferric carboxymaltose and fatigue: a randomised trial"


def test_a_doctor_reviews_an_update_on_one_screen_and_the_writer_fixes_what_was_asked(
    new_page, artifacts, live_server, live_article, writer, doctor, claims_word_lists
):
    """An update to a live article: the doctor sees what changed word by word, the claim
    it added and the draft reference it shows, is told why they cannot approve yet, asks
    for a citation; the writer adds it without help; the doctor approves both in one
    sitting, with one confirmation, and is told what went live."""
    ReferenceFactory(
        title=NEW_REFERENCE_TITLE,
        journal="BMJ Open",
        year=2021,
        doi="10.1136/bmjopen-2021-1",
        published=False,
    )

    approvals = ReviewRecord.objects.filter(outcome="approved", clinician__user=doctor)
    approved_before = approvals.count()

    # The writer rewrites the paragraph, cites the new draft reference and submits.
    page = login(new_page(), writer)
    page.goto(f"/admin/pages/{live_article.pk}/edit/")
    type_rich_text(page, "body-1-value", UPDATED_PARAGRAPH, replace=True)
    open_tab(page, "References")
    page.get_by_role("button", name="Add Reference").click()
    choose_snippet(page, "id_references-1-reference", "Choose reference", NEW_REFERENCE_TITLE)
    submit_for_review(page)

    # The doctor opens the review from their queue: everything is on one screen.
    doctor_page = login(new_page(), doctor)
    open_review(doctor_page, TITLE)
    expect(doctor_page.locator("h1")).to_contain_text(TITLE)
    changes = doctor_page.locator("#review-changes")
    expect(changes.locator(".deletion").first).to_be_visible()
    expect(changes.locator(".addition").filter(has_text="15 minutes")).to_have_count(1)
    expect(changes).to_contain_text("within a week")
    changes.scroll_into_view_if_needed()
    artifacts.screenshot(doctor_page, "review-screen-changes")
    claims = doctor_page.locator("#review-claims")
    expect(claims.locator(".lifecycle-claim--unresolved")).to_contain_text(
        "Most people notice a difference within a week."
    )
    dependencies = doctor_page.locator("#review-dependencies")
    expect(dependencies).to_contain_text(NEW_REFERENCE_TITLE)
    expect(dependencies).to_contain_text("Draft, in medical review")
    expect(doctor_page.frame_locator("iframe").locator("#references")).to_contain_text(
        NEW_REFERENCE_TITLE
    )
    refusal = doctor_page.locator("#approval-refusal")
    expect(refusal).to_contain_text("You cannot approve revision")
    expect(refusal).to_contain_text("within a week")
    expect(doctor_page.locator("#review-approve-form")).to_have_count(0)
    artifacts.screenshot(doctor_page, "review-screen-blocked")

    request = doctor_page.locator("#review-reject-form")
    request.get_by_label("Comment").fill("Cite the trial for the week, as [2].")
    request.get_by_role("button", name="Request changes").click()
    expect(doctor_page.locator(".messages")).to_contain_text("Changes requested on")

    # The writer reads the request in the editor, cites the reference and resubmits.
    page.goto(f"/admin/pages/{live_article.pk}/edit/")
    expect(page.locator("main")).to_contain_text("Cite the trial for the week, as [2].")
    type_rich_text(page, "body-1-value", UPDATED_PARAGRAPH[:-1] + " [2].", replace=True)
    settle_autosave(page)
    menu = open_action_menu(page)
    menu.get_by_role("button", name="Resubmit to Medical review").click()
    expect(page.locator(".messages")).to_contain_text("has been submitted for moderation")

    # The doctor approves the article and its reference together, with one confirmation.
    open_review(doctor_page, TITLE)
    expect(doctor_page.locator("#approval-refusal")).to_have_count(0)
    expect(doctor_page.locator("#review-history")).to_contain_text("Cite the trial")
    form = doctor_page.locator("#review-approve-form")
    form.get_by_label(re.compile(f"Approve reference “[^”]*{NEW_REFERENCE_TITLE}” too")).check()
    form.get_by_label("Comment").fill("The trial supports the week.")
    form.get_by_label(
        re.compile("I have reviewed the medical content of revision \\d+, including")
    ).check()
    artifacts.screenshot(doctor_page, "review-screen-approving")
    form.get_by_role("button", name="Approve and publish").click()
    expect(doctor_page.locator(".messages")).to_contain_text(
        re.compile(
            f"Approved and published: reference “[^”]*{NEW_REFERENCE_TITLE}”; article “{TITLE}”."
        )
    )

    public = open_public_article(new_page, f"/articles/{live_article.slug}/")
    expect(public.locator("article")).to_contain_text("within a week [2]")
    expect(public.locator("#references")).to_contain_text(NEW_REFERENCE_TITLE)
    # One sitting, two review records: the article's revision and the reference's.
    assert approvals.count() == approved_before + 2
    assert {r.revision_id for r in approvals.order_by("-pk")[:2]} == {
        ArticlePage.objects.get(pk=live_article.pk).live_revision_id,
        Reference.objects.get(title=NEW_REFERENCE_TITLE).live_revision_id,
    }
