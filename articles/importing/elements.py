"""A document as a flat stream of elements (headings, paragraphs, list items, quotes), from
HTML or from plain text. Structure that spans elements (sections, a numbered lead-in with
its explanation, questions with their answers) is recovered afterwards, in ``parse``, the
same way for every kind of file."""

import html
import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from . import debris
from .sources import ImportFailure

HEADING, PARAGRAPH, ITEM, QUOTE = "heading", "paragraph", "item", "quote"


@dataclass
class Element:
    kind: str
    text: str  # plain text, whitespace collapsed
    html: str = ""  # the same as inline rich text (bold, italic, links, superscript)
    level: int = 2  # headings: 1 is the title, then 2 and 3
    ordered: bool = False  # list items: numbered or bulleted
    title: str = ""  # list items: a bold lead-in, when the source marks one


@dataclass
class Hints:
    """What an HTML head says about the article, used when the body does not."""

    title: str = ""
    author: str = ""
    description: str = ""


def squash(text):
    return " ".join(text.split())


def plain(text, **kwargs):
    text = squash(text)
    return Element(text=text, html=html.escape(text, quote=False), **kwargs)


# Plain text

MARKER = re.compile(r"^\s*(?:(?P<number>\(?\d{1,2}[.)])|[•·▪◦●‣*\-–])\s+(?P<text>\S.*)$")
MAX_HEADING_WORDS = 15


def looks_like_heading(line):
    """A short line with no closing punctuation but a question mark: headings in the old
    articles are often questions ("What is ME/CFS?")."""
    line = line.strip()
    return (
        bool(re.search(r"[A-Za-z]", line))
        and len(line.split()) <= MAX_HEADING_WORDS
        and len(line) <= 150
        and not re.search(r"[.,;:!…]$", line)
    )


def from_text(text):
    """Elements of plain text, without debris lines. Blank lines separate blocks; a block
    of one short line is a heading; lines starting "1." or "•", "-", "*" are list items,
    and lines that follow an item without a blank line continue it."""
    lines = []
    for line in text.splitlines():
        if debris.ends_article(line):
            break
        # A debris line (a counter, "Search") separates blocks like the blank line it was.
        lines.append("" if debris.is_debris(line) else line)
    chunks = [c.splitlines() for c in re.split(r"\n\s*\n", "\n".join(lines)) if c.strip()]
    elements = []
    for index, chunk in enumerate(chunks):
        paragraph, item = [], None
        for line in chunk:
            marker = MARKER.match(line)
            if marker:
                if paragraph:
                    elements.append(plain(" ".join(paragraph), kind=PARAGRAPH))
                    paragraph = []
                item = plain(marker.group("text"), kind=ITEM, ordered=bool(marker.group("number")))
                elements.append(item)
            elif item is not None:
                item.text = squash(f"{item.text} {line}")
                item.html = html.escape(item.text, quote=False)
            else:
                paragraph.append(line)
        if paragraph:
            is_last = index == len(chunks) - 1
            if len(paragraph) == 1 and not is_last and looks_like_heading(paragraph[0]):
                elements.append(plain(paragraph[0], kind=HEADING))
            else:
                elements.append(plain(" ".join(paragraph), kind=PARAGRAPH))
    return elements


# HTML

BLOCK_TAGS = {
    "address",
    "article",
    "blockquote",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "li",
    "main",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
INLINE_MARKUP = {"b": "b", "strong": "b", "i": "i", "em": "i", "sup": "sup"}
SAFE_LINK = re.compile(r"(?i)^(?:https?:|mailto:|tel:|/|#)")
# Elements within elements, from the document's root. An exported blog post nests a
# dozen or two; the walk below recurses once per level, so a document nested deeper is
# refused rather than exhausting Python's recursion limit.
MAX_DEPTH = 100


def nesting_depth(root, limit=MAX_DEPTH):
    """How deeply elements nest under ``root``; counting stops past ``limit``."""
    deepest = 0
    stack = [(root, 0)]
    while stack and deepest <= limit:
        tag, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in tag.children if isinstance(child, Tag))
    return deepest


def from_html(source):
    """Elements of an HTML document's article (its ``<article>``, else ``<main>``, else
    its body), without page furniture, and hints from its head."""
    soup = BeautifulSoup(source, "html.parser")
    if nesting_depth(soup) > MAX_DEPTH:
        raise ImportFailure(
            f"the post nests elements (sections, lists, quotes) more than {MAX_DEPTH} levels "
            "deep, which no article needs: save it again from the blog, or as plain text"
        )
    hints = Hints(
        title=squash(soup.title.get_text()) if soup.title else "",
        author=_meta(soup, "author"),
        description=_meta(soup, "description") or _meta(soup, "og:description", "property"),
    )
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in root.find_all(debris.FURNITURE_TAGS):
        tag.decompose()
    for tag in root.find_all(_is_furniture):
        tag.decompose()
    elements = []
    _walk(root, elements)
    return elements, hints


def _meta(soup, name, attribute="name"):
    tag = soup.find("meta", attrs={attribute: name})
    return squash(tag.get("content", "")) if tag else ""


def _is_furniture(tag):
    if not isinstance(tag, Tag) or tag.attrs is None:
        return False
    names = " ".join([*tag.get("class", []), tag.get("id", ""), tag.get("role", "")])
    return bool(debris.FURNITURE_NAMES.search(names))


def _has_blocks(tag):
    return any(isinstance(child, Tag) and child.name in BLOCK_TAGS for child in tag.children)


def _walk(tag, elements):
    """Block children become elements; text directly inside a container, between its
    blocks, becomes a paragraph of its own."""
    loose = []

    def flush():
        _add_paragraphs(loose, elements)
        loose.clear()

    for child in tag.children:
        if isinstance(child, Tag) and child.name in BLOCK_TAGS:
            flush()
            _block(child, elements)
        else:
            loose.append(child)
    flush()


def _block(tag, elements):
    name = tag.name
    if re.fullmatch(r"h[1-6]", name):
        text = squash(tag.get_text(" "))
        if text:
            elements.append(Element(HEADING, text, html.escape(text, quote=False), int(name[1])))
    elif name in ("ul", "ol"):
        _list(tag, elements, ordered=name == "ol")
    elif name == "blockquote" and not _has_blocks(tag):
        elements.append(_inline_element(QUOTE, list(tag.children)))
    elif name == "blockquote":
        quote = []
        _walk(tag, quote)
        text = " ".join(e.text for e in quote)
        elements.append(Element(QUOTE, text, html.escape(text, quote=False)))
    elif _has_blocks(tag):
        _walk(tag, elements)
    else:
        _add_paragraphs(list(tag.children), elements, bold_heading=name == "p")


def _list(tag, elements, ordered):
    for li in tag.find_all("li", recursive=False):
        nested = li.find_all(["ul", "ol"], recursive=False)
        for sub in nested:
            sub.extract()
        item = _item(list(li.children), ordered)
        if item.text:
            elements.append(item)
        for sub in nested:
            _list(sub, elements, ordered=sub.name == "ol")


def _item(parts, ordered):
    """A list item; a bold lead-in ("<strong>Rest</strong> when you can") or a heading
    inside the item becomes its title."""
    parts = [p for p in parts if not (isinstance(p, str) and not p.strip())]
    if len(parts) == 1 and isinstance(parts[0], Tag) and parts[0].name == "p":
        parts = [p for p in parts[0].children if not (isinstance(p, str) and not p.strip())]
    title = ""
    if len(parts) > 1 and _is_lead_in(parts[0]):
        title = squash(parts[0].get_text(" ")).rstrip(":–—- ")
        parts = parts[1:]
    element = _inline_element(ITEM, parts, ordered=ordered)
    element.title = title
    element.text = element.text.lstrip(":–—- ")
    element.html = re.sub(r"^[\s:–—-]+", "", element.html)
    return element


def _is_lead_in(node):
    if not isinstance(node, Tag):
        return False
    if node.name in ("strong", "b") or re.fullmatch(r"h[1-6]", node.name):
        return True
    return node.name == "p" and _all_bold(list(node.children))


def _text(node):
    return node.get_text(" ") if isinstance(node, Tag) else str(node)


def _add_paragraphs(nodes, elements, bold_heading=False):
    """Inline content as paragraphs, split at line breaks. A short paragraph that is all
    bold is the heading the blog's editor did not mark as one."""
    line = []
    for node in [*nodes, None]:
        if node is None or (isinstance(node, Tag) and node.name == "br"):
            element = _inline_element(PARAGRAPH, line)
            if element.text:
                if bold_heading and _all_bold(line) and _short_heading(element.text):
                    element = plain(element.text, kind=HEADING, level=3)
                elements.append(element)
            line = []
        else:
            line.append(node)


def _all_bold(nodes):
    tags = [n for n in nodes if not (isinstance(n, str) and not n.strip())]
    return bool(tags) and all(isinstance(n, Tag) and n.name in ("strong", "b") for n in tags)


def _short_heading(text):
    return len(text.split()) <= 12 and not text.endswith((".", ":"))


def _inline_element(kind, nodes, **kwargs):
    markup = squash("".join(_inline(node) for node in nodes))
    text = squash(" ".join(_text(node) for node in nodes))
    return Element(kind, text, markup, **kwargs)


def _inline(node):
    """Inline HTML reduced to what the article's rich text allows."""
    if isinstance(node, NavigableString):
        return html.escape(str(node), quote=False)
    if not isinstance(node, Tag):
        return ""
    inner = "".join(_inline(child) for child in node.children)
    if node.name in ("br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
        return f" {inner} "
    if node.name in INLINE_MARKUP and inner.strip():
        tag = INLINE_MARKUP[node.name]
        return f"<{tag}>{inner}</{tag}>"
    if node.name == "a" and SAFE_LINK.match(node.get("href", "")) and inner.strip():
        return f'<a href="{html.escape(node["href"])}">{inner}</a>'
    return inner
