from django.apps import AppConfig


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = "FAQs"

    def ready(self):
        from . import api  # noqa: F401  (registers the v2 shape of FAQ blocks)
