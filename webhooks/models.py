import json
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Event(models.TextChoices):
    PAGE_PUBLISHED = "page.published", "Page published"
    PAGE_UNPUBLISHED = "page.unpublished", "Page unpublished"
    PAGE_DELETED = "page.deleted", "Page deleted"


def generate_secret():
    return secrets.token_urlsafe(32)


def all_events():
    return list(Event.values)


def allowed_schemes():
    """https only where ``WEBHOOKS_REQUIRE_HTTPS`` is on (production), else http or https."""
    return ("https",) if getattr(settings, "WEBHOOKS_REQUIRE_HTTPS", False) else ("http", "https")


def validate_webhook_url(value):
    schemes = allowed_schemes()
    if urlsplit(value).scheme.lower() not in schemes:
        raise ValidationError(
            "The URL must start with %(schemes)s.",
            code="invalid_scheme",
            params={"schemes": " or ".join(f"{s}://" for s in schemes)},
        )


def validate_events(value):
    if not isinstance(value, list) or not value:
        raise ValidationError("Choose at least one event.", code="no_events")
    unknown = [event for event in value if event not in Event.values]
    if unknown:
        raise ValidationError(
            "Unknown events: %(events)s.", code="unknown_events", params={"events": unknown}
        )


class WebhookEndpoint(models.Model):
    """A URL that receives a signed POST for each event it subscribes to."""

    name = models.CharField(max_length=100)
    url = models.URLField(
        "URL",
        max_length=500,
        validators=[validate_webhook_url],
        help_text="Receives a JSON POST for each event. HTTPS in production.",
    )
    secret = models.CharField(
        max_length=128,
        default=generate_secret,
        help_text=(
            "Signs each request (header X-Clinic-Signature). Generated for you: copy it into "
            "the receiver. Replace it to rotate."
        ),
    )
    # A JSON list of Event values rather than an ArrayField, so SQLite and PostgreSQL agree.
    events = models.JSONField(default=all_events, validators=[validate_events])
    is_active = models.BooleanField(
        "active", default=True, help_text="Inactive endpoints receive nothing."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "webhook endpoint"

    def __str__(self):
        return self.name

    def subscribes_to(self, event):
        return self.is_active and event in self.events

    def masked_secret(self):
        return f"…{self.secret[-4:]}" if self.secret else ""

    masked_secret.short_description = "Secret"

    def event_labels(self):
        labels = dict(Event.choices)
        return ", ".join(str(labels.get(event, event)) for event in self.events)

    event_labels.short_description = "Events"


class WebhookDelivery(models.Model):
    """One event for one endpoint, and what happened when it was sent. Written only by the
    delivery task; read-only in the admin."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Failed, will retry"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    OPEN_STATUSES = (Status.PENDING, Status.RETRYING)

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=32, choices=Event.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(
        "response body (excerpt)", blank=True, help_text="The first 1,000 characters."
    )
    error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When it is due to be sent (again); empty when done."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        page = self.payload.get("page", {}) if isinstance(self.payload, dict) else {}
        return f"{self.event} {page.get('title') or page.get('id', '')} → {self.endpoint}"

    def request_body(self):
        """The exact bytes sent and signed: the same on every attempt."""
        return json.dumps(self.payload, sort_keys=True, separators=(",", ":")).encode()

    def request_body_text(self):
        return self.request_body().decode()

    request_body_text.short_description = "Request body"
