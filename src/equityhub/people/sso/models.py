"""Sign-in identities from OpenID Connect providers, and requests to link one to an account.

An identity is keyed on the issuer and the subject the provider gives (for Microsoft Entra ID,
the tenant ID and the object ID), never on the email address: a tenant can change an email
claim, and a different tenant could present the same address.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExternalIdentity(models.Model):
    """A provider's account, linked to one Equity Hub account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    provider = models.CharField(max_length=30)
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    email_seen = models.CharField(
        max_length=254, blank=True, help_text="The email claim last seen (not trusted)."
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["provider", "created_at"]
        verbose_name_plural = "external identities"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.subject}"


class SsoLinkRequest(models.Model):
    """A first single sign-on that matched an existing account, waiting for its owner to agree.

    Only a hash of the emailed token is kept, so the database alone cannot confirm a link.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sso_link_requests"
    )
    provider = models.CharField(max_length=30)
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    email_claim = models.CharField(max_length=254, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Link {self.provider} sign-in to {self.user}"

    @property
    def is_open(self) -> bool:
        return self.confirmed_at is None and self.expires_at > timezone.now()
