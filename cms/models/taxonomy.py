from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Topic(index.Indexed, models.Model):
    """A condition or treatment area. Frontends filter by it; disclaimer rules key on it."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
