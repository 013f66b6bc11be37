from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The core: the registers pages display (clinicians, writers, topics, clinic
    settings), the medical snippet library (references, disclaimers and their rules), the
    roles, and preview tokens. It imports nothing from the apps above it; medical review
    plugs its gate into the snippets through hooks (``cms.models.medical``)."""

    name = "cms"
    verbose_name = "Clinic CMS"
