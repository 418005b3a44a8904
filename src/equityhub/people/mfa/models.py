"""One-time recovery codes for the second factor, as a django-otp device.

A person gets ten codes when they set up their authenticator app. Each works once; only a keyed
hash of each code is stored.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp.models import Device, ThrottlingMixin

HASH_SALT = "equityhub.people.mfa.services.recovery-code"


def normalise_code(code: str) -> str:
    """Codes are shown as ``abcde-fghij``; spaces, hyphens and capitals do not matter."""
    return "".join(ch for ch in code.lower() if ch.isalnum())


def hash_code(code: str) -> str:
    return salted_hmac(HASH_SALT, normalise_code(code), algorithm="sha256").hexdigest()


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """The set of recovery codes of one person (one device per person)."""

    class Meta(Device.Meta):
        verbose_name = "recovery codes"
        verbose_name_plural = "recovery codes"

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token: str) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        wanted = hash_code(token)
        with transaction.atomic():
            unused = self.codes.select_for_update().filter(used_at__isnull=True)
            match = next((c for c in unused if constant_time_compare(c.code_hash, wanted)), None)
            if match is None:
                self.throttle_increment(commit=True)
                return False
            match.used_at = timezone.now()
            match.save(update_fields=["used_at"])
            self.throttle_reset(commit=True)
        return True

    def remaining(self) -> int:
        return self.codes.filter(used_at__isnull=True).count()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return "used recovery code" if self.used_at else "unused recovery code"
