"""Study mentions in an imported article's research section ("A 2017 study published in
BMC Medicine found that…"), as the makings of a reference a writer then verifies."""

import re
from dataclasses import dataclass

from review.claims import STUDY, split_sentences

YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
NAMED_STUDY = re.compile(rf"(?i)\b{STUDY}\b|\bet\s+al\b")
JOURNAL = re.compile(
    r"\b(?:published\s+in|in\s+the\s+journal)\s+(?:the\s+)?"
    r"(?P<journal>[A-Z][\w&.'’-]*(?:\s+(?:of|and|for|&|[A-Z][\w&.'’-]*))*)"
)
AUTHORS = re.compile(r"\b(?P<authors>[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)?)\s+et\s+al\b")
FINDING = re.compile(
    r"(?i)\b(?:found|finds|showed|shows|shown|suggested|suggests|reported|reports|concluded"
    r"|demonstrated|revealed)\s+(?:in\s+(?:19|20)\d{2}\s+)?(?:that\s+)?(?P<finding>\S.*)$"
)
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\])>,;]+")
PMID = re.compile(r"(?i)\bPMID\s*:?\s*(\d{1,8})\b")
URL = re.compile(r"https?://[^\s\])>]+")


@dataclass(frozen=True)
class StudyMention:
    source_text: str  # the sentence as written
    year: int
    title: str
    journal: str = ""
    authors: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""


def find_mentions(text):
    """Sentences that name one particular study: a study (or "et al") and its year.
    "Studies have shown…" names none, so it stays a claim for the checker to flag."""
    mentions = []
    for sentence in split_sentences(text):
        year = YEAR.search(sentence)
        if year and NAMED_STUDY.search(sentence):
            mentions.append(_mention(sentence, int(year.group())))
    return mentions


def _mention(sentence, year):
    journal = JOURNAL.search(sentence)
    authors = AUTHORS.search(sentence)
    finding = FINDING.search(sentence)
    title = (finding.group("finding") if finding else sentence).strip().rstrip(".;:")
    doi, pmid, url = DOI.search(sentence), PMID.search(sentence), URL.search(sentence)
    return StudyMention(
        source_text=sentence,
        year=year,
        title=(title[:1].upper() + title[1:])[:500],
        journal=re.sub(r"\s+(?:of|and|for|&)$", "", journal.group("journal")) if journal else "",
        authors=f"{authors.group('authors')} et al" if authors else "",
        doi=doi.group().rstrip(".") if doi else "",
        pmid=pmid.group(1) if pmid else "",
        url=url.group().rstrip(".,") if url else "",
    )
