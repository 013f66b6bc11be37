"""The content API's JSON: schema.org objects in the shape of the NHS Website Content API, so
apps that already show NHS content can show the clinic's with the code they have.

- ``ContentPageSerializer``: an article or FAQ page as a ``MedicalWebPage``;
- ``HubSerializer``: an index page (the home page, the articles index) as a
  ``CollectionPage`` whose ``significantLink`` lists a page of its live children;
- ``ModulesSerializer``: only the reusable modules a page uses (``?modules=true``).

Every property the OpenAPI document (``syndication.openapi``) lists is always present: a
missing text or date is ``""``, a missing list ``[]``, a missing object ``null``, as NHS
clients read the keys without checking for them. The serializers read what
``FrontendContext.prepare`` loaded in bulk and the models' own methods, so the number of
queries does not grow with the body or the listing.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from rest_framework.serializers import BaseSerializer

from presentation import links
from presentation.frontend import FrontendContext
from presentation.structured_data import (
    LANGUAGE,
    clinic_settings_for_site,
    clinician_person,
    page_description,
    scholarly_article,
    writer_person,
)
from review.pages import MedicalPageMixin

from .sections import Sections, module_identifier

SCHEMA_CONTEXT = "http://schema.org"  # as the NHS API writes it
CONTENT_PAGE = "MedicalWebPage"
HUB_PAGE = "CollectionPage"


def iso(value):
    """ISO 8601 date-time to the second, ``""`` when unknown. A date (a review date) is
    midnight at the clinic, in the site's time zone."""
    if value is None:
        return ""
    if not isinstance(value, datetime.datetime):
        value = timezone.make_aware(datetime.datetime.combine(value, datetime.time.min))
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def page_type(page):
    return CONTENT_PAGE if isinstance(page, MedicalPageMixin) else HUB_PAGE


def topics_of(page):
    return list(page.topics.all()) if hasattr(page, "topics") else []


def review_dates(page):
    """``lastReviewed`` as the NHS API gives it: ``[last reviewed, next review due]``."""
    last_reviewed = getattr(page, "last_reviewed", None)
    if last_reviewed is None:
        return []
    return [iso(last_reviewed), iso(page.next_review_due)]


class ContentContext:
    """What the serializers of one request share: the request and its site, the clinic's
    settings, the ``FrontendContext`` holding the page data loaded in bulk, and the API's
    own addresses."""

    def __init__(self, request, site):
        self.request = request
        self.site = site
        self.frontend = FrontendContext(request)
        self.sections = Sections(self.frontend)
        self.root = links.api_url(request, reverse("content_api:root"))

    @cached_property
    def clinic(self):
        return clinic_settings_for_site(self.site.pk, self.request)

    def api_url(self, path):
        """The content API address of a front-end path (``/articles/`` →
        ``…/api/content/articles/``)."""
        return self.root + path.lstrip("/") if path is not None else ""

    def page_url(self, page):
        return self.api_url(self.frontend.page_path(page))

    def public_url(self, page):
        return links.html_url(page, self.request) or ""

    @cached_property
    def organization(self):
        """The clinic as ``author``: it publishes the content and answers for it."""
        clinic = self.clinic
        return {
            "@type": "Organization",
            "name": (clinic.name if clinic else "") or self.site.site_name,
            "url": self.site.root_url + "/",
            "email": clinic.email if clinic else "",
            "telephone": clinic.phone if clinic else "",
        }

    @cached_property
    def copyright_holder(self):
        return {"@type": "Organization", "name": self.organization["name"]}

    @cached_property
    def license(self):
        return self.clinic.reuse_terms_url if self.clinic else ""


class PageSerializer(BaseSerializer):
    """The properties every page has. ``context["content"]`` is the request's
    ``ContentContext``."""

    @property
    def content(self) -> ContentContext:
        return self.context["content"]

    def identity(self, page):
        content = self.content
        return {
            "@context": SCHEMA_CONTEXT,
            "@type": page_type(page),
            "name": page.title,
            "url": content.page_url(page),
            "webpage": content.public_url(page),
        }

    def common(self, page):
        content = self.content
        topics = topics_of(page)
        return {
            **self.identity(page),
            "description": page_description(page),
            "about": {"@type": "WebPage", "name": page.title},
            "genre": [topic.name for topic in topics],
            "keywords": [topic.slug for topic in topics],
            "inLanguage": LANGUAGE,
            "datePublished": iso(page.first_published_at),
            "dateModified": iso(page.last_published_at),
            "author": content.organization,
            "copyrightHolder": content.copyright_holder,
            "license": content.license,
            "breadcrumb": self.breadcrumb(page, topics),
            "mainEntityOfPage": content.sections.of_page(page),
        }

    def breadcrumb(self, page, topics):
        """From the site root's child down to the page, positions from 0, as the NHS API
        does (the home page's own breadcrumb is itself). Only the page itself has genres."""
        ancestors = list(page.get_ancestors(inclusive=True))
        root_id = self.content.site.root_page_id
        above = [i for i, ancestor in enumerate(ancestors) if ancestor.pk == root_id]
        trail = ancestors[above[0] + 1 :] if above and page.pk != root_id else [page]
        return {
            "@context": SCHEMA_CONTEXT,
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "item": {
                        "@id": self.content.public_url(item),
                        "name": item.title,
                        "genre": [topic.name for topic in topics] if item.pk == page.pk else [],
                    },
                }
                for position, item in enumerate(trail)
            ],
        }

    def modules(self, page):
        """The reusable modules the page shows: shared FAQs (each once, in the order the
        page asks them), then the disclaimers the reader must see; live versions only."""
        frontend = self.content.frontend
        modules = []
        seen = set()
        faq_items = page.faq_items() if hasattr(page, "faq_items") else []
        for item in faq_items:
            snippet = item["snippet"]
            if snippet is None or snippet.pk in seen:
                continue
            seen.add(snippet.pk)
            (question,) = self.content.sections.questions([item])
            modules.append(question)
        if isinstance(page, MedicalPageMixin):
            for disclaimer in frontend.applicable_disclaimers(page):
                modules.append(
                    {
                        "@type": "WebPageElement",
                        "name": "disclaimer",
                        "position": 0,
                        "identifier": module_identifier(disclaimer),
                        "headline": disclaimer.title,
                        "text": frontend.rich_text(disclaimer.text),
                        "genre": [disclaimer.kind],
                    }
                )
        for position, module in enumerate(modules):
            module["position"] = position
        return modules


class ContentPageSerializer(PageSerializer):
    """An article or FAQ page: the NHS content page shape, with the review evidence
    (``lastReviewed``, ``reviewDue``, ``reviewedBy``) and the page's sources (``citation``)."""

    def to_representation(self, page):
        content = self.content
        reviewer = page.reviewed_by
        related = (
            content.frontend.related_articles(page) if hasattr(page, "related_articles") else []
        )
        return {
            **self.common(page),
            "lastReviewed": review_dates(page),
            "reviewDue": iso(page.next_review_due),
            "reviewedBy": clinician_person(reviewer) if reviewer is not None else None,
            "contributor": (
                [writer_person(item.author) for item in page.authors.all()]
                if hasattr(page, "authors")
                else []
            ),
            "citation": (
                [scholarly_article(reference) for reference in page.live_references()]
                if hasattr(page, "live_references")
                else []
            ),
            "hasPart": self.modules(page),
            "relatedLink": [
                {
                    "@type": "LinkRole",
                    "linkRelationship": "Related",
                    "position": position,
                    "name": article["title"],
                    "url": content.api_url(article["url"]),
                    "description": article["summary"],
                }
                for position, article in enumerate(related)
            ],
        }


class ModulesSerializer(PageSerializer):
    """``?modules=true``: the page's reusable modules only, as the NHS API answers it."""

    def to_representation(self, page):
        return {**self.identity(page), "hasPart": self.modules(page)}


class HubSerializer(PageSerializer):
    """An index page. ``context["hub"]`` is the ``syndication.hubs.HubPage`` the view
    worked out: the children of the requested page of results and the pagination."""

    def to_representation(self, page):
        hub = self.context["hub"]
        return {
            **self.common(page),
            "hasPart": [],
            "significantLink": [self.link(child) for child in hub.children],
            "pagination": hub.pagination(self.content),
        }

    def link(self, child):
        topics = topics_of(child)
        return {
            "@type": "LinkRole",
            "linkRelationship": "Result",
            "articleStatus": "published",
            "name": child.title,
            "url": self.content.page_url(child),
            "description": page_description(child),
            "mainEntityOfPage": {
                "@type": page_type(child),
                "genre": [topic.name for topic in topics],
                "datePublished": iso(child.first_published_at),
                "dateModified": iso(child.last_published_at),
                "lastReviewed": review_dates(child),
                "reviewDue": iso(getattr(child, "next_review_due", None)),
                "keywords": [topic.slug for topic in topics],
            },
        }
