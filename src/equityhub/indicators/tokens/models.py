"""API keys for analysts' pipelines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.people.models import Organisation


class TokenScope(models.TextChoices):
    UPLOAD = "upload", "Upload returns (check, preview, commit)"
    READ = "read", "Read the organisation's results, including unpublished ones"


class ApiToken(models.Model):
    """A key for an analyst's pipeline: one person, one organisation, one scope.

    Only a SHA-256 hash of the key is stored; the key itself is shown once, when it is made.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100, help_text="What the key is for, e.g. the pipeline.")
    scope = models.CharField(max_length=10, choices=TokenScope.choices)
    prefix = models.CharField(
        max_length=12, help_text="The key's first characters, to tell keys apart."
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.organisation.code})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
