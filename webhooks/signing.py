"""How a webhook request is signed, and how a receiver checks it.

Each POST carries::

    X-Clinic-Event: page.published
    X-Clinic-Delivery: 42                      (the delivery's id; the same on every retry)
    X-Clinic-Timestamp: 1767225600             (Unix seconds when this attempt was sent)
    X-Clinic-Signature: sha256=<hex>

where ``<hex>`` is the HMAC-SHA256, keyed with the endpoint's secret, of the timestamp, a
full stop and the raw request body: ``f"{timestamp}.".encode() + body``. Signing the
timestamp with the body stops a captured request being replayed later: a receiver rejects
a timestamp more than ``tolerance`` seconds from its own clock (``verify`` does both
checks). Compute the HMAC over the body bytes exactly as received, before any JSON parsing.
"""

import hashlib
import hmac
import time

SIGNATURE_HEADER = "X-Clinic-Signature"
TIMESTAMP_HEADER = "X-Clinic-Timestamp"
EVENT_HEADER = "X-Clinic-Event"
DELIVERY_HEADER = "X-Clinic-Delivery"
PREFIX = "sha256="
DEFAULT_TOLERANCE = 300  # seconds


def _bytes(value):
    return value.encode() if isinstance(value, str) else bytes(value)


def sign(secret, timestamp, body):
    """The X-Clinic-Signature value for a body sent at ``timestamp`` (Unix seconds)."""
    message = _bytes(str(int(timestamp))) + b"." + _bytes(body)
    return PREFIX + hmac.new(_bytes(secret), message, hashlib.sha256).hexdigest()


def verify(secret, timestamp, body, signature, tolerance=DEFAULT_TOLERANCE, now=None):
    """True if ``signature`` (the X-Clinic-Signature header) is the endpoint's signature of
    ``body`` (raw bytes) sent at ``timestamp`` (the X-Clinic-Timestamp header), and the
    timestamp is within ``tolerance`` seconds of ``now`` (default: the current time; pass
    ``tolerance=None`` to skip the age check)."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    if tolerance is not None:
        current = time.time() if now is None else now
        if abs(current - sent_at) > tolerance:
            return False
    if not isinstance(signature, str) or not signature.startswith(PREFIX):
        return False
    return hmac.compare_digest(sign(secret, sent_at, body), signature)
