"""Reading files to import: which files, what they contain, and a clear reason when a file
cannot be read as text. Markdown is converted to HTML here, so the HTML and Markdown
paths share one structure parser."""

import codecs
import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import markdown

HTML, TEXT = "html", "text"
KINDS = {".html": HTML, ".htm": HTML, ".md": "markdown", ".markdown": "markdown", ".txt": TEXT}

# Characters that exported blog text carries but a reader never sees as such.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f"), " ")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


class ImportFailure(Exception):
    """A file that cannot be imported, with a reason the writer can act on."""


@dataclass(frozen=True)
class Source:
    path: Path
    kind: str  # HTML or TEXT: Markdown arrives as HTML
    text: str

    @property
    def name(self):
        return self.path.name


def collect_paths(paths):
    """The files to import, in order: a directory stands for its HTML, Markdown and text
    files (not its subdirectories). A path that does not exist is kept, to fail visibly."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in KINDS))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def read_source(path, encoding=None):
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailure("no such file") from None
    except OSError as error:
        raise ImportFailure(f"cannot read the file: {error.strerror or error}") from None
    if not data.strip():
        raise ImportFailure("the file is empty")
    kind = KINDS.get(path.suffix.lower())
    text = clean_text(decode(data, encoding, html_charset=kind in (HTML, None)))
    if not text.strip():
        raise ImportFailure("the file is empty")
    if kind is None:
        kind = HTML if re.match(r"\s*<(?:!doctype|html|body|article|h1|p)\b", text, re.I) else TEXT
    if kind == "markdown":
        return Source(path, HTML, markdown_to_html(text))
    return Source(path, kind, text)


def decode(data, encoding=None, html_charset=False):
    """Text from bytes: the encoding given, else a byte-order mark, else an HTML file's
    declared charset, else UTF-8. Never a guess: a wrong guess imports garbled words
    that nobody notices, so an undecodable file fails with the way to fix it."""
    if not encoding and data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    wide = (encoding or "").lower().replace("-", "").startswith(("utf16", "utf32"))
    if b"\x00" in data and not wide:
        raise ImportFailure("this is a binary file, not HTML, Markdown or plain text")
    if not encoding and html_charset and (declared := META_CHARSET.search(data[:4096])):
        encoding = declared.group(1).decode("ascii")
    encoding = encoding or "utf-8-sig"
    try:
        text = data.decode(encoding)
    except LookupError:
        raise ImportFailure(f"unknown text encoding “{encoding}”") from None
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        raise ImportFailure(
            f"cannot be read as {error.encoding.upper()} text (byte 0x{byte:02x} at position "
            f"{error.start}); save it as UTF-8, or name its encoding with --encoding, "
            "e.g. --encoding cp1252"
        ) from None
    if len(CONTROL.findall(text)) > max(2, len(text) // 100):
        raise ImportFailure("this is a binary file, not HTML, Markdown or plain text")
    return text


def clean_text(text):
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return CONTROL.sub("", text.translate(INVISIBLE).translate(SPACES))


def markdown_to_html(text):
    """Markdown as HTML. Front matter (``---`` lines around ``title:`` and ``author:``)
    becomes the HTML head the structure parser already reads."""
    head = ""
    if match := FRONT_MATTER.match(text):
        text = text[match.end() :]
        fields = dict(
            (key.strip().lower(), value.strip().strip("\"'"))
            for key, _, value in (line.partition(":") for line in match.group(1).splitlines())
        )
        if fields.get("title"):
            head += f"<title>{html.escape(fields['title'])}</title>"
        if fields.get("author"):
            head += f'<meta name="author" content="{html.escape(fields["author"])}">'
    body = markdown.markdown(text, extensions=["sane_lists"])
    return f"<html><head>{head}</head><body>{body}</body></html>"
