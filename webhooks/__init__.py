"""Outgoing webhooks: staff configure endpoints in the admin; publishing, unpublishing and
deleting pages POSTs a signed JSON event to each subscribed endpoint from a background task,
retried with backoff, every delivery logged (see ``webhooks.signing`` for the signature)."""
