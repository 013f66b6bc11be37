"""What the v2 API gives frontends, worked out once per request.

A ``FrontendContext`` lives in the serializer context of ``ClinicPagesAPIViewSet`` (under
``FRONTEND_CONTEXT_KEY``). Before a listing or a detail is serialized, ``prepare()`` loads,
for all the pages at once, everything the serializers and blocks will read: related rows,
StreamField choosers (images, shared FAQs), image renditions, the target of every internal
link, the disclaimers the clinic's rules require and the related articles. The number of
queries therefore does not grow with the number of pages, blocks, references or FAQs.

StreamFields take their v2 shape from ``presentation.blocks``; the blocks keep Wagtail's own
representation, which the v3 API round-trips.
"""

import logging
from collections import defaultdict
from html import escape

from django.db.models import Model, Prefetch, prefetch_related_objects
from wagtail.api.rich_text import APIRichText
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.rich_text import RichText
from wagtail.rich_text import features as rich_text_features
from wagtail.rich_text.rewriters import EmbedRewriter, LinkRewriter, MultiRuleRewriter

from cms.rich_text import canonical_rich_text
from presentation import links

logger = logging.getLogger(__name__)

FRONTEND_CONTEXT_KEY = "clinic_frontend"

# Fixed rendition specs: 16:9 crops for the hero, uncropped widths for figures in the body.
HERO_RENDITIONS = {"small": "fill-400x225", "medium": "fill-800x450", "large": "fill-1600x900"}
FIGURE_RENDITIONS = {"small": "width-400", "medium": "width-800", "large": "width-1600"}
RENDITION_SPECS = sorted({*HERO_RENDITIONS.values(), *FIGURE_RENDITIONS.values()})

# In a model's prefetch lookups (see ``FrontendContext.prepare``): the field reads the
# page's StreamFields, to be converted for all pages at once.
STREAMS = "__streams__"


def renditions_prefetch(lookup="renditions"):
    """Prefetch only the renditions the API serves."""
    from wagtail.images import get_image_model

    rendition_model = get_image_model().get_rendition_model()
    return Prefetch(
        lookup, queryset=rendition_model.objects.filter(filter_spec__in=RENDITION_SPECS)
    )


def image_prefetch(lookup):
    """Prefetch an image foreign key with the renditions the API serves."""
    from wagtail.images import get_image_model

    images = get_image_model().objects.prefetch_related(renditions_prefetch())
    return Prefetch(lookup, queryset=images)


def _leaves(value):
    """Every native value inside a StreamField value (struct, list and stream children)."""
    if isinstance(value, StreamValue):
        for child in value:
            yield from _leaves(child.value)
    elif isinstance(value, StructValue | dict):
        for child in value.values():
            yield from _leaves(child)
    elif isinstance(value, ListValue | list | tuple):
        for child in value:
            yield from _leaves(child)
    else:
        yield value


class FrontendContext:
    """Request-scoped caches and the shapes shared by the v2 serializers and blocks."""

    def __init__(self, request=None, rich_text_format=APIRichText.FORMAT_HTML):
        self.request = request
        self.rich_text_format = rich_text_format
        self._page_paths = {}  # page id -> front-end path, None when not live
        self._html = {}  # rich text source -> HTML
        self._required_disclaimers = None
        self._related = {}  # article id -> [related article dicts]
        self._faq_items = {}  # page id -> [{question, answer}]
        link_types = rich_text_features.get_link_types()
        self._links = LinkRewriter(
            bulk_rules={
                **{name: h.expand_db_attributes_many for name, h in link_types.items()},
                "page": self._expand_page_links,
            }
        )
        embed_types = rich_text_features.get_embed_types()
        self._rewriter = MultiRuleRewriter(
            [
                self._links,
                EmbedRewriter(
                    bulk_rules={n: h.expand_db_attributes_many for n, h in embed_types.items()}
                ),
            ]
        )

    @staticmethod
    def of(context):
        """The FrontendContext of a serializer or block context, or None (e.g. in v3)."""
        return (context or {}).get(FRONTEND_CONTEXT_KEY)

    @classmethod
    def for_serializer(cls, context):
        """The shared context, or a fresh one when a serializer runs outside the v2 views
        (the v3 API reads ``APIField(serializer=...)`` fields without a request)."""
        return cls.of(context) or cls((context or {}).get("request"))

    # Pages

    def prepare(self, pages, lookups_by_model, field_names=None):
        """Load, in a fixed number of queries, what serializing ``pages`` will read.
        ``lookups_by_model`` maps a page class to ``{api field name: [prefetch lookups]}``;
        only the lookups of the fields being served (``field_names``, all when None) run."""

        def wanted(name):
            return field_names is None or name in field_names

        by_model = defaultdict(list)
        for page in pages:
            by_model[type(page)].append(page)
        sources = []  # rich text that may link to pages
        for model, model_pages in by_model.items():
            if model not in lookups_by_model:
                continue
            lookups = {}  # by the attribute they fill, as Django refuses a lookup twice
            for name, name_lookups in lookups_by_model[model].items():
                for lookup in name_lookups if wanted(name) else []:
                    lookups.setdefault(getattr(lookup, "prefetch_to", lookup), lookup)
            if lookups.pop(STREAMS, None):
                sources += self._load_streams(model, model_pages)
            if lookups:
                prefetch_related_objects(model_pages, *lookups.values())
            for page in model_pages:
                if wanted("intro") and getattr(page, "intro", None):
                    sources.append(str(page.intro))
                if wanted("disclaimers") and hasattr(page, "disclaimers"):
                    sources += [item.disclaimer.text for item in page.disclaimers.all()]
            if wanted("related"):
                self.load_related(model_pages)
        if any(wanted("disclaimers") and model in lookups_by_model for model in by_model):
            sources += [disclaimer.text for disclaimer in self.required_disclaimers()]
        self._prime_links_in(sources)

    def _load_streams(self, model, pages):
        """Convert each StreamField of all the pages in one go, so each chooser type costs
        one query for the whole batch, and prefetch the images' renditions. Returns the
        rich text sources found, for link resolution.

        Wagtail converts a StreamField lazily, page by page; ``StreamBlock.bulk_to_python``
        converts many streams at once, and assigning its values to the pages' fields (the
        field's own setter, as any code setting ``page.body`` does) hands them to the
        models' methods and the serializers alike."""
        from wagtail.fields import RichTextField, StreamField
        from wagtail.images.models import AbstractImage

        deferred = pages[0].get_deferred_fields()
        leaves = []
        for field in model._meta.concrete_fields:
            if not isinstance(field, StreamField) or field.attname in deferred:
                continue
            raw = [list(getattr(page, field.attname).raw_data) for page in pages]
            for page, value in zip(pages, field.stream_block.bulk_to_python(raw), strict=True):
                setattr(page, field.attname, value)
                leaves.extend(_leaves(getattr(page, field.attname)))
        images = [leaf for leaf in leaves if isinstance(leaf, AbstractImage)]
        if images:
            prefetch_related_objects(images, renditions_prefetch())
        sources = [leaf.source for leaf in leaves if isinstance(leaf, RichText)]
        # the rich text of chosen snippets (a shared FAQ's answer)
        sources += [
            str(getattr(leaf, field.attname) or "")
            for leaf in leaves
            if isinstance(leaf, Model)
            for field in leaf._meta.concrete_fields
            if isinstance(field, RichTextField)
        ]
        return sources

    def page_path(self, page):
        """The page's path on the front end (what ``pages/find/?html_path=`` takes)."""
        return links.page_path(page, self.request)

    # Rich text

    def rich_text(self, source, features=None):
        """Rich text in the request's format; by default HTML with internal links turned
        into front-end paths (a link to a page that is not live loses its href) and without
        the editor's ``data-block-key`` attributes, which mean nothing to a frontend."""
        source = source or ""
        if self.rich_text_format != APIRichText.FORMAT_HTML:
            return APIRichText.serialize(source, format=self.rich_text_format, features=features)
        if source not in self._html:
            self._html[source] = canonical_rich_text(self._rewriter(source))
        return self._html[source]

    def _prime_links_in(self, sources):
        ids = set()
        for source in sources:
            for match in self._links.extract_tags(source or "").get("page", []):
                ids.add(match.attrs.get("id"))
        self._prime_page_paths(ids)

    def _prime_page_paths(self, ids):
        from wagtail.models import Page

        wanted = set()
        for raw_id in ids:
            try:
                wanted.add(int(raw_id))
            except (TypeError, ValueError):
                continue
        wanted -= self._page_paths.keys()
        if not wanted:
            return
        for page in Page.objects.live().public().filter(id__in=wanted):
            self._page_paths[page.pk] = self.page_path(page)
        for page_id in wanted:
            self._page_paths.setdefault(page_id, None)

    def _expand_page_links(self, attrs_list):
        self._prime_page_paths(attrs.get("id") for attrs in attrs_list)
        tags = []
        for attrs in attrs_list:
            try:
                path = self._page_paths.get(int(attrs.get("id")))
            except (TypeError, ValueError):
                path = None
            tags.append(f'<a href="{escape(path)}">' if path else "<a>")
        return tags

    # Images

    def image(self, image, specs):
        """``{id, title, renditions: {name: {url, width, height}}}`` or None."""
        from wagtail.images.models import SourceImageIOError

        if image is None:
            return None
        try:
            renditions = image.get_renditions(*specs.values())
        except SourceImageIOError:
            # as Wagtail's {% image %} tag does, a missing file does not break the page
            logger.warning("Image %s: source file missing, served as null", image.pk)
            return None
        return {
            "id": image.pk,
            "title": image.title,
            "renditions": {
                name: {
                    "url": links.api_url(self.request, renditions[spec].url),
                    "width": renditions[spec].width,
                    "height": renditions[spec].height,
                }
                for name, spec in specs.items()
            },
        }

    # Clinic settings

    def clinic_settings(self):
        """The ClinicSettings of the request's site (None without a request or settings)."""
        from wagtail.models import Site

        from presentation.structured_data import clinic_settings_for_site

        if self.request is None:
            return None
        site = Site.find_for_request(self.request)
        return clinic_settings_for_site(site.pk if site else None, self.request)

    # Disclaimers

    def required_disclaimers(self):
        """``rule_candidates()``, loaded once per request."""
        from cms.models import rule_candidates

        if self._required_disclaimers is None:
            self._required_disclaimers = rule_candidates()
        return self._required_disclaimers

    def applicable_disclaimers(self, page):
        """``page.applicable_disclaimers()`` with the rules loaded once per request."""
        return page.applicable_disclaimers(candidates=self.required_disclaimers())

    # FAQs

    def faq_items(self, page):
        """``page.faq_items()`` with answers as HTML, worked out once per page."""
        if page.pk not in self._faq_items:
            self._faq_items[page.pk] = [
                {"question": str(item["question"]), "answer": self.rich_text(item["answer"].source)}
                for item in page.faq_items()
            ]
        return self._faq_items[page.pk]

    # Related articles

    def related_articles(self, page):
        """``page.related_articles()`` as ``{id, title, url (front-end path), summary}``,
        loaded with those of the other pages being served."""
        if page.pk not in self._related:
            self.load_related([page])
        return self._related[page.pk]

    def load_related(self, pages):
        """The related articles of all the pages that have them, in one batch per page
        type (``related_articles_of``)."""
        by_model = defaultdict(list)
        for page in pages:
            self._related.setdefault(page.pk, [])
            if hasattr(type(page), "related_articles_of"):
                by_model[type(page)].append(page)
        for model, model_pages in by_model.items():
            for page_id, related in model.related_articles_of(model_pages).items():
                self._related[page_id] = [
                    {
                        "id": article.pk,
                        "title": article.title,
                        "url": self.page_path(article),
                        "summary": article.summary,
                    }
                    for article in related
                ]
