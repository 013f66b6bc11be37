"""The claims checker: finds sentences that make a medical claim needing evidence, name a
prescription-only medicine, or cite a study without saying where to find it.

``check_text(text)`` works on plain text (the importer reuses it). ``check_page(page)``
works on a medical page (usually a revision's object): it reads the text a reader sees,
resolves citation markers ("[1]", "[2, 3]", "[1-3]") against the page's references, and
attaches any clinician's acceptance. A flagged sentence is *resolved* when it is linked to
at least one of the page's references or a clinician accepted it with a note; a clinician
may not approve a page while any is unresolved, nor while it cites a reference that is
unverified (``claims_refusal``, called by ``review.gate.approval_refusal``).

Sentences are read, not string-matched (``language`` reads a sentence, ``claim_rules``
decides what it claims and suggests a compliant rewrite). The word lists are
``ClaimPhrase``, ``HealthTerm`` and ``PrescriptionOnlyMedicine`` rows, edited in the admin.
This module imports nothing from the page apps, so it can move with the medical review.
"""

import html
import re
from dataclasses import dataclass, field

from wagtail import blocks

from .claim_rules import (
    CITATION_MARKER,
    CLAIM,
    MEDICINE,
    RULES,
    STUDY,
    VAGUE_CITATION,
    VAGUE_CITATION_REASON,
    Flag,
    Medicine,
    Phrase,
    WordLists,
    analyse,
    is_vague_citation,
)
from .models import sentence_hash

__all__ = [
    "CLAIM",
    "MEDICINE",
    "RULES",
    "STUDY",
    "VAGUE_CITATION",
    "VAGUE_CITATION_REASON",
    "Flag",
    "FlaggedSentence",
    "check_page",
    "check_sentence",
    "check_text",
    "claims_refusal",
    "is_checked",
    "is_vague_citation",
    "split_sentences",
    "unresolved",
    "unverified_references",
    "current_word_lists",
]


@dataclass
class FlaggedSentence:
    text: str
    flags: list
    sources: list = field(default_factory=list)  # where it appears, e.g. "Summary"
    citations: list = field(default_factory=list)  # citation numbers in the sentence
    references: list = field(default_factory=list)  # the page's references they resolve to
    unmatched_citations: list = field(default_factory=list)
    acceptance: object = None  # the latest ClaimAcceptance, if any
    suggestion: str | None = None  # a compliant rewrite of the sentence, where one exists

    @property
    def hash(self):
        return sentence_hash(self.text)

    @property
    def reasons(self):
        return "; ".join(str(flag) for flag in self.flags)

    @property
    def kinds(self):
        return {flag.kind for flag in self.flags}

    @property
    def is_linked(self):
        return bool(self.references)

    @property
    def is_resolved(self):
        return self.is_linked or self.acceptance is not None


# Text extraction

BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|li|h[1-6]|blockquote|div|ul|ol)>")
SUPERSCRIPT = re.compile(r"(?is)<sup[^>]*>\s*([\d\s,\-–]+?)\s*</sup>")
TAG = re.compile(r"<[^>]+>")


def html_to_text(source):
    """Rich text as plain text, one block per line; superscript citation numbers become
    "[n]" markers."""
    source = SUPERSCRIPT.sub(lambda m: f"[{m.group(1)}]", source or "")
    source = BLOCK_END.sub("\n", source)
    return html.unescape(TAG.sub("", source))


def _block_texts(block, value):
    """The reader-visible text of a StreamField value, in order. Shared snippets (e.g.
    library FAQs) are skipped: they are reviewed, with their own claims, on the snippet."""
    if value is None:
        return
    if isinstance(block, blocks.BaseStreamBlock):
        for child in value:
            yield from _block_texts(child.block, child.value)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _block_texts(block.child_block, item)
    elif isinstance(block, blocks.BaseStructBlock):
        for name, child_block in block.child_blocks.items():
            yield from _block_texts(child_block, value.get(name))
    elif isinstance(block, blocks.RichTextBlock):
        yield html_to_text(value.source)
    elif isinstance(block, blocks.ChoiceBlock | blocks.ChooserBlock):
        return
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock) and isinstance(value, str):
        yield value


def page_texts(page):
    """(where, text) for each medical text field of a page, in editor order."""
    from wagtail.fields import RichTextField, StreamField

    for name in page.medical_fields:
        model_field = page._meta.get_field(name)
        if model_field.is_relation:
            continue
        label = str(model_field.verbose_name).capitalize()
        value = getattr(page, name)
        if isinstance(model_field, StreamField):
            for child in value:
                where = f"{label}: {str(child.block.label).lower()}"
                for text in _block_texts(child.block, child.value):
                    yield where, text
        elif isinstance(model_field, RichTextField):
            yield label, html_to_text(value)
        elif isinstance(value, str):
            yield label, value


# Sentences

ENUMERATOR = re.compile(r"^\s*(?:[•·▪◦*\-–]|\(?\d{1,2}[.)]|[a-z][.)])\s+")
SENTENCE_END = re.compile(
    r"[.!?]+[\"”’)]*(?:\s*\[\d+(?:\s*[,\-–]\s*\d+)*\])?(?=\s+[\"“‘(\[]?[A-Z0-9])"
)
ABBREVIATIONS = {"e.g", "i.e", "dr", "mr", "mrs", "ms", "prof", "vs", "al", "approx", "no", "st"}


def split_sentences(text):
    """Sentences of plain text. Each line is at least one sentence (headings and list
    items carry no full stop); list bullets and numbers are dropped."""
    sentences = []
    for line in (text or "").splitlines():
        line = ENUMERATOR.sub("", line).strip()
        if not line:
            continue
        start = 0
        for match in SENTENCE_END.finditer(line):
            before = line[start : match.start()].split()
            last_word = before[-1].lower().rstrip(".") if before else ""
            if last_word in ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
                continue
            sentences.append(line[start : match.end()].strip())
            start = match.end()
        sentences.append(line[start:].strip())
    return [" ".join(s.split()) for s in sentences if re.search(r"\w", s)]


# Flags


def citation_numbers(sentence):
    numbers = []
    for group in CITATION_MARKER.findall(sentence):
        for part in re.split(r"\s*,\s*", group):
            bounds = re.split(r"\s*[\-–]\s*", part)
            if len(bounds) == 2 and int(bounds[0]) <= int(bounds[1]) <= int(bounds[0]) + 50:
                numbers.extend(range(int(bounds[0]), int(bounds[1]) + 1))
            else:
                numbers.append(int(bounds[0]))
    return list(dict.fromkeys(numbers))


_compiled = {"fingerprint": None, "lists": None}


def current_word_lists():
    """The word lists as the database holds them now, compiled once per change: the
    fingerprint (row count and latest edit of each list) changes with every add, edit
    and delete, and with a rolled-back one too."""
    from django.db.models import Count, Max

    from .models import ClaimPhrase, HealthTerm, PrescriptionOnlyMedicine

    models = (ClaimPhrase, HealthTerm, PrescriptionOnlyMedicine)
    fingerprint = tuple(
        tuple(m.objects.aggregate(n=Count("pk"), at=Max("updated_at")).values()) for m in models
    )
    if _compiled["fingerprint"] != fingerprint:
        phrases = [
            Phrase(p.phrase, p.category, p.requires, p.strong, p.reason, p.suggestion)
            for p in ClaimPhrase.objects.all()
        ]
        targets = HealthTerm.objects.values_list("term", "kind")
        medicines = [
            Medicine(
                m.name,
                m.active_substance,
                m.legal_status,
                m.get_legal_status_display(),
                m.is_flagged,
            )
            for m in PrescriptionOnlyMedicine.objects.all()
        ]
        _compiled.update(
            fingerprint=fingerprint, lists=WordLists.build(phrases, list(targets), medicines)
        )
    return _compiled["lists"]


def check_sentence(sentence, lists=None):
    """The flags of one sentence (see ``claim_rules``)."""
    return analyse(sentence, lists or current_word_lists()).flags


def check_text(text, word_lists=None, source=""):
    """Flagged sentences of plain text, in order, each once, with a compliant rewrite
    where one exists. Citation markers are read but not resolved: plain text has no
    references attached."""
    lists = word_lists or current_word_lists()
    found = {}
    for sentence in split_sentences(text):
        analysis = analyse(sentence, lists)
        if not analysis.flags:
            continue
        key = sentence_hash(sentence)
        if key not in found:
            found[key] = FlaggedSentence(
                sentence,
                analysis.flags,
                citations=citation_numbers(sentence),
                suggestion=analysis.suggestion,
            )
        if source and source not in found[key].sources:
            found[key].sources.append(source)
    return list(found.values())


# Pages


def is_checked(obj):
    """The claims checker applies to medical pages (articles, FAQ pages); the shared
    snippets are reviewed field by field."""
    from review.pages import MedicalPageMixin

    return isinstance(obj, MedicalPageMixin)


def numbered_references(page):
    """The page's references in order, numbered as readers will see them. Drafts count: the
    page cannot go live before every reference it cites is approved and live (the publish
    gate), so a draft's number is its number once the page is live."""
    if not hasattr(page, "references"):
        return []
    return [item.reference for item in page.references.all()]


def check_page(page, word_lists=None):
    """Flagged sentences of a page (or a revision's object), with their references and
    acceptances resolved."""
    from .models import ClaimAcceptance

    if not is_checked(page):
        return []
    lists = word_lists or current_word_lists()
    found = {}
    for where, text in page_texts(page):
        for flagged in check_text(text, lists, source=where):
            if flagged.hash in found:
                for source in flagged.sources:
                    if source not in found[flagged.hash].sources:
                        found[flagged.hash].sources.append(source)
            else:
                found[flagged.hash] = flagged
    references = numbered_references(page)
    for flagged in found.values():
        for number in flagged.citations:
            if 1 <= number <= len(references):
                flagged.references.append(references[number - 1])
            else:
                flagged.unmatched_citations.append(number)
    if found and page.pk:
        acceptances = (
            ClaimAcceptance.objects.filter(
                page_id=page.pk, sentence_hash__in=list(found), clinician__is_active=True
            )
            .select_related("clinician")
            .order_by("created_at", "pk")
        )
        for acceptance in acceptances:  # oldest first, so the latest wins
            found[acceptance.sentence_hash].acceptance = acceptance
    return list(found.values())


def unresolved(flagged_sentences):
    return [f for f in flagged_sentences if not f.is_resolved]


def _quoted(sentence, limit=80):
    return f"“{sentence[: limit - 1]}…”" if len(sentence) > limit else f"“{sentence}”"


def refusal_message(open_claims):
    count = len(open_claims)
    noun = "claim needs" if count == 1 else "claims need"
    listed = "; ".join(_quoted(f.text) for f in open_claims[:3])
    more = f"; and {count - 3} more" if count > 3 else ""
    return f"{count} {noun} a reference or your acceptance: {listed}{more}"


def unverified_references(page):
    """References the page cites that nobody can look up yet: imported from an old
    article's "a 2017 study…", still without a DOI, PubMed ID or URL."""
    if not hasattr(page, "references"):
        return []
    return [item.reference for item in page.references.all() if not item.reference.is_verified]


def unverified_refusal_message(references):
    named = "; ".join(_quoted(f"{r.title} ({r.year})") for r in references)
    noun = "reference is" if len(references) == 1 else "references are"
    return (
        f"{len(references)} cited {noun} unverified (no DOI, PubMed ID or URL): {named}. "
        "A writer must add one in the reference library before this can be approved."
    )


def claims_refusal(revision):
    """Why a clinician may not approve this revision yet, or None: the reason names the
    references nobody can look up yet, else the flagged sentences that are neither linked
    to a reference nor accepted."""
    obj = revision.as_object()
    if not is_checked(obj):
        return None
    if unverified := unverified_references(obj):
        return unverified_refusal_message(unverified)
    open_claims = unresolved(check_page(obj))
    return refusal_message(open_claims) if open_claims else None
