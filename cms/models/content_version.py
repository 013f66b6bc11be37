from django.db import models


class ContentVersion(models.Model):
    """One row, rewritten in the same transaction as any change to what the public APIs
    serve (``delivery.api.caching``). Cached API responses and their validators are keyed by
    it, so a change is seen everywhere as soon as it commits, by every app server.

    ``token`` is random rather than a counter, so a version is never used twice: not after
    a rolled-back transaction, nor after a backup is restored."""

    token = models.BigIntegerField()
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"content version {self.token} of {self.changed_at:%Y-%m-%d %H:%M:%S}"
