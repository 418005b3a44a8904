"""Second factor for privileged roles: an authenticator app (TOTP) and one-time recovery codes.

Everyone who can reach the CMS or the Django admin (``core.access.is_privileged``: decided by
permission, not by group name) must confirm a code after signing in with a password before they
can use any page except the second-factor pages themselves. Anyone who has set up an app is
asked for it too. A sign-in through single sign-on relies on the provider's own multi-factor
check when the provider says it made one (``mfa`` in the ID token's ``amr``, as NHSmail's
Microsoft MFA does); without that, the rule above applies as after a password.
"""

from __future__ import annotations

import base64
import secrets

import django_otp
import segno
from django.db import transaction
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from equityhub.core.access import is_privileged
from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.standing import standing
from equityhub.people.mfa.models import RecoveryCode, RecoveryCodeDevice, hash_code

AUTH_METHOD_KEY = "equityhub_auth_method"
RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
APP_NAME = "Authenticator app"


def app_device(user: User, *, confirmed: bool | None = True) -> TOTPDevice | None:
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=confirmed)
    return devices.order_by("-pk").first()


def has_second_factor(user: User) -> bool:
    return app_device(user) is not None


def provider_checked_second_factor(request: HttpRequest) -> bool:
    """Signed in through single sign-on whose provider said it checked a second factor."""
    return str(request.session.get(AUTH_METHOD_KEY, "")).startswith("sso-mfa:")


def is_verified(request: HttpRequest) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def second_factor_needed(request: HttpRequest) -> bool:
    """True when this signed-in session must confirm a code before going further."""
    user = request.user
    if not user.is_authenticated or provider_checked_second_factor(request) or is_verified(request):
        return False
    return is_privileged(user) or standing(user).second_factor


# Enrolment -------------------------------------------------------------------------------------


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed app device being set up (made on first visit, kept until confirmed)."""
    device = app_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg_data_uri(device: TOTPDevice) -> str:
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def new_recovery_codes(user: User) -> list[str]:
    """Replace the person's recovery codes with ten new ones; return them (shown once)."""
    device, _ = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes"}
    )
    device.codes.all().delete()
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=hash_code(code)) for code in codes
    )
    return codes


@transaction.atomic
def enrolment_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app with a code from it; return the new recovery codes, or None if wrong."""
    user: User = request.user  # type: ignore[assignment]
    if device.user_id != user.pk or not device.verify_token(code.strip()):
        audit_record(action="mfa-enrolment-failed", target=user, request=request)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    audit_record(action="mfa-enrolled", target=user, request=request)
    return new_recovery_codes(user)


# Verification ----------------------------------------------------------------------------------


def verify(*, request: HttpRequest, code: str) -> bool:
    """Accept a code from the app or an unused recovery code; mark the session verified."""
    user: User = request.user  # type: ignore[assignment]
    code = code.strip()
    digits = code.replace(" ", "")
    device = app_device(user)
    if device is not None and digits.isdigit() and device.verify_token(digits):
        django_otp.login(request, device)
        audit_record(action="mfa-verified", target=user, request=request)
        return True
    recovery = RecoveryCodeDevice.objects.filter(user=user).first()
    if recovery is not None and recovery.verify_token(code):
        django_otp.login(request, recovery)
        audit_record(
            action="mfa-recovery-code-used",
            target=user,
            detail={"remaining": recovery.remaining()},
            request=request,
        )
        return True
    audit_record(action="mfa-failed", target=user, request=request)
    return False


def recovery_codes_left(user: User) -> int | None:
    device = RecoveryCodeDevice.objects.filter(user=user).first()
    return None if device is None else device.remaining()


def recovery_codes_renew(*, request: HttpRequest) -> list[str]:
    user: User = request.user  # type: ignore[assignment]
    codes = new_recovery_codes(user)
    audit_record(action="mfa-recovery-codes-renewed", target=user, request=request)
    return codes


def second_factor_remove(*, user: User, actor: User | None, request: HttpRequest | None) -> None:
    """Remove someone's app and codes (an administrator helping a person who lost their phone)."""
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    audit_record(action="mfa-removed", actor=actor, target=user, request=request)
