"""Turn page events into webhook deliveries. A delivery row is written in the transaction
that publishes, unpublishes or deletes the page, and its task is enqueued only when that
transaction commits: a rolled-back publish leaves no delivery and sends nothing."""

import datetime
import logging

from django.db import transaction
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from .models import Event, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger("webhooks")


def page_payload(event, page, revision_id):
    page_class = page.specific_class or type(page)
    return {
        "event": event,
        "page": {
            "id": page.pk,
            "type": page_class._meta.label,
            "title": page.title,
            "url_path": page.url_path,
            "revision": revision_id,
        },
        "timestamp": timezone.now().astimezone(datetime.UTC).isoformat().replace("+00:00", "Z"),
    }


def _enqueue(delivery_ids):
    from .tasks import deliver_webhook

    for delivery_id in delivery_ids:
        try:
            deliver_webhook.enqueue(delivery_id)
        except Exception:
            # The content change has committed; the delivery stays due and
            # `send_due_webhooks` picks it up.
            logger.exception("Could not enqueue webhook delivery %s", delivery_id)


def queue_event(event, page, revision_id=None):
    """Record a delivery of ``event`` for each active endpoint subscribed to it, and send
    them once the current transaction commits. Returns the deliveries."""
    endpoints = [
        e for e in WebhookEndpoint.objects.filter(is_active=True) if e.subscribes_to(event)
    ]
    if not endpoints:
        return []
    payload = page_payload(event, page, revision_id)
    now = timezone.now()
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, payload=payload, next_attempt_at=now
        )
        for endpoint in endpoints
    ]
    delivery_ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _enqueue(delivery_ids))
    return deliveries


@receiver(page_published)
def page_was_published(sender, instance, revision=None, **kwargs):
    queue_event(Event.PAGE_PUBLISHED, instance, revision.pk if revision else None)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    # Deleting a live page makes Wagtail unpublish it in memory only, without saving, just
    # before the delete. The page.deleted event covers that: no page.unpublished for it.
    if Page.objects.filter(pk=instance.pk, live=True).exists():
        return
    queue_event(Event.PAGE_UNPUBLISHED, instance, None)


# Wagtail has no page-deleted signal. Deleting a page (and with it its descendants) always
# deletes rows of the base Page model, so pre_delete for Page sees every page, once, while
# its url_path and type can still be read. Only live pages are announced: a draft that was
# never published is unknown to the frontends and must not leave the CMS. Liveness comes
# from the database, as Wagtail's own pre_delete handler may already have unpublished the
# instance in memory.
@receiver(pre_delete, sender=Page)
def page_will_be_deleted(sender, instance, **kwargs):
    row = Page.objects.filter(pk=instance.pk).values("live", "live_revision_id").first()
    if row and row["live"]:
        queue_event(Event.PAGE_DELETED, instance, row["live_revision_id"])
