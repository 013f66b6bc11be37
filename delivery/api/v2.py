"""API v2 router: live, public content only.

``/api/v2/pages/`` is Wagtail's pages endpoint with what the clinic's frontends need on top:

- the medical page types' fields (``ArticlePage.api_fields``, ``FAQPage.api_fields``) with
  rich text as HTML whose internal links are front-end paths (``?rich_text_format=``
  still chooses another format), images as renditions, FAQ sections and calls to action
  resolved (StreamFields through ``presentation.blocks``);
- ``?topic=<slug>[,<slug>]``: pages about any of these topics;
- ``limit`` up to ``WAGTAILAPI_LIMIT_MAX`` (50, in the settings), Wagtail's own pagination;
- a field filter with a value its field cannot hold (``?first_published_at=x``) is a 400
  (the query parameters every API shares are checked before, in ``delivery.api.parameters``);
- JSON that can be embedded in a ``<script>`` as it is (``delivery.api.renderers``);
- a number of queries that does not grow with the number of pages served: everything the
  fields read is loaded in bulk (``FrontendContext.prepare``).
"""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from rest_framework.filters import BaseFilterBackend
from rest_framework.renderers import BrowsableAPIRenderer
from wagtail.api.rich_text import APIRichText
from wagtail.api.v2.filters import FieldsFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import (
    PageHtmlUrlField,
    PageParentField,
    PageSerializer,
    RichTextFieldSerializer,
    get_serializer_class,
)
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.v2.views import ImagesAPIViewSet

from cms.models import pages_about
from presentation.blocks import FrontendStreamField
from presentation.frontend import FRONTEND_CONTEXT_KEY, FrontendContext
from presentation.links import html_url
from review.gate import in_live_use

from .renderers import ScriptSafeJSONRenderer


def prefetch_lookups_by_model():
    from articles.api import prefetch_lookups as article_lookups
    from articles.models import ArticlePage
    from faq.api import prefetch_lookups as faq_page_lookups
    from faq.models import FAQPage

    return {ArticlePage: article_lookups(), FAQPage: faq_page_lookups()}


class FrontendRichTextField(RichTextFieldSerializer):
    """A RichTextField (e.g. an FAQ page's intro) in the request's rich text format,
    HTML with front-end links by default."""

    def to_representation(self, value):
        frontend = FrontendContext.of(self.context)
        if frontend is None:
            return super().to_representation(value)
        return frontend.rich_text(str(value))


class FrontendHtmlUrlField(PageHtmlUrlField):
    """Where readers see the page: the frontend's address, else the CMS's own templates."""

    def to_representation(self, page):
        return html_url(page, self.context.get("request"))


class ClinicPageParentField(PageParentField):
    """``meta.parent`` with the same ``html_url`` as the page itself."""

    def to_representation(self, value):
        serializer_class = get_serializer_class(
            type(value),
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=ClinicPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class ClinicPageSerializer(PageSerializer):
    serializer_field_mapping = {
        **PageSerializer.serializer_field_mapping,
        RichTextField: FrontendRichTextField,
        StreamField: FrontendStreamField,
    }
    html_url = FrontendHtmlUrlField(read_only=True)
    parent = ClinicPageParentField(read_only=True)


class ValidatedFieldsFilter(FieldsFilter):
    """Wagtail's field filters (``?title=``, ``?first_published_at=``), with a value the
    field cannot hold refused as a 400: Wagtail converts booleans and numbers itself and
    leaves dates to the database layer, whose ValidationError would be a 500."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except ValidationError as error:
            raise BadRequestError(f"field filter error: {' '.join(error.messages)}") from error


class TopicFilter(BaseFilterBackend):
    """``?topic=iron-deficiency`` (or several slugs, comma-separated: any of them; checked
    by ``delivery.api.parameters``)."""

    def filter_queryset(self, request, queryset, view):
        if "topic" not in request.GET:
            return queryset
        slugs = request.GET["topic"].split(",")  # checked in delivery.api.parameters
        return queryset.filter(pages_about(slugs))


class ClinicPagesAPIViewSet(PagesAPIViewSet):
    renderer_classes = [ScriptSafeJSONRenderer, BrowsableAPIRenderer]
    base_serializer_class = ClinicPageSerializer
    # before SearchFilter, which must stay last
    filter_backends = [
        TopicFilter,
        *(
            ValidatedFieldsFilter if backend is FieldsFilter else backend
            for backend in PagesAPIViewSet.filter_backends
        ),
    ]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["topic"])

    @cached_property
    def frontend(self):
        return FrontendContext(self.request, self.resolve_rich_text_format())

    def resolve_rich_text_format(self):
        """HTML with front-end links unless ``?rich_text_format=`` asks otherwise."""
        if "rich_text_format" not in self.request.GET:
            return APIRichText.FORMAT_HTML
        return super().resolve_rich_text_format()

    def get_base_queryset(self):
        """Wagtail's live, public pages, worked out once per request (it reads every view
        restriction each time it is asked)."""
        if not hasattr(self, "_base_queryset"):
            self._base_queryset = super().get_base_queryset()
        return self._base_queryset.all()

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context[FRONTEND_CONTEXT_KEY] = self.frontend
        return context

    def _prepare(self, pages):
        fields = set(self.get_serializer_class().Meta.fields)
        self.frontend.prepare(pages, prefetch_lookups_by_model(), fields)

    def paginate_queryset(self, queryset):
        pages = super().paginate_queryset(queryset)
        if pages is None:
            return None
        pages = list(pages)
        self._prepare(pages)
        return pages

    def prepared(self, page):
        """``page`` with what its fields read loaded in bulk, once per request (the
        preview serves a revision's page through this)."""
        if not getattr(self, "_prepared_object", False):
            self._prepared_object = True
            self._prepare([page])
        return page

    def get_object(self):
        return self.prepared(super().get_object())


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Only images that live pages use: an upload is not published by being uploaded."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=in_live_use(self.model).values("pk"))


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    """Only documents that live pages link to."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=in_live_use(self.model).values("pk"))


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", ClinicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
