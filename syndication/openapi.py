"""The content API's OpenAPI 3.1 document, served at ``/api/content/openapi.json``.

Written by hand, next to the serializers it describes; ``tests/test_content_api_openapi.py``
validates it and checks every demo response against its schemas, whose objects allow no
property they do not list, so a change to the JSON that is not documented here fails.
"""

import copy

from .errors import INVALID_PARAMETER, INVALID_VALUE, METHOD_NOT_ALLOWED, RESOURCE_NOT_FOUND
from .hubs import ORDER_BY, PAGE_SIZE


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties, description=None):
    """A JSON object with exactly these properties, all present."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _const(value):
    return {"type": "string", "const": value}


STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}
INTEGER = {"type": "integer", "minimum": 0}
DATE_TIME = {
    "type": "string",
    "description": "ISO 8601 date-time; a review date is midnight in the clinic's time zone; "
    '"" when unknown.',
}
URL = {"type": "string", "description": "An absolute URL."}
REVIEW_DATES = {
    "type": "array",
    "items": DATE_TIME,
    "maxItems": 2,
    "description": "[last reviewed, next review due]; empty for a page that is not medical "
    "content.",
}

PART = _object(
    {
        "@type": _const("WebPageElement"),
        "name": {
            "type": "string",
            "description": "What the part is: the block type (paragraph, numbered_list, "
            "bulleted_list, image, quote, call_to_action, heading for a sub-heading, intro), "
            "callout-<style> for a callout (key_facts, note, warning).",
        },
        "position": INTEGER,
        "identifier": {"type": "string", "description": "The block's id."},
        "headline": {"type": "string", "description": "A sub-heading's or callout's title."},
        "text": {"type": "string", "description": "Clean HTML: front-end links."},
    }
)
QUESTION = _object(
    {
        "@type": _const("Question"),
        "name": STRING,
        "position": INTEGER,
        "identifier": {
            "type": "string",
            "description": "faq-<id> for a question from the shared FAQ library (the "
            "identifier of the module in hasPart), else the block's id.",
        },
        "text": STRING,
        "acceptedAnswer": _object({"@type": _const("Answer"), "text": STRING}),
    }
)
DISCLAIMER = _object(
    {
        "@type": _const("WebPageElement"),
        "name": _const("disclaimer"),
        "position": INTEGER,
        "identifier": {"type": "string", "description": "disclaimer-<id>"},
        "headline": STRING,
        "text": STRING,
        "genre": {
            "type": "array",
            "items": {"enum": ["medical_advice", "treatment_claims", "results_vary", "emergency"]},
        },
    }
)
SECTION = _object(
    {
        "@type": _const("WebPageElement"),
        "name": _const("section heading"),
        "position": INTEGER,
        "identifier": {
            "type": "string",
            "description": "The heading block's id; opening for what comes before the first "
            "heading.",
        },
        "headline": STRING,
        "description": STRING,
        "hasPart": {"type": "array", "items": {"anyOf": [_ref("Part"), _ref("Question")]}},
    },
    "A heading-led section: an h2 heading, an FAQ section or a call to action starts one.",
)
ORGANIZATION = _object(
    {
        "@type": _const("Organization"),
        "name": STRING,
        "url": URL,
        "email": STRING,
        "telephone": STRING,
    },
    "The clinic, from its settings.",
)
BREADCRUMB = _object(
    {
        "@context": STRING,
        "@type": _const("BreadcrumbList"),
        "itemListElement": {
            "type": "array",
            "items": _object(
                {
                    "@type": _const("ListItem"),
                    "position": INTEGER,
                    "item": _object({"@id": URL, "name": STRING, "genre": STRINGS}),
                }
            ),
        },
    }
)
PERSON = {
    "type": "object",
    "description": "The reviewing clinician; identifier is their GMC number.",
    "properties": {
        "@type": _const("Person"),
        "name": STRING,
        "jobTitle": STRING,
        "identifier": _object(
            {"@type": _const("PropertyValue"), "propertyID": _const("GMC"), "value": STRING}
        ),
    },
    "required": ["@type", "name", "identifier"],
    "additionalProperties": False,
}
WRITER = {
    "type": "object",
    "properties": {
        "@type": _const("Person"),
        "name": STRING,
        "jobTitle": STRING,
        "honorificSuffix": STRING,
    },
    "required": ["@type", "name"],
    "additionalProperties": False,
}
PROPERTY_VALUE = _object(
    {"@type": _const("PropertyValue"), "propertyID": {"enum": ["DOI", "PMID"]}, "value": STRING}
)
SCHOLARLY_ARTICLE = {
    "type": "object",
    "description": "A cited reference; sameAs lists its DOI, PubMed and web links.",
    "properties": {
        "@type": _const("ScholarlyArticle"),
        "name": STRING,
        "author": STRING,
        "datePublished": STRING,
        "isPartOf": _object({"@type": _const("Periodical"), "name": STRING}),
        "url": URL,
        "sameAs": {"type": "array", "items": URL},
        "identifier": {"type": "array", "items": PROPERTY_VALUE},
    },
    "required": ["@type", "name", "author"],
    "additionalProperties": False,
}
LINKED_PAGE = _object(
    {
        "@type": {"enum": ["MedicalWebPage", "CollectionPage"]},
        "genre": STRINGS,
        "datePublished": DATE_TIME,
        "dateModified": DATE_TIME,
        "lastReviewed": REVIEW_DATES,
        "reviewDue": DATE_TIME,
        "keywords": STRINGS,
    }
)
LINK_ROLE = _object(
    {
        "@type": _const("LinkRole"),
        "linkRelationship": _const("Result"),
        "articleStatus": _const("published"),
        "name": STRING,
        "url": URL,
        "description": STRING,
        "mainEntityOfPage": _ref("LinkedPage"),
    },
    "A live child of the index page.",
)
RELATED_LINK = _object(
    {
        "@type": _const("LinkRole"),
        "linkRelationship": _const("Related"),
        "position": INTEGER,
        "name": STRING,
        "url": URL,
        "description": STRING,
    },
    "Another published article sharing a topic (up to three, newest first).",
)
PAGINATION = _object(
    {
        "page": {"type": "integer", "minimum": 1},
        "pageSize": {"const": PAGE_SIZE},
        "totalPages": {"type": "integer", "minimum": 1},
        "totalItems": INTEGER,
        "next": {"type": "string", "description": 'The next page\'s URL, "" on the last.'},
        "previous": {"type": "string", "description": 'The previous page\'s URL, "" on the first.'},
    }
)
IDENTITY = {
    "@context": _const("http://schema.org"),
    "@type": STRING,
    "name": STRING,
    "url": {"type": "string", "description": "This page's content API URL."},
    "webpage": {"type": "string", "description": "The page's public URL."},
}
COMMON = {
    **IDENTITY,
    "description": {"type": "string", "description": "The summary, as plain text."},
    "about": _object({"@type": _const("WebPage"), "name": STRING}),
    "genre": {
        "type": "array",
        "items": STRING,
        "description": "Topic names. An array, as in the NHS API's examples (its schema "
        "says a string).",
    },
    "keywords": {"type": "array", "items": STRING, "description": "Topic slugs (for ?genre=)."},
    "inLanguage": STRING,
    "datePublished": DATE_TIME,
    "dateModified": DATE_TIME,
    "author": _ref("Organization"),
    "copyrightHolder": _object({"@type": _const("Organization"), "name": STRING}),
    "license": {
        "type": "string",
        "description": "The clinic's terms for reusing its content (from its settings).",
    },
    "breadcrumb": _ref("BreadcrumbList"),
    "mainEntityOfPage": {"type": "array", "items": _ref("Section")},
}
MODULES = {"type": "array", "items": {"anyOf": [_ref("Question"), _ref("Disclaimer")]}}

SCHEMAS = {
    "ContentPage": _object(
        {
            **COMMON,
            "@type": _const("MedicalWebPage"),
            "lastReviewed": REVIEW_DATES,
            "reviewDue": DATE_TIME,
            "reviewedBy": {"anyOf": [_ref("Person"), {"type": "null"}]},
            "contributor": {"type": "array", "items": _ref("Writer")},
            "citation": {"type": "array", "items": _ref("ScholarlyArticle")},
            "hasPart": {
                **MODULES,
                "description": "The reusable modules the page shows: shared FAQs, then "
                "disclaimers.",
            },
            "relatedLink": {"type": "array", "items": _ref("RelatedLink")},
        },
        "An article or FAQ page.",
    ),
    "HubPage": _object(
        {
            **COMMON,
            "@type": _const("CollectionPage"),
            "hasPart": {"type": "array", "maxItems": 0},
            "significantLink": {"type": "array", "items": _ref("LinkRole")},
            "pagination": _ref("Pagination"),
        },
        "An index page (the home page, the articles index) and a page of its live children.",
    ),
    "Modules": _object(
        {**IDENTITY, "hasPart": MODULES}, "?modules=true: the page's reusable modules only."
    ),
    "Section": SECTION,
    "Part": PART,
    "Question": QUESTION,
    "Disclaimer": DISCLAIMER,
    "Organization": ORGANIZATION,
    "BreadcrumbList": BREADCRUMB,
    "Person": PERSON,
    "Writer": WRITER,
    "ScholarlyArticle": SCHOLARLY_ARTICLE,
    "LinkRole": LINK_ROLE,
    "LinkedPage": LINKED_PAGE,
    "RelatedLink": RELATED_LINK,
    "Pagination": PAGINATION,
    "Error": {
        "type": "object",
        "properties": {
            "code": {
                "enum": [
                    RESOURCE_NOT_FOUND,
                    INVALID_VALUE,
                    INVALID_PARAMETER,
                    METHOD_NOT_ALLOWED,
                    "UNAVAILABLE",  # delivery.api.errors: the database cannot be reached
                ]
            },
            "message": STRING,
            "parameter": {"type": "string", "description": "The parameter at fault (400)."},
        },
        "required": ["code", "message"],
        "additionalProperties": False,
    },
}


def _parameter(name, description, schema):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


PARAMETERS = [
    _parameter(
        "modules",
        "true: only the reusable modules the page uses (hasPart).",
        {"type": "boolean"},
    ),
    _parameter(
        "page",
        f"Index pages: the page of children, {PAGE_SIZE} to a page, from 1. Past the last "
        "page is a 400.",
        {"type": "integer", "minimum": 1, "maximum": 999_999_999},
    ),
    _parameter(
        "orderBy",
        "Index pages: newest first on this date (pages without it last). Without it, A to Z "
        "by name.",
        {"type": "string", "enum": list(ORDER_BY)},
    ),
    _parameter(
        "startDate",
        "Index pages, with orderBy: only children whose orderBy date is on or after this day.",
        {"type": "string", "format": "date"},
    ),
    _parameter(
        "endDate",
        "Index pages, with orderBy: only children whose orderBy date is on or before this day.",
        {"type": "string", "format": "date"},
    ),
    _parameter(
        "category",
        "Index pages: children whose name starts with this letter.",
        {"type": "string", "pattern": "^[A-Za-z]$"},
    ),
    _parameter(
        "genre",
        "Index pages: children about this topic (its slug).",
        {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,100}$"},
    ),
    _parameter(
        "apikey",
        "Ignored: NHS API clients send it; this API needs no key.",
        {"type": "string"},
    ),
]

RESPONSES = {
    "200": {
        "description": "The page: an article or FAQ page, an index page, or (modules=true) "
        "its modules. Cached as the v2 API is (ETag, Last-Modified, Cache-Control).",
        "content": {
            "application/json": {
                "schema": {"oneOf": [_ref("ContentPage"), _ref("HubPage"), _ref("Modules")]}
            }
        },
    },
    "400": {
        "description": f"{INVALID_PARAMETER}: a parameter this page does not take; "
        f"{INVALID_VALUE}: a value it cannot use (a bad date, a page past the end, an "
        "unknown orderBy).",
        "content": {"application/json": {"schema": _ref("Error")}},
    },
    "404": {
        "description": f"{RESOURCE_NOT_FOUND}: no live, public page at this path.",
        "content": {"application/json": {"schema": _ref("Error")}},
    },
    "503": {
        "description": "UNAVAILABLE: the database cannot be reached for a moment; retry after "
        "Retry-After seconds.",
        "content": {"application/json": {"schema": _ref("Error")}},
    },
}

DESCRIPTION = """The clinic's reviewed health content in the shape of the
[NHS Website Content API](https://github.com/NHSDigital/nhs-website-content-api), so apps that
show NHS content can show the clinic's with the code they have. Only live, public content.
Every page carries its review evidence: lastReviewed ([last reviewed, next review due]),
reviewDue and reviewedBy (the clinician, with their GMC number).

Every property listed is always present: a missing text or date is "", a missing list [], a
missing object null."""


def _operation(operation_id, summary, path_parameter):
    parameters = list(PARAMETERS)
    if path_parameter:
        parameters.insert(
            0,
            {
                "name": "path",
                "in": "path",
                "required": True,
                "description": "The page's path under the site root, e.g. "
                "articles/iron-infusions-and-fatigue/ (slashes included).",
                "schema": {"type": "string"},
            },
        )
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": parameters,
            "responses": RESPONSES,
        }
    }


def openapi_document():
    return copy.deepcopy(
        {
            "openapi": "3.1.0",
            "info": {"title": "Clinic content API", "version": "1.0.0", "description": DESCRIPTION},
            "paths": {
                "/api/content/": _operation("get-home", "The home page (an index page)", False),
                "/api/content/{path}": _operation("get-page", "The page at a path", True),
            },
            "components": {"schemas": SCHEMAS},
        }
    )
