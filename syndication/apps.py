from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    """The content API (``/api/content/``): reviewed content for other sites and apps, in
    the shape of the NHS Website Content API. It reads the page types, so it sits above
    them."""

    name = "syndication"
    verbose_name = "Syndication"
