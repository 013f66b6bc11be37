"""Reading files to import: which files, what they contain, and a clear reason when a file
cannot be read as text. Markdown is converted to HTML here, so the HTML and Markdown
paths share one structure parser.

Limits: a file over ``IMPORT_MAX_BYTES`` (2 MB) is refused before it is read (a 50 MB
post took minutes and gigabytes to import and made a draft the editor could not open),
and a link inside a folder that leads out of it is never followed (it could make a draft
of any file the importing account can read)."""

import codecs
import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import markdown
from django.conf import settings

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
    """The files to import, in order, each with the folder it was found in (None for a
    file named itself): a directory stands for its HTML, Markdown and text files (not its
    subdirectories). A path that does not exist is kept, to fail visibly."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found.extend((p, path) for p in sorted(path.iterdir()) if p.suffix.lower() in KINDS)
        else:
            found.append((path, None))
    return list(dict.fromkeys(found))


def _resolved(path, folder):
    """Where ``path`` really is. A file found in ``folder`` must really be in it: a link
    that leads out of the folder is refused, wherever it points."""
    resolved = path.resolve()
    if folder is not None and not resolved.is_relative_to(folder.resolve()):
        raise ImportFailure(
            f"a link to a file outside {folder}: links out of an import folder are not "
            "followed; copy the file into the folder if it is meant to be imported"
        )
    return resolved


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f} MB"


def _read_bytes(path, folder):
    limit = settings.IMPORT_MAX_BYTES
    try:
        resolved = _resolved(path, folder)
        size = resolved.stat().st_size
        if size <= limit:
            with resolved.open("rb") as file:
                data = file.read(limit + 1)  # no more, even if the file grew meanwhile
            size = len(data)
    except FileNotFoundError:
        raise ImportFailure("no such file") from None
    except OSError as error:
        raise ImportFailure(f"cannot read the file: {error.strerror or error}") from None
    if size > limit:
        raise ImportFailure(
            f"the file is {_megabytes(size)}; files over {_megabytes(limit)} are not "
            "imported (IMPORT_MAX_BYTES): split the post, or save it without embedded images"
        )
    return data


def read_source(path, encoding=None, folder=None):
    """The file at ``path`` (found in ``folder``, if any: see ``collect_paths``) as text,
    or an ``ImportFailure`` that says why not."""
    path = Path(path)
    data = _read_bytes(path, folder)
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
    try:
        body = markdown.markdown(text, extensions=["sane_lists"])
    except RecursionError:  # the Markdown library recurses once per level of nesting
        raise ImportFailure(
            "the post nests elements (lists, quotes) too deeply to import, which no article "
            "needs: save it again as plain text"
        ) from None
    return f"<html><head>{head}</head><body>{body}</body></html>"
