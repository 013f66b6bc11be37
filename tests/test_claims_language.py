"""What the second-generation claims checker flags, sentence by sentence: a representative
subset of the labelled corpus (tests/data/claims/), each with the rule that must fire or
the trigger-like wording that must not; the prescription-only medicines list; and the
rewrite offered for a flag."""

import json
from pathlib import Path

import pytest

from review.claim_rules import (
    DETOX,
    EFFICACY,
    EVIDENCE,
    PLACEHOLDER,
    POM,
    PROMISE,
    QUANTIFIED,
    RULES,
    SAFETY,
    VAGUE,
)
from review.claims import check_sentence, check_text
from review.models import PrescriptionOnlyMedicine

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "data" / "claims"


@pytest.fixture(autouse=True)
def word_lists(claims_word_lists):
    """Every test here reads the claims checker's word lists."""


def rules(sentence):
    return {flag.rule for flag in check_sentence(sentence)}


RISKY = [
    # inflections, synonyms and idioms of cure or relief
    ("We have successfully treated hundreds of patients with long covid.", EFFICACY),
    ("The drip eases migraines within the hour.", EFFICACY),
    ("Banish brain fog with our vitamin programme.", EFFICACY),
    ("Acupuncture gets rid of anxiety for good.", EFFICACY),
    ("A course of light therapy will fix your insomnia.", EFFICACY),
    ("Watch stubborn belly fat melt away.", EFFICACY),
    ("Our serum erases fine lines and age spots.", EFFICACY),
    ("Fatigue is relieved by a single infusion.", EFFICACY),
    ("Kiss goodbye to cellulite this summer.", EFFICACY),
    # absolute safety
    ("Our herbal drips are 100% natural and safe.", SAFETY),
    ("The procedure is completely safe for everyone.", SAFETY),
    ("Enjoy zero downtime after your peel.", SAFETY),
    ("There are no side effects at all.", SAFETY),
    ("It is painless.", SAFETY),
    ("Iron infusions are safe.", SAFETY),
    # promises
    ("Quick and lasting relief for sore joints.", PROMISE),
    ("You will never feel tired again.", PROMISE),
    ("Double your energy with our B vitamin plan.", PROMISE),
    # quantified or timed outcomes
    ("Most people notice a difference within a week.", QUANTIFIED),
    ("Lose up to 15% of your body weight.", QUANTIFIED),
    ("Many patients say their energy improves within one to three weeks.", QUANTIFIED),
    ("The benefits last up to six months.", QUANTIFIED),
    # proof, detox and immunity
    ("Clinically shown to improve skin elasticity.", EVIDENCE),
    ("Research proves that IV therapy works.", EVIDENCE),
    ("Our IV drip flushes out toxins.", DETOX),
    ("Vitamin C strengthens your immunity.", DETOX),
    ("Boost your immune system before winter.", DETOX),
    # prescription-only medicines
    ("Book Botox today.", POM),
    ("Ozempic is now available at our clinic.", POM),
    ("Ask us about semaglutide for weight loss.", POM),
    ("Mounjaro consultations start at £199.", POM),
    ("Vitamin B12 injections for tired mums.", POM),
    # studies nobody can look up
    ("A 2018 study found that drips boost energy.", VAGUE),
    # the word classes held-out 3 showed missing: verbs, body parts, idioms, outcomes
    ("This mouthwash heals bleeding gums.", EFFICACY),
    ("Sports massage releases tight hamstrings.", EFFICACY),
    ("Peptide therapy rebuilds muscle after injury.", EFFICACY),
    ("Bye bye, bingo wings!", PROMISE),
    ("Your back pain will never come back.", PROMISE),
    ("The mole removal leaves no scar.", SAFETY),
    ("Tested and proven on thousands of patients.", EVIDENCE),
    ("Three out of four patients stop needing painkillers.", QUANTIFIED),
    ("Nearly all of our clients are migraine-free within a month.", QUANTIFIED),
    ("Half a stone lighter in three weeks.", QUANTIFIED),
    ("Our ionic foot bath pulls toxins from the body.", DETOX),
    # held-out 4 and 5: any verb a treatment takes with a health target as its object,
    # a problem named before its answer, a result credited to a treatment after it
    ("Our shockwave sessions send stubborn heel pain packing.", EFFICACY),
    ("Tinnitus? Our sound therapy silences the ringing.", EFFICACY),
    (
        "Stiff joints, poor sleep, brain fog — our anti-inflammatory diet plan sees them all off.",
        EFFICACY,
    ),
    (
        (
            "Hundreds of patients have waved their migraines off after a course of our cranial "
            "osteopathy."
        ),
        EFFICACY,
    ),
    ("Sweat out heavy metals in our infrared sauna pods.", DETOX),
    # harm denied in any words; experts said to back a product
    ("Because our herbal remedies are plant-based, they simply can't harm you.", SAFETY),
    ("There's nothing to fear: our tattoo removal laser never damages the skin.", SAFETY),
    ("Doctors unanimously recommend our posture brace for back pain.", EVIDENCE),
    ("Our hair growth formula is backed by solid clinical research.", EVIDENCE),
    ("Love your new smile or we'll refund every penny.", PROMISE),
    ("Sleep through the night, every night.", PROMISE),
    ("Half-price Nuceiva anti-wrinkle injections all February.", POM),
]

HARMLESS = [
    "We treat every patient with respect.",
    "Relief staff cover the weekend.",
    "Guaranteed parking is not available.",
    "There is no cure for ME/CFS.",
    "This article does not claim that iron cures ME/CFS.",
    "We do not claim that infusions treat or cure post-viral fatigue.",
    "If your symptoms do not improve, see your GP.",
    "Some people find that pacing helps them manage their energy.",
    "Resting may ease the tiredness for some people.",
    "Iron infusions do not cure ME/CFS.",
    "There is no evidence that vitamin drips prevent colds.",
    "Our new car park reduces waiting times.",
    "The nurse will flush the cannula with saline.",
    "Are iron infusions safe?",
    "It is safe to drive home after most infusions.",
    "Your data is safe with us.",
    "Iron infusions are generally safe, but allergic reactions can happen.",
    "The procedure is not completely painless.",
    "We cannot promise that there will be no side effects.",
    "Post-viral fatigue is a lasting tiredness that some people feel for weeks.",
    "Blood test results are usually back within two days.",
    "The infusion takes about 15 minutes.",
    "Most people go home within an hour.",
    "Up to 40% of people with ME/CFS have low ferritin.",
    "Dr Shah has a proven track record in patient education.",
    "Alli is sold in pharmacies.",
    "Viagra Connect can be bought from a pharmacist.",
    "Botulism is a rare and serious illness.",
    "No study has shown that drips prevent colds.",
    "A 2019 trial found less fatigue in women with low ferritin (PMID: 22777991).",
    "Dr Patel specialises in treating skin conditions.",
    "Has this treatment been clinically tested?",
    "Your liver naturally removes toxins from the blood.",
    "Cleanse the skin gently before applying the cream.",
    # a medicine named to inform, not to sell
    "Semaglutide is a medicine that mimics a gut hormone called GLP-1.",
    (
        "Tirzepatide is licensed in the UK for weight management in adults who meet specific BMI "
        "criteria, alongside diet and exercise."
    ),
    (
        "If you are already taking Ozempic prescribed by your GP, please bring a list of your "
        "current medicines to your appointment."
    ),
    # a claim named, not made: quoted, asked as a heading, denied after it
    (
        "The phrase 'clinically proven' is often misused in beauty advertising, so it's worth "
        "asking to see the study."
    ),
    "Clinically proven? Here's how to read the health claims on a supplement label.",
    (
        "Your liver and kidneys naturally filter waste from your blood, so detox diets are not "
        "necessary."
    ),
    (
        "Nothing in this article is a guarantee of any health outcome; please seek personal "
        "medical advice."
    ),
    # the words of a claim used of something else
    (
        "Risk-free rescheduling: move or cancel your appointment up to 24 hours beforehand at no "
        "charge."
    ),
    (
        "Our team is taking a digital detox weekend, so our social media channels will be quiet "
        "until Monday."
    ),
    "Detox teas can interact with some medicines.",
    "No procedure is entirely free of risk, which is why we take a full medical history first.",
    "We promise to call you back the same day.",
    "Our team helps patients manage long-term pain alongside their GP.",
]


@pytest.mark.parametrize("sentence,rule", RISKY)
def test_risky_sentence_is_flagged_by_its_rule(sentence, rule):
    assert rule in rules(sentence), sentence


@pytest.mark.parametrize("sentence", HARMLESS)
def test_harmless_sentence_with_trigger_like_words_is_not_flagged(sentence):
    assert rules(sentence) == set(), sentence


def test_the_subset_is_labelled_as_in_the_corpus():
    """The sentences above are the corpus's, with its labels: the benchmark and the tests
    measure the same thing."""
    labelled = {}
    for path in sorted(CORPUS.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            labelled[row["text"]] = row
    for sentence, rule in RISKY:
        assert labelled[sentence]["risky"] and labelled[sentence]["rule"] == rule, sentence
    for sentence in HARMLESS:
        assert not labelled[sentence]["risky"], sentence


def test_the_corpus_is_large_and_balanced():
    rows = [
        json.loads(line)
        for path in sorted(CORPUS.glob("*.jsonl"))
        for line in path.read_text().splitlines()
    ]
    risky = sum(row["risky"] for row in rows)
    assert len(rows) >= 300 and abs(risky - (len(rows) - risky)) <= len(rows) * 0.1
    assert {row["rule"] for row in rows} <= set(RULES)
    assert len({row["text"] for row in rows}) == len(rows)


def test_hedging_lowers_a_mild_claim_but_not_a_cure_or_a_promise():
    assert rules("Infusions reduce tiredness.") == {EFFICACY}
    assert rules("Infusions may reduce tiredness.") == set()
    assert rules("Infusions may cure tiredness.") == {EFFICACY}
    assert rules("Some patients notice a difference within days.") == set()
    assert QUANTIFIED in rules("Most patients notice a difference within days.")
    assert QUANTIFIED in rules("Some patients may lose up to 15% of their weight.")


def test_a_wish_is_not_a_condition():
    assert rules("If your fatigue does not improve, call us.") == set()
    assert EFFICACY in rules("If you want to banish fatigue, book an infusion today.")


def test_each_flag_names_its_rule_and_reason():
    [result] = check_text("Iron infusions cure fatigue.")
    [flag] = result.flags
    assert (flag.rule, flag.term) == (EFFICACY, "cure")
    assert flag.rule_label == "Treatment or benefit claim about a health target"
    assert "cures a condition" in flag.reason


@pytest.mark.parametrize(
    "sentence,rewrite",
    [
        (
            "Iron infusions cure fatigue.",
            "Iron infusions may help with fatigue in some people [n].",
        ),
        ("This tonic eases joint pain.", "This tonic may ease joint pain in some people [n]."),
        ("Reduces Breathlessness on Exertion", "May reduce Breathlessness on Exertion [n]"),
        ("It is painless.", "It is usually only mildly uncomfortable [n]."),
        (
            "Yes, iron infusions are widely regarded as safe and effective.",
            "Yes, iron infusions are widely regarded as well tolerated by most people [n].",
        ),
        ("Most people notice a difference within a week.", "Some people notice a difference [n]."),
    ],
)
def test_a_flag_offers_a_compliant_rewrite(sentence, rewrite):
    [result] = check_text(sentence)
    assert result.suggestion == rewrite
    # The rewrite no longer makes the claim; its "[n]" asks for the citation.
    assert rules(rewrite) == {PLACEHOLDER}
    assert rules(rewrite.replace("[n]", "[1]")) == set()


def test_no_rewrite_is_offered_where_none_reads_right():
    [result] = check_text("Book Botox today.")
    assert result.suggestion is None


def test_medicines_carry_their_legal_status_and_source():
    medicines = PrescriptionOnlyMedicine.objects.all()
    assert medicines.count() > 80
    assert all(m.source for m in medicines)
    assert set(medicines.values_list("legal_status", flat=True)) == {"POM", "varies", "P"}
    statuses = dict(medicines.values_list("name", "legal_status"))
    for name in ("Botox", "Azzalure", "Bocouture", "Dysport", "Xeomin", "Ozempic", "Wegovy"):
        assert statuses[name] == "POM", name
    for name in ("Rybelsus", "Mounjaro", "Saxenda", "Victoza", "Ferinject", "Venofer"):
        assert statuses[name] == "POM", name
    for name in ("Monofer", "CosmoFer", "hydroxocobalamin", "finasteride", "isotretinoin"):
        assert statuses[name] == "POM", name
    assert (statuses["orlistat"], statuses["Xenical"], statuses["Alli"]) == ("varies", "POM", "P")
    assert statuses["hyaluronidase"] == "POM" and statuses["lidocaine"] == "varies"


def test_each_medicine_names_where_its_status_was_checked_or_says_it_was_not():
    medicines = list(PrescriptionOnlyMedicine.objects.all())
    assert all(m.source.startswith("https://") for m in medicines)
    checked = [m for m in medicines if m.checked_on]
    assert len(checked) > 50
    assert all(m.notes.startswith("Checked 2026-12-02") for m in checked)
    unchecked = [m for m in medicines if not m.checked_on]
    assert unchecked and all("Not verified" in m.notes for m in unchecked)
    assert all(m.source.startswith("https://www.medicines.org.uk/emc/search") for m in unchecked)
    botox = PrescriptionOnlyMedicine.objects.get(name="Botox")
    assert botox.source.startswith("https://www.asa.org.uk/") and "Dysport" in botox.notes


def test_tadalafil_is_prescription_only_except_its_pharmacy_brand():
    assert rules("Cialis Together is sold by pharmacists.") == set()
    assert rules("Ask about tadalafil.") == {POM}
    assert PrescriptionOnlyMedicine.objects.get(name="tadalafil").legal_status == "varies"


def test_a_pharmacy_medicine_is_not_flagged_but_its_prescription_sibling_is():
    assert rules("Viagra Connect is sold in pharmacies.") == set()
    assert rules("We prescribe Viagra.") == {POM}
    assert rules("Orlistat can help some people.") == {POM}
    [result] = check_text("We prescribe Xenical.")
    assert "Xenical (orlistat): Prescription-only medicine (POM)." in result.reasons
