"""The claims checker: which sentences it flags, in plain text and in an article, how a flag
is resolved (a citation to an attached reference, or a clinician's acceptance), and that a
clinician cannot approve while any flag is unresolved."""

import re
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.admin.panels import ObjectList
from wagtail.models import PageLogEntry

from articles.factories import ArticlePageFactory, body_from_outline
from articles.models import ArticlePage, ArticleReference
from cms.factories import UserFactory
from review.claims import (
    CLAIM,
    MEDICINE,
    VAGUE_CITATION,
    VAGUE_CITATION_REASON,
    check_page,
    check_text,
    split_sentences,
)
from review.factories import ReferenceFactory
from review.gate import MedicalReviewRequired, approve_revision
from review.models import (
    ClaimAcceptance,
    ClaimPhrase,
    HealthTerm,
    PrescriptionOnlyMedicine,
)
from review.panels import ClaimsPanel
from review.setup import ensure_medical_review_workflow
from review.views import ACCEPT_LOG_ACTION
from tests.admin_forms import approval_data, approval_modal, article_edit_data

pytestmark = pytest.mark.django_db

# A post in the shape of the clinic's old blog (tests/data/posts/).
SEED = Path(__file__).parent / "data" / "posts" / "iron-infusions-post-viral-fatigue.txt"
CLAIM_SENTENCE = "Iron infusions reduce tiredness in most people."


@pytest.fixture(autouse=True)
def word_lists(claims_word_lists):
    """Every test here reads the claims checker's word lists."""


@pytest.fixture
def workflow(groups):
    return ensure_medical_review_workflow()


def flagged(results, fragment):
    matches = [f for f in results if fragment.lower() in f.text.lower()]
    assert matches, f"nothing flagged contains {fragment!r}: {[f.text for f in results]}"
    return matches[0]


def terms(flagged_sentence, kind=CLAIM):
    return {flag.term.lower() for flag in flagged_sentence.flags if flag.kind == kind}


# Plain text: the seed article


def test_seed_article_claims_and_vague_citations_are_flagged():
    results = check_text(SEED.read_text())

    assert "treat" in terms(flagged(results, "Help Treat Post-Viral Fatigue"))
    assert "safe and effective" in terms(flagged(results, "regarded as safe and effective"))
    assert "quick and long-lasting relief" in terms(flagged(results, "Long-Lasting Relief"))
    assert "improves" in terms(flagged(results, "Improves Oxygen Supply"))
    assert "reduces" in terms(flagged(results, "Reduces Breathlessness"))

    for study in ("A 2019 study published in the Journal", "A 2015 study showed"):
        sentence = flagged(results, study)
        assert VAGUE_CITATION in sentence.kinds
        assert VAGUE_CITATION_REASON in sentence.reasons
        assert VAGUE_CITATION_REASON == "citation without DOI, PMID or URL"

    assert not [f for f in results if "Iron helps red blood cells carry oxygen" in f.text]


def test_sentences_split_on_full_stops_lines_and_list_markers():
    text = "1. Improves sleep\n  • Dr. Hart says e.g. rest helps. It may reduce pain [2]. Ok!"
    assert split_sentences(text) == [
        "Improves sleep",
        "Dr. Hart says e.g. rest helps.",
        "It may reduce pain [2].",
        "Ok!",
    ]


def test_phrases_match_whole_words_and_their_s_form_once():
    results = check_text(
        "This treatment is new. It treats anaemia. Clinically proven results. Secure care."
    )
    assert [f.text for f in results] == ["It treats anaemia.", "Clinically proven results."]
    assert terms(results[1]) == {"clinically proven"}


def test_prescription_only_medicines_are_flagged():
    results = check_text("We give Ferinject or ferric carboxymaltose by drip.")
    assert terms(results[0], MEDICINE) == {"ferinject", "ferric carboxymaltose"}
    assert "prescription-only medicine" in results[0].reasons


def test_a_study_with_a_doi_pmid_url_or_citation_marker_is_not_vague():
    for sentence in (
        "A 2019 trial found less fatigue (doi:10.1503/cmaj.110950).",
        "A 2019 trial found less fatigue (PMID: 22777991).",
        "A 2019 trial found less fatigue (https://example.org/trial).",
        "A 2019 trial found less fatigue [1].",
    ):
        assert not check_text(sentence), sentence
    assert check_text("Studies have shown that it works.")[0].kinds == {VAGUE_CITATION}


def test_word_lists_are_data_editors_change():
    text = "Wrinkles vaporise with this laser. It soothes hiccups. Take Venofer. Try Alli."
    assert [f.text for f in check_text(text)] == ["Take Venofer."]
    ClaimPhrase.objects.create(phrase="vaporise", category=ClaimPhrase.Category.TREATMENT)
    HealthTerm.objects.create(term="hiccup", kind=HealthTerm.Kind.SYMPTOM)
    PrescriptionOnlyMedicine.objects.filter(name="Venofer").delete()
    PrescriptionOnlyMedicine.objects.filter(name="Alli").update(legal_status="POM")
    assert [f.text for f in check_text(text)] == [
        "Wrinkles vaporise with this laser.",
        "It soothes hiccups.",
        "Try Alli.",
    ]


def test_editors_manage_the_word_lists_in_the_admin(client, editor, writer):
    client.force_login(editor)
    listing = client.get(
        reverse("wagtailsnippets_lifecycle_claimphrase:list"), {"category": "safety"}
    )
    assert listing.status_code == 200 and "safe and effective" in listing.content.decode()
    medicines = client.get(
        reverse("wagtailsnippets_lifecycle_prescriptiononlymedicine:list"), {"legal_status": "P"}
    )
    assert "Viagra Connect" in medicines.content.decode()
    assert "Mounjaro" not in medicines.content.decode()
    added = client.post(
        reverse("wagtailsnippets_lifecycle_claimphrase:add"),
        {"phrase": "vaporise", "category": "treatment", "requires": "target", "reason": ""},
    )
    assert added.status_code == 302
    assert [f.text for f in check_text("This laser vaporises wrinkles.")] == [
        "This laser vaporises wrinkles."
    ]
    added = client.post(
        reverse("wagtailsnippets_lifecycle_prescriptiononlymedicine:add"),
        {"name": "Newbrand", "active_substance": "newmab", "legal_status": "POM"},
    )
    assert added.status_code == 302
    assert check_text("Ask about Newbrand.")[0].kinds == {MEDICINE}

    client.force_login(writer)
    for url in (
        reverse("wagtailsnippets_lifecycle_claimphrase:list"),
        reverse("wagtailsnippets_lifecycle_claimphrase:add"),
        reverse("wagtailsnippets_lifecycle_healthterm:add"),
        reverse("wagtailsnippets_lifecycle_prescriptiononlymedicine:add"),
    ):
        assert client.get(url).status_code in (302, 403), url
    refused = client.post(
        reverse("wagtailsnippets_lifecycle_claimphrase:add"),
        {"phrase": "vanquish", "category": "treatment", "requires": "nothing", "reason": ""},
    )
    assert refused.status_code in (302, 403)
    assert not ClaimPhrase.objects.filter(phrase="vanquish").exists()


# An article


def article(parent, owner, paragraphs, references=1, **kwargs):
    refs = [ArticleReference(reference=ReferenceFactory()) for _ in range(references)]
    outline = [("paragraph", f"<p>{text}</p>") for text in paragraphs]
    outline += [
        ("faq_section", [("Does it work?", "<p>Yes: it cures tiredness.</p>")]),
        ("call_to_action", "Book now for guaranteed results."),
    ]
    return ArticlePageFactory(
        parent=parent, owner=owner, body=body_from_outline(outline), references=refs, **kwargs
    )


def test_article_text_is_checked_everywhere_a_reader_sees_it(article_index, writer):
    page = article(
        article_index,
        writer,
        ["Iron infusions reduce tiredness [1].", "Ferric derisomaltose helps [3]."],
        summary="We explain how iron can boost energy.",
    )
    results = {f.text: f for f in check_page(page)}
    assert set(results) == {
        "We explain how iron can boost energy.",
        "Iron infusions reduce tiredness [1].",
        "Ferric derisomaltose helps [3].",
        "Yes: it cures tiredness.",
        "Book now for guaranteed results.",
    }
    assert results["We explain how iron can boost energy."].sources == ["Summary"]
    assert results["Yes: it cures tiredness."].sources == ["Body: faq section"]
    linked = results["Iron infusions reduce tiredness [1]."]
    assert linked.is_linked and linked.references == [page.references.first().reference]
    unmatched = results["Ferric derisomaltose helps [3]."]
    assert not unmatched.is_resolved and unmatched.unmatched_citations == [3]


def test_superscript_citation_numbers_link_too(article_index, writer):
    page = article(article_index, writer, ["Iron infusions reduce tiredness.<sup>1</sup>"])
    result = flagged(check_page(page), "reduce tiredness")
    assert result.text == "Iron infusions reduce tiredness.[1]" and result.is_linked


def test_writer_sees_the_flags_in_the_editor_panel(article_index, writer):
    page = article(article_index, writer, [CLAIM_SENTENCE])
    handler = ObjectList([ClaimsPanel()]).bind_to_model(ArticlePage)
    request = RequestFactory().get("/admin/")
    request.user = writer
    form = handler.get_form_class()(instance=page, for_user=writer, parent_page=article_index)
    html = handler.get_bound_panel(instance=page, request=request, form=form).render_html()
    assert CLAIM_SENTENCE in html
    assert "Says something reduces symptoms or risk" in html
    assert "Needs a reference or a clinician’s acceptance." in html
    assert reverse("lifecycle_page_claims", args=[page.pk]) in html


# Approval


@pytest.fixture
def submitted(article_index, writer, workflow):
    """A writer's article with one unresolved claim, submitted for medical review."""
    page = article(
        article_index,
        writer,
        [CLAIM_SENTENCE],
        summary="Why iron matters.",
        title="Iron and tiredness",
    )
    page.body = body_from_outline([("paragraph", f"<p>{CLAIM_SENTENCE}</p>")])
    page.save_revision(user=writer)
    workflow.start(page, writer)
    return ArticlePage.objects.get(pk=page.pk)


def action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def claims_url(page):
    return reverse("lifecycle_page_claims", args=[page.pk])


def test_clinician_cannot_approve_while_a_claim_is_unresolved(client, submitted, doctor):
    task_state = submitted.current_workflow_task_state
    client.force_login(doctor)
    assert "1 claim needs a reference or your acceptance" in approval_modal(client, submitted)
    with pytest.raises(MedicalReviewRequired) as refusal:
        approve_revision(task_state.revision, doctor)
    assert str(refusal.value) == (
        f"1 claim needs a reference or your acceptance: “{CLAIM_SENTENCE}”"
    )
    client.force_login(doctor)
    client.post(action_url(submitted, "approve"), approval_data(submitted))
    assert not ArticlePage.objects.get(pk=submitted.pk).live


def test_refusal_counts_and_names_the_claims(article_index, writer, doctor, workflow):
    page = article(article_index, writer, ["It cures fatigue.", "It boosts energy."])
    with pytest.raises(MedicalReviewRequired, match=r"^4 claims need a reference or your "):
        approve_revision(page.get_latest_revision(), doctor)


def test_review_modal_lists_the_claims(client, submitted, doctor):
    client.force_login(doctor)
    response = client.get(action_url(submitted, "reject"))
    html = response.json()["html"]
    assert "Claims to check" in html
    assert CLAIM_SENTENCE in html
    assert "Says something reduces symptoms or risk" in html


def test_approval_succeeds_after_the_clinician_accepts_the_claim(client, submitted, doctor):
    client.force_login(doctor)
    listing = client.get(claims_url(submitted))
    assert listing.status_code == 200
    assert CLAIM_SENTENCE in listing.content.decode()
    assert "Accept the ticked sentences" in listing.content.decode()

    claim = flagged(check_page(submitted.get_latest_revision_as_object()), CLAIM_SENTENCE)
    response = client.post(
        claims_url(submitted),
        {"sentence_hash": claim.hash, "note": "Consistent with the NICE guideline."},
    )
    assert response.status_code == 302
    acceptance = ClaimAcceptance.objects.get(page=submitted)
    assert (acceptance.sentence, acceptance.clinician, acceptance.note) == (
        CLAIM_SENTENCE,
        doctor.clinician,
        "Consistent with the NICE guideline.",
    )
    assert acceptance.revision == submitted.current_workflow_task_state.revision
    assert PageLogEntry.objects.filter(page=submitted, action=ACCEPT_LOG_ACTION).exists()

    client.post(action_url(submitted, "approve"), approval_data(submitted))
    page = ArticlePage.objects.get(pk=submitted.pk)
    assert page.live and page.reviewed_by == doctor.clinician


def test_approval_succeeds_after_the_writer_adds_a_citation(client, submitted, doctor, writer):
    client.force_login(doctor)
    client.post(action_url(submitted, "reject"), {"comment": "Cite the trial for this."})

    client.force_login(writer)
    page = ArticlePage.objects.get(pk=submitted.pk)
    data = article_edit_data(page.get_latest_revision_as_object(), **{"action-submit": "1"})
    data["body-0-value"] = data["body-0-value"].replace("most people.", "most people [1].")
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.current_workflow_task_state.status == "in_progress"

    client.force_login(doctor)
    client.post(action_url(page, "approve"), approval_data(page))
    page = ArticlePage.objects.get(pk=page.pk)
    assert page.live
    assert flagged(check_page(page), "most people [1]").is_linked
    assert not ClaimAcceptance.objects.exists()


def test_acceptance_needs_a_note_and_an_eligible_clinician(client, submitted, doctor, writer):
    claim = flagged(check_page(submitted.get_latest_revision_as_object()), CLAIM_SENTENCE)
    client.force_login(doctor)
    response = client.post(claims_url(submitted), {"sentence_hash": claim.hash, "note": ""})
    assert response.status_code == 200 and not ClaimAcceptance.objects.exists()
    assert "Give a note: it is kept with each sentence you accept." in response.content.decode()
    response = client.post(claims_url(submitted), {"note": "Fine."})
    assert "Tick the sentences you accept." in response.content.decode()
    assert not ClaimAcceptance.objects.exists()

    client.force_login(writer)
    page = client.get(claims_url(submitted))
    assert page.status_code == 200 and "Accept the ticked sentences" not in page.content.decode()
    # Forced, the writer is told why, on the claims screen, not shown a permission page.
    response = client.post(
        claims_url(submitted), {"sentence_hash": claim.hash, "note": "Fine"}, follow=True
    )
    assert response.status_code == 200
    assert "Nothing was accepted: Only an active registered clinician can accept a claim." in (
        response.content.decode()
    )

    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    assert client.get(claims_url(submitted)).status_code in (302, 403)
    assert not ClaimAcceptance.objects.exists()


def test_a_clinician_accepts_several_claims_with_one_note_kept_per_sentence(
    client, article_index, writer, doctor, workflow
):
    sentences = [CLAIM_SENTENCE, "It boosts energy within days.", "It is 100% safe."]
    page = article(article_index, writer, sentences, title="Several claims")
    page.body = body_from_outline([("paragraph", f"<p>{' '.join(sentences)}</p>")])
    page.save_revision(user=writer)
    workflow.start(page, writer)
    claims = check_page(page.get_latest_revision_as_object())
    chosen = [flagged(claims, text).hash for text in sentences[:2]]

    client.force_login(doctor)
    response = client.post(
        claims_url(page), {"sentence_hash": chosen, "note": "Matches the NICE summary."}
    )
    assert response.status_code == 302
    accepted = ClaimAcceptance.objects.filter(page=page).order_by("sentence")
    assert sorted(a.sentence for a in accepted) == sorted(sentences[:2])
    assert {a.note for a in accepted} == {"Matches the NICE summary."}
    assert PageLogEntry.objects.filter(page=page, action=ACCEPT_LOG_ACTION).count() == 2
    after = check_page(page.get_latest_revision_as_object())
    assert flagged(after, "boosts energy").is_resolved
    assert not flagged(after, "100% safe").is_resolved, "not ticked: still open"

    # A sentence rewritten since: each acceptance lapses with its own sentence only.
    draft = page.get_latest_revision_as_object()
    draft.body = body_from_outline(
        [("paragraph", f"<p>{CLAIM_SENTENCE} It boosts energy within weeks. It is 100% safe.</p>")]
    )
    rechecked = check_page(draft)
    assert flagged(rechecked, "reduce tiredness").is_resolved
    assert not flagged(rechecked, "within weeks").is_resolved

    # A hash that is no longer flagged names the problem and accepts nothing.
    response = client.post(claims_url(page), {"sentence_hash": ["0" * 64], "note": "Fine."})
    assert "no longer flagged" in response.content.decode()
    assert ClaimAcceptance.objects.filter(page=page).count() == 2


def test_a_draft_reference_keeps_its_number(article_index, writer):
    """A citation to a reference still in review links to it: the page cannot go live
    before the reference does, so its number is the number readers will see."""
    draft = ReferenceFactory(title="A trial still in review", published=False)
    live = ReferenceFactory(title="A live trial")
    page = ArticlePageFactory(
        parent=article_index,
        owner=writer,
        body=body_from_outline(
            [("paragraph", "<p>Iron infusions reduce tiredness [1]. It boosts energy [2].</p>")]
        ),
        references=[ArticleReference(reference=draft), ArticleReference(reference=live)],
    )
    assert flagged(check_page(page), "reduce tiredness").references == [draft]
    assert flagged(check_page(page), "boosts energy").references == [live]


def test_an_acceptance_lapses_when_the_sentence_changes(submitted, doctor):
    claim = flagged(check_page(submitted.get_latest_revision_as_object()), CLAIM_SENTENCE)
    ClaimAcceptance.objects.create(
        page=submitted, sentence=claim.text, clinician=doctor.clinician, note="Fine."
    )
    assert flagged(check_page(submitted.get_latest_revision_as_object()), "reduce").is_resolved
    page = submitted.get_latest_revision_as_object()
    page.body = body_from_outline([("paragraph", "<p>Iron infusions reduce tiredness.</p>")])
    assert not flagged(check_page(page), "reduce").is_resolved


def test_an_acceptance_made_before_the_upgrade_still_matches_its_sentence(submitted, doctor):
    """An acceptance stored by the first-generation checker (its hash: SHA-256 of the
    sentence with whitespace collapsed) keeps resolving the same sentence."""
    old_hash = "1efbda49da200779eb1184da6429ebe39eb46973580e8c64826b62697c73e32b"
    ClaimAcceptance.objects.create(
        page=submitted,
        sentence_hash=old_hash,
        sentence=CLAIM_SENTENCE,
        clinician=doctor.clinician,
        note="Accepted before the upgrade.",
    )
    claim = flagged(check_page(submitted.get_latest_revision_as_object()), CLAIM_SENTENCE)
    assert claim.hash == old_hash and claim.is_resolved


def apply_url(page):
    return reverse("lifecycle_apply_suggestion", args=[page.pk])


def test_writer_applies_a_suggested_rewrite_to_the_body(article_index, writer):
    page = article(article_index, writer, ["Iron infusions cure fatigue.", "Iron is a mineral."])
    claim = flagged(check_page(page.get_latest_revision_as_object()), "cure fatigue")
    assert claim.suggestion == "Iron infusions may help with fatigue in some people [n]."
    client = Client(enforce_csrf_checks=True)  # the browser's POST, token and all
    client.force_login(writer)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    html = client.get(edit).content.decode()
    assert "Suggested rewrite" in html and "Apply this rewrite" in html
    form = re.search(rf'<form id="lifecycle-apply-{claim.hash}".*?</form>', html, re.S).group()
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    assert fields["sentence_hash"] == claim.hash and fields["csrfmiddlewaretoken"]

    response = client.post(apply_url(page), {**fields, "next": edit})
    assert response.status_code == 302 and response.url == edit
    draft = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    paragraphs = [block.value.source for block in draft.body if block.block_type == "paragraph"]
    assert paragraphs == [
        "<p>Iron infusions may help with fatigue in some people [n].</p>",
        "<p>Iron is a mineral.</p>",
    ]
    placeholder = flagged(check_page(draft), "[n]")
    assert not placeholder.is_resolved and "replace “[n]”" in placeholder.reasons
    assert PageLogEntry.objects.filter(page=page, action="lifecycle.claim_rewritten").exists()


def test_a_rewrite_is_refused_on_a_stale_revision_or_for_a_reader(
    client, article_index, writer, doctor
):
    page = article(article_index, writer, ["Iron infusions cure fatigue."])
    claim = flagged(check_page(page.get_latest_revision_as_object()), "cure fatigue")
    stale = page.latest_revision_id
    page.get_latest_revision_as_object().save_revision(user=writer)
    client.force_login(writer)
    response = client.post(apply_url(page), {"sentence_hash": claim.hash, "revision": stale})
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "The suggestion was not applied: the page has been saved since. Check the sentence again."
    ]
    latest = ArticlePage.objects.get(pk=page.pk).latest_revision_id
    assert latest != stale

    stranger = UserFactory(username="reader")
    client.force_login(stranger)
    response = client.post(apply_url(page), {"sentence_hash": claim.hash, "revision": latest})
    assert response.status_code in (302, 403)
    body = ArticlePage.objects.get(pk=page.pk).get_latest_revision_as_object().body
    assert "cure fatigue" in body[0].value.source
