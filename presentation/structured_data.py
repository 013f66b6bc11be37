r"""schema.org JSON-LD for medical pages.

Plain functions returning plain dicts, so the same data serves the HTML templates (via the
``json_ld`` template tag) and the APIs' ``structured_data``. Nothing here renders templates
or writes to the database.

JSON-LD is embedded in ``<script type="application/ld+json">``, where a string holding
``</script>`` would end the element and let what follows run. So JSON text that carries it,
the templates' and the APIs' alike, is written by ``script_safe_json``: ``<``, ``>`` and
``&`` as the escapes ``\u003c``, ``\u003e`` and ``\u0026``, which parse to the same data."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from wagtail.rich_text import RichText, expand_db_html

from cms.rich_text import canonical_rich_text
from presentation import links

SCHEMA_CONTEXT = "https://schema.org"
LANGUAGE = "en-GB"

# In JSON text these three characters only ever stand inside strings, so replacing them
# with their escapes anywhere is exact.
SCRIPT_SAFE_ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"))


def script_safe_json(text):
    """JSON text that cannot close a ``<script>`` element or open an HTML comment.
    ``str.replace`` rather than ``str.translate``: eight times faster on a listing's
    600 KB (the escapes hold none of the three characters, so the order does not matter)."""
    for character, escape in SCRIPT_SAFE_ESCAPES:
        text = text.replace(character, escape)
    return text


def json_ld_text(data):
    """``data`` as script-safe JSON text, for a ``<script type="application/ld+json">``."""
    return script_safe_json(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False))


def _iso(value):
    return value.isoformat() if value else None


def _compact(data):
    """Drop keys whose value is empty, so consumers never see ``null`` or ``""``."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _rich_text_html(value):
    """HTML for a rich text value: a ``RichText`` (StreamField) or the stored string of a
    ``RichTextField``, with internal links and embeds expanded."""
    if value is None:
        return ""
    source = value.source if isinstance(value, RichText) else str(value)
    return canonical_rich_text(expand_db_html(source))


def page_description(page):
    """One plain-text sentence or two about the page: summary, else search description,
    else the intro without markup."""
    summary = getattr(page, "summary", "") or page.search_description
    if summary:
        return summary.strip()
    intro = getattr(page, "intro", "")
    if intro:
        return " ".join(strip_tags(normalize_newlines(str(intro))).split())
    return ""


def _property_value(property_id, value):
    return {"@type": "PropertyValue", "propertyID": property_id, "value": value}


def clinician_person(clinician):
    return _compact(
        {
            "@type": "Person",
            "name": clinician.name,
            "identifier": _property_value("GMC", clinician.gmc_number),
            "jobTitle": clinician.specialty,
        }
    )


def writer_person(writer):
    return _compact(
        {
            "@type": "Person",
            "name": writer.name,
            "jobTitle": writer.role,
            "honorificSuffix": writer.credentials,
        }
    )


def scholarly_article(reference):
    """A cited Reference as a ScholarlyArticle. ``url`` is the best link to the source
    (DOI, then PubMed, then the web address); ``sameAs`` lists every link there is."""
    links = [link for link in (reference.doi_url, reference.pubmed_url, reference.url) if link]
    identifiers = []
    if reference.doi:
        identifiers.append(_property_value("DOI", reference.doi))
    if reference.pmid:
        identifiers.append(_property_value("PMID", reference.pmid))
    return _compact(
        {
            "@type": "ScholarlyArticle",
            "name": reference.title,
            "author": reference.authors,
            "datePublished": str(reference.year) if reference.year else None,
            "isPartOf": _compact({"@type": "Periodical", "name": reference.journal}),
            "url": links[0] if links else None,
            "sameAs": links,
            "identifier": identifiers,
        }
    )


def clinic_settings_for_site(site_id, request=None):
    """The ClinicSettings of a site, or None. Looked up without creating one, and once per
    site for a request (an API listing asks for it once per page)."""
    from cms.models import ClinicSettings

    if site_id is None:
        return None
    cache = getattr(request, "_clinic_settings_by_site", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._clinic_settings_by_site = cache
    if site_id not in cache:
        cache[site_id] = ClinicSettings.objects.filter(site_id=site_id).first()
    return cache[site_id]


def clinic_settings_for_page(page, request=None):
    """The ClinicSettings of the page's site, or None. Looked up without creating one."""
    url_parts = page.get_url_parts(request)
    return clinic_settings_for_site(url_parts[0] if url_parts else None, request)


def medical_clinic(clinic):
    if clinic is None or not clinic.name:
        return None
    address = None
    if clinic.address:
        lines = [line.strip() for line in normalize_newlines(clinic.address).split("\n")]
        address = {"@type": "PostalAddress", "streetAddress": ", ".join(filter(None, lines))}
    return _compact(
        {
            "@type": "MedicalClinic",
            "name": clinic.name,
            "telephone": clinic.phone,
            "email": clinic.email,
            "address": address,
        }
    )


def medical_web_page(page, request=None):
    """MedicalWebPage for an ArticlePage or FAQPage (anything with MedicalPageMixin)."""
    data = {
        "@context": SCHEMA_CONTEXT,
        "@type": "MedicalWebPage",
        "name": page.title,
        "description": page_description(page),
        "url": links.html_url(page, request),
        "inLanguage": LANGUAGE,
        "datePublished": _iso(page.first_published_at),
        "dateModified": _iso(page.last_published_at),
        "lastReviewed": _iso(getattr(page, "last_reviewed", None)),
    }
    reviewer = getattr(page, "reviewer", None)
    if reviewer is not None:
        data["reviewedBy"] = clinician_person(reviewer)
    if hasattr(page, "authors"):
        data["author"] = [writer_person(item.author) for item in page.authors.all()]
    if hasattr(page, "live_references"):
        data["citation"] = [scholarly_article(ref) for ref in page.live_references()]
    if hasattr(page, "topics"):
        data["about"] = [{"@type": "Thing", "name": topic.name} for topic in page.topics.all()]
    data["publisher"] = medical_clinic(clinic_settings_for_page(page, request))
    return _compact(data)


def faq_page(faq_items):
    """FAQPage from ``page.faq_items()`` (dicts with ``question`` and rich text
    ``answer``); None when there are no questions."""
    entities = [
        {
            "@type": "Question",
            "name": str(item["question"]),
            "acceptedAnswer": {"@type": "Answer", "text": _rich_text_html(item["answer"])},
        }
        for item in faq_items or []
    ]
    if not entities:
        return None
    return {"@context": SCHEMA_CONTEXT, "@type": "FAQPage", "mainEntity": entities}


def page_structured_data(page, request=None, faq_items=None):
    """Every JSON-LD object for a page: its MedicalWebPage, plus an FAQPage when it has
    questions. ``faq_items`` saves asking the page again when the caller already has its
    ``faq_items()`` (answers as rich text or as HTML)."""
    objects = [medical_web_page(page, request)]
    if faq_items is None and hasattr(page, "faq_items"):
        faq_items = page.faq_items()
    if faq_items is not None:
        faqs = faq_page(faq_items)
        if faqs is not None:
            objects.append(faqs)
    return objects
