"""Admin views for endpoints' secrets. The CMS generates every secret and shows it once, on
the page that answers its creation or rotation; after that only its last characters are
shown, so a secret never sits in a form, a listing or a message for later readers."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import BaseObjectMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from .models import WebhookEndpoint

SECRET_TEMPLATE = "webhooks/endpoint_secret.html"
ROTATE_LOG_ACTION = "webhooks.rotate_secret"


def secret_response(view, endpoint, secret, title):
    context = view.get_context_data(endpoint=endpoint, secret=secret)
    context.update(page_title=title, header_title=title)
    return TemplateResponse(view.request, SECRET_TEMPLATE, context)


class EndpointCreateView(generic.CreateView):
    def form_valid(self, form):
        super().form_valid(form)  # saves, logs and adds the "created" message
        return secret_response(self, self.object, self.object.secret, "Webhook endpoint created")


class EndpointEditView(generic.EditView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.user_has_permission_for_instance("change", self.object):
            buttons.append(
                Button(
                    "Rotate secret",
                    url=reverse("webhook_endpoints:rotate_secret", args=[self.object.pk]),
                    icon_name="key",
                    priority=15,
                )
            )
        return buttons


class RotateSecretView(
    PermissionCheckedMixin, BaseObjectMixin, generic.WagtailAdminTemplateMixin, TemplateView
):
    """GET asks for confirmation; POST replaces the secret and shows the new one once."""

    model = WebhookEndpoint
    permission_required = "change"
    template_name = "webhooks/rotate_secret_confirm.html"
    page_title = "Rotate secret"
    header_icon = "key"

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("webhook_endpoints:index"), "label": "Webhooks"},
            {
                "url": reverse("webhook_endpoints:edit", args=[self.object.pk]),
                "label": str(self.object),
            },
            {"url": "", "label": "Rotate secret"},
        ]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("endpoint", self.object)
        kwargs["edit_url"] = reverse("webhook_endpoints:edit", args=[self.object.pk])
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        secret = self.object.rotate_secret()
        log(self.object, ROTATE_LOG_ACTION, user=request.user)
        return secret_response(self, self.object, secret, "New secret")
