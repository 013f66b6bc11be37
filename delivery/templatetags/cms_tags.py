"""Template helpers for the public site: JSON-LD output, clinic settings, navigation."""

import re
from dataclasses import dataclass

from django import template
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from wagtail.models import Page, Site

from presentation import structured_data

register = template.Library()


@register.simple_tag
def json_ld(data):
    """``{% json_ld data %}``: one ``<script type="application/ld+json">`` per object.
    Takes a dict or a list of dicts (as ``page_structured_data`` returns); empty items
    are skipped."""
    if not data:
        return ""
    objects = data if isinstance(data, list | tuple) else [data]
    return format_html_join(
        "\n",
        '<script type="application/ld+json">{}</script>',
        ((mark_safe(structured_data.json_ld_text(obj)),) for obj in objects if obj),
    )


@register.simple_tag
def page_description(page):
    """``{% page_description page as description %}``: text for the meta description."""
    return structured_data.page_description(page) if isinstance(page, Page) else ""


@register.simple_tag(takes_context=True)
def page_structured_data(context, page):
    """``{% page_structured_data page as data %}``: the page's JSON-LD objects."""
    return structured_data.page_structured_data(page, context.get("request"))


def _site_for(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        page = context.get("page")
        if isinstance(page, Page):
            site = page.get_site()
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site


@register.simple_tag(takes_context=True)
def clinic_settings(context):
    """``{% clinic_settings as clinic %}``: the site's ClinicSettings, or None. Works in
    any template, including block templates rendered without the page's context and the
    admin's previews, where ``settings.cms.ClinicSettings`` may be unavailable."""
    from cms.models import ClinicSettings

    settings_proxy = context.get("settings")
    if settings_proxy is not None and getattr(settings_proxy, "request_or_site", None):
        try:
            return settings_proxy["cms"]["ClinicSettings"]
        except (ClinicSettings.DoesNotExist, RuntimeError):
            pass
    site = _site_for(context)
    if site is None:
        return None
    return ClinicSettings.objects.filter(site=site).first()


@register.simple_tag(takes_context=True)
def main_nav(context):
    """``{% main_nav as nav %}``: (home page, its live public children)."""
    site = _site_for(context)
    if site is None:
        return None, []
    root = site.root_page
    return root, list(root.get_children().live().public().specific())


@register.filter
def tel_href(phone):
    """A phone number as typed (``020 7946 0000``, ``+44 (0)20 7946 0000``) to a ``tel:``
    target (``02079460000``, ``+442079460000``)."""
    phone = str(phone or "").strip().replace("(0)", "")
    digits = re.sub(r"[^\d]", "", phone)
    return f"+{digits}" if phone.startswith("+") else digits


@register.filter
def is_past(value):
    """True when a date is before today (in the site's time zone)."""
    return bool(value) and value < timezone.localdate()


@register.filter
def model_name(obj):
    return obj._meta.model_name if hasattr(obj, "_meta") else ""


@register.simple_tag(takes_context=True)
def nav_state(context, item):
    """``{% nav_state item as state %}``: ``aria-current`` for a navigation link, "page"
    on the page itself, "true" inside its section, "" elsewhere."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.path:
        return ""
    if page.pk and page.pk == item.pk:
        return "page"
    if page.path.startswith(item.path) and page.depth > item.depth:
        return "true"
    return ""


# Ids the page templates use for their own landmarks; a body heading never takes one.
RESERVED_IDS = {
    "main",
    "page-title",
    "references",
    "references-heading",
    "disclaimers",
    "disclaimers-heading",
    "medical-review",
    "medical-review-heading",
    "faq",
    "faq-heading",
    "related-articles",
    "related-articles-heading",
    "latest-articles",
    "latest-articles-heading",
}


@register.filter
def heading_id(text):
    """An anchor for a body heading: its slug, unless that clashes with a page landmark."""
    anchor = slugify(text)
    return f"{anchor}-section" if anchor in RESERVED_IDS else anchor


# Medical snippets a page shows: live ones for readers; in an admin preview also drafts.


@dataclass(frozen=True)
class Shown:
    snippet: object
    review_state: object = None  # lifecycle.review_screen.ReviewState, for a draft


def _as_shown(context, snippets):
    """Live snippets, for readers. In an admin preview (``request.is_preview``) drafts too,
    in their latest revision and marked with their review state, so a reviewer sees what
    "[1]" points to; the publish gate keeps the page from going live before them."""
    from review.review_screen import review_state

    request = context.get("request")
    previewing = bool(getattr(request, "is_preview", False))
    shown = []
    for snippet in snippets:
        if snippet.live:
            shown.append(Shown(snippet))
        elif previewing:
            shown.append(Shown(snippet.get_latest_revision_as_object(), review_state(snippet)))
    return shown


@register.simple_tag(takes_context=True)
def shown_references(context, page):
    """``{% shown_references page as references %}``: the cited references, in order."""
    return _as_shown(context, [item.reference for item in page.references.all()])


@register.simple_tag(takes_context=True)
def shown_disclaimers(context, page):
    """``{% shown_disclaimers page as disclaimers %}``: the attached disclaimers in order,
    then those the clinic's rules require (``applicable_disclaimers``)."""
    attached = [item.disclaimer for item in page.disclaimers.all()]
    seen = {d.pk for d in attached}
    required = [d for d in page.applicable_disclaimers() if d.pk not in seen]
    return _as_shown(context, attached + required)


@register.simple_tag(takes_context=True)
def shown_snippet(context, snippet):
    """``{% shown_snippet value as item %}``: one chosen snippet, or None."""
    shown = _as_shown(context, [snippet] if snippet is not None else [])
    return shown[0] if shown else None
