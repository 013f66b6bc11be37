"""Each medicine's legal status checked against a public source on 2 December 2026, with
the address of that source. Where a stored public copy stated the status (an ASA ruling
or enforcement notice, an MHRA decision, a drug bulletin, a pharmacy's page), the row gets
that address and the date; where none did, the row gets the address where it can be
checked (a search of the EMC, which prints each SmPC's legal category) and a note saying
it was not verified. Two statuses changed: tadalafil is POM only in some forms since
Cialis Together (10 mg) became a pharmacy medicine in 2023, and Cialis Together is added
as P. Injectable vitamin D, which the ASA names with B12 as POM, is added. Rows an Editor
has changed since the seed (their source is no longer the seed's) are left as they are."""

import datetime

from django.db import migrations

CHECKED = datetime.date(2026, 12, 2)
SEED_SOURCES = {
    "",
    "EMC SmPC, section “Legal category”; MHRA Products",
    "BNF legal category; MHRA Products",
    "CAP/ASA guidance on advertising prescription-only medicines",
}

ASA_TOXINS = "https://www.asa.org.uk/news/botox-frequently-asked-questions-faqs.html"
ASA_TOXIN_NOTICE = "https://asa.org.uk/resource/enforcement-notice-botox-social-media.html"
ASA_GLP1 = (
    "https://www.asa.org.uk/rulings/juniper-technologies-uk-ltd-a24-1264770-"
    "juniper-technologies-uk-ltd.html"
)
ASA_VITAMINS = "https://www.asa.org.uk/resource/enforcement-notice-advertising-vitamin-shots.html"
ORLISTAT = "https://dtb.bmj.com/content/47/11/125"
SILDENAFIL = (
    "https://gov.uk/government/consultations/"
    "proposal-to-make-sildenafil-50mg-film-coated-tablets-available-from-pharmacies"
)
SILDENAFIL_POM = "https://www.prescriber.co.uk/news/sildenafil-made-available-counter/"
TADALAFIL = (
    "https://www.pharmacynetworknews.com/health-nhs/"
    "891219-cialis-together-reclassified-as-a-p-medicine-after-mhra-assessment"
)
MELATONIN = "https://www.medsforless.co.uk/is-over-the-counter-melatonin-legal-in-the-uk"
FINASTERIDE = "https://www.drfelix.co.uk/treatment/finasteride/"
ISOTRETINOIN = "https://gov.uk/drug-safety-update/isotretinoin-for-severe-acne-who-should-prescribe-it"
HYALURONIDASE = "https://drmalaikaclinics.co.uk/treatments/filler-dissolving/"

TOXIN_NOTE = (
    "Checked 2026-12-02: the ASA states that botulinum toxin injections are prescription-only "
    "medicines and names Botox, Vistabel, Azzalure, Bocouture and Dysport."
)
TOXIN_CLASS_NOTE = (
    "Checked 2026-12-02 at class level: the ASA states that botulinum toxin injections are "
    "prescription-only medicines. This product's UK licence was not checked."
)
GLP1_NOTE = (
    "Checked 2026-12-02: an ASA ruling (advice from the MHRA) states that GLP-1 medicines are a "
    "class of POMs and that all injectable weight-loss medicines are POMs."
)
B12_NOTE = (
    "Checked 2026-12-02: the ASA/MHRA enforcement notice states that licensed injectable "
    "vitamin B12 and vitamin D are prescription-only medicines."
)
SECONDARY = " Secondary source (a UK pharmacy or clinic page); the MHRA entry was not checked."

# name: (source address, what the check found)
VERIFIED = {
    "botulinum toxin": (ASA_TOXIN_NOTICE, TOXIN_NOTE),
    "Botox": (ASA_TOXINS, TOXIN_NOTE),
    "onabotulinumtoxinA": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "Vistabel": (ASA_TOXINS, TOXIN_NOTE),
    "abobotulinumtoxinA": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "Dysport": (ASA_TOXINS, TOXIN_NOTE),
    "Azzalure": (ASA_TOXINS, TOXIN_NOTE),
    "Alluzience": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "incobotulinumtoxinA": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "Xeomin": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "Bocouture": (ASA_TOXINS, TOXIN_NOTE),
    "letibotulinumtoxinA": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "Letybo": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "relabotulinumtoxinA": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "Relfydess": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "rimabotulinumtoxinB": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "NeuroBloc": (ASA_TOXIN_NOTICE, TOXIN_CLASS_NOTE),
    "semaglutide": (ASA_GLP1, GLP1_NOTE),
    "Ozempic": (ASA_GLP1, GLP1_NOTE + " Its UK SmPC is on the EMC (product 14975)."),
    "Wegovy": (ASA_GLP1, GLP1_NOTE + " The ruling's landing page named Wegovy."),
    "tirzepatide": (ASA_GLP1, GLP1_NOTE),
    "Mounjaro": (ASA_GLP1, GLP1_NOTE + " Its UK SmPC is on the EMC (product 15485)."),
    "liraglutide": (ASA_GLP1, GLP1_NOTE),
    "Saxenda": (ASA_GLP1, GLP1_NOTE),
    "Victoza": (ASA_GLP1, GLP1_NOTE),
    "dulaglutide": (ASA_GLP1, GLP1_NOTE),
    "Trulicity": (ASA_GLP1, GLP1_NOTE),
    "exenatide": (ASA_GLP1, GLP1_NOTE),
    "Byetta": (ASA_GLP1, GLP1_NOTE + " UK availability not checked."),
    "Bydureon": (ASA_GLP1, GLP1_NOTE + " UK availability not checked."),
    "weight loss injection": (ASA_GLP1, GLP1_NOTE),
    "weight loss jab": (ASA_GLP1, GLP1_NOTE),
    "skinny jab": (ASA_GLP1, GLP1_NOTE),
    "orlistat": (
        ORLISTAT,
        "Checked 2026-12-02: orlistat 120 mg (Xenical) is prescription-only; 60 mg (Alli) is "
        "a pharmacy (P) medicine (Drug and Therapeutics Bulletin).",
    ),
    "Xenical": (ORLISTAT, "Checked 2026-12-02: orlistat 120 mg is prescription-only (DTB)."),
    "Alli": (ORLISTAT, "Checked 2026-12-02: orlistat 60 mg is a pharmacy (P) medicine (DTB)."),
    "hydroxocobalamin": (ASA_VITAMINS, B12_NOTE + " Sold in the UK as an injection only."),
    "Neo-Cytamen": (ASA_VITAMINS, B12_NOTE + " UK availability of the brand not checked."),
    "Cobalin-H": (ASA_VITAMINS, B12_NOTE + " UK availability of the brand not checked."),
    "cyanocobalamin": (ASA_VITAMINS, B12_NOTE + " Oral tablets are sold over the counter."),
    "B12 injection": (ASA_VITAMINS, B12_NOTE),
    "B12 jab": (ASA_VITAMINS, B12_NOTE),
    "vitamin D injection": (ASA_VITAMINS, B12_NOTE),
    "vitamin D jab": (ASA_VITAMINS, B12_NOTE),
    "sildenafil": (
        SILDENAFIL,
        "Checked 2026-12-02: the MHRA reclassified Viagra Connect (sildenafil 50 mg) from POM "
        "to P in 2017; Viagra 25, 50 and 100 mg remain POM.",
    ),
    "Viagra": (SILDENAFIL_POM, "Checked 2026-12-02: Viagra 25, 50 and 100 mg remain POM."),
    "Viagra Connect": (SILDENAFIL, "Checked 2026-12-02: a pharmacy (P) medicine since 2017."),
    "tadalafil": (
        TADALAFIL,
        "Checked 2026-12-02: Cialis Together (tadalafil 10 mg) was reclassified from POM to P "
        "by the MHRA in March 2023; other tadalafil products remain POM.",
    ),
    "Cialis": (TADALAFIL, "Checked 2026-12-02: Cialis remains POM; Cialis Together is P."),
    "Cialis Together": (TADALAFIL, "Checked 2026-12-02: a pharmacy (P) medicine since 2023."),
    "melatonin": (MELATONIN, "Checked 2026-12-02: prescription-only in the UK." + SECONDARY),
    "Circadin": (MELATONIN, "Checked 2026-12-02: melatonin is prescription-only in the UK." + SECONDARY),
    "finasteride": (FINASTERIDE, "Checked 2026-12-02: prescription-only in the UK." + SECONDARY),
    "Propecia": (FINASTERIDE, "Checked 2026-12-02: finasteride 1 mg is prescription-only." + SECONDARY),
    "Proscar": (FINASTERIDE, "Checked 2026-12-02 for finasteride; the 5 mg brand itself not checked." + SECONDARY),
    "isotretinoin": (
        ISOTRETINOIN,
        "Checked 2026-12-02: MHRA Drug Safety Update: prescribed only by consultant "
        "dermatologist-led teams.",
    ),
    "Roaccutane": (
        ISOTRETINOIN,
        "Checked 2026-12-02 (MHRA Drug Safety Update). The Pharmaceutical Journal still named "
        "the brand (Cheplapharm) in January 2026.",
    ),
    "hyaluronidase": (HYALURONIDASE, "Checked 2026-12-02: prescription-only." + SECONDARY),
    "Hyalase": (HYALURONIDASE, "Checked 2026-12-02: hyaluronidase is prescription-only." + SECONDARY),
}
STATUS_CHANGES = {"tadalafil": "varies"}
ADDED = [
    ("Cialis Together", "tadalafil", "P"),
    ("vitamin D injection", "colecalciferol", "POM"),
    ("vitamin D jab", "colecalciferol", "POM"),
]
NOT_VERIFIED = (
    "Not verified online on 2026-12-02: no stored public copy searched showed this row's legal "
    "category. Check the SmPC's legal category at the address in Source."
)


def emc_search(name):
    return "https://www.medicines.org.uk/emc/search?q=" + name.replace(" ", "+")


def seed(apps, schema_editor):
    Medicine = apps.get_model("lifecycle", "PrescriptionOnlyMedicine")
    for name, substance, status in ADDED:
        Medicine.objects.get_or_create(
            name__iexact=name,
            defaults={"name": name, "active_substance": substance, "legal_status": status},
        )
    for medicine in Medicine.objects.filter(source__in=SEED_SOURCES):
        if medicine.name in VERIFIED:
            medicine.source, found = VERIFIED[medicine.name]
            medicine.checked_on = CHECKED
            medicine.legal_status = STATUS_CHANGES.get(medicine.name, medicine.legal_status)
            medicine.notes = found
        else:
            medicine.source = emc_search(medicine.name)
            medicine.notes = " ".join(part for part in (medicine.notes, NOT_VERIFIED) if part)
        medicine.save()


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0006_seed_claims_checker_v3")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
