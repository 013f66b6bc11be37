"""A page's body as the NHS Website Content API gives it (``mainEntityOfPage``): sections,
each a ``WebPageElement`` led by a heading, holding the page's blocks as parts in reading
order, each part's ``text`` clean HTML (front-end links, no editor attributes).

A section starts at every heading a reader sees as a section heading: a heading block of
level h2, an FAQ section and a call to action (both shown under an h2 of their own). What
comes before the first of them is the opening section, with an empty ``headline`` and the
identifier ``opening``. A sub-heading (h3) is a part of its section. A question is a part of
``@type`` ``Question`` with its ``acceptedAnswer``; one from the shared FAQ library has the
library's identifier (``faq-<id>``, as in the page's ``hasPart``), one written in place its
block's id.
"""

from django.utils.html import escape, format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe

from articles.models import ArticlePage
from delivery.templatetags.cms_tags import tel_href
from faq.blocks import iter_faq_items
from faq.models import FAQPage
from presentation.frontend import FIGURE_RENDITIONS

OPENING = "opening"


def module_identifier(obj):
    """The identifier of a reusable module (a shared FAQ, a disclaimer): ``faq-12``."""
    return f"{obj._meta.model_name}-{obj.pk}"


def _numbered(parts):
    for position, part in enumerate(parts):
        part["position"] = position
    return parts


class Sections:
    """Builds ``mainEntityOfPage`` for one request, reading rich text, images and the
    clinic's settings through its ``FrontendContext`` (loaded in bulk beforehand)."""

    def __init__(self, frontend):
        self.frontend = frontend
        self.parts_of = {
            "heading": self.heading,
            "paragraph": self.paragraph,
            "numbered_list": self.numbered_list,
            "bulleted_list": self.bulleted_list,
            "image": self.figure,
            "callout": self.callout,
            "quote": self.quote,
            "call_to_action": self.call_to_action,
            "faq_section": self.faq_section,
        }

    def of_page(self, page):
        if isinstance(page, ArticlePage):
            return self.body(page.body)
        if isinstance(page, FAQPage):
            return self.opening_only(self.intro(page) + self.questions(page.faq_items(), "faqs"))
        return self.opening_only(self.intro(page))

    def body(self, stream):
        sections = []
        for child in stream:
            value = child.value
            if child.block_type == "heading" and value["level"] == "h2":
                sections.append(self.section(child.id, value["text"]))
                continue
            if child.block_type in ("faq_section", "call_to_action"):
                sections.append(self.section(child.id, value["heading"]))
            elif not sections:
                sections.append(self.section(OPENING, ""))
            sections[-1]["hasPart"] += self.parts_of[child.block_type](child)
        for section in _numbered(sections):
            _numbered(section["hasPart"])
        return sections

    def opening_only(self, parts):
        if not parts:
            return []
        section = self.section(OPENING, "")
        section["hasPart"] = _numbered(parts)
        return _numbered([section])

    @staticmethod
    def section(identifier, headline):
        return {
            "@type": "WebPageElement",
            "name": "section heading",
            "position": 0,
            "identifier": identifier,
            "headline": headline,
            "description": "",
            "hasPart": [],
        }

    @staticmethod
    def part(child, text, headline="", name=None):
        return {
            "@type": "WebPageElement",
            "name": name or child.block_type,
            "position": 0,
            "identifier": child.id or "",
            "headline": headline,
            "text": str(text),
        }

    def rich_text(self, source):
        return mark_safe(self.frontend.rich_text(source))

    # Parts, by block type: each returns a list of parts

    def heading(self, child):
        text = child.value["text"]
        return [self.part(child, format_html("<h3>{}</h3>", text), headline=text)]

    def paragraph(self, child):
        return [self.part(child, self.rich_text(child.value.source))]

    def _list(self, child, tag):
        items = format_html_join(
            "",
            "<li>{}{}</li>",
            (
                (
                    format_html("<strong>{}</strong> ", item["title"]) if item["title"] else "",
                    self.rich_text(item["text"].source),
                )
                for item in child.value
            ),
        )
        return [self.part(child, format_html("<{}>{}</{}>", tag, items, tag))]

    def numbered_list(self, child):
        return self._list(child, "ol")

    def bulleted_list(self, child):
        return self._list(child, "ul")

    def figure(self, child):
        value = child.value
        image = self.frontend.image(value["image"], FIGURE_RENDITIONS)
        html = ""
        if image is not None:
            renditions = image["renditions"]
            medium = renditions["medium"]
            srcset = ", ".join(f"{escape(r['url'])} {r['width']}w" for r in renditions.values())
            html = format_html(
                '<img src="{}" srcset="{}" width="{}" height="{}" alt="{}">',
                medium["url"],
                mark_safe(srcset),
                medium["width"],
                medium["height"],
                value["alt_text"],
            )
        if value["caption"]:
            html = format_html("{}<figcaption>{}</figcaption>", html, value["caption"])
        return [self.part(child, format_html("<figure>{}</figure>", html))]

    def callout(self, child):
        value = child.value
        html = format_html(
            '<aside class="callout callout--{}"><h3>{}</h3>{}</aside>',
            value["style"],
            value["title"],
            self.rich_text(value["body"].source),
        )
        return [self.part(child, html, headline=value["title"], name=f"callout-{value['style']}")]

    def quote(self, child):
        value = child.value
        caption = (
            format_html("<figcaption>— {}</figcaption>", value["attribution"])
            if value["attribution"]
            else ""
        )
        html = format_html(
            "<figure><blockquote>{}</blockquote>{}</figure>",
            mark_safe(linebreaks(value["text"], autoescape=True)),
            caption,
        )
        return [self.part(child, html)]

    def call_to_action(self, child):
        """The invitation with the clinic's booking link and phone number, as the page
        shows it (``templates/blocks/call_to_action.html``)."""
        value = child.value
        clinic = self.frontend.clinic_settings()
        booking = clinic.booking_url if clinic else ""
        phone = clinic.phone if clinic else ""
        email = clinic.email if clinic else ""
        actions = []
        if booking:
            actions.append(format_html('<a href="{}">{}</a>', booking, value["button_label"]))
        if phone:
            actions.append(
                format_html(
                    '{} <a href="tel:{}">{}</a>',
                    "Or call" if booking else "Call us on",
                    tel_href(phone),
                    phone,
                )
            )
        if email and not actions:
            actions.append(format_html('Email <a href="mailto:{}">{}</a>', email, email))
        html = format_html("<p>{}</p>", value["text"])
        if actions:
            html = format_html("{}<p>{}</p>", html, mark_safe(" ".join(actions)))
        return [self.part(child, html)]

    def faq_section(self, child):
        return self.questions(iter_faq_items(child.value["items"]), child.id)

    def questions(self, faq_items, section_id=""):
        """Questions as parts. A question written in place is identified by its block's id,
        or (stored without one, as imported content may be) by its section's and its place."""
        return [
            {
                "@type": "Question",
                "name": str(item["question"]),
                "position": 0,
                "identifier": (
                    module_identifier(item["snippet"])
                    if item["snippet"]
                    else item["id"] or f"{section_id}-{index}"
                ),
                "text": str(item["question"]),
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": self.frontend.rich_text(item["answer"].source),
                },
            }
            for index, item in enumerate(faq_items)
        ]

    def intro(self, page):
        intro = str(getattr(page, "intro", "") or "")
        if not intro:
            return []
        return [
            {
                "@type": "WebPageElement",
                "name": "intro",
                "position": 0,
                "identifier": "intro",
                "headline": "",
                "text": self.frontend.rich_text(intro),
            }
        ]
