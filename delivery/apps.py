from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """What the public and frontends get: API v2 and v3, headless previews, HTTP caching
    and errors of everything under /api/, and the public templates' tags."""

    name = "delivery"
    verbose_name = "Delivery"

    def ready(self):
        from .api import caching

        caching.connect_invalidation()
