"""``manage.py import_articles``: the clinic's old blog posts become structured draft articles,
never published, safe to import twice, one file at a time, as a user who may add them. An
imported study mention is an unverified reference, and a clinician may not approve a page
that cites one."""

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from wagtail.models import Revision

from articles.models import ArticleImport, ArticlePage
from cms.factories import WriterProfileFactory
from cms.models import Disclaimer, Reference, WriterProfile
from home.demo_content import DISCLAIMERS
from review.factories import DisclaimerFactory
from review.gate import MedicalReviewRequired, approve_revision
from review.setup import ensure_medical_review_workflow
from tests.admin_forms import approval_modal, article_edit_data

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "import"
# A post in the shape of the clinic's old blog, with its debris (tests/data/posts/).
SEED = Path(__file__).parent / "data" / "posts" / "iron-infusions-post-viral-fatigue.txt"
HTML_ARTICLE = DATA / "vitamin-d-winter.html"
MARKDOWN_ARTICLE = DATA / "blood-tests-for-tiredness.md"

SEED_TITLE = "Can Iron Infusions Help Treat Post-Viral Fatigue?"
SEED_SECTIONS = [
    "What is Post-Viral Fatigue?",
    "Why Iron Matters for People with Post-Viral Fatigue",
    "How an Iron Infusion Is Given",
    "Why IV Iron Can Work Faster Than Tablets",
    "Top 5 Reasons Why Iron Infusions May Help with Post-Viral Fatigue",
    "What Does the Research Say?",
    "Patient Stories",
    "Tips for Patients Thinking About an Iron Infusion",
]
SEED_REASONS = [
    "Improves Oxygen Supply to Muscles",
    "Supports Daily Energy",
    "Reduces Breathlessness on Exertion",
    "Avoids the Stomach Upset of Tablets",
    "Quick and Long-Lasting Relief",
]
SEED_QUESTIONS = [
    "What is an iron infusion, and how might it help with post-viral fatigue?",
    "Are iron infusions safe?",
    "How soon will I notice a difference after an iron infusion?",
    "How long does the effect of an iron infusion last?",
    "Can I have an iron infusion in Manchester?",
]
DEMO_DISCLAIMERS = {d["title"]: d for d in DISCLAIMERS}


@pytest.fixture(autouse=True)
def word_lists(claims_word_lists):
    """Every test here reads the claims checker's word lists."""


def run_import(*paths, user="writer", **options):
    """The command's stdout and stderr; a CommandError carries them as `.output`."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import_articles", *map(str, paths), user=user, stdout=out, stderr=err, **options
        )
    except CommandError as error:
        error.output = out.getvalue() + err.getvalue()
        raise
    return out.getvalue(), err.getvalue()


def draft(title):
    return ArticlePage.objects.get(title=title).get_latest_revision_as_object()


def blocks(page, block_type):
    return [block.value for block in page.body if block.block_type == block_type]


def body_text(page):
    return json.dumps(page.body.get_prep_value(), ensure_ascii=False)


def demo_disclaimer(title, **kwargs):
    spec = DEMO_DISCLAIMERS[title]
    return DisclaimerFactory(title=title, kind=spec["kind"], text=spec["text"], **kwargs)


# The seed article


@pytest.fixture
def seed_page(article_index, writer):
    run_import(SEED)
    return draft(SEED_TITLE)


def test_the_seed_becomes_one_draft_article_under_the_index(seed_page, article_index, writer):
    page = ArticlePage.objects.get()
    assert page.get_parent().pk == article_index.pk
    assert (page.live, page.first_published_at, page.owner) == (False, None, writer)
    assert page.slug == "can-iron-infusions-help-treat-post-viral-fatigue"
    assert Revision.objects.for_instance(page).get().user == writer
    assert seed_page.summary == ""  # the post has no excerpt; its first paragraph opens the body
    assert not ArticlePage.objects.live().exists()


def test_the_seed_sections_are_headings(seed_page):
    assert [h["text"] for h in blocks(seed_page, "heading")] == SEED_SECTIONS
    assert {h["level"] for h in blocks(seed_page, "heading")} == {"h2"}
    first = seed_page.body[0]
    assert first.block_type == "paragraph"
    assert first.value.source.startswith("<p>Post-viral fatigue is a lasting tiredness")


def test_the_five_reasons_are_a_numbered_list(seed_page):
    reasons = blocks(seed_page, "numbered_list")[0]
    assert [item["title"] for item in reasons] == SEED_REASONS
    assert reasons[0]["text"].source.startswith("<p>Haemoglobin needs iron to carry oxygen")
    assert all("•" not in item["text"].source for item in reasons)
    tips = blocks(seed_page, "bulleted_list")[0]
    assert [item["title"] for item in tips][:2] == [
        "See a Doctor First",
        "Have Your Bloods Checked",
    ]
    assert tips[0]["text"].source.startswith("<p>Talk to a doctor about your symptoms")


def test_the_faq_section_has_five_questions_and_answers(seed_page):
    [section] = blocks(seed_page, "faq_section")
    assert section["heading"] == "FAQs about Iron Infusions and Post-Viral Fatigue"
    items = [child.value for child in section["items"]]
    assert [item["question"] for item in items] == SEED_QUESTIONS
    assert items[1]["answer"].source.startswith("<p>Yes, iron infusions are widely regarded")
    assert all(item["answer"].source.startswith("<p>") for item in items)


def test_the_study_mentions_are_two_unverified_draft_references(seed_page):
    references = [item.reference for item in seed_page.references.all()]
    assert [(r.year, r.journal) for r in references] == [
        (2019, "Journal of Internal Medicine"),
        (2015, ""),
    ]
    first, second = references
    assert first.title == (
        "Fatigue improved after iron treatment in women with low ferritin who were not anaemic"
    )
    assert first.source_text.startswith(
        "A 2019 study published in the Journal of Internal Medicine found that"
    )
    assert second.source_text.startswith("A 2015 study showed that people recovering")
    for reference in references:
        assert not reference.is_verified and not reference.live
        assert reference.latest_revision is not None
    # The general "studies have shown…" names no study: it is a claim, not a reference.
    assert Reference.objects.count() == 2


def test_the_disclaimer_is_attached_as_a_new_draft_with_the_required_ones(
    article_index, writer, required_disclaimer
):
    demo_disclaimer("Treatment claims")  # too different from the seed's to match
    run_import(SEED)
    page = draft(SEED_TITLE)
    imported, required = [item.disclaimer for item in page.disclaimers.all()]
    assert imported.text == (
        "<p>We do not claim that iron infusions treat or cure post-viral fatigue. The evidence "
        "is still limited, and you should speak to a medical professional before starting any "
        "treatment.</p>"
    )
    assert (imported.live, imported.kind) == (False, Disclaimer.Kind.TREATMENT_CLAIMS)
    assert imported.latest_revision is not None
    assert required == required_disclaimer


def test_the_call_to_action_is_a_cta_block(seed_page):
    last = seed_page.body[-1]
    assert last.block_type == "call_to_action"
    assert last.value["text"].startswith("If you are still tired months after an infection")
    assert last.value["heading"] == "Book a consultation"
    paragraphs = " ".join(p.source for p in blocks(seed_page, "paragraph"))
    assert "book a consultation" not in paragraphs


def test_the_blog_debris_is_dropped(seed_page):
    text = body_text(seed_page) + seed_page.title + seed_page.summary
    for debris in ("top of page", "bottom of page", "see all", "recent posts", "view", "comment"):
        assert debris not in text.lower(), debris
    assert "Comentários" not in text
    assert not re.search(r"(?i)\bsearch\b", text)
    assert "Disclaimer" not in text and "Daniel Okafor" not in text


def test_the_summary_lists_each_articles_claims(article_index, writer):
    out, _ = run_import(SEED)
    assert out.startswith("Imported 1, skipped 0 (0 duplicate), failed 0.")
    assert f"iron-infusions-post-viral-fatigue.txt: “{SEED_TITLE}”" in out
    assert "references: 2, 2 unverified" in out
    assert "disclaimer: new draft “Treatment claims and evidence”" in out
    flagged = int(re.search(r"claims flagged: (\d+)", out).group(1))
    assert flagged >= 10
    assert len(re.findall(r"^    - “", out, re.M)) == flagged
    assert (
        "- “Yes, iron infusions are widely regarded as safe and effective.”: "
        "“safe and effective”" in out
    )
    assert "citation without DOI, PMID or URL" in out
    assert "no summary: the post has no excerpt (meta description)" in out


# The byline


def test_the_byline_matches_an_existing_writer_profile(article_index, writer):
    profile = WriterProfileFactory(name="Daniel Okafor")
    run_import(SEED)
    assert [a.author for a in draft(SEED_TITLE).authors.all()] == [profile]


def test_a_new_byline_is_created_by_an_editor_and_reported_to_a_writer(
    article_index, writer, editor
):
    out, _ = run_import(SEED)
    assert not draft(SEED_TITLE).authors.exists()
    assert "byline “Daniel Okafor” has no writer profile and writer may not add one" in out
    assert "asked 1 to add it" in out
    assert not WriterProfile.objects.filter(name="Daniel Okafor").exists()
    [request] = mail.outbox
    assert request.to == [editor.email] and "Daniel Okafor" in request.subject
    assert "/admin/cms/writerprofile/create/" in request.body and SEED_TITLE in request.body

    run_import(HTML_ARTICLE, user="editor")
    page = draft("Vitamin D in Winter: Who Needs a Supplement?")
    [author] = [a.author for a in page.authors.all()]
    assert (author.name, author.credentials) == ("Dr Priya Shah", "MRCGP")


# The summary


def test_a_draft_imported_without_a_summary_saves_but_is_not_sent_for_review_without_one(
    client, article_index, writer
):
    """The post had no excerpt: the writer writes the standfirst rather than reading the
    first paragraph twice, and review does not start until they have."""
    WriterProfileFactory(name="Daniel Okafor")
    ensure_medical_review_workflow()
    run_import(SEED)
    page = draft(SEED_TITLE)
    assert page.summary == ""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(writer)

    response = client.post(url, article_edit_data(page, **{"action-submit": "1"}))
    assert response.status_code == 200
    assert "summary" in response.context["form"].errors
    assert not ArticlePage.objects.get(pk=page.pk).workflow_in_progress

    assert client.post(url, article_edit_data(page)).status_code == 302  # Save draft
    data = article_edit_data(page, summary="How iron infusions may help.", **{"action-submit": "1"})
    assert client.post(url, data).status_code == 302
    assert ArticlePage.objects.get(pk=page.pk).workflow_in_progress


# HTML and Markdown


def test_an_html_article_imports_with_its_structure(article_index, writer):
    treatment = demo_disclaimer("Treatment claims")
    out, _ = run_import(HTML_ARTICLE)
    page = draft("Vitamin D in Winter: Who Needs a Supplement?")
    assert page.summary == (
        "Sunlight is weak in a UK winter. Here is who may need vitamin D and how much."
    )
    assert [h["text"] for h in blocks(page, "heading")] == [
        "What Vitamin D Does",
        "Four Groups at Higher Risk",
        "What the Evidence Shows",
    ]
    paragraphs = [p.source for p in blocks(page, "paragraph")]
    assert "<b>calcium</b> and <i>phosphate</i>" in paragraphs[2]
    assert (
        '<a href="https://www.nhs.uk/conditions/vitamins-and-minerals/vitamin-d/">'
        in (paragraphs[2])
    )
    groups = blocks(page, "numbered_list")[0]
    assert [item["title"] for item in groups] == [
        "People who stay indoors",
        "People with darker skin",
        "Babies and young children",
        "People who cover their skin",
    ]
    assert groups[0]["text"].source == (
        "<p>Care home residents and anyone housebound get little sunlight all year.</p>"
    )
    assert blocks(page, "quote")[0]["text"].startswith("Most people can get enough vitamin D")
    [faq] = blocks(page, "faq_section")
    items = [child.value for child in faq["items"]]
    assert [item["question"] for item in items] == [
        "How much should I take?",
        "Can I take too much?",
        "Do I need a blood test first?",
    ]
    assert items[1]["answer"].source.count("<p>") == 2

    references = [item.reference for item in page.references.all()]
    assert [(r.year, r.journal, r.authors) for r in references] == [
        (2019, "The Lancet Diabetes and Endocrinology", ""),
        (2021, "", "Garcia et al"),
    ]
    assert references[1].title == "Winter levels were lowest in people who worked night shifts"

    cta = page.body[-1]
    assert cta.block_type == "call_to_action"
    assert cta.value["heading"] == "Book a Vitamin D Check"
    assert cta.value["text"].startswith("If you are unsure whether you need a supplement")

    assert [item.disclaimer for item in page.disclaimers.all()] == [treatment]
    assert "disclaimer: matched “Treatment claims” (9" in out
    assert Disclaimer.objects.count() == 1

    text = body_text(page)
    for debris in ("Search", "min read", "Nov 12", "12 views", "Recent Posts", "Another post"):
        assert debris not in text, debris
    assert "Home" not in text and "top of page" not in text and "bottom of page" not in text


def test_a_markdown_article_imports_with_its_structure(article_index, editor):
    advice = demo_disclaimer("Not a substitute for medical advice")
    out, _ = run_import(MARKDOWN_ARTICLE, user="editor")
    page = draft("Blood Tests for Tiredness: What We Check and Why")
    assert [a.author.name for a in page.authors.all()] == ["Tom Reed"]
    assert page.summary == ""
    assert [h["text"] for h in blocks(page, "heading")] == [
        "The Usual Tests",
        "Before Your Appointment",
    ]
    tests = blocks(page, "numbered_list")[0]
    assert [item["title"] for item in tests] == [
        "Full blood count",
        "Ferritin",
        "Thyroid function",
    ]
    assert tests[0]["text"].source == "<p>Looks for anaemia and signs of infection.</p>"
    assert len(blocks(page, "bulleted_list")[0]) == 3
    [faq] = blocks(page, "faq_section")
    assert [child.value["question"] for child in faq["items"]] == [
        "Do the tests hurt?",
        "When will I get my results?",
    ]
    assert page.body[-1].block_type == "call_to_action"
    assert page.body[-1].value["text"] == (
        "Contact us to arrange your blood tests at a time that suits you."
    )
    assert [item.disclaimer for item in page.disclaimers.all()] == [advice]
    assert "(100% similar)" in out
    assert not page.references.exists()


# Idempotence


def test_importing_the_same_article_twice_keeps_one_draft(article_index, writer, tmp_path):
    run_import(SEED)
    page = ArticlePage.objects.get()
    counts = (Reference.objects.count(), Disclaimer.objects.count())

    renamed = tmp_path / "the-same-post-exported-again.txt"
    shutil.copy(SEED, renamed)
    out, _ = run_import(SEED, renamed)

    assert out.startswith("Imported 0, skipped 2 (2 duplicate), failed 0.")
    assert "(duplicate, unchanged since the import of iron-infusions-post-viral-fatigue.txt" in out
    assert ArticlePage.objects.get() == page
    assert ArticleImport.objects.get().page == page
    assert Revision.objects.for_instance(page).count() == 1
    assert (Reference.objects.count(), Disclaimer.objects.count()) == counts


def test_a_changed_article_updates_its_draft_with_one_more_revision(
    article_index, writer, tmp_path
):
    run_import(SEED)
    page = ArticlePage.objects.get()
    written = page.get_latest_revision_as_object()
    written.summary = "Iron and fatigue, explained."
    written.save_revision(user=writer)
    changed = tmp_path / "edited.txt"
    changed.write_text(
        SEED.read_text().replace(
            "How an Iron Infusion Is Given\n",
            "How an Iron Infusion Is Given\n\nA sentence added later.\n",
        )
    )
    out, _ = run_import(changed)

    assert out.startswith("Imported 1, skipped 0")
    assert "(draft updated, not published)" in out
    assert ArticlePage.objects.get() == page
    assert Revision.objects.for_instance(page).count() == 3
    assert "A sentence added later." in body_text(draft(SEED_TITLE))
    assert draft(SEED_TITLE).summary == "Iron and fatigue, explained."  # the writer's, kept
    assert Reference.objects.count() == 2  # the same study mentions, reused
    assert Disclaimer.objects.count() == 1  # the draft from the first import, matched
    assert ArticleImport.objects.get().source_name == "edited.txt"


def test_a_page_in_review_or_published_is_not_touched(article_index, writer, tmp_path):
    run_import(SEED)
    page = ArticlePage.objects.get()
    ensure_medical_review_workflow().start(page, writer)
    changed = tmp_path / "edited.txt"
    changed.write_text(SEED.read_text().replace("Top 5 Reasons", "Five Reasons"))

    out, _ = run_import(changed)

    assert "skipped 1 (0 duplicate)" in out
    assert "(the article is in medical review: change it in the CMS editor)" in out
    assert Revision.objects.for_instance(page).count() == 1


# One file at a time


LONG_TITLE = "Rowing and Your Lungs " * 14  # over the 255 characters a page title may have


def test_a_failing_file_leaves_nothing_and_the_others_are_imported(article_index, editor, tmp_path):
    broken = tmp_path / "too-long-title.html"
    broken.write_text(
        f"<h1>{LONG_TITLE.strip()}</h1><p>By Lena Fox</p><p>Rowing is good exercise.</p>"
        "<h2>What the research says</h2>"
        "<p>A 2020 study published in Thorax found that rowers breathe deeply.</p>"
        "<p>Disclaimer: Nothing here is about oars or boats, only about breathing.</p>"
    )

    with pytest.raises(CommandError, match="1 of 2 file") as failure:
        run_import(broken, SEED, user="editor")

    assert (
        f"{broken}: title: Ensure this value has at most 255 characters (it has 307)."
        in failure.value.output
    )

    assert ArticlePage.objects.get().title == SEED_TITLE
    assert not WriterProfile.objects.filter(name="Lena Fox").exists()
    assert not Reference.objects.filter(year=2020).exists()
    assert not Disclaimer.objects.filter(text__contains="oars").exists()
    assert ArticleImport.objects.count() == 1


def test_malformed_files_get_a_clear_error_each_and_the_rest_import(
    article_index, writer, tmp_path
):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    empty = tmp_path / "empty.md"
    empty.write_text("  \n\n")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Café hours\n\nWe open at nine.\n".encode("cp1252"))
    untitled = tmp_path / "untitled.txt"
    untitled.write_text("This line is a long sentence rather than a title, so it ends with a stop.")

    with pytest.raises(CommandError, match="4 of 5 file") as failure:
        run_import(binary, empty, legacy, untitled, SEED)

    output = failure.value.output
    assert "Imported 1, skipped 0 (0 duplicate), failed 4." in output
    assert f"{binary}: this is a binary file, not HTML, Markdown or plain text" in output
    assert f"{empty}: the file is empty" in output
    assert (
        f"{legacy}: cannot be read as UTF-8 text (byte 0xe9 at position 3); save it as UTF-8, "
        "or name its encoding with --encoding, e.g. --encoding cp1252"
    ) in output
    assert f"{untitled}: no title found" in output
    assert ArticlePage.objects.get().title == SEED_TITLE

    run_import(legacy, encoding="cp1252")
    assert draft("Café hours").body[0].value.source == "<p>We open at nine.</p>"


def test_many_files_show_progress(article_index, writer):
    _, progress = run_import(SEED, HTML_ARTICLE)
    assert progress.splitlines() == [
        "[1/2] iron-infusions-post-viral-fatigue.txt",
        "[2/2] vitamin-d-winter.html",
    ]


def test_a_directory_imports_its_article_files(article_index, editor):
    out, _ = run_import(DATA, user="editor")
    assert out.startswith("Imported 2, skipped 0 (0 duplicate), failed 0.")
    assert ArticlePage.objects.count() == 2


# Permissions


def test_a_user_who_may_not_add_articles_is_refused(article_index, doctor):
    with pytest.raises(CommandError, match=r"^doctor may not add pages under “Health articles”\."):
        run_import(SEED, user="doctor")
    assert not ArticlePage.objects.exists() and not Reference.objects.exists()

    with pytest.raises(CommandError, match="No user “nobody”"):
        run_import(SEED, user="nobody")


# Review of an imported article


@pytest.fixture
def submitted_seed(seed_page, writer):
    page = ArticlePage.objects.get()
    ensure_medical_review_workflow().start(page, writer)
    return ArticlePage.objects.get(pk=page.pk)


def test_a_clinician_cannot_approve_while_a_cited_reference_is_unverified(
    client, submitted_seed, doctor
):
    task_state = submitted_seed.current_workflow_task_state
    client.force_login(doctor)
    assert "2 cited references are unverified" in approval_modal(client, submitted_seed)
    with pytest.raises(MedicalReviewRequired) as refusal:
        approve_revision(task_state.revision, doctor)
    assert str(refusal.value).startswith(
        "2 cited references are unverified (no DOI, PubMed ID or URL): “Fatigue improved "
        "after iron treatment"
    )
    assert str(refusal.value).endswith(
        "A writer must add one in the reference library before this can be approved."
    )

    client.force_login(doctor)
    action_url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[submitted_seed.pk, "reject", task_state.pk],
    )
    modal = client.get(action_url).json()["html"]
    assert "2 unverified references." in modal
    assert "As written: <q>A 2019 study published in the Journal of Internal Medicine" in modal

    for reference in Reference.objects.all():
        reference.doi = f"10.1000/imported.{reference.year}"
        reference.save()
    with pytest.raises(MedicalReviewRequired, match=r"claims need a reference or your"):
        approve_revision(task_state.revision, doctor)


def test_verifying_an_imported_reference_in_the_admin_needs_an_identifier(
    client, seed_page, writer
):
    reference = Reference.objects.get(year=2019)
    url = reverse("wagtailsnippets_cms_reference:edit", args=[reference.pk])
    client.force_login(writer)
    edit = client.get(url)
    assert edit.status_code == 200
    assert "A 2019 study published in the Journal of Internal Medicine" in edit.content.decode()
    data = {
        "authors": "",
        "title": reference.title,
        "journal": "J Intern Med",
        "year": "2019",
        "doi": "",
        "pmid": "",
        "url": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Give at least one of DOI" in response.context["form"].errors["doi"][0]

    response = client.post(url, {**data, "authors": "Smith J", "doi": "10.1111/joim.12900"})
    assert response.status_code == 302
    reference.refresh_from_db()
    assert reference.is_verified and not reference.live
    assert reference.source_text.startswith("A 2019 study")


def test_the_editor_panel_shows_the_unverified_references(client, seed_page, writer):
    client.force_login(writer)
    page = ArticlePage.objects.get()
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "2 unverified references." in html
