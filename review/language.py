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
def all_lemmas(word):
    """lemminflect's lemmas of a word by part of speech (it copies its tables on each call,
    so the answers are kept)."""
    return lemminflect.getAllLemmas(word)


@lru_cache(maxsize=50_000)
def lemmas(word):
    """Every lemma the word may have, whatever its part of speech, and the word itself."""
    found = {word}
    for forms in all_lemmas(word).values():
        found.update(forms)
    if len(found) == 1 and word.isalpha() and len(word) > 3:
        for upos in ("VERB", "NOUN"):
            for forms in lemminflect.getAllLemmasOOV(word, upos).values():
                found.update(forms)
    return frozenset(found)


@lru_cache(maxsize=5_000)
def is_noun_only(word):
    """True for a word that is only ever a noun ("relief", "remedy"), not a verb."""
    known = all_lemmas(word)
    return "NOUN" in known and "VERB" not in known


@lru_cache(maxsize=5_000)
def is_adjective(phrase):
    """True for a one-word adjective ("lasting", "instant"), not a verb's base form
    ("double", "guarantee") nor a phrase ("no more")."""
    if " " in phrase.strip():
        return False
    known = all_lemmas(phrase.lower())
    return "ADJ" in known and phrase.lower() not in known.get("VERB", ())


@lru_cache(maxsize=5_000)
def is_comparative(word):
    """ "calmer", "healthier", "fewer": an adjective's comparative form."""
    known = all_lemmas(word)
    return word.endswith("er") and any(lemma != word for lemma in known.get("ADJ", ()))


# Qualities whose comparative is a benefit: "clearer skin", "healthier hair", "feel calmer";
# not "darker skin" or "older adults".
BETTER_QUALITIES = {
    "good",
    "well",
    "clear",
    "healthy",
    "smooth",
    "firm",
    "thick",
    "strong",
    "bright",
    "full",
    "calm",
    "sharp",
    "deep",
    "fit",
    "slim",
    "lean",
    "tight",
    "soft",
    "happy",
    "plump",
    "fresh",
    "young",
    "light",
    "energetic",
    "radiant",
    "youthful",
    "confident",
    "relaxed",
}


@lru_cache(maxsize=5_000)
def is_improvement(word):
    """ "Clearer", "healthier", "better": a comparative that names a benefit."""
    known = all_lemmas(word)
    return (
        is_comparative(word)
        and bool(set(known.get("ADJ", ())) & BETTER_QUALITIES)
        or (word == "better")
    )


@lru_cache(maxsize=5_000)
def reads_as_adjective(word):
    """An adjective, or a past participle used as one ("cracked", "chapped")."""
    known = all_lemmas(word)
    return "ADJ" in known or (word.endswith("ed") and "VERB" in known)


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
    "few",
    "rarely",
    "seldom",
    "hardly",
    "barely",
    "scarcely",
    "unclear",
    "unknown",
    "unlikely",
    "doubtful",
}
# "A few people", "quite a few": a quantity, not a negation.
NOT_NEGATING_BEFORE = {"a", "quite"}
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
# NegEx's post-triggers: a negation after the claim ("detox diets are not necessary",
# "removing every hair cannot be promised").
POST_NEGATION = re.compile(
    r"(?i)^[^.;:!?]{0,40}?\b(?:(?:is|are|was|were|be)\s+(?:not|n't)\s+|cannot\s+be\s+|"
    r"can't\s+be\s+|un)(?:necessary|needed|required|recommended|proven|promised|"
    r"guaranteed|supported|claimed|effective)\b"
)
# A whole clause is denied by "nothing", "none" or "nobody" at its start.
CLAUSE_NEGATIONS = {"nothing", "none", "nobody"}
QUOTES = "'\"‘’“”"

# Hedges: the writer makes no promise ("may ease", "some people find").
HEDGES = {
    "may",
    "might",
    "could",
    "possibly",
    "potentially",
    "perhaps",
    "maybe",
    "sometimes",
    "occasionally",
}
HEDGE_PEOPLE = {"some", "few", "several"}
PEOPLE = {"people", "patients", "person", "clients", "women", "men", "individuals", "users"}
# Conditions: a claim inside "if…" is not asserted ("If your symptoms do not improve, see
# your GP"), unless the condition is a wish the sentence then answers ("If you want to
# banish fatigue, book now").
CONDITIONALS = {"if", "unless", "until", "whether", "when", "whenever", "once"}
WISHES = {"want", "wish", "like", "looking", "hope", "ready", "tired", "sick", "fed", "dream"}
# Reported, not asserted: what follows "explains how…", "ask which…" is a question someone
# will answer ("your doctor will explain how migraines are treated"), and what follows
# "claims of…" or "clinics promising…" is someone else's claim.
TELLING = {
    "explain",
    "describe",
    "discuss",
    "tell",
    "ask",
    "decide",
    "check",
    "assess",
    "know",
    "understand",
    "wonder",
    "advise",
    "consider",
    "talk",
}
WH_WORDS = {"how", "what", "which", "why", "whether", "who", "where"}
MENTION_NOUNS = {"claim", "promise", "advert", "advertisement", "ad", "hype", "myth", "rumour"}
DETERMINERS = {"the", "a", "an", "any", "such", "these", "those", "this", "that"}
MENTIONING = {"promising", "offering", "claiming", "advertising", "touting", "selling"}
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
        # "Will I lose weight?", "Can my skin…": the reader's question, not the writer's claim.
        self.is_readers_question = (
            self.is_yes_no_question and len(words) > 1 and (words[1].low in {"i", "my"})
        )
        self.conditions = self._conditional_spans() + self._reported_spans()

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
        """Indexes of the tokens from i on in its clause, at most reach. A comma between
        adjectives ("deep, restful sleep") does not end it."""
        found = []
        j = i
        while j < len(self.tokens) and len(found) < reach:
            if self.breaks[j] or (
                stop_at_commas and self.tokens[j].low == "," and not self._lists_adjectives(j)
            ):
                break
            found.append(j)
            j += 1
        return found

    def _lists_adjectives(self, comma):
        if not 0 < comma < len(self.tokens) - 1:
            return False
        before, after = self.tokens[comma - 1], self.tokens[comma + 1]
        return (
            before.is_word
            and after.is_word
            and after.low not in {"and", "or", "but", "so", "then"}
            and reads_as_adjective(before.low)
            and reads_as_adjective(after.low)
        )

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

    def _clause_end(self, i):
        end = i + 1
        while end < len(self.tokens) and self.tokens[end].low not in STRONG_BREAK_MARKS | {","}:
            end += 1
        return end

    def _reported_spans(self):
        """(start, end) token spans of indirect questions after a verb of telling ("explain
        how…", "ask which…") and of claims that are someone else's ("claims of…", "clinics
        promising…")."""
        spans = []
        for i, token in enumerate(self.tokens):
            if token.low in WH_WORDS and any(
                self.tokens[j].lemmas & TELLING for j in self.clause_before(i, 3)
            ):
                end = self._clause_end(i)
                if self._is_general(i + 1, end):
                    spans.append((i, end))
            elif token.lemmas & MENTION_NOUNS and self._is_mention(i):
                spans.append((i, self._clause_end(i + 1)))
            elif token.low in MENTIONING and i and self.tokens[i - 1].low.endswith("s"):
                spans.append((i, self._clause_end(i)))
        return spans

    def _is_general(self, start, end):
        """An indirect question about practice in general, not a claim presupposed: "how
        migraines are usually treated", "which cream would suit you" (passive, or
        conditional), where "we explain how iron can boost energy" presupposes that it does."""
        words = self.tokens[start:end]
        for k, token in enumerate(words):
            if token.low in {"would", "might", "could", "should"}:
                return True
            if "be" in token.lemmas and any(t.low.endswith("ed") for t in words[k + 1 : k + 3]):
                return True
        return False

    def _is_mention(self, i):
        """ "Claims of…", "myths about…", "the promise that…": a noun, not "we claim that"."""
        following = self.tokens[i + 1].low if i + 1 < len(self.tokens) else ""
        previous = self.tokens[i - 1].low if i else ""
        return following in {"of", "about"} or (following == "that" and previous in DETERMINERS)

    def is_conditional(self, i):
        """Inside a condition, an indirect question or someone else's claim: not asserted."""
        return any(start < i < end for start, end in self.conditions)

    def is_negated(self, start, end):
        """A negation before the span in its clause, or one that negates a saying
        ("no evidence that…") earlier in the sentence. Negations inside the span are
        its own words ("no side effects") and do not count."""
        for j in self._negation_window(start):
            if self._negates(j):
                return True
        clause = self.clause_before(start, len(self.tokens))
        if clause and self.tokens[clause[-1]].low in CLAUSE_NEGATIONS:
            return True
        if POST_NEGATION.match(self.sentence[self.tokens[end - 1].end :]):
            return True
        # A negated saying reaches over commas to the end of its clause.
        for j in self.clause_before(start, len(self.tokens), stop_at_commas=False):
            if self._negates(j) and self._says_after(j):
                return True
        return False

    def _negation_window(self, start):
        """The words a negation may reach the span from: NEGATION_REACH words back in its
        clause, through the commas of a list ("we do not sell cleanses, teas or detox
        kits")."""
        found, words, j = [], 0, start - 1
        while j >= 0 and words < NEGATION_REACH:
            token = self.tokens[j]
            if self.breaks[j]:
                break
            if token.low == ",":
                between = {t.low for t in self.tokens[j + 1 : start]}
                if not between & {"and", "or", "nor"}:
                    break
            elif token.is_word:
                words += 1
            found.append(j)
            j -= 1
        return found

    def _negates(self, j):
        token = self.tokens[j]
        if not (token.low in NEGATIONS or token.low.endswith("n't")):
            return False
        following = self.tokens[j + 1].low if j + 1 < len(self.tokens) else ""
        if token.low == "few" and j and self.tokens[j - 1].low in NOT_NEGATING_BEFORE:
            return False
        return following not in PSEUDO_NEGATION_NEXT

    def _says_after(self, j):
        for k in range(j + 1, min(j + 4, len(self.tokens))):
            if self.tokens[k].lemmas & REPORTING:
                return True
        return False

    def is_mentioned(self, start, end):
        """The words quoted ("the phrase 'clinically proven' is often misused") or asked as
        a heading ("Clinically proven? Here's how to read a label"): named, not claimed."""
        before = self.sentence[: self.tokens[start].start].rstrip()
        after = self.sentence[self.tokens[end - 1].end :].lstrip()
        if before[-1:] and before[-1] in QUOTES and after[:1] and after[0] in QUOTES:
            return True
        clause = self.clause_before(start, 2)
        heading = len(clause) < 2 and (not clause or self.tokens[clause[-1]].is_word)
        return heading and after.startswith("?") and bool(after[1:].strip())

    def is_hedged(self, start):
        """A hedge in the clause before the claim ("may", "potentially"), or the claim is
        said of some people only ("some patients find", "in some people")."""
        before = self.clause_before(start, 8)
        for j in before:
            if self.tokens[j].low in HEDGES:
                return True
        whole = self.clause_before(start, len(self.tokens))
        clause = self.clause_after(whole[-1] if whole else start, len(self.tokens))
        lows = [self.tokens[j].low for j in clause]
        for k in range(len(lows) - 1):
            if lows[k] in HEDGE_PEOPLE and lows[k + 1] in PEOPLE:
                return True
        return False
