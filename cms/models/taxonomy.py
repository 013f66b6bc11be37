from django.db import models
from django.db.models import Q
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index


class Topic(index.Indexed, models.Model):
    """A condition or treatment area. Frontends filter by it; disclaimer rules key on it."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    # API v3 (/api/v3/snippets/): Editors manage the register there too.
    api_fields = [APIField(name, writable=True) for name in ("name", "slug", "description")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def pages_about(slugs):
    """A filter on pages of any type that have one of these topics (the page types with a
    ``topics`` field), so listings that mix page types filter by topic in one query."""
    from wagtail.models import get_page_models

    about = Q(pk__in=[])
    for model in get_page_models():
        if "topics" in {field.name for field in model._meta.get_fields()}:
            about |= Q(pk__in=model.objects.filter(topics__slug__in=slugs).values("pk"))
    return about
