"""The claims checker's starting word lists. After this migration they live in the admin
(Snippets > Claim phrases / Prescription-only medicines), where Editors change them."""

from django.db import migrations

# (phrase, category, reason)
CLAIM_PHRASES = [
    ("treat", "treatment", "Says something treats a condition: cite the evidence."),
    ("cure", "treatment", "Says something cures a condition: cite the evidence."),
    ("heal", "treatment", "Says something heals: cite the evidence."),
    ("prevent", "treatment", "Says something prevents a condition: cite the evidence."),
    ("reverse", "treatment", "Says something reverses a condition: cite the evidence."),
    ("recover", "treatment", "Promises recovery: cite the evidence."),
    ("relief", "benefit", "Promises relief of symptoms: cite the evidence."),
    ("boost", "benefit", "Promises a boost (immunity, energy…): cite the evidence."),
    ("improve", "benefit", "Says something improves health or symptoms: cite the evidence."),
    ("improved", "benefit", "Says something improves health or symptoms: cite the evidence."),
    ("improving", "benefit", "Says something improves health or symptoms: cite the evidence."),
    ("improvement", "benefit", "Promises an improvement: cite the evidence."),
    ("reduce", "benefit", "Says something reduces symptoms or risk: cite the evidence."),
    ("reduced", "benefit", "Says something reduces symptoms or risk: cite the evidence."),
    ("reducing", "benefit", "Says something reduces symptoms or risk: cite the evidence."),
    ("safe and effective", "safety", "Claims safety and efficacy: cite the evidence."),
    ("no side effects", "safety", "Claims no side effects: no treatment is free of them."),
    ("guaranteed", "certainty", "Promises a result: no treatment is guaranteed."),
    ("proven", "certainty", "Claims proof: cite the evidence."),
    ("clinically proven", "certainty", "Claims clinical proof: cite the trial."),
]

# Intravenous iron products: generic names, then UK brand names.
PRESCRIPTION_ONLY_MEDICINES = [
    "ferric carboxymaltose",
    "iron sucrose",
    "ferric derisomaltose",
    "iron isomaltoside",
    "iron dextran",
    "Ferinject",
    "Venofer",
    "Monofer",
    "CosmoFer",
]


def seed(apps, schema_editor):
    ClaimPhrase = apps.get_model("lifecycle", "ClaimPhrase")
    PrescriptionOnlyMedicine = apps.get_model("lifecycle", "PrescriptionOnlyMedicine")
    for phrase, category, reason in CLAIM_PHRASES:
        ClaimPhrase.objects.get_or_create(
            phrase=phrase, defaults={"category": category, "reason": reason}
        )
    for name in PRESCRIPTION_ONLY_MEDICINES:
        PrescriptionOnlyMedicine.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
