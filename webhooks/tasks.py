"""Sending a webhook delivery: a django-tasks task, run by ``manage.py db_worker`` in
production and straight away (the immediate backend) in development and tests.

Every request goes only to a public address, checked after DNS resolution and pinned for
the request (webhooks.destinations). A failed attempt (refused destination, no connection,
timeout, any non-2xx answer, a redirect, which is never followed) is logged on the delivery,
as its status code or a short class of failure, and retried after 1, 5, 25 and 125
minutes; after the fifth attempt the delivery is marked failed. The retry is enqueued with
``run_after`` when the task backend can defer tasks (django-tasks-db can); the immediate
backend cannot, so there a retry waits for ``manage.py send_due_webhooks``, which enqueues
every delivery that is due.
"""

import datetime
import http.client
import logging
import socket
import ssl
import time
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from . import destinations, signing
from .models import WebhookDelivery, allowed_schemes

logger = logging.getLogger("webhooks")

TIMEOUT = 5  # seconds for each request
MAX_ATTEMPTS = 5
FIRST_RETRY_DELAY = datetime.timedelta(minutes=1)
BACKOFF_FACTOR = 5
USER_AGENT = "ClinicCMS-Webhooks/1.0"

Status = WebhookDelivery.Status


def retry_delay(attempt):
    """How long to wait after failed attempt number ``attempt`` (1-based)."""
    return FIRST_RETRY_DELAY * BACKOFF_FACTOR ** (attempt - 1)


def _failure(exc):
    """A short class of failure for the log: enough to act on, never the socket error's
    detail (which names the address and says which ports answer)."""
    if isinstance(exc, destinations.BlockedDestination):
        return exc.log_code
    if isinstance(exc, socket.gaierror):
        return "DNS lookup failed"
    if isinstance(exc, TimeoutError):  # socket.timeout is TimeoutError
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "TLS certificate not valid"
    if isinstance(exc, ssl.SSLError):
        return "TLS error"
    if isinstance(exc, http.client.HTTPException):
        return "invalid HTTP response"
    return "connection failed"


def _post(url, body, headers):
    """POST to the first checked address of the URL's host that accepts a connection and
    return the status code; the response body is never read. A redirect is returned as
    its status, not followed. Raises BlockedDestination, or OSError/HTTPException on a
    failure to connect or to read the answer."""
    host, port = destinations.host_and_port(url)
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    failure = None
    for address in destinations.check(host, port):
        connection = destinations.connection_for(url, address, TIMEOUT)
        try:
            connection.connect()
        except OSError as exc:
            connection.close()
            failure = exc  # another checked address of the same host may answer
            continue
        try:
            connection.request("POST", target, body=body, headers=headers)
            return connection.getresponse().status
        finally:
            connection.close()
    raise failure


def _claim(delivery, now):
    """Count this attempt, unless another copy of the task got there first: a retry and
    ``send_due_webhooks`` may both enqueue the same delivery, and only one may send it.
    Until this attempt's outcome is recorded the delivery is due again after the retry
    delay, so a worker that dies mid-request leaves it to ``send_due_webhooks``."""
    attempt = delivery.attempts + 1
    claimed = (
        WebhookDelivery.objects.filter(
            pk=delivery.pk, attempts=delivery.attempts, status__in=WebhookDelivery.OPEN_STATUSES
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=attempt, next_attempt_at=now + retry_delay(attempt), updated_at=now)
    )
    if claimed:
        delivery.attempts = attempt
    return bool(claimed)


def _send(delivery):
    """Make one attempt; return (status code or None, milliseconds taken or None, error or
    "", whether a failure is worth retrying)."""
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return None, None, "Not sent: the endpoint is inactive.", False
    if urlsplit(endpoint.url).scheme.lower() not in allowed_schemes():
        return None, None, "Not sent: the endpoint URL must use HTTPS.", False
    body = delivery.request_body()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.EVENT_HEADER: delivery.event,
        signing.DELIVERY_HEADER: str(delivery.pk),
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.sign(endpoint.secret, timestamp, body),
    }
    started = time.monotonic()
    try:
        status_code = _post(endpoint.url, body, headers)
    except Exception as exc:  # refused, DNS, connection, TLS, timeout, malformed response
        # Retried too: each attempt checks the destination again before connecting.
        return None, _milliseconds_since(started), _failure(exc), True
    error = "" if 200 <= status_code < 300 else f"HTTP {status_code}"
    return status_code, _milliseconds_since(started), error, True


def _milliseconds_since(started):
    return round((time.monotonic() - started) * 1000)


def _schedule_retry(delivery):
    if deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    else:
        logger.info(
            "Webhook delivery %s is due again at %s: run `manage.py send_due_webhooks`.",
            delivery.pk,
            delivery.next_attempt_at.isoformat(),
        )


def attempt_delivery(delivery_id):
    """Send a delivery if it is due, record the outcome and schedule any retry. Returns the
    delivery's status afterwards, or "skipped" when it was not due (or is done)."""
    now = timezone.now()
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or not _claim(delivery, now):
        return "skipped"

    status_code, duration_ms, error, retryable = _send(delivery)
    delivery.response_status_code = status_code
    delivery.duration_ms = duration_ms
    delivery.error = error
    if not error:
        delivery.status, delivery.next_attempt_at = Status.SUCCEEDED, None
        logger.info("Webhook delivery %s (%s) sent", delivery.pk, delivery.event)
    elif not retryable or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = Status.FAILED, None
        logger.error(
            "Webhook delivery %s to %s failed after %s attempt(s): %s",
            delivery.pk,
            delivery.endpoint.url,
            delivery.attempts,
            error,
        )
    else:
        delivery.status = Status.RETRYING
        delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
        logger.warning(
            "Webhook delivery %s to %s failed (attempt %s): %s; retrying at %s",
            delivery.pk,
            delivery.endpoint.url,
            delivery.attempts,
            error,
            delivery.next_attempt_at.isoformat(),
        )
    with transaction.atomic():
        delivery.save(
            update_fields=[
                "status",
                "response_status_code",
                "duration_ms",
                "error",
                "next_attempt_at",
                "updated_at",
            ]
        )
        if delivery.status == Status.RETRYING:
            _schedule_retry(delivery)
    return str(delivery.status)


@task()
def deliver_webhook(delivery_id):
    """Send one webhook delivery (see ``attempt_delivery``). An HTTP failure is recorded on
    the delivery and retried, never raised."""
    return attempt_delivery(delivery_id)


def enqueue_due_deliveries(now=None):
    """Enqueue every delivery that is due (a retry whose time has come, or one whose task
    was lost). Returns how many."""
    due = WebhookDelivery.objects.filter(
        status__in=WebhookDelivery.OPEN_STATUSES, next_attempt_at__lte=now or timezone.now()
    ).values_list("pk", flat=True)
    count = 0
    for delivery_id in list(due):
        deliver_webhook.enqueue(delivery_id)
        count += 1
    return count
