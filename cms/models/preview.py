"""The headless preview tokens issued (``delivery.api.preview``). The signed token carries this
row's ``jti``; it is accepted only while the row exists, is not revoked and has not
expired, so a token can be revoked, one at a time or all of a user's at once."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PreviewTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def revoke(self):
        """Revoke the active tokens of this queryset; returns how many."""
        return self.active().update(revoked_at=timezone.now())


class PreviewToken(models.Model):
    jti = models.UUIDField("token id", default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preview_tokens"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = PreviewTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview token {self.jti} of {self.user} for page {self.page_id}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None
