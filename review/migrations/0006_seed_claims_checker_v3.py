"""Broader word classes for the claims checker, so it reads new text as well as the text it
was tuned on: more verbs of treating, ending and improving, idioms of permanence and of a
changed life, and more health terms (skin, muscles and joints, digestion, the senses, body
parts). Rows an Editor already added or changed are left as they are."""

from django.db import migrations

from review.migration_steps import add_claim_words

T, A, N = "target", "absolute", "nothing"

# (phrase, category, requires, strong, suggestion, reason)
CLAIM_PHRASES = [
    # Ending a problem: flagged even when hedged.
    ("resolve", "treatment", T, True, "help with", "Says something resolves a condition: cite the evidence."),
    ("overcome", "treatment", T, True, "help with", "Promises to overcome a condition: cite the evidence."),
    ("rid * of", "treatment", T, True, "", "Promises to rid you of a problem: cite the evidence."),
    ("halt", "treatment", T, True, "help with", "Promises to halt a condition: cite the evidence."),
    ("dissolve", "treatment", T, True, "reduce", "Promises to dissolve a problem: cite the evidence."),
    ("remove", "treatment", T, False, "reduce", "Says something removes a problem: cite the evidence."),
    # Treating, preventing and improving: not flagged when hedged ("may ease").
    ("keep * at bay", "treatment", T, False, "", "Says something keeps a condition away: cite the evidence."),
    ("keep * away", "treatment", T, False, "", "Says something keeps a condition away: cite the evidence."),
    ("ward off", "treatment", T, False, "lower the risk of", "Says something prevents a condition: cite the evidence."),
    ("fend off", "treatment", T, False, "lower the risk of", "Says something prevents a condition: cite the evidence."),
    ("lessen", "treatment", T, False, "ease", "Says something lessens symptoms: cite the evidence."),
    ("minimise", "benefit", T, False, "reduce", "Says something minimises a problem: cite the evidence."),
    ("minimize", "benefit", T, False, "reduce", "Says something minimises a problem: cite the evidence."),
    ("diminish", "benefit", T, False, "reduce", "Says something diminishes a problem: cite the evidence."),
    ("shrink", "benefit", T, False, "reduce", "Says something shrinks a problem: cite the evidence."),
    ("fade", "benefit", T, False, "soften", "Says something fades a mark or condition: cite the evidence."),
    ("lighten", "benefit", T, False, "soften", "Promises a change in appearance: cite the evidence."),
    ("brighten", "benefit", T, False, "", "Promises a change in appearance: cite the evidence."),
    ("even out", "benefit", T, False, "", "Promises a change in appearance: cite the evidence."),
    ("plump", "benefit", T, False, "", "Promises a change in appearance: cite the evidence."),
    ("sculpt", "benefit", T, False, "", "Promises a change in body shape: cite the evidence."),
    ("contour", "benefit", T, False, "", "Promises a change in body shape: cite the evidence."),
    ("unblock", "treatment", T, False, "ease", "Says something unblocks the body: cite the evidence."),
    ("unclog", "treatment", T, False, "", "Says something unblocks the body: cite the evidence."),
    ("correct", "treatment", T, False, "help with", "Says something corrects a condition: cite the evidence."),
    ("regulate", "benefit", T, False, "support", "Says something regulates the body: cite the evidence."),
    ("normalise", "benefit", T, False, "support", "Says something normalises the body: cite the evidence."),
    ("optimise", "benefit", T, False, "support", "Says something optimises the body: cite the evidence."),
    ("promote", "benefit", T, False, "support", "Says something promotes health or growth: cite the evidence."),
    ("stimulate", "benefit", T, False, "support", "Says something stimulates the body: cite the evidence."),
    ("speed up", "benefit", T, False, "support", "Says something speeds up healing: cite the evidence."),
    ("accelerate", "benefit", T, False, "support", "Says something speeds up healing: cite the evidence."),
    ("kickstart", "benefit", T, False, "support", "Says something kick-starts the body: cite the evidence."),
    ("kick start", "benefit", T, False, "support", "Says something kick-starts the body: cite the evidence."),
    ("rev up", "benefit", T, False, "support", "Says something speeds up the body: cite the evidence."),
    ("sharpen", "benefit", T, False, "support", "Says something sharpens the mind: cite the evidence."),
    ("increase", "benefit", T, False, "support", "Says something increases a body function: cite the evidence."),
    ("raise", "benefit", T, False, "support", "Says something raises a body function: cite the evidence."),
    ("replenish", "benefit", T, False, "support", "Says something replenishes the body: cite the evidence."),
    ("bring back", "benefit", T, False, "support", "Says something restores a body function: cite the evidence."),
    ("energise", "benefit", T, False, "support", "Says something energises the body: cite the evidence."),
    ("energize", "benefit", T, False, "support", "Says something energises the body: cite the evidence."),
    ("invigorate", "benefit", T, False, "refresh", "Says something invigorates the body: cite the evidence."),
    ("revive", "benefit", T, False, "refresh", "Says something revives the body: cite the evidence."),
    ("renew", "benefit", T, False, "refresh", "Says something renews the body: cite the evidence."),
    ("slow down", "benefit", T, False, "", "Says something slows a condition: cite the evidence."),
    ("slows", "benefit", T, False, "", "Says something slows a condition: cite the evidence."),
    ("slowed", "benefit", T, False, "", "Says something slows a condition: cite the evidence."),
    ("delay", "benefit", T, False, "", "Says something delays a condition: cite the evidence."),
    ("block", "treatment", T, False, "reduce", "Says something blocks a symptom: cite the evidence."),
    ("target", "treatment", T, False, "", "Says something acts on a problem: cite the evidence."),
    ("settle", "treatment", T, False, "ease", "Says something settles a symptom: cite the evidence."),
    ("silence", "treatment", T, True, "ease", "Promises to silence a symptom: cite the evidence."),
    ("quieten", "treatment", T, False, "ease", "Says something quietens a symptom: cite the evidence."),
    ("comfort", "treatment", T, False, "soothe", "Says something soothes symptoms: cite the evidence."),
    ("respond * to", "treatment", T, False, "", "Says a condition responds to a treatment: cite the evidence."),
    ("kick the habit", "treatment", N, True, "", "Promises to end an addiction: cite the evidence."),
    # Permanence and a changed life.
    ("forever", "promise", T, True, "", "Promises a permanent result: say how long results usually last."),
    ("for good", "promise", T, True, "", "Promises a permanent result: say how long results usually last."),
    ("once and for all", "promise", T, True, "", "Promises a permanent result: say how long results usually last."),
    ("permanently", "promise", T, True, "", "Promises a permanent result: say how long results usually last."),
    ("a thing of the past", "promise", T, True, "", "Promises the end of a problem: cite the evidence."),
    ("change * life", "promise", N, True, "", "Promises a life-changing result: cite the evidence."),
    ("transform * life", "promise", N, True, "", "Promises a life-changing result: cite the evidence."),
    ("life transforming", "promise", N, True, "", "Promises a life-changing result: cite the evidence."),
    ("new lease of life", "promise", N, True, "", "Promises a life-changing result: cite the evidence."),
    ("get * life back", "promise", N, True, "", "Promises a life-changing result: cite the evidence."),
    ("give * life back", "promise", N, True, "", "Promises a life-changing result: cite the evidence."),
    ("turn back the clock", "promise", N, True, "", "Promises a younger look: cite the evidence."),
    ("turn back time", "promise", N, True, "", "Promises a younger look: cite the evidence."),
    ("feel * younger", "promise", N, True, "", "Promises a younger feeling: cite the evidence."),
    ("years younger", "promise", N, True, "", "Promises a younger look: cite the evidence."),
    ("ever need", "promise", N, True, "", "Promises the last treatment anyone needs: results vary."),
    ("a new you", "promise", N, True, "", "Promises a transformation: say how results vary."),
    ("work", "promise", A, True, "", "Promises it works for everyone: results vary."),
    ("youthful", "promise", T, True, "", "Promises a younger look: cite the evidence."),
    ("ageless", "promise", T, True, "", "Promises a younger look: cite the evidence."),
    ("flawless", "promise", T, True, "", "Promises a perfect result: say how results vary."),
    ("perfect", "promise", T, True, "", "Promises a perfect result: say how results vary."),
    ("wrinkle free", "promise", N, True, "", "Promises a perfect result: say how results vary."),
    # Safety.
    ("nothing to worry about", "safety", N, False, "", "Promises there is nothing to worry about: say what the risks are."),
    ("recovery period", "safety", A, False, "", "Promises no recovery period: say what recovery usually involves."),
    ("healing time", "safety", A, False, "", "Promises no healing time: say what recovery usually involves."),
    ("scarring", "safety", A, False, "", "Promises no scarring: say what is usual."),
    ("bruising", "safety", A, False, "", "Promises no bruising: say what is usual."),
    # Proof and detox.
    ("research backed", "certainty", N, True, "", "Claims research backing: cite the study."),
    ("science backed", "certainty", N, True, "", "Claims scientific backing: cite the study."),
    ("detoxify", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("draw * out", "detox", T, True, "", "Detox claims are not supported by evidence."),
    ("cleanse * blood", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("cleanse * liver", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("cleanse * gut", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("cleanse * colon", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("colon cleanse", "detox", N, True, "", "Detox claims are not supported by evidence."),
    ("juice cleanse", "detox", N, True, "", "Detox claims are not supported by evidence."),
]

C, S, B, AP, IM = "condition", "symptom", "body_function", "appearance", "immunity"
HEALTH_TERMS = {
    C: [
        "breakout", "sickness", "travel sickness", "motion sickness", "fibroid", "gallstone",
        "kidney stone", "candida", "thrush", "leaky gut", "SIBO", "insulin resistance",
        "adrenal fatigue", "hormonal imbalance", "imbalance", "sports injury", "sprain",
        "slipped disc", "trapped nerve", "RSI", "repetitive strain injury", "shin splints",
        "sinus", "winter bug", "tummy bug", "stomach bug", "colds", "common cold", "nasal congestion",
        "sinus congestion", "catarrh", "blocked nose", "halitosis", "body odour", "tooth decay",
        "weight gain", "overweight", "restless legs", "mood swings", "vaginal dryness",
        "low libido", "trauma", "flare up", "flare",
    ],
    S: [
        "redness", "flushing", "puffiness", "water retention", "fluid retention", "knot",
        "muscle tension", "tension", "tightness", "sore", "itchiness", "irritation", "irritability",
        "hunger", "sugar craving", "forgetfulness", "wheeze", "wheezing", "night waking",
    ],
    AP: [
        "blackhead", "whitehead", "pimple", "milia", "thread vein", "spider vein",
        "broken capillary", "sun damage", "sunspot", "dullness", "eye bag", "sagging",
        "laxity", "crepey skin", "uneven skin tone", "skin tag", "keloid", "lip", "smile",
        "teeth", "tooth", "stain", "love handle", "muffin top", "bingo wings", "jawline",
        "neck line", "lash", "eyelash", "brow", "eyebrow", "scalp", "grey hair", "hairline",
        "bald patch", "hair fall", "hair thinning", "puffy eyes", "body shape",
    ],
    B: [
        "body", "face", "posture", "mobility", "flexibility", "spine", "tendon", "ligament",
        "cartilage", "knee", "hip", "shoulder", "neck", "foot", "ankle", "wrist", "elbow",
        "ear", "eye", "eyesight", "vision", "hearing", "bladder", "prostate", "womb",
        "egg quality", "sperm", "sperm count", "blood", "lymph", "lymphatic system", "colon",
        "microbiome", "gut flora", "nervous system", "thinking", "alertness", "strength",
        "muscle tone", "muscle mass", "longevity", "lifespan", "youthfulness", "sex life",
        "waist", "waistline", "thigh", "tummy", "belly", "chin", "cheek", "mental health",
        "wellness",
    ],
    IM: ["impurity", "waste product", "heavy metal", "parasite", "toxic build up", "immune defence"],
}


def seed(apps, schema_editor):
    add_claim_words(apps, CLAIM_PHRASES, HEALTH_TERMS)


class Migration(migrations.Migration):
    dependencies = [("lifecycle", "0005_review_records_from_cms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
