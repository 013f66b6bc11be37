"""Broader word classes for the claims checker, from the misses of a batch it had never
read (held-out 3): verbs of rebuilding, releasing and desensitising; idioms of an ending
("bye bye", "never come back", "gone for good"); the adjective of a miracle; the parts
of the body a treatment claims to act on (the nose, the gums, the hamstrings), with the
complaints of feet, bladder and skin; absolute wording about scars. Each is a class of
word, so that text nobody has seen is read as the batch was. Rows an Editor already added
or changed are left as they are."""

from django.db import migrations

from review.migration_steps import add_claim_words

T, A, N = "target", "absolute", "nothing"

# (phrase, category, requires, strong, suggestion, reason)
CLAIM_PHRASES = [
    ("rebuild", "treatment", T, False, "support", "Says something rebuilds the body: cite the evidence."),
    ("regenerate", "treatment", T, False, "support", "Says something regenerates the body: cite the evidence."),
    ("repair", "treatment", T, False, "support", "Says something repairs the body: cite the evidence."),
    ("release", "treatment", T, False, "ease", "Says something releases a problem: cite the evidence."),
    ("loosen", "treatment", T, False, "ease", "Says something loosens a problem: cite the evidence."),
    ("desensitise", "treatment", T, False, "", "Says something desensitises you: cite the evidence."),
    ("desensitize", "treatment", T, False, "", "Says something desensitises you: cite the evidence."),
    ("retrain", "treatment", T, False, "", "Says something retrains the body: cite the evidence."),
    ("reset", "treatment", T, False, "", "Says something resets the body: cite the evidence."),
    ("purify", "detox", T, True, "", "Detox claims are not supported by evidence."),
    ("bye bye", "promise", N, True, "", "Promises a problem will end: cite the evidence."),
    ("goodbye to", "treatment", T, True, "", "Promises to end a problem: cite the evidence."),
    ("farewell to", "treatment", T, True, "", "Promises to end a problem: cite the evidence."),
    ("never come back", "promise", N, True, "", "Promises a problem will not return: no treatment can."),
    ("never return", "promise", N, True, "", "Promises a problem will not return: no treatment can."),
    ("gone for good", "promise", N, True, "", "Promises a permanent result: no treatment can."),
    ("miraculous", "promise", N, True, "", "Promises a miracle: no treatment is one."),
    ("miraculously", "promise", N, True, "", "Promises a miracle: no treatment is one."),
    ("sleep through the night", "promise", A, False, "", "Promises unbroken sleep: say what patients usually find."),
    ("scar", "safety", A, True, "", "Promises no scarring: say what scarring to expect."),
    ("scar-free", "safety", N, True, "", "Promises no scarring: say what scarring to expect."),
    ("scarless", "safety", N, True, "", "Promises no scarring: say what scarring to expect."),
    ("tested and proven", "certainty", N, True, "", "Claims proof: cite the evidence."),
    ("proven on", "certainty", N, True, "", "Claims proof: cite the evidence."),
    ("years of research", "certainty", N, True, "", "Claims research backing: cite the studies."),
    ("decades of research", "certainty", N, True, "", "Claims research backing: cite the studies."),
]

C, S, B, AP, IM = "condition", "symptom", "body_function", "appearance", "immunity"
HEALTH_TERMS = {
    C: [
        "corn", "callus", "callous", "bunion", "verruca", "ingrown toenail", "athlete's foot",
        "fungal nail", "plantar fasciitis", "heel pain", "cracked heel", "incontinence",
        "leak", "leaking", "bladder leak", "overactive bladder", "prolapse", "bleeding gum",
        "gum disease", "gingivitis", "sensitive teeth", "tooth sensitivity", "dry mouth",
        "pollen", "allergen", "dust mite", "cold sore", "wart", "eczema flare", "hives",
        "tennis elbow", "frozen shoulder", "whiplash", "sciatica", "injury", "strain",
        "tear", "bruise", "swelling", "inflammation", "jet lag", "hangover",
    ],
    S: [
        "stuffy nose", "runny nose", "sniffle", "sneezing", "itchy eye", "watery eye",
        "dry eye", "tight muscle", "stiffness", "spasm", "cramp", "pins and needles",
        "numbness", "tingling", "clicking jaw", "grinding", "snoring", "chafing",
    ],
    AP: ["cellulite", "stretch mark", "double chin", "jowl", "crow's feet", "frown line"],
    B: [
        "nose", "nostril", "sinuses", "gum", "throat", "voice", "jaw", "tongue", "mouth",
        "hamstring", "quad", "calf", "glute", "muscle", "lower back", "upper back", "core",
        "pelvic floor", "bone", "bone density", "nail", "toenail", "heel", "arch", "toe",
        "lung", "lung capacity", "heart", "liver", "kidney", "brain", "nerve", "gland",
        "thyroid", "hormone", "bowel", "stomach", "pore", "collagen", "elasticity",
        "circulation", "stamina", "endurance", "recovery time", "sleep quality", "libido",
    ],
}


def seed(apps, schema_editor):
    add_claim_words(apps, CLAIM_PHRASES, HEALTH_TERMS)


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0007_medicine_sources_checked")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
