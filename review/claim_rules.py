"""The claims checker's rules: what makes a sentence a claim that needs evidence, and the
compliant rewrite offered for it.

A claim phrase (data: ``ClaimPhrase``) counts only in the context it requires: a health
target (data: ``HealthTerm``) it acts on, absolute wording around it, or nothing. Then the
sentence's reading (``language.Reading``) decides whether it is asserted: a negated claim
("there is no cure"), a claim inside a condition ("if your symptoms do not improve") and a
hedged mild claim ("may ease tiredness") are not flagged; a hedged cure claim and any
absolute or quantified promise are. Medicines (data: ``PrescriptionOnlyMedicine``) are
flagged wherever a POM is named, whatever the wording around it.
"""

import re
from dataclasses import dataclass, field

from .language import (
    BETTER_QUALITIES,
    DETERMINERS,
    HEDGES,
    Reading,
    all_lemmas,
    is_adjective,
    is_comparative,
    is_improvement,
    is_noun_only,
    reads_as_adjective,
    tokenize,
)

CLAIM = "claim"
MEDICINE = "medicine"
VAGUE_CITATION = "vague_citation"

# Rules: each flag names the one that fired.
EFFICACY = "efficacy"
SAFETY = "safety"
PROMISE = "promise"
QUANTIFIED = "quantified"
EVIDENCE = "evidence"
DETOX = "detox_immunity"
POM = "medicine"
VAGUE = "vague_citation"
PLACEHOLDER = "citation_placeholder"

RULES = {
    EFFICACY: "Treatment or benefit claim about a health target",
    SAFETY: "Absolute safety claim",
    PROMISE: "Promise of a result",
    QUANTIFIED: "Quantified or timed outcome",
    EVIDENCE: "Claim of proof",
    DETOX: "Detox or immunity claim",
    POM: "Prescription-only medicine named",
    VAGUE: "Study cited without DOI, PMID or URL",
    PLACEHOLDER: "Citation placeholder",
}
CATEGORY_RULE = {
    "treatment": EFFICACY,
    "benefit": EFFICACY,
    "safety": SAFETY,
    "promise": PROMISE,
    "certainty": EVIDENCE,
    "detox": DETOX,
}

VAGUE_CITATION_REASON = "citation without DOI, PMID or URL"
PLACEHOLDER_REASON = "replace “[n]” with the number of the reference that supports this"
QUANTIFIED_REASON = "A quantified or timed outcome needs the study that measured it."
MEDICINE_REASON = (
    "{name}: {status}. A prescription-only medicine may not be advertised to the public. "
    "Describe the consultation, not the medicine."
)

# Results a promise is about ("instant relief", "guaranteed results").
OUTCOMES = [
    "result",
    "difference",
    "improvement",
    "change",
    "effect",
    "benefit",
    "outcome",
    "success",
    "relief",
    "recovery",
    "transformation",
    "cure",
    "fix",
    "solution",
    "weight loss",
    "fat loss",
    "reduction",
    "removal",
    "better",
]
# What a sentence about a treatment names ("improved after treatment").
INTERVENTIONS = {
    "treatment",
    "therapy",
    "infusion",
    "injection",
    "drip",
    "jab",
    "session",
    "procedure",
    "medicine",
    "medication",
    "tablet",
    "supplement",
    "dose",
    "course",
    "programme",
    "program",
    "iv",
    "clinic",
    "filler",
    "peel",
    "laser",
    # products
    "cream",
    "serum",
    "balm",
    "gel",
    "oil",
    "lotion",
    "drop",
    "spray",
    "patch",
    "pill",
    "capsule",
    "gummy",
    "powder",
    "tea",
    "shot",
    "drink",
    "tincture",
    "formula",
    "product",
    "device",
    "pen",
    "panel",
    "insole",
    "band",
    "kit",
    "facial",
    "massage",
    "guard",
    "brace",
    "splint",
    "orthotic",
    "sauna",
    "bath",
    "pod",
    "cap",
    "package",
    "bundle",
    "plan",
    "diet",
    "cleanse",
    "protocol",
    "method",
}
SUBJECTS = INTERVENTIONS | {"it", "they", "this", "these", "both", "them"}
COPULAS = {"be", "is", "are", "was", "were", "been", "being", "'s", "remain", "seem"}
ADVERBS = {"very", "generally", "usually", "always", "completely", "totally", "perfectly"}
ABSOLUTE_BEFORE = {
    "completely",
    "totally",
    "perfectly",
    "absolutely",
    "entirely",
    "fully",
    "utterly",
    "always",
    "zero",
    "no",
    "without",
    "free",
    "never",
}
# Qualities of a place or a record, not of a treatment: safety said with them is not a
# medical claim.
PREMISES = {
    "accessible",
    "secure",
    "confidential",
    "private",
    "lit",
    "clean",
    "welcoming",
    "tidy",
    "spacious",
    "step-free",
}
EVERYONE = {"everyone", "anyone", "everybody", "anybody", "all", "every"}
RISK_WORDS = {"side", "risk", "reaction", "complication", "bruise", "bruising", "allergic"}
MODALS = {"can", "will", "would", "does", "do", "did", "should"}
SUCCESS = {"successfully", "effectively"}
PERSONS = {"people", "person", "patient", "those", "anyone", "woman", "man", "child", "adult"}
# Where toxins are said to be taken from: "toxins from the body", "out of your system".
OUT_OF_BODY = re.compile(
    r"(?i)\s+(?:\w+\s+){0,2}?(?:from|out\s+of|out\s+from)\s+(?:the|your|their)\s+"
    r"(?:\w+\s+)?(?:body|bodies|system|blood|skin|gut|liver|cells|tissues?|organs?|lymph)\b"
)
# The body's own work, not a treatment's: "removed by the liver and kidneys", "your liver
# removes toxins from the blood".
ORGANS = r"(?:body|liver|kidneys?|lungs|gut|immune\s+system|lymphatic\s+system)"
BODY_DOES_IT = re.compile(rf"(?i)\bby\s+(?:the|your)\s+{ORGANS}\b|^\W*(?:the|your)\s+{ORGANS}\b")
# "specialises in treating", "experienced in relieving": a practitioner's field.
FIELDS = {"specialise", "specialize", "specialist", "experience", "experienced", "expert",
          "trained", "train", "qualified", "interest", "interested", "skilled"}  # fmt: skip
SUBSTANCES = {
    "alcohol",
    "drug",
    "opioid",
    "opiate",
    "heroin",
    "substance",
}  # "successfully treated hundreds of patients"

# What an adjective of promise describes besides a result: "flawless skin", "a youthful
# look". Only these: "permanent hair dye" and "lasting tiredness" promise nothing.
LOOKS = {
    "skin",
    "complexion",
    "glow",
    "look",
    "smile",
    "figure",
    "hair",
    "lip",
    "jawline",
    "physique",
    "shape",
}
# A health word before these names a service, not a target: "blood test", "skin type".
SERVICES = {
    "test",
    "check",
    "scan",
    "sample",
    "type",
    "clinic",
    "specialist",
    "consultation",
    "appointment",
    "dye",
    "spa",
    "colour",
    "donor",
    "aid",
}
# Function words lemminflect also lists as nouns.
NOT_NOUNS = {"that", "this", "these", "those", "which", "what", "all", "more", "most", "any"}
# Between a health word and its verb: "pain scores fall", "energy levels rise".
MEASURES = {"score", "level", "reading", "rate", "count"}
# The body doing it by itself: "your skin repairs itself", "the lungs clear on their own".
REFLEXIVES = {"itself", "themselves", "yourself", "himself", "herself"}
# A treatment's after-effects settle by themselves; saying when is aftercare, not a claim:
# "swelling usually eases within a day".
AFTER_EFFECTS = {
    "swelling",
    "redness",
    "bruising",
    "bruise",
    "soreness",
    "tenderness",
    "discomfort",
    "stiffness",
    "itching",
    "tingling",
    "numbness",
}
# A benefit named by its direction: less of a complaint ("fewer migraines", "less pain"),
# more of a function ("more energy", "better sleep", "clearer skin").
LESS = {"less", "fewer", "reduced", "decreased", "minimal"}
TIRED = {"tired", "anxious", "stressed", "bloated", "stiff", "sore", "achy", "breathless", "low"}
MORE = {"more", "better", "improved", "increased", "enhanced", "boosted", "restored", "extra"}
COMPLAINTS = {"condition", "symptom"}
# Superlatives: "the most effective treatment for hair loss".
SUPERLATIVES = {"best", "leading", "ultimate", "fastest", "strongest", "safest", "greatest"}
MOST = {"most", "number", "no", "#"}  # "most effective", "number one", "no. 1", "#1"
SUPERLATIVE_OF = {"effective", "advanced", "powerful", "successful", "one", "1"}
SUPERLATIVE_HEADS = {"solution", "answer", "way", "option", "choice", "remedy", "result"}
# Evidence and endorsement: "clinically validated", "dentist approved", "experts agree".
EVIDENCE_ADVERBS = {
    "clinically",
    "scientifically",
    "medically",
    "dermatologically",
    "independently",
    "laboratory",
    "lab",
    "ophthalmologically",
    "gynaecologically",
}
ENDORSERS = {
    "doctor",
    "dermatologist",
    "dentist",
    "expert",
    "gp",
    "surgeon",
    "scientist",
    "pharmacist",
    "nutritionist",
    "physician",
    "clinician",
    "nurse",
}
ENDORSING = {
    "prove",
    "show",
    "test",
    "validate",
    "back",
    "approve",
    "recommend",
    "verify",
    "demonstrate",
    "endorse",
    "certify",
    "confirm",
    "trust",
}
# Verbs a treatment, a product or the clinic's staff may take with a health word as object
# without claiming an effect on it: "our physiotherapists assess knee pain", "the
# consultation covers sleep", "the cream can irritate eczema".
NEUTRAL_VERBS = {
    "assess",
    "diagnose",
    "examine",
    "check",
    "test",
    "screen",
    "measure",
    "monitor",
    "scan",
    "discuss",
    "explain",
    "describe",
    "offer",
    "provide",
    "include",
    "cover",
    "involve",
    "need",
    "require",
    "mean",
    "see",
    "manage",
    "refer",
    "advise",
    "welcome",
    "book",
    "ask",
    "bring",
    "list",
    "share",
    "talk",
    "answer",
    "look",
    "specialise",
    "specialize",
    "focus",
    "work",
    "run",
    "hold",
    "host",
    "make",
    "take",
    "cause",
    "trigger",
    "worsen",
    "aggravate",
    "irritate",
    "affect",
    "interact",
    "contain",
    "suit",
    "understand",
    "investigate",
    "consider",
    "review",
    "record",
    "note",
    "track",
    "study",
    "research",
    "know",
    "have",
    "get",
    "give",
    "use",
    "do",
    "say",
    "tell",
    "call",
    "contact",
    "visit",
    "join",
    "start",
    "begin",
    "recommend",
    "prescribe",
    "supply",
    "sell",
    "stock",
    "deliver",
    "become",
    "feel",
    "seem",
    "find",
    "show",
    "mention",
    "want",
    "like",
    "love",
    "hate",
    "help",
    "numb",
}
# Between a verb and its object these end the object's phrase ("sees patients with back
# pain", "talks about menopause"): the health word is no longer what the verb acts on.
OBJECT_STOPS = {
    "for",
    "with",
    "about",
    "at",
    "during",
    "if",
    "when",
    "who",
    "which",
    "that",
    "because",
    "by",
    "like",
    "such",
    "as",
    "including",
    "in",
    "after",
    "before",
    "and",
    "or",
    "than",
    "while",
}
# The end of a problem named before its answer: "Tinnitus? Our sound therapy…",
# "Stiff joints, poor sleep — our plan…".
PROBLEM_ENDS = {"?", ":", "—", "–"}
# A POM named to inform, not to sell: its legal status, licence, supervision, risks or
# who prescribed it ("Botulinum toxin is a prescription-only medicine…", "should not
# handle finasteride tablets", "Ozempic prescribed by your GP"), or what it is
# ("Lidocaine is a local anaesthetic…").
INFORMING = re.compile(
    r"(?i)\bprescription[\s-]only\b|\blicen[cs]ed\b|\bsupervision\b|\bside[\s-]effects?\b"
    r"|\b(?:should|must)\s+not\b|\bprescribed\s+by\s+your\b|\b(?:is|are)\s+an?\s+"
    r"(?:(?:\w+\s+){0,2})(?:medicine|drug|anaesthetic|hormone|antibiotic|vitamin|toxin)s?\b"
)
# Selling: a price, an offer, an order or a booking, the clinic's own supply, or a benefit.
SELLING = re.compile(
    r"(?i)£|\bprice|\boffer|\bbook|\border|\bbuy\b|\bstock|\bdeliver|\bavailable\b"
    r"|\bour\b|\bwe\b|\btry\b|\bnew(?:est)?\b|\bfree\b|\bonline\b|\bdiscount|\bsave\b"
)
# Words that make the word after them no health claim: "digital detox", "social media
# cleanse" (a break from screens); and the clinic's services that a safety or promise
# word may describe ("painless online payments", "risk-free rescheduling").
NOT_BODILY = {"digital", "social", "media", "screen", "phone", "email", "tech", "inbox"}
ADMIN_NOUNS = {
    "payment",
    "booking",
    "rescheduling",
    "cancellation",
    "parking",
    "checkout",
    "refund",
    "delivery",
    "return",
    "access",
    "registration",
    "transfer",
    "invoice",
    "billing",
    "finance",
    "ordering",
    "process",
    "signup",
    "login",
    "wifi",
    "travel",
}
# A product named with its harms is a warning, not a claim: "detox teas can interact
# with some medicines".
HARMS = {"interact", "harm", "damage", "irritate", "worsen", "upset", "dehydrate"}
# Harm denied outright ("can't harm you", "never damages the skin", "not a flicker of
# discomfort", "won't leave you with a hint of sensitivity"): a safety claim in any words.
HARM_WORDS = HARMS | {
    "hurt",
    "scar",
    "sting",
    "burn",
    "irritation",
    "sensitivity",
    "discomfort",
    "pain",
    "bruise",
    "bruising",
    "redness",
    "downtime",
    "worry",
    "fear",
    "risk",
}
HARM_DENIED_REASON = "Denies any harm: say what side effects patients may have."
# Experts said to back a product: "doctors unanimously recommend our brace", "backed by
# solid clinical research".
RESEARCH_NOUNS = {"research", "science", "study", "evidence", "data", "trial"}
ACTS_ON_REASON = "Says a treatment acts on a health condition: cite the evidence or hedge it."
UNFELT = {"pain", "discomfort", "needle", "sting", "prick"}
UNFELT_REASON = "Promises no pain: say what patients usually feel."
ENDORSEMENT_REASON = "Claims evidence or experts' endorsement: cite the study or name who."
SUPERLATIVE_REASON = "Claims to be the best: a comparison needs evidence."

# Quantified outcomes: an outcome together with a quantity.
NOTICE_VERBS = {
    "notice",
    "feel",
    "see",
    "experience",
    "achieve",
    "enjoy",
    "expect",
    "gain",
    "report",
    "look",
}
# A health measure changing, said of it as subject: "cholesterol drops by 20%".
CHANGE_VERBS = {
    "rise",
    "fall",
    "drop",
    "increase",
    "decrease",
    "improve",
    "soar",
    "plummet",
    "halve",
}
POSITIVE = {
    "better",
    "brighter",
    "younger",
    "energetic",
    "energised",
    "energized",
    "refreshed",
    "great",
    "amazing",
    "different",
    "lighter",
    "slimmer",
    "new",
    "well",
    "confident",
}
LOSS_VERBS = {"lose", "shed", "drop", "burn", "melt", "down"}
BETTER = {"better", "easier", "clearer", "stronger", "healthier", "calmer", "fitter", "happier",
          "lighter", "slimmer", "leaner", "younger", "firmer", "smoother", "longer"}  # fmt: skip
# "stop needing painkillers", "no longer need glasses": an outcome in so many words.
NEEDING = {"need", "take", "use", "rely"}
WEIGHT_UNITS = {"weight", "fat", "kg", "kilo", "pound", "lb", "lbs", "stone", "inch", "size", "%"}
NUMBER_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)"
NUM = (
    rf"(?:\d+(?:\.\d+)?|a|an|{NUMBER_WORDS}|a few|few|"
    r"several|a couple of)"
)
UNIT_TIME = (
    r"(?:minutes?|hours?|days?|weeks?|fortnights?|months?|sessions?|treatments?|appointments?"
    r"|visits?|infusions?|injections?)"
)
WITHIN = (
    r"(?:within|in(?:\s+just|\s+only|\s+as\s+little\s+as|\s+under|\s+less\s+than"
    r"|\s+fewer\s+than|\s+a\s+matter\s+of)?)"
    rf"\s+{NUM}(?:\s?(?:-|–|to|or)\s?{NUM})?\s+{UNIT_TIME}"
    r"|in\s+(?:a\s+matter\s+of\s+)?(?:minutes|hours|days|weeks)"
)
# A date a result is promised by: "by summer", "in time for your wedding".
BY_DATE = (
    r"(?:by|in\s+time\s+for)\s+(?:the\s+|your\s+|next\s+)?"
    r"(?:summer|christmas|spring|winter|holiday|holidays|wedding|big\s+day|new\s+year)"
)
AFTER_FIRST = (
    rf"after\s+(?:just\s+|only\s+)?(?:one|a\s+single|the\s+first|your\s+first|two|three|\d+)"
    rf"\s+{UNIT_TIME}"
)
AT_ONCE = r"overnight|instantly|immediately|straight\s+away|right\s+away|in\s+no\s+time"
TIMED = rf"(?:{WITHIN}|within\s+(?:days|weeks|hours|minutes)|{AFTER_FIRST}|{AT_ONCE}|{BY_DATE})"
MAJORITY_OF = (
    r"(?:most|all|nearly\s+all|almost\s+all|the\s+majority\s+of|every"
    rf"|(?:\d+|{NUMBER_WORDS})\s+(?:out\s+of|in)\s+(?:\d+|{NUMBER_WORDS}))"
    r"\s+(?:of\s+(?:our|the|them)\s+)?"
    r"(people|patients|clients|women|men|users|customers)"
)
QUANTITIES = re.compile(
    r"(?i)\b\d+(?:\.\d+)?\s?(?:%|per\s?cent)"
    r"|\bup\s+to\s+\d+(?:\.\d+)?\s?%?"
    rf"|\b(?:\d+(?:\.\d+)?|an?|{NUMBER_WORDS})\s?"
    r"(?:kg|kilos?|lbs?|pounds?|stone|inches|cm|dress\s+sizes?|sizes?)\b"
    r"|\b(?:twice|three\s+times|four\s+times|half)\b"
    r"|\bon\s+average\b|\ban\s+average\s+(?:of|loss)\b"
    rf"|\b(?:an\s+)?(?:extra\s+{NUMBER_WORDS}|{NUMBER_WORDS}\s+extra|\d+\s+extra)\s+(?:hours?|minutes?)\b"
    rf"|\b{MAJORITY_OF}\b|\beveryone\b"
    rf"|\b{TIMED}\b"
    r"|\bfrom\s+(?:the\s+(?:very\s+)?first|your\s+(?:very\s+)?first|day\s+one)\b"
)
DURATION = re.compile(
    rf"(?i)\b(?:up\s+to\s+|for\s+|at\s+least\s+)?{NUM}\s+(?:weeks?|months?|years?)\b"
)
MAJORITY = re.compile(rf"(?i)\b{MAJORITY_OF}\b")
TIMED_ONLY = re.compile(rf"(?i){TIMED}")
# The time phrase a rewrite drops: "within a week (of your infusion)".
TIME_PHRASE = re.compile(rf"(?i),?\s+{TIMED}\b(?:\s+of\s+(?:your|the|their|an?)\s+\w+)?")

# Vague citations are wording rules.
CITATION_MARKER = re.compile(r"\[(\d+(?:\s*[,\-–]\s*\d+)*)\]")
PLACEHOLDER_MARKER = re.compile(r"(?i)\[\s*n\s*\]")
STUDY_LOCATOR = re.compile(r"(?i)\b10\.\d{4,9}/\S+|\bdoi\s*:|\bPMID\s*:?\s*\d{1,8}\b")
LOCATOR = re.compile(
    r"(?i)\b10\.\d{4,9}/\S+|\bdoi\s*:|\bPMID\s*:?\s*\d{1,8}\b|\bhttps?://|\bwww\.\S+"
)
STUDY = r"(?:stud(?:y|ies)|trials?|reviews?|meta-analys[ie]s|analys[ie]s|surveys?|papers?)"
# What a study is said to have done.
REPORTED = (
    r"(?:found|finds?|show(?:s|ed|n)?|suggest(?:s|ed)?|report(?:s|ed)?|conclude[sd]?"
    r"|demonstrate[sd]?|published|prove[sdn]?|confirm(?:s|ed)?|reveal(?:s|ed)?|indicate[sd]?"
    r"|establish(?:es|ed)?|discover(?:s|ed)?|link(?:s|ed)?)"
)
# Who or what is said to have found it, and up to four words between ("experts from a top
# university concluded"), none of them a modal or a clause ("our data helps us to show").
RESEARCH = r"(?:studies|research|trials|scientists|researchers|experts|data|findings)"
GAP = r"(?:(?!(?:to|that|which|who|will|can|may|could|would)\b)[\w-]+\s+){0,4}?"
VAGUE_STUDY_PATTERNS = [
    # "A 2017 study published in BMC Medicine", "In 2019, a trial…"
    re.compile(rf"(?i)\b(?:19|20)\d{{2}}\b\W+(?:[\w-]+\s+){{0,3}}?{STUDY}\b"),
    # "A study found…", "One recent review showed…"
    re.compile(
        rf"(?i)\b(?:a|an|one|another|recent|new|latest)\s+(?:[\w-]+\s+){{0,3}}?{STUDY}\b.*?"
        rf"\b{REPORTED}\b"
    ),
    # "studies have shown", "research from 2015 shows", "new data indicates"
    re.compile(rf"(?i)\b{RESEARCH}\s+{GAP}(?:has\s+|have\s+)?{REPORTED}\b"),
    # "according to recent research", "according to a study"
    re.compile(rf"(?i)\baccording\s+to\s+(?:[\w-]+\s+){{0,3}}?(?:{STUDY}|{RESEARCH})\b"),
]
# Every pattern above needs one of these words: most sentences are ruled out at once.
MENTIONS_RESEARCH = re.compile(
    r"(?i)stud(?:y|ies)|trial|review|analys|survey|paper|research|scientist|expert|data"
    r"|finding|according"
)
NOT_REPORTED = re.compile(r"(?i)\b(?:no|not|never|none|nobody|nothing)\b|n't\b")


def is_vague_citation(sentence):
    """Mentions a study without a DOI, PubMed ID, URL or citation marker ("no study has
    shown…" mentions none)."""
    if not MENTIONS_RESEARCH.search(sentence):
        return False
    if LOCATOR.search(sentence) or CITATION_MARKER.search(sentence):
        return False
    for pattern in VAGUE_STUDY_PATTERNS:
        for match in pattern.finditer(sentence):
            before = sentence[max(0, match.start() - 12) : match.start()]
            if not NOT_REPORTED.search(before + match.group()):
                return True
    return False


@dataclass(frozen=True)
class Flag:
    kind: str  # CLAIM, MEDICINE or VAGUE_CITATION
    term: str  # the words that triggered it, as written
    reason: str
    rule: str = ""  # one of RULES

    def __str__(self):
        if self.kind == VAGUE_CITATION:
            return self.reason
        return f"“{self.term}”: {self.reason}"

    @property
    def rule_label(self):
        return RULES.get(self.rule, "")


# Word lists


@dataclass(frozen=True)
class Entry:
    words: tuple  # lower case; "*" is a gap of up to five words
    case_sensitive: bool
    text: str
    payload: object


class Lexicon:
    """Phrases matched on lemmas: an entry word matches any inflection of itself."""

    GAP = 5

    def __init__(self, items):
        self.index = {}
        for text, payload in items:
            tokens = tokenize(text)
            words = tuple(t.text if t.text == "*" else t.low for t in tokens if t.text != "-")
            if not words:
                continue
            case_sensitive = len(text) > 1 and text.isupper()
            entry = Entry(
                tuple(t.text for t in tokens) if case_sensitive else words,
                case_sensitive,
                text,
                payload,
            )
            self.index.setdefault(entry.words[0], []).append(entry)

    @staticmethod
    def _matches(entry, word, token):
        if entry.case_sensitive:
            return token.text == word
        return token.low == word or word in token.lemmas

    def _match_from(self, entry, tokens, i):
        """End (exclusive) of entry matched at token i, or None."""
        k = 1
        j = i + 1
        while k < len(entry.words):
            word = entry.words[k]
            if word == "*":
                following = entry.words[k + 1]
                for skip in range(self.GAP + 1):
                    at = j + skip
                    if at < len(tokens) and self._matches(entry, following, tokens[at]):
                        j = at
                        break
                else:
                    return None
                k += 1
                continue
            if j >= len(tokens) or not self._matches(entry, word, tokens[j]):
                return None
            j += 1
            k += 1
        return j

    def find(self, tokens, overlapping=False):
        """(entry, start, end) of every match, in order; where matches overlap only the
        longest, unless overlapping."""
        found = []
        for i, token in enumerate(tokens):
            if not token.is_word:
                continue
            keys = {token.text} | token.lemmas | {token.low}
            for key in keys:
                for entry in self.index.get(key, ()):
                    if not self._matches(entry, entry.words[0], token):
                        continue
                    end = self._match_from(entry, tokens, i)
                    if end is not None:
                        found.append((entry, i, end))
        found.sort(key=lambda m: (m[1] - m[2], m[1]))
        if overlapping:
            return sorted(found, key=lambda m: m[1])
        taken, kept = set(), []
        for entry, start, end in found:
            span = set(range(start, end))
            if span & taken:
                continue
            taken |= span
            kept.append((entry, start, end))
        return sorted(kept, key=lambda m: m[1])


@dataclass(frozen=True)
class Phrase:
    text: str
    category: str
    requires: str
    strong: bool
    reason: str
    suggestion: str

    @property
    def rule(self):
        return CATEGORY_RULE.get(self.category, EFFICACY)


@dataclass(frozen=True)
class Medicine:
    name: str
    active_substance: str
    legal_status: str
    status_label: str
    flagged: bool


@dataclass
class WordLists:
    """The compiled word lists: claim phrases, health terms and medicines."""

    phrases: Lexicon
    targets: Lexicon
    medicines: Lexicon
    outcomes: Lexicon = field(default_factory=lambda: Lexicon((o, o) for o in OUTCOMES))

    @classmethod
    def build(cls, phrases, targets, medicines):
        """phrases: Phrase; targets: (term, kind); medicines: Medicine."""
        targets = list(targets)
        derived = [
            (form, kind)
            for term, kind in targets
            if kind in COMPLAINTS and term.isalpha() and term.islower()
            for form in adjectives_of(term)
        ]
        return cls(
            Lexicon((p.text, p) for p in phrases),
            Lexicon(targets + derived),
            Lexicon((m.name, m) for m in medicines),
        )


VOWELS = "aeiou"


def adjectives_of(noun):
    """The adjectives English derives from a condition or symptom, so that "colicky
    babies", "itchy scalp", "achy joints", "arthritic knees" and "asthmatic children" name
    the same targets as "colic", "itch", "ache", "arthritis" and "asthma". Forms that are
    not words never occur in text, so over-generating is harmless."""
    forms = {noun + "y"}
    if noun.endswith("e"):
        forms.add(noun[:-1] + "y")  # ache → achy
    if noun.endswith("c"):
        forms.add(noun + "ky")  # colic → colicky
    if len(noun) > 2 and noun[-1] not in VOWELS + "wxy" and noun[-2] in VOWELS:
        forms.add(noun + noun[-1] + "y")  # spot → spotty
    for ending, replacement in (("sis", "tic"), ("is", "ic"), ("ia", "ic"), ("y", "ic")):
        if noun.endswith(ending):
            forms.add(noun[: -len(ending)] + replacement)  # arthritis → arthritic
    if noun.endswith("es"):
        forms.add(noun[:-2] + "ic")  # diabetes → diabetic
    if noun.endswith("a"):
        forms.add(noun + "tic")  # asthma → asthmatic
    return forms - {noun}


# Reading one sentence


@dataclass
class Analysis:
    flags: list
    suggestion: str | None = None


class SentenceCheck:
    def __init__(self, sentence, lists):
        self.sentence = sentence
        self.lists = lists
        self.reading = Reading(sentence)
        self.tokens = self.reading.tokens
        self.targets = [m for m in lists.targets.find(self.tokens) if not self.qualifies(m[2])]
        self.outcomes = lists.outcomes.find(self.tokens)
        self.medicines = lists.medicines.find(self.tokens)
        in_targets = {j for _, s, e in self.targets for j in range(s, e)}
        self.mentions_intervention = bool(self.medicines) or any(
            t.lemmas & INTERVENTIONS for j, t in enumerate(self.tokens) if j not in in_targets
        )
        self.flags = []
        self.outcome_at = []  # token indexes of outcomes a quantity may qualify
        self.edits = []  # (char start, char end, replacement)
        self._terms = set()

    def qualifies(self, end):
        """A health word naming a service, not a target: "blood test", "skin type"."""
        return end < len(self.tokens) and bool(self.tokens[end].lemmas & SERVICES)

    def text(self, start, end):
        return self.sentence[self.tokens[start].start : self.tokens[end - 1].end]

    def add(self, kind, start, end, reason, rule):
        term = self.text(start, end)
        if (rule, term.lower()) in self._terms:
            return
        self._terms.add((rule, term.lower()))
        self.flags.append(Flag(kind, term, reason, rule))

    # Requirements

    def target_of(self, start, end, lexicons, strong=False):
        """The health target (or result) a phrase at [start, end) acts on, or None."""
        after = set(self.reading.clause_after(end, 8, stop_at_commas=True))
        after |= set(range(start + 1, end))
        for lexicon in lexicons:
            found = [
                (entry, t_start, t_end)
                for entry, t_start, t_end in lexicon
                if t_start in after and not (t_start <= start < t_end)
            ]
            if found:  # "rids your gut of toxins": a detox claim
                return next((m for m in found if m[0].payload == "immunity"), found[0])
        before = self.reading.clause_before(start, 4)
        if not before:
            return None
        for lexicon in lexicons:
            for entry, t_start, t_end in lexicon:
                if t_end - 1 not in before:
                    continue
                between = self.tokens[t_end:start]
                if any(t.low in COPULAS or "be" in t.lemmas for t in between):
                    return entry, t_start, t_end  # passive: "fatigue is relieved"
                if t_end == start and end - start == 1 and is_noun_only(self.tokens[start].low):
                    return entry, t_start, t_end  # compound: "pain relief"
                if (strong or self.mentions_intervention) and len(between) <= 2:
                    return entry, t_start, t_end  # "fatigue improved after treatment"
        return None

    def absolute_of(self, start, end):
        """Where the absolute wording around a phrase starts (token index), or None."""
        if self.of_premises(start, end):
            return None
        before = self.reading.clause_before(start, 3)
        for j in before[:2]:
            token = self.tokens[j]
            if token.low in ABSOLUTE_BEFORE:
                return j
            if token.low == "%" and j > 0 and self.tokens[j - 1].low == "100":
                return j - 1
        following = [
            self.tokens[j].low
            for j in self.reading.clause_after(end, 5)
            if self.tokens[j].low != ","
        ]
        for k, low in enumerate(following[:-1]):  # "safe for everyone", "harmless to all"
            if low in {"for", "to"} and following[k + 1] in EVERYONE | {"any"}:
                return start
        if following[:1] == ["every"] and following[1:2] in (["time"], ["night"], ["day"]):
            return start
        if self._is_predicate(start, end, before, following):
            return start
        return None

    def of_premises(self, start, end):
        """ "Accessible and safe", "safe and confidential": a place or a record's safety,
        named with qualities no treatment has."""
        near = self.reading.clause_before(start, 3) + self.reading.clause_after(end, 3)
        return any(self.tokens[j].low in PREMISES for j in near)

    def _is_predicate(self, start, end, before, following):
        """ "Iron infusions are safe." — an unqualified predicate of a treatment."""
        if end - start != 1 or self.reading.is_question:
            return False
        if following and following[0] not in {".", ",", "and", "!"}:
            return False  # "safe to drive", "safe for most adults"
        if any(t.low in RISK_WORDS for t in self.tokens):
            return False  # qualified: "safe, but side effects can happen"
        words = [j for j in before if self.tokens[j].low not in ADVERBS]
        if not words or self.tokens[words[0]].low not in COPULAS:
            return False
        subject = words[1] if len(words) > 1 else None
        if subject is None:
            return False
        token = self.tokens[subject]
        return bool(token.lemmas & SUBJECTS) or any(s <= subject < e for _, s, e in self.medicines)

    # Rules

    def check_phrases(self):
        """Each phrase in the context it requires. Where phrases overlap the longest is
        read first; a shorter one is read too if the longest makes no claim ("works for
        every body type": not "work for" a target, but "work" for everyone)."""
        every = self.lists.phrases.find(self.tokens, overlapping=True)
        longest = self.lists.phrases.find(self.tokens)
        fired = []
        for entry, start, end in longest + [m for m in every if m not in longest]:
            if any(start < f_end and f_start < end for f_start, f_end in fired):
                continue
            if self.check_phrase(entry.payload, start, end):
                fired.append((start, end))

    def check_phrase(self, phrase, start, end):
        """Flags the phrase at [start, end) if it makes a claim here; True if it did."""
        rule = phrase.rule
        target = None
        reach_from = start
        if self.is_other_word(phrase, start, end) or self.names_no_treatment(phrase, start, end):
            return False
        if phrase.requires == "target":
            lexicons = [self.targets]
            adjective = is_adjective(phrase.text) or is_comparative(self.tokens[start].low)
            if rule == EVIDENCE or (rule == PROMISE and not adjective):
                lexicons = [self.outcomes, self.targets]
            elif rule == PROMISE:
                lexicons = [self.outcomes, self.looks()]  # not "lasting tiredness"
            target = self.target_of(start, end, lexicons, phrase.strong)
            if target is None and self.succeeds(start):
                target = (None, start - 1, start)
            if target is None and rule == PROMISE and self.promises_to(end):
                target = (None, end, end + 2)  # "guaranteed to work"
            if target is None:
                if (
                    rule == EFFICACY
                    and self.subject_target(start, outcome=True)
                    and not self.by_itself(end)
                ):
                    self.outcome_at.append(start)  # "energy improves within a week"
                return False
            if rule == EVIDENCE and self.diagnoses(end, target):
                return False
            if target[0] is not None and target[0].payload == "immunity":
                rule = DETOX
        elif phrase.requires == "absolute":
            reach_from = self.absolute_of(start, end)
            if reach_from is None:
                return False
        if not self.asserted(reach_from, end, rule, phrase.strong):
            return False
        if rule in (EFFICACY, DETOX) and self.describes(phrase, start, target):
            return False
        first, last = min(start, reach_from), end
        if rule == PROMISE and target is not None and target[0] is not None:
            first, last = min(first, target[1]), max(last, target[2])  # "instant relief"
        self.add(CLAIM, first, last, phrase.reason or RULES[rule], rule)
        self.suggest(phrase, rule, start, end, reach_from, target)
        if rule in (EFFICACY, DETOX):
            self.outcome_at.append(start)
        return True

    def names_no_treatment(self, phrase, start, end):
        """The phrase's words used of something other than a treatment: a break from
        screens, a booking service, or a product's harms."""
        previous = self.tokens[start - 1].low if start else ""
        following = [self.tokens[j] for j in self.reading.clause_after(end, 2)]
        if phrase.rule == DETOX:
            after = self.reading.clause_after(end, 6)
            return previous in NOT_BODILY or any(self.tokens[j].lemmas & HARMS for j in after)
        if phrase.rule in (SAFETY, PROMISE):
            return any(t.lemmas & ADMIN_NOUNS for t in following)
        return False

    def is_other_word(self, phrase, start, end):
        """The phrase's word in another part of speech: "a balanced diet", "an improved
        website" (a participle describing a thing, not a claim about the target that
        follows), "fasting" (not "fast")."""
        if end - start != 1:
            return False
        token = self.tokens[start]
        if token.low == phrase.text.lower():
            return False
        if token.low.endswith("ing") and "ADJ" in all_lemmas(phrase.text):
            return True  # "fasting", "doubling" are not the adjectives "fast", "double"
        if not token.low.endswith("ed") or not start or end >= len(self.tokens):
            return False
        after = self.tokens[end]
        return (
            self.tokens[start - 1].low in DETERMINERS | {"our", "your", "their", "its"}
            and after.is_word
            and not any(s == end for _, s, _ in self.targets)
        )

    def looks(self):
        """The targets that are looks ("flawless skin"), not when they only qualify another
        noun ("permanent hair dye")."""
        found = []
        for entry, t_start, t_end in self.targets:
            if not (self.tokens[t_end - 1].lemmas & LOOKS):
                continue
            following = self.tokens[t_end] if t_end < len(self.tokens) else None
            if (
                following is not None
                and following.low not in NOT_NOUNS
                and "NOUN" in all_lemmas(following.low)
            ):
                continue
            found.append((entry, t_start, t_end))
        return found

    def promises_to(self, end):
        """ "Guaranteed to work", "guaranteed to help": what follows is the promise."""
        if end + 1 >= len(self.tokens) or self.tokens[end].low != "to":
            return False
        following = all_lemmas(self.tokens[end + 1].low)
        service = self.tokens[end + 1].lemmas & (NEUTRAL_VERBS - {"work", "help"})
        return "VERB" in following and not service  # not "we promise to call you back"

    def diagnoses(self, end, target):
        """ "Proven iron deficiency": a confirmed diagnosis, not a claim of proof."""
        return target[1] == end and target[0].payload in COMPLAINTS

    def check_directions(self):
        """A benefit named by its direction, with no verb of treating: "better sleep and more
        energy", "fewer migraines", "clearer skin". A claim where a treatment is named or
        the reader is addressed; a fact about people otherwise ("less pain is common")."""
        addressed = any(t.low in {"you", "your"} for t in self.tokens) or (
            self.tokens and all_lemmas(self.tokens[0].low).get("VERB")
        )
        if not (self.mentions_intervention or addressed):
            return
        for start, (_, _, t_end) in self.directions():
            if self.asserted(start, t_end, EFFICACY, False):
                self.add(CLAIM, start, t_end, RULES[EFFICACY], EFFICACY)
                self.outcome_at.append(start)

    def directions(self):
        """(where, target) for each "less"/"fewer" before a complaint and "more"/"better"
        or a comparative before a function or a look ("thicker, healthier hair")."""
        found = []
        for entry, t_start, t_end in self.targets:
            j = t_start - 1
            while j >= 0 and (
                self.tokens[j].low in {",", "looking", "feeling"}
                or reads_as_adjective(self.tokens[j].low)
            ):
                low = self.tokens[j].low
                complaint = entry.payload in COMPLAINTS
                if (low in LESS) if complaint else (low in MORE or is_improvement(low)):
                    found.append((j, (entry, t_start, t_end)))
                    break
                j -= 1
        return found

    def check_unfelt(self):
        """ "You won't feel a thing", "you will not feel any pain": a promise of no pain
        made by negating what is felt."""
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if not (token.lemmas & {"feel", "notice"}) or self.reading.is_conditional(i):
                continue
            before = [tokens[j] for j in self.reading.clause_before(i, 3)]
            if not any(t.low in {"not", "never"} or t.low.endswith("n't") for t in before):
                continue
            after = [t.low for t in tokens[i + 1 : i + 4]]
            if (
                after[:2] == ["a", "thing"]
                or after[:1] == ["anything"]
                or (after[:1] == ["any"] and len(after) > 1 and after[1] in UNFELT)
            ):
                if not self.reading.is_question and not self.reading.is_hedged(i):
                    self.add(CLAIM, i - 1, i + 2, UNFELT_REASON, SAFETY)

    def check_harm_denied(self):
        if any(f.rule == SAFETY for f in self.flags) or self.reading.is_question:
            return
        if not (
            self.mentions_intervention or any(self.is_agent(j) for j in range(len(self.tokens)))
        ):
            return
        for j, token in enumerate(self.tokens):
            if not (
                token.low in {"not", "never", "nothing", "cannot", "no"}
                or token.low.endswith("n't")
            ):
                continue
            for k in self.reading.clause_after(j + 1, 7, stop_at_commas=True):
                harm = self.tokens[k]
                following = self.tokens[k + 1].low if k + 1 < len(self.tokens) else ""
                between = {t.low for t in self.tokens[j + 1 : k]}
                if not harm.lemmas & HARM_WORDS or following == "free":
                    continue  # "no treatment is risk-free": an absolute denied
                if between & {"without", "free", "not", "no", "entirely", "completely"}:
                    return  # "no procedure is entirely free of risk"
                if self.reading.is_conditional(j) or self.reading.is_hedged(j):
                    return
                self.add(CLAIM, j, k + 1, HARM_DENIED_REASON, SAFETY)
                return

    def check_superlatives(self):
        """ "The best treatment for acne", "the most effective way to lose weight"."""
        for i, token in enumerate(self.tokens):
            low = token.low
            end = i + 1
            if low in MOST and end < len(self.tokens):
                if self.tokens[end].low not in SUPERLATIVE_OF:
                    continue
                end += 1
            elif low not in SUPERLATIVES:
                continue
            head = [self.tokens[j] for j in self.reading.clause_after(end, 3)]
            if not any(t.lemmas & (INTERVENTIONS | SUPERLATIVE_HEADS) for t in head):
                continue
            if not (self.targets or self.outcomes or any(t.lemmas & INTERVENTIONS for t in head)):
                continue
            rule = SAFETY if low == "safest" else PROMISE
            if self.asserted(i, end, rule, True):
                self.add(CLAIM, i, end, SUPERLATIVE_REASON, rule)

    def check_endorsements(self):
        """ "Clinically validated", "dentist approved", "approved by dermatologists",
        "experts agree"."""
        tokens = self.tokens
        for i, token in enumerate(tokens[:-1]):
            following = tokens[i + 1]
            participle = following.low.endswith(("ed", "en", "wn")) and bool(
                following.lemmas & ENDORSING
            )
            if participle and (token.low in EVIDENCE_ADVERBS or token.lemmas & ENDORSERS):
                start, end = i, i + 2
            elif participle and token.low == "by" and i:
                continue
            elif self.endorses_product(i):
                start, end = i, self.endorses_product(i)
            elif (
                token.low in {"backed", "supported"}
                and following.low == "by"
                and any(
                    tokens[j].lemmas & RESEARCH_NOUNS for j in range(i + 2, min(i + 5, len(tokens)))
                )
            ):
                start, end = i, i + 2
            elif token.lemmas & ENDORSERS and "agree" in following.lemmas:
                after = tokens[i + 2].low if i + 2 < len(tokens) else ""
                if after in {"to", "with"}:
                    continue  # "our doctors agree to see you"
                start, end = i, i + 2
            elif (
                token.low.endswith("ed")
                and token.lemmas & ENDORSING
                and following.low == "by"
                and any(t.lemmas & ENDORSERS for t in tokens[i + 2 : i + 5])
            ):
                start, end = i, i + 2  # "approved by dermatologists"
            else:
                continue
            if self.asserted(start, end, EVIDENCE, True):
                self.add(CLAIM, start, end, ENDORSEMENT_REASON, EVIDENCE)

    def check_acts_on(self):
        """A treatment, a product or the clinic as the subject of any verb but a neutral one,
        with a health target as its object: "our shockwave sessions send heel pain
        packing", "our drops switch off the sneezing", whatever the idiom. The target may
        be a problem named before its answer ("Tinnitus? Our sound therapy silences the
        ringing") that the object or a pronoun stands for."""
        if any(f.rule in (EFFICACY, DETOX, PROMISE) for f in self.flags):
            return
        if self.reading.is_question:
            return
        for i in range(len(self.tokens)):
            if not self.is_claim_verb(i):
                continue
            subject = self.reading.clause_before(i, 10)
            target = self.object_target(i)
            if subject and target is None:
                target = self.problem_before(subject[-1], i)
            if target is None:
                continue
            if not any(self.is_agent(j) for j in subject) and not self.credited_to(target[2]):
                continue  # "patients have waved their migraines off after our osteopathy"
            if self.asserted(i, i + 1, EFFICACY, False) and not self.by_itself(i + 1):
                detox = target[0].payload == "immunity"
                first, last = min(i, target[1]), max(i + 1, target[2])
                if detox:
                    self.add(CLAIM, first, last, RULES[DETOX], DETOX)
                else:
                    self.add(CLAIM, first, last, ACTS_ON_REASON, EFFICACY)
                self.outcome_at.append(i)
                return

    def credited_to(self, end):
        """The result credited to a treatment after it: "…after a course of our
        osteopathy", "…with our immunity package"."""
        after = self.reading.clause_after(end, 10)
        for k, j in enumerate(after):
            if self.tokens[j].low in {"after", "with", "thanks", "in", "using"}:
                if any(self.is_agent(m) for m in after[k + 1 : k + 6]):
                    return True
        return False

    def is_claim_verb(self, i):
        token = self.tokens[i]
        if not token.is_word or token.low.endswith("ing"):
            return False
        if token.lemmas & NEUTRAL_VERBS and not self.has_particle(i):
            return False
        if token.low in COPULAS | MODALS | HEDGES or "VERB" not in all_lemmas(token.low):
            return False
        if any(s <= i < e for _, s, e in self.targets + self.medicines):
            return False
        if not i:
            return True  # an imperative; it needs a treatment credited after it
        previous = self.tokens[i - 1]
        if previous.low in DETERMINERS | OBJECT_STOPS | {"our", "your", "their", "its", "to", "of"}:
            return False  # a noun or an infinitive: "of laser hair removal"
        if "NOUN" not in all_lemmas(token.low) or token.low.endswith("s"):
            return True
        # A word that is a noun too ("switch", "room") is the verb only after a plural
        # subject, a modal or an adverb: "our drops switch off", not "our waiting room".
        return (
            (previous.low.endswith("s") and "NOUN" in all_lemmas(previous.low))
            or previous.low.endswith("ly")
            or previous.low in MODALS | {"will", "now"}
        )

    def has_particle(self, i):
        """A phrasal verb of ending ("sees them all off", "takes the sting out of"): no
        neutral verb any more."""
        after = self.reading.clause_after(i + 1, 4, stop_at_commas=True)
        return any(self.tokens[j].low in {"off", "out", "away", "packing"} for j in after)

    def is_agent(self, j):
        """A word naming what acts: a treatment or product, a medicine, or "our…" (the
        clinic speaking of its own services and staff)."""
        token = self.tokens[j]
        return (
            token.low == "our"
            or bool(token.lemmas & INTERVENTIONS)
            or token.low.endswith(("therapy", "therapies"))
            or any(s <= j < e for _, s, e in self.medicines)
        )

    def object_target(self, i):
        """The target the verb at i takes as its object (particles and idioms between
        allowed: "takes the sting out of plantar fasciitis"), or None."""
        after = self.reading.clause_after(i + 1, 8, stop_at_commas=True)
        starts = {s: (e, s, end) for e, s, end in self.targets}
        for j in after:
            if j in starts:
                return starts[j]
            if self.tokens[j].low in OBJECT_STOPS:
                return None
        return None

    def problem_before(self, subject_start, i):
        """A target named in a fragment that ends just before the subject ("Creaky knees?
        Our drip…"), when the verb has an object that stands for it."""
        end = subject_start - 1
        if end < 1 or self.tokens[end].low not in PROBLEM_ENDS:
            return None
        problem = [m for m in self.targets if m[2] <= end]
        if not problem or i + 1 >= len(self.tokens):
            return None
        following = self.tokens[i + 1]
        if following.low in OBJECT_STOPS or not following.is_word:
            return None
        return problem[-1]

    def endorses_product(self, i):
        """Experts in general ("doctors", "GPs", no "our" or "your") recommending the
        clinic's product or a treatment: where the endorsement ends, or None."""
        tokens = self.tokens
        if not (tokens[i].lemmas & ENDORSERS and tokens[i].low.endswith("s")):
            return None
        if i and tokens[i - 1].low in DETERMINERS | {"our", "your", "their", "many", "some"}:
            return None
        k = i + 1
        if k < len(tokens) and tokens[k].low.endswith("ly"):
            k += 1
        if k >= len(tokens) or not tokens[k].lemmas & ENDORSING:
            return None
        if any(self.is_agent(j) for j in self.reading.clause_after(k + 1, 3)):
            return k + 1
        return None

    def subject_target(self, start, outcome=False):
        """A health target before the verb, as its subject ("fatigue eases", "your skin
        naturally repairs"). For an outcome, not an after-effect: "swelling eases within a
        day" is aftercare."""
        gap = 0
        while gap < 2 and start - gap - 1 >= 0:
            between = self.tokens[start - gap - 1]
            if not (
                between.low.endswith("ly")
                or between.low in MODALS | HEDGES | {"will"}
                or between.lemmas & MEASURES
            ):
                break
            gap += 1
        for _, _, t_end in self.targets:
            if start - gap <= t_end <= start:
                if outcome and self.tokens[t_end - 1].low in AFTER_EFFECTS:
                    return False
                return True
        return False

    def by_itself(self, end):
        """ "Repairs itself", "clears on its own": the body doing it."""
        following = [self.tokens[j].low for j in self.reading.clause_after(end, 8)]
        return bool(REFLEXIVES.intersection(following[:2])) or "own" in following

    def describes(self, phrase, start, target):
        """Not a claim but a description: "people recovering from illness" (a person
        doing it), "the immune system fights infection" (the body doing it, with no
        treatment in the sentence), "alcohol detox" (a medical service)."""
        head = self.tokens[start]
        previous = self.tokens[start - 1] if start else None
        if previous is None:
            return False
        if head.low.endswith("ing") and previous.lemmas & PERSONS:
            return True
        if head.low.endswith("ing") and previous.low == "in" and start > 1:
            if self.tokens[start - 2].lemmas & FIELDS:
                return True  # "specialises in treating skin conditions": what they do
        if previous.low in SUBSTANCES:
            return True
        if self.subject_target(start) and self.by_itself(start + 1):
            return True
        return (
            target is not None
            and target[1] > start
            and self.subject_target(start)
            and not self.mentions_intervention
        )

    def cites_study(self):
        return bool(STUDY_LOCATOR.search(self.sentence))

    def succeeds(self, start):
        return any(self.tokens[j].low in SUCCESS for j in self.reading.clause_before(start, 2))

    def asserted(self, start, end, rule, strong):
        reading = self.reading
        if reading.is_conditional(start) or reading.is_negated(start, end):
            return False
        if reading.is_mentioned(start, end):
            return False
        if rule == EFFICACY and not strong and reading.is_hedged(start):
            return False
        if reading.is_readers_question and not strong:
            return False  # "Will I lose weight?"; "Can infusions help treat fatigue?" suggests
        return not (reading.is_yes_no_question and rule in (SAFETY, PROMISE, EVIDENCE))

    def check_quantified(self):
        """An outcome (a claim, "notice a difference", "lose weight", "results last")
        together with a quantity ("up to 15%", "most people", "within a week")."""
        if self.reading.is_question:
            return
        lasting = [i for i, t in enumerate(self.tokens) if "last" in t.lemmas]
        outcomes = list(self.outcome_at) + self.outcome_words()
        outcomes += [j for j, _ in self.directions()]  # "50% more energy"
        if not (outcomes or lasting):
            return
        found = next(
            (m for m in QUANTITIES.finditer(self.sentence) if not self.hedged_time(m)), None
        )
        for i in lasting:  # "the benefits last up to six months"
            if any(s in self.reading.clause_before(i, 3) for _, s, _ in self.outcomes):
                duration = DURATION.search(self.sentence, self.tokens[i].end)
                if duration:
                    outcomes.append(i)
                    found = found or duration
        if found is None or not any(
            not self.reading.is_conditional(i) and not self.reading.is_negated(i, i + 1)
            for i in outcomes
        ):
            return
        term = found.group().strip()
        if (QUANTIFIED, term.lower()) in self._terms:
            return
        self._terms.add((QUANTIFIED, term.lower()))
        self.flags.append(Flag(CLAIM, term, QUANTIFIED_REASON, QUANTIFIED))
        self.quantified_edits()

    def hedged_time(self, match):
        """ "Some people notice a change within a few weeks": a time said of some people
        only, or with "may", promises nothing. A figure ("up to 15%") still does."""
        if not TIMED_ONLY.fullmatch(match.group()):
            return False
        at = next((i for i, t in enumerate(self.tokens) if t.start >= match.start()), 0)
        return self.reading.is_hedged(at)

    def outcome_words(self):
        """Where the sentence names an outcome in so many words: "notice a difference",
        "feel brighter", "lose weight"."""
        found = []
        results = {s for _, s, _ in self.outcomes}  # "notice a difference", not "feel pain"
        for i, token in enumerate(self.tokens):
            if token.lemmas & NOTICE_VERBS:
                if results.intersection(self.reading.clause_before(i, 3)):
                    found.append(i)  # "results you will see"
                    continue
                near = self.reading.clause_after(i + 1, 4)
                lows = [self.tokens[j].low for j in near]
                if results.intersection(near) or any(
                    low in POSITIVE or is_improvement(low) for low in lows
                ):
                    found.append(i)
                elif any(
                    a == "more" and b in BETTER_QUALITIES or a == "less" and b in TIRED
                    for a, b in zip(lows, lows[1:], strict=False)
                ):
                    found.append(i)  # "feel more relaxed", "feel less tired"
                elif {"less", "fewer"}.intersection(lows) and self.targets:
                    found.append(i)  # "feel less pain"
            elif token.low in BETTER and i and self.tokens[i - 1].is_word:
                found.append(i)  # "sleep better", "breathe easier"
            elif token.lemmas & NEEDING and i and self.tokens[i - 1].low in {"stop", "longer"}:
                found.append(i)  # "stop needing painkillers", "no longer need glasses"
            elif token.lemmas & CHANGE_VERBS and self.subject_target(i, outcome=True):
                found.append(i)  # "cholesterol drops by 20%"
            elif token.lemmas & LOSS_VERBS:
                window = [self.tokens[j] for j in self.reading.clause_after(i + 1, 6)]
                if any(t.lemmas & WEIGHT_UNITS or t.low in WEIGHT_UNITS for t in window):
                    found.append(i)
        for _, _, end in self.targets:  # "pain-free", "migraine-free"
            if self.sentence[self.tokens[end - 1].end :].lower().startswith(("-free", " free")):
                found.append(end - 1)
        return found

    def check_toxins_removed(self):
        """Toxins taken out of the body, whatever the verb ("pulls toxins from the body",
        "draws impurities out of your skin"): a detox claim."""
        if any(f.rule == DETOX for f in self.flags) or BODY_DOES_IT.search(self.sentence):
            return
        for entry, start, end in self.targets:
            if entry.payload != "immunity":
                continue
            rest = self.sentence[self.tokens[end - 1].end :]
            if OUT_OF_BODY.match(rest) and self.asserted(start, end, DETOX, strong=True):
                self.add(CLAIM, start, end, RULES[DETOX], DETOX)
                return

    def check_medicines(self):
        for entry, start, end in self.medicines:
            medicine = entry.payload
            if not medicine.flagged or self.is_free_of(end) or self.informs():
                continue
            name = self.text(start, end)
            reason = MEDICINE_REASON.format(
                name=f"{name} ({medicine.active_substance})" if medicine.active_substance else name,
                status=medicine.status_label,
            )
            self.add(MEDICINE, start, end, reason, POM)

    def informs(self):
        """A sentence about a POM's status, licence or risks, or what it is, that sells
        nothing: information, not an advertisement."""
        return bool(INFORMING.search(self.sentence)) and not SELLING.search(self.sentence)

    def is_free_of(self, end):
        """ "Botox-free": without the medicine, not an offer of it."""
        if end >= len(self.tokens) or self.tokens[end].low != "free":
            return False
        return self.sentence[self.tokens[end - 1].end : self.tokens[end].start] in ("-", "")

    def check_citations(self):
        if is_vague_citation(self.sentence):
            self.flags.append(Flag(VAGUE_CITATION, self.sentence, VAGUE_CITATION_REASON, VAGUE))
        if PLACEHOLDER_MARKER.search(self.sentence):
            self.flags.append(Flag(CLAIM, "[n]", PLACEHOLDER_REASON, PLACEHOLDER))

    def run(self):
        if not self.cites_study():  # a finding reported with its DOI or PMID
            self.check_phrases()
            self.check_directions()
            self.check_unfelt()
            self.check_harm_denied()
            self.check_superlatives()
            self.check_endorsements()
            self.check_toxins_removed()
            self.check_acts_on()
            self.check_quantified()
        self.check_medicines()
        self.check_citations()
        return self.flags

    # Rewrites

    def suggest(self, phrase, rule, start, end, reach_from, target):
        if not phrase.suggestion:
            return
        tokens = self.tokens
        if rule in (EFFICACY, DETOX):
            self.hedge_edit(phrase, start, end, target)
        elif rule == SAFETY:
            single = end - start == 1
            if single and not is_noun_only(tokens[start].low) and reach_from == start:
                previous = tokens[start - 1].low if start else ""
                if previous not in COPULAS and previous not in ADVERBS:
                    return  # attributive ("a painless procedure"): no simple rewrite
            begin = min(start, reach_from)
            replacement = phrase.suggestion
            if tokens[begin].low == "without":
                replacement = f"with {replacement}"
            stop = end
            following = self.reading.clause_after(end, 2)
            if [tokens[j].low for j in following][:1] == ["for"] and len(following) > 1:
                if tokens[following[1]].low in EVERYONE:
                    stop = following[1] + 1
            self.edits.append((tokens[begin].start, tokens[stop - 1].end, replacement))
        else:
            self.edits.append((tokens[start].start, tokens[end - 1].end, phrase.suggestion))

    def hedge_edit(self, phrase, start, end, target):
        """ "cures fatigue" → "may help with fatigue in some people"."""
        tokens = self.tokens
        if self.reading.is_question or (target is not None and target[1] < start):
            return  # questions and "the fat melts away" read too differently to rewrite
        head = tokens[start]
        base = tokenize(phrase.text)[0].low
        previous = tokens[start - 1] if start and tokens[start - 1].is_word else None
        if previous is not None and previous.low.endswith("ly"):
            return  # "can quickly boost": no simple rewrite
        begin, replacement = start, f"may {phrase.suggestion}"
        if previous is not None and previous.low in HEDGES:
            replacement = phrase.suggestion
        elif previous is not None and previous.low in MODALS:
            begin = start - 1
        elif previous is not None and "help" in previous.lemmas:
            begin = start - 1  # "helps reduce" → "may help reduce"
            replacement = f"may help {phrase.suggestion.removeprefix('help ')}"
        elif head.low == base:
            if previous is None or previous.low in {"to", "and", "or"}:
                return  # an imperative or heading ("Banish fatigue"), or "to cure"
        elif not (head.low.endswith("s") and head.low[:-1].rstrip("e") in (base, base.rstrip("e"))):
            return  # past or -ing forms read too differently to rewrite safely
        self.edits.append((tokens[begin].start, tokens[end - 1].end, replacement))
        if target is not None:
            t_end = target[2]
            next_low = tokens[t_end].low if t_end < len(tokens) else ""
            if t_end > end and next_low in {"", ".", ",", ";", "!", "and"}:
                self.edits.append((tokens[t_end - 1].end, tokens[t_end - 1].end, " in some people"))

    def quantified_edits(self):
        """ "Most people notice a difference within a week" → "Some people notice a
        difference"."""
        for match in MAJORITY.finditer(self.sentence):
            self.edits.append((match.start(), match.end(), f"some {match.group(1)}"))
        for match in TIME_PHRASE.finditer(self.sentence):
            self.edits.append((match.start(), match.end(), ""))

    def rewritten(self):
        """The sentence with every edit applied and a citation placeholder, or None."""
        if not self.edits:
            return None
        text = self.sentence
        last_start = len(text) + 1
        for start, end, replacement in sorted(self.edits, key=lambda e: (-e[0], -e[1])):
            if end > last_start:
                continue  # overlaps an edit already made
            text = text[:start] + replacement + text[end:]
            last_start = start
        text = re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
        if self.sentence[:1].isupper():
            text = text[:1].upper() + text[1:]
        if not CITATION_MARKER.search(text):
            closing = re.search(r"[.!?]*[\"”’)]*$", text)
            text = f"{text[: closing.start()]} [n]{text[closing.start() :]}"
        return text if text != self.sentence else None


def analyse(sentence, word_lists):
    """The flags of one sentence and, where one exists, a compliant rewrite: wording that
    the same rules no longer flag (it may still carry "[n]" for the writer's citation)."""
    check = SentenceCheck(sentence, word_lists)
    flags = check.run()
    suggestion = check.rewritten() if flags else None
    if suggestion:
        again = SentenceCheck(suggestion, word_lists).run()
        fired = {f.rule for f in flags} - {VAGUE, PLACEHOLDER}
        if {f.rule for f in again} & fired:
            suggestion = None
    return Analysis(flags, suggestion)
