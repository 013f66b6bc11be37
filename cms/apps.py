from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Shared machinery: people, the reference library, disclaimers and medical review."""

    name = "cms"
    verbose_name = "Clinic CMS"
