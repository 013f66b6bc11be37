"""Admin for webhooks, under Settings: the endpoints (for users with the endpoint model
permissions, and superusers) and the delivery log (read-only; for users with the view
permission on deliveries, and superusers)."""

from django import forms
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Event, WebhookDelivery, WebhookEndpoint
from .views import ROTATE_LOG_ACTION, EndpointCreateView, EndpointEditView, RotateSecretView


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    name = "webhook_endpoints"
    url_prefix = "webhooks/endpoints"
    menu_label = "Webhooks"
    icon = "link-external"
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    list_display = ["name", "url", "event_labels", "masked_secret", "is_active"]
    list_filter = ["is_active"]
    # No secret field: the CMS generates it, shows it once, and rotates it on request.
    form_fields = ["name", "url", "events", "is_active"]
    add_view_class = EndpointCreateView
    edit_view_class = EndpointEditView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "rotate-secret/<int:pk>/",
                RotateSecretView.as_view(),
                name="rotate_secret",
            ),
        ]

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name == "events":
            return forms.MultipleChoiceField(
                label="Events",
                choices=Event.choices,
                widget=forms.CheckboxSelectMultiple,
                help_text="What this endpoint is sent.",
            )
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, **kwargs)


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    name = "webhook_deliveries"
    url_prefix = "webhooks/deliveries"
    menu_label = "Webhook deliveries"
    icon = "history"
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "__str__",
        "status",
        "attempts",
        "response_status_code",
        "duration_ms",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "endpoint", "event"]
    inspect_view_fields = [
        "endpoint",
        "event",
        "status",
        "attempts",
        "response_status_code",
        "duration_ms",
        "error",
        "next_attempt_at",
        "created_at",
        "updated_at",
        "request_body_text",
    ]
    # Never shown: the permission policy (webhooks.permissions) refuses add and change.
    form_fields = []

    def get_permissions_to_register(self):
        """Only "view" is offered in the group editor: deliveries cannot be changed."""
        return Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(WebhookDelivery),
            codename="view_webhookdelivery",
        )


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return [WebhookEndpointViewSet(), WebhookDeliveryViewSet()]


@hooks.register("register_log_actions")
def register_webhook_log_actions(actions):
    actions.register_action(ROTATE_LOG_ACTION, "Rotate secret", "Webhook secret rotated")
