"""Word classes for the claims checker from the misses of two batches it had never read
(held-out 4 and 5): denials of worry and the idioms of a result that lasts or cannot fail
("gone for good" had its siblings), the money-back promise, evidence said to speak for
itself; and prescription-only medicines the register lacked: the HRT brands clinics sell
online, a newer botulinum toxin brand and a steroid injection sold for hay fever. Each
medicine's legal status is to be checked on the EMC, whose address the row gives. Rows an
Editor already added or changed are left as they are."""

from django.db import migrations

from review.migration_steps import add_claim_words

T, A, N = "target", "absolute", "nothing"
LASTING = "Promises a permanent result: say how long results usually last."

# (phrase, category, requires, strong, suggestion, reason)
CLAIM_PHRASES = [
    ("worry-free", "safety", N, True, "", "Promises no risk: say what side effects can happen."),
    ("nothing to fear", "safety", N, True, "", "Promises no risk: say what side effects can happen."),
    ("gentle enough", "safety", A, False, "", "Says it suits everyone: say who it is not for."),
    ("gone forever", "promise", N, True, "", LASTING),
    ("gone for life", "promise", N, True, "", LASTING),
    ("gone for ever", "promise", N, True, "", LASTING),
    ("never creep back", "promise", N, True, "", LASTING),
    ("never fails", "promise", N, True, "", "Promises it always works: no treatment does."),
    ("never fail", "promise", N, True, "", "Promises it always works: no treatment does."),
    ("we promise", "promise", T, True, "", "Promises a result: no treatment is guaranteed."),
    ("or we'll refund", "promise", N, True, "", "A money-back promise implies a guaranteed result."),
    ("or we will refund", "promise", N, True, "", "A money-back promise implies a guaranteed result."),
    ("is certain", "promise", T, True, "", "Promises a result: no treatment is guaranteed."),
    ("freedom from", "treatment", T, True, "", "Promises an end to a problem: cite the evidence."),
    ("feel human again", "promise", N, True, "", "Promises a recovery: say what patients usually find."),
    ("feel like yourself again", "promise", N, True, "", "Promises a recovery: say what patients usually find."),
    ("speaks for itself", "certainty", N, True, "", "Claims the evidence is plain: cite it."),
    ("speak for themselves", "certainty", N, True, "", "Claims the evidence is plain: cite it."),
]

HEALTH_TERMS = {"condition": ["glue ear", "blocked ear", "varicose vein"]}

# (name, active substance): all POM in the UK, each to be checked at its EMC address.
MEDICINES = [
    ("Nuceiva", "prabotulinumtoxinA"),
    ("prabotulinumtoxinA", "prabotulinumtoxinA"),
    ("Oestrogel", "estradiol"),
    ("Sandrena", "estradiol"),
    ("Lenzetto", "estradiol"),
    ("Evorel", "estradiol"),
    ("Utrogestan", "progesterone"),
    ("Kenalog", "triamcinolone acetonide"),
]
NOT_VERIFIED = (
    "Not verified online on 2026-12-02: check the SmPC's legal category at the address in "
    "Source."
)


def seed(apps, schema_editor):
    add_claim_words(apps, CLAIM_PHRASES, HEALTH_TERMS)
    Medicine = apps.get_model("lifecycle", "PrescriptionOnlyMedicine")
    for name, substance in MEDICINES:
        if Medicine.objects.filter(name__iexact=name).exists():
            continue
        Medicine.objects.create(
            name=name,
            active_substance=substance,
            legal_status="POM",
            source="https://www.medicines.org.uk/emc/search?q=" + name,
            notes=NOT_VERIFIED,
        )


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0008_seed_claims_checker_v4")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
