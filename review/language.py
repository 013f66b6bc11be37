"""How the claims checker reads one sentence: its words with their lemmas, where its
clauses break, and the cues that change what it asserts (negation, hedging, conditions,
questions). These are closed word classes of English, so they live here as code; the open
vocabulary (claim phrases, health terms, medicines) is data edited in the admin.

Lemmas come from lemminflect's dictionary (no model to download), falling back on its
rules for words it does not know, so "eases", "eased" and "easing" all read as "ease".
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import lemminflect

# Words (with inner apostrophes), numbers (with decimals), or one punctuation mark.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*|[^\w\s]")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


@lru_cache(maxsize=50_000)
def lemmas(word):
    """Every lemma the word may have, whatever its part of speech, and the word itself."""
    found = {word}
    for forms in lemminflect.getAllLemmas(word).values():
        found.update(forms)
    if len(found) == 1 and word.isalpha() and len(word) > 3:
        for upos in ("VERB", "NOUN"):
            for forms in lemminflect.getAllLemmasOOV(word, upos).values():
                found.update(forms)
    return frozenset(found)


@lru_cache(maxsize=5_000)
def is_noun_only(word):
    """True for a word that is only ever a noun ("relief", "remedy"), not a verb."""
    known = lemminflect.getAllLemmas(word)
    return "NOUN" in known and "VERB" not in known


@lru_cache(maxsize=5_000)
def is_adjective(phrase):
    """True for a one-word adjective ("lasting", "instant"), not a verb's base form
    ("double", "guarantee") nor a phrase ("no more")."""
    if " " in phrase.strip():
        return False
    known = lemminflect.getAllLemmas(phrase.lower())
    return "ADJ" in known and phrase.lower() not in known.get("VERB", ())


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    low: str  # lower case, straight apostrophes
    start: int  # character offsets in the sentence
    end: int
    lemmas: frozenset
    is_word: bool


def tokenize(sentence):
    """Tokens of a sentence. A hyphen or slash inside a word is dropped, so "pain-free"
    reads as "pain free" and "ME/CFS" as "ME CFS"; a dash between words stays, as a
    clause break."""
    normal = sentence.translate(APOSTROPHES)
    tokens = []
    for match in TOKEN.finditer(normal):
        text, start, end = match.group(), match.start(), match.end()
        if text in "-/" and 0 < start and end < len(normal):
            if normal[start - 1].isalnum() and normal[end].isalnum():
                continue
        low = text.lower()
        is_word = low[0].isalpha()
        tokens.append(
            Token(text, low, start, end, lemmas(low) if is_word else frozenset({low}), is_word)
        )
    return tokens


# Clause breaks: a claim's target, a negation's or a hedge's reach stops at these.
STRONG_BREAK_MARKS = {";", ":", "(", ")", "–", "—", "-", "!", "?"}
STRONG_BREAK_WORDS = {
    "but",
    "however",
    "although",
    "though",
    "whereas",
    "yet",
    "except",
    "unless",
    "if",
    "because",
    "so",
    "than",
    "while",
    "which",
    "who",
    "whose",
    "when",
    "until",
}
# Negation: NegEx-style triggers (Chapman et al., 2001) that reach forward in their clause.
NEGATIONS = {
    "not",
    "no",
    "never",
    "none",
    "nothing",
    "nobody",
    "neither",
    "nor",
    "without",
    "cannot",
    "unable",
    "lack",
    "lacks",
    "myth",
    "false",
    "untrue",
    "misleading",
    "unproven",
    "beware",
    "wary",
    "cautious",
    "careful",
    "sceptical",
    "skeptical",
}
# Words after a negation that make it no negation at all ("not only", "no doubt").
PSEUDO_NEGATION_NEXT = {"only", "just", "doubt", "wonder", "more", "longer", "matter"}
# A negated verb or noun of saying extends the negation over what is said: "we do not
# claim that iron cures…", "there is no evidence that…".
REPORTING = {
    "claim",
    "say",
    "suggest",
    "promise",
    "guarantee",
    "mean",
    "imply",
    "prove",
    "show",
    "know",
    "evidence",
    "proof",
    "suggestion",
    "true",
    "clear",
    "certain",
}
NEGATION_REACH = 5  # words; NegEx uses five or six
# Hedges: the writer makes no promise ("may ease", "some people find").
HEDGES = {"may", "might", "could", "possibly", "potentially", "perhaps", "maybe"}
HEDGE_PEOPLE = {"some", "few", "several"}
PEOPLE = {"people", "patients", "person", "clients", "women", "men", "individuals", "users"}
# Conditions: a claim inside "if…" is not asserted ("If your symptoms do not improve, see
# your GP"), unless the condition is a wish the sentence then answers ("If you want to
# banish fatigue, book now").
CONDITIONALS = {"if", "unless", "until", "whether", "when", "whenever", "once"}
WISHES = {"want", "wish", "like", "looking", "hope", "ready", "tired", "sick", "fed", "dream"}
QUESTION_START = {
    "is",
    "are",
    "does",
    "do",
    "did",
    "will",
    "can",
    "could",
    "should",
    "would",
    "has",
    "have",
}


class Reading:
    """One sentence, tokenized, with its clause breaks and cues located."""

    def __init__(self, sentence):
        self.sentence = sentence
        self.tokens = tokenize(sentence)
        self.breaks = [self._is_break(i) for i in range(len(self.tokens))]
        words = [t for t in self.tokens if t.is_word]
        self.is_question = sentence.rstrip().endswith("?")
        self.is_yes_no_question = (
            self.is_question and bool(words) and words[0].low in QUESTION_START
        )
        self.conditions = self._conditional_spans()

    def _is_break(self, i):
        token = self.tokens[i]
        return token.low in STRONG_BREAK_MARKS or token.low in STRONG_BREAK_WORDS

    def clause_before(self, i, reach, stop_at_commas=True):
        """Indexes of the tokens before i in its clause, nearest first, at most reach."""
        found = []
        j = i - 1
        while j >= 0 and len(found) < reach:
            if self.breaks[j] or (stop_at_commas and self.tokens[j].low == ","):
                break
            found.append(j)
            j -= 1
        return found

    def clause_after(self, i, reach, stop_at_commas=False):
        found = []
        j = i
        while j < len(self.tokens) and len(found) < reach:
            if self.breaks[j] or (stop_at_commas and self.tokens[j].low == ","):
                break
            found.append(j)
            j += 1
        return found

    def _conditional_spans(self):
        """(start, end) token spans of "if…" clauses that are conditions, not wishes."""
        spans = []
        for i, token in enumerate(self.tokens):
            if token.low not in CONDITIONALS:
                continue
            if token.low == "once" and i > 0 and self.tokens[i - 1].is_word:
                continue  # "once a week"
            end = i + 1
            while end < len(self.tokens):
                low = self.tokens[end].low
                if low in {",", ";", ":", "then", "?", "!"} or (
                    end > i + 1 and low in STRONG_BREAK_WORDS
                ):
                    break
                end += 1
            clause = {t.low for t in self.tokens[i + 1 : end]}
            if not clause & WISHES:
                spans.append((i, end))
        return spans

    def is_conditional(self, i):
        return any(start < i < end for start, end in self.conditions)

    def is_negated(self, start, end):
        """A negation before the span in its clause, or one that negates a saying
        ("no evidence that…") earlier in the sentence. Negations inside the span are
        its own words ("no side effects") and do not count."""
        for j in self.clause_before(start, NEGATION_REACH):
            if self._negates(j):
                return True
        # A negated saying reaches over commas to the end of its clause.
        for j in self.clause_before(start, len(self.tokens), stop_at_commas=False):
            if self._negates(j) and self._says_after(j):
                return True
        return False

    def _negates(self, j):
        token = self.tokens[j]
        if not (token.low in NEGATIONS or token.low.endswith("n't")):
            return False
        following = self.tokens[j + 1].low if j + 1 < len(self.tokens) else ""
        return following not in PSEUDO_NEGATION_NEXT

    def _says_after(self, j):
        for k in range(j + 1, min(j + 4, len(self.tokens))):
            if self.tokens[k].lemmas & REPORTING:
                return True
        return False

    def is_hedged(self, start):
        """A hedge in the clause before the claim ("may", "potentially"), or the claim is
        said of some people only ("some patients find", "in some people")."""
        before = self.clause_before(start, 8)
        for j in before:
            if self.tokens[j].low in HEDGES:
                return True
        clause = self.clause_after(before[-1] if before else start, 30)
        lows = [self.tokens[j].low for j in clause]
        for k in range(len(lows) - 1):
            if lows[k] in HEDGE_PEOPLE and lows[k + 1] in PEOPLE:
                return True
        return False
