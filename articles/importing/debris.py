"""What a blog export carries that is not the article: navigation, counters, dates and
reading times, links to other posts. Exports come from a Wix site, so some labels are
in the visitor's language ("Comentários")."""

import re

# Lines that are debris whatever their case.
LABELS = {
    "top of page",
    "bottom of page",
    "search",
    "see all",
    "skip to content",
    "skip to main content",
    "menu",
    "home",
    "blog",
    "all posts",
    "share",
    "like",
    "follow",
    "log in",
    "sign up",
    "write a comment",
    "write a comment...",
    "log in to leave a comment",
    "post not marked as liked",
    "comments",
    "comentários",
    "comentarios",
    "commentaires",
    "kommentare",
    "commenti",
}

# A heading or line after which only other posts follow.
END_OF_ARTICLE = re.compile(
    r"(?i)^(?:recent|related|more|popular|latest)\s+(?:posts|articles)$|^you may also like$"
)

MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}(?:,?\s+\d{{4}})?"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
)
READ_TIME = r"\d+\s*min(?:ute)?s?(?:\s+read)?"
DATE_LINE = re.compile(
    rf"(?i)^(?:(?:updated|posted|published|last\s+updated)(?:\s+on)?\s*:?\s*|{DATE}|{READ_TIME}"
    r"|[\s·•|,\-–—])+$"
)
COUNTERS = re.compile(
    r"(?i)^(?:\d[\d,.]*\s*[km]?\s*(?:views?|comments?|likes?|shares?)\s*)+$"
    r"|^(?:views?|comments?|likes?)\s*:?\s*\d+$"
)

# Page furniture in HTML, by element or by class, id or role.
FURNITURE_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "button",
    "iframe",
    "svg",
    "footer",
]
FURNITURE_NAMES = re.compile(
    r"(?i)\b(?:nav|navigation|menu|breadcrumbs?|share|social|comments?|related|recent-posts"
    r"|sidebar|cookie|banner|pagination|post-footer|tags)\b"
)


def is_debris(text):
    line = " ".join(text.split()).strip()
    if not line:
        return True
    return (
        line.lower().rstrip(":") in LABELS
        or bool(COUNTERS.match(line))
        or (bool(re.search(r"\d", line)) and bool(DATE_LINE.match(line)))
    )


def ends_article(text):
    return bool(END_OF_ARTICLE.match(" ".join(text.split())))
