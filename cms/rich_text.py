"""Rich text as a reader sees it, in one place: the gate hashes it, the APIs and JSON-LD
serve it."""

from bs4 import BeautifulSoup


def canonical_rich_text(html):
    """Rich text parsed rather than pattern-matched: the editor's ``data-block-key``
    attributes identify paragraphs, they are not content, so they go; everything else (text,
    tags, other attributes) stays exactly as it is."""
    soup = BeautifulSoup(html or "", "html.parser")
    for tag in soup.find_all(True):
        tag.attrs.pop("data-block-key", None)
    return str(soup)
