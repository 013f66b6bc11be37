from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import signals  # noqa: F401
        from .models import WebhookDelivery
        from .permissions import ReadOnlyPermissionPolicy

        # The delivery log is written by the delivery task only: nobody, superusers
        # included, may add, change or delete a delivery through the admin.
        register_permission_policy(
            WebhookDelivery, ReadOnlyPermissionPolicy(WebhookDelivery), exact_class=True
        )
