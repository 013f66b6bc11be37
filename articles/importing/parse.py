"""An old blog post's structure, recovered: title, byline, summary, body blocks (headings,
paragraphs, numbered and bulleted lists, quotes, the FAQ section, the call to action),
the research section's study mentions and the disclaimer. The body is StreamField data
in the shape ``articles.blocks.ArticleBodyBlock`` stores."""

import html
import re
from dataclasses import dataclass, field

from . import debris
from .elements import HEADING, ITEM, PARAGRAPH, QUOTE, from_html, from_text
from .sources import HTML, ImportFailure
from .studies import find_mentions

FAQ_HEADING = re.compile(r"(?i)\bFAQs?\b|frequently asked|\bquestions\b")
RESEARCH_HEADING = re.compile(
    r"(?i)\bresearch\b|\bevidence\b|\bstud(?:y|ies)\b|\bscien|\btrials?\b"
)
DISCLAIMER = re.compile(r"(?i)^(?:important\s+|medical\s+)?disclaimer\b\s*[:\-–—]?\s*(?P<rest>.*)$")
CALL_TO_ACTION = re.compile(
    r"(?i)\bbook\s+(?:a|an|your|online|now|in)\b|\bcontact\s+us\b|\bcall\s+us\b|\bget\s+in\s+touch\b"
    r"|\b(?:make|schedule|arrange)\s+an?\s+(?:appointment|consultation)\b"
)
BYLINE = re.compile(r"(?i)^(?:by|written\s+by|author)\s*:?\s+(?P<name>.+)$")
NAME = re.compile(r"^(?:(?:Dr|Prof|Mr|Mrs|Ms|Miss)\.?\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]*){1,3}$")
NOT_IN_NAMES = {"a", "an", "and", "are", "can", "for", "how", "in", "is", "of", "the", "to",
                "what", "when", "why", "with", "your"}  # fmt: skip
ENUMERATOR = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|Q\s*[:.])\s*")
ANSWER_PREFIX = re.compile(r"^\s*A\s*[:.]\s+")
TITLE_SPLIT = re.compile(r"^(?P<title>[^:.!?]{2,80}):\s+(?P<rest>\S.*)$")
# An article of the old blog makes 20 to 150 body blocks. A draft of thousands (a 2 MB
# file makes 30,000) is a page nobody can edit or review: the admin editor takes seconds
# to serve it and the browser far longer to show it.
MAX_BLOCKS = 500


@dataclass
class ImportedArticle:
    title: str
    summary: str
    body: list  # StreamField data: [{"type": ..., "value": ...}]
    author: str = ""
    author_credentials: str = ""
    disclaimer: str = ""  # plain text
    studies: list = field(default_factory=list)  # StudyMention


def parse(source):
    if source.kind == HTML:
        elements, hints = from_html(source.text)
    else:
        elements, hints = from_text(source.text), None
    elements = _without_debris(elements)
    title, author, elements = _title_and_byline(elements, hints)
    disclaimer, elements = _take_disclaimer(elements)
    call_to_action, elements = _take_call_to_action(elements)
    body, studies = _body(elements)
    if call_to_action:
        body.append(call_to_action)
    if not body:
        raise ImportFailure(f"“{title}” has no text after its title")
    if len(body) > MAX_BLOCKS:
        raise ImportFailure(
            f"“{title}” makes {len(body):,} blocks (paragraphs, headings, lists); an article "
            f"holds at most {MAX_BLOCKS}: split the post into several"
        )
    name, _, credentials = author.partition(",")
    return ImportedArticle(
        title=title,
        # The post's own excerpt only: a summary cut from the first paragraph shows
        # readers the same words twice, under the title and again as the body opens.
        summary=hints.description if hints else "",
        body=body,
        author=name.strip(),
        author_credentials=credentials.strip(),
        disclaimer=disclaimer,
        studies=studies,
    )


def _without_debris(elements):
    kept = []
    for element in elements:
        if debris.ends_article(element.text):
            break
        if not debris.is_debris(element.text):
            kept.append(element)
    return kept


# Title and byline


def _byline_name(element):
    match = BYLINE.match(element.text)
    if match and len(match.group("name").split()) <= 8:
        return match.group("name").strip()
    return ""


def _is_name(text):
    name = text.partition(",")[0].strip()
    return bool(NAME.match(name)) and not {w.lower() for w in name.split()} & NOT_IN_NAMES


def _title_and_byline(elements, hints):
    """The title is the first top-level heading, else the HTML title, else the first line;
    what comes before it is page furniture, but for a name on its own line: the byline,
    which may also be a "By …" line just after the title."""
    author = hints.author if hints else ""
    position = next((i for i, e in enumerate(elements) if e.kind == HEADING and e.level == 1), None)
    if position is None and hints and hints.title:
        title = re.split(r"\s+[|–—-]\s+", hints.title)[0]
        position = next((i for i, e in enumerate(elements[:3]) if e.text == title), -1)
    elif position is None:
        position = 0
        if len(elements) > 1 and _is_name(elements[0].text) and elements[1].kind == HEADING:
            position = 1
        if not elements or elements[position].kind != HEADING:
            raise ImportFailure(
                "no title found: put the article's title on its own first line, "
                "followed by a blank line"
            )
    if position >= 0:
        title = elements[position].text
    names = [e.text for e in elements[: max(position, 0)] if _is_name(e.text)]
    author = author or (names[-1] if names else "")
    rest = elements[position + 1 :]
    for element in rest[:3]:
        if name := _byline_name(element):
            author = author or name
            rest.remove(element)
            break
    return title, author, rest


# Disclaimer and call to action


def _take_disclaimer(elements):
    """A paragraph starting "Disclaimer:", or a "Disclaimer" heading and what follows it
    up to the next heading."""
    for i, element in enumerate(elements):
        match = DISCLAIMER.match(element.text)
        if not match:
            continue
        if element.kind == HEADING:
            end = next(
                (j for j in range(i + 1, len(elements)) if elements[j].kind == HEADING),
                len(elements),
            )
            text = " ".join(e.text for e in elements[i + 1 : end])
            return text, elements[:i] + elements[end:]
        if match.group("rest"):
            return match.group("rest"), elements[:i] + elements[i + 1 :]
    return "", elements


def _take_call_to_action(elements):
    """The closing paragraph when it invites the reader to book or get in touch (unless
    it answers the question just before it). A heading of its own becomes the block's."""
    if not elements or elements[-1].kind != PARAGRAPH:
        return None, elements
    last = elements[-1]
    before = elements[-2] if len(elements) > 1 else None
    if not CALL_TO_ACTION.search(last.text) or (before and before.text.endswith("?")):
        return None, elements
    value = {
        "heading": "Book a consultation",
        "text": last.text,
        "button_label": "Book a consultation",
    }
    if before is not None and before.kind == HEADING and not FAQ_HEADING.search(before.text):
        value["heading"] = before.text[:255]
        return _block("call_to_action", value), elements[:-2]
    return _block("call_to_action", value), elements[:-1]


# Body


def _block(block_type, value):
    return {"type": block_type, "value": value}


def _paragraph_html(element):
    return f"<p>{element.html}</p>"


def _body(elements):
    """Body blocks and the research section's study mentions."""
    blocks, studies = [], []
    section = ""
    i = 0
    while i < len(elements):
        element = elements[i]
        if element.kind == HEADING and len(element.text) > 255:
            element.kind = PARAGRAPH  # marked up as a heading, but a paragraph's length
        if element.kind == HEADING:
            if FAQ_HEADING.search(element.text):
                faq_blocks, end = _faq_section(elements, i)
                if faq_blocks:
                    blocks.extend(faq_blocks)
                    i, section = end, element.text
                    continue
            blocks.append(
                _block(
                    "heading",
                    {"text": element.text, "level": "h2" if element.level <= 2 else "h3"},
                )
            )
            if element.level <= 2:
                section = element.text
            i += 1
            continue
        end = i + 1
        if element.kind == ITEM:
            while end < len(elements) and elements[end].kind == ITEM:
                end += 1
        if RESEARCH_HEADING.search(section):
            for mentioning in elements[i:end]:
                studies.extend(find_mentions(mentioning.text))
        if element.kind == ITEM:
            blocks.extend(_lists(elements[i:end]))
        elif element.kind == QUOTE:
            blocks.append(_block("quote", {"text": element.text, "attribution": ""}))
        else:
            blocks.append(_block("paragraph", _paragraph_html(element)))
        i = end
    return blocks, studies


def _is_lead_in(item):
    return (
        item.ordered
        and not item.title
        and len(item.text.split()) <= 12
        and not re.search(r"[.!?:;,]$", item.text)
    )


def _lists(items):
    """Consecutive list items as list blocks. A short numbered line followed by bullets
    is one numbered point with its explanation, as the old articles lay them out."""
    blocks = []
    i = 0
    while i < len(items):
        item = items[i]
        if _is_lead_in(item) and i + 1 < len(items) and not items[i + 1].ordered:
            end = i + 1
            while end < len(items) and not items[end].ordered:
                end += 1
            entry = {
                "title": item.text[:255],
                "text": "".join(map(_paragraph_html, items[i + 1 : end])),
            }
            block_type, i = "numbered_list", end
        else:
            title, markup = _split_title(item)
            entry = {"title": title, "text": f"<p>{markup}</p>"}
            block_type, i = ("numbered_list" if item.ordered else "bulleted_list"), i + 1
        if blocks and blocks[-1]["type"] == block_type:
            blocks[-1]["value"].append(entry)
        else:
            blocks.append(_block(block_type, [entry]))
    return blocks


def _split_title(item):
    """A lead-in marked in bold, or written "Get a blood test: ask for…"."""
    if item.title:
        return item.title[:255], _capitalised(item.html)
    match = TITLE_SPLIT.match(item.text)
    prefix = html.escape(match.group("title"), quote=False) + ":" if match else ""
    if match and len(match.group("title").split()) <= 8 and item.html.startswith(prefix):
        return match.group("title"), _capitalised(item.html[len(prefix) :].strip())
    return "", item.html


def _capitalised(markup):
    """The explanation after a lead-in ("Ferritin: shows how much…") as a sentence."""
    return markup[:1].upper() + markup[1:]


def _faq_section(elements, start):
    """Questions (lines ending "?", numbered or not) and the answers that follow them, up
    to the next heading that is not itself a question. Text before the first question
    stays as paragraphs. Nothing is an FAQ section unless every question has an answer."""
    heading = elements[start]
    pairs, intro = [], []
    i = start + 1
    while i < len(elements):
        element = elements[i]
        is_question = element.text.endswith("?") and len(element.text) <= 255
        if element.kind == HEADING and element.level <= heading.level and not is_question:
            break
        if is_question:
            pairs.append((ENUMERATOR.sub("", element.text), []))
        elif pairs:
            pairs[-1][1].append(element)
        else:
            intro.append(element)
        i += 1
    if not pairs or any(not answer for _, answer in pairs):
        return [], start
    items = [
        _block("faq", {"question": question, "answer": _answer_html(answer)})
        for question, answer in pairs
    ]
    blocks = [_block("paragraph", _paragraph_html(e)) for e in intro]
    blocks.append(_block("faq_section", {"heading": heading.text[:255], "items": items}))
    return blocks, i


def _answer_html(elements):
    """One element is a paragraph, even if the blog set it as a bullet; several list items
    stay a list."""
    texts = [ANSWER_PREFIX.sub("", e.html) for e in elements]
    if len(elements) > 1 and all(e.kind == ITEM for e in elements):
        tag = "ol" if elements[0].ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{t}</li>" for t in texts) + f"</{tag}>"
    return "".join(f"<p>{t}</p>" for t in texts)
