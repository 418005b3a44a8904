"""Accounts: self-registration limited to allowed email domains, with email verification.

Someone who registers cannot sign in until they open the emailed link and enter the password
they chose: so only the owner of the mailbox, who also knows the password, can finish. Registering
again before that replaces the name and password, and makes earlier links stop working, so a
stranger who registered someone else's address first cannot keep the account.

Invitations are in `services_invitations`, role claims and handover in `services_roles`, and who
may do what in `permissions`.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac

from equityhub.core import throttle
from equityhub.core.audit import audit_record
from equityhub.core.models import User
from equityhub.core.site import site_url
from equityhub.people.tasks import send_account_email

VERIFY_SALT = "equityhub.people.verify-email"
VERIFY_MAX_AGE = datetime.timedelta(days=3)


class LinkProblem(Exception):
    """An emailed link that cannot be used: unknown (404) or expired/used (410)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def send_email(*, template: str, subject: str, to: str, **context: object) -> None:
    """Render `people/email/<template>.txt` and send it once the transaction commits."""
    body = render_to_string(f"people/email/{template}.txt", {"site_url": site_url(), **context})
    transaction.on_commit(lambda: send_account_email.enqueue(subject, body, to))


def absolute_url(name: str, **kwargs: str) -> str:
    return site_url() + reverse(name, kwargs=kwargs)


# Registration ---------------------------------------------------------------------------------


def domain_allowed(email: str, domains: Sequence[str] | None = None) -> bool:
    """Is the email's domain allowed? A leading "*." allows any subdomain (not the bare domain)."""
    allowed = settings.SELF_REGISTRATION_DOMAINS if domains is None else domains
    domain = email.rpartition("@")[2].strip().lower()
    for pattern in (p.strip().lower() for p in allowed):
        if pattern.startswith("*."):
            if domain.endswith(pattern[1:]) and len(domain) > len(pattern) - 1:
                return True
        elif domain == pattern:
            return True
    return False


def domain_message() -> str:
    domains: Sequence[str] = settings.SELF_REGISTRATION_DOMAINS
    endings = " or ".join(p.strip().removeprefix("*.") for p in domains)
    return f"Use your NHS email address (ending {endings})"


def check_password(password: str, *, email: str, full_name: str) -> None:
    try:
        validate_password(password, user=User(email=email, full_name=full_name))
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error


def _check_registration(email: str, full_name: str, password: str) -> None:
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": "Enter an email address like name@nhs.net"}) from error
    if not domain_allowed(email):
        raise ValidationError({"email": domain_message()})
    if not full_name.strip():
        raise ValidationError({"full_name": "Enter your full name"})
    check_password(password, email=email, full_name=full_name)


def _throttle_registration(email: str, request: HttpRequest | None) -> None:
    if not throttle.allow("register", request, account=email):
        raise ValidationError("Too many registration attempts. Wait a while and try again.")


def account_register(
    *, email: str, full_name: str, password: str, request: HttpRequest | None = None
) -> User | None:
    """Register someone with an allowed email domain; they can sign in once they verify.

    Whether the address already has an account is never shown, not even by the time taken: that
    person gets an email instead (a fresh verification link if they never verified), and the
    password is hashed either way. Returns the new user, or None.
    """
    email = email.strip().lower()
    _check_registration(email, full_name, password)
    # Counted before the transaction: a counter in the database must not roll back with it.
    _throttle_registration(email, request)
    return _register(email=email, full_name=full_name, password=password, request=request)


@transaction.atomic
def _register(
    *, email: str, full_name: str, password: str, request: HttpRequest | None
) -> User | None:
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        _remind_existing(existing, full_name=full_name.strip(), password=password, request=request)
        return None
    user = User.objects.create_user(
        email, password, full_name=full_name.strip(), is_active=False, email_verified=False
    )
    audit_record(action="account-registered", actor=user, target=user, request=request)
    _send_verification(user)
    return user


def _remind_existing(
    user: User, *, full_name: str, password: str, request: HttpRequest | None
) -> None:
    if not user.email_verified and not user.is_active:
        user.full_name = full_name
        user.set_password(password)
        user.save(update_fields=["full_name", "password"])
        _send_verification(user)
    else:
        # Hash the offered password (and throw it away) as a new account would: the slow hash
        # is most of a registration's time, so skipping it would tell a taken address by speed.
        make_password(password)
        send_email(
            template="already_registered",
            subject="You already have an Equity Hub account",
            to=user.email,
            user=user,
            sign_in_url=absolute_url("core:sign-in"),
            reset_url=absolute_url("core:password-reset"),
        )
    audit_record(action="registration-for-existing-account", target=user, request=request)


def _password_fingerprint(user: User) -> str:
    """Changes whenever the password does, so a link dies when someone registers again."""
    return salted_hmac(VERIFY_SALT, user.password, algorithm="sha256").hexdigest()[:20]


def verification_token(user: User) -> str:
    data = {"user": user.pk, "email": user.email, "pw": _password_fingerprint(user)}
    return signing.dumps(data, salt=VERIFY_SALT)


def _send_verification(user: User) -> None:
    send_email(
        template="verify_email",
        subject="Confirm your email address for Equity Hub",
        to=user.email,
        user=user,
        verify_url=absolute_url("people:verify-email", token=verification_token(user)),
        days=VERIFY_MAX_AGE.days,
    )


def user_for_verification(token: str) -> User:
    """The unverified account a verification link is for, or LinkProblem."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkProblem(
            "This link has expired. Register again to get a new one.", status=410
        ) from error
    except signing.BadSignature as error:
        raise LinkProblem(
            "This link is not right. Check you copied all of it.", status=404
        ) from error
    user = User.objects.filter(pk=data.get("user"), email=data.get("email")).first()
    if user is None:
        raise LinkProblem("This link is not right. Check you copied all of it.", status=404)
    if user.email_verified:
        raise LinkProblem("This link has already been used. You can sign in.", status=410)
    if data.get("pw") != _password_fingerprint(user):
        raise LinkProblem(
            "This link has been replaced by a newer one. Use the link in the latest email.", 410
        )
    return user


def email_verify(*, token: str, password: str, request: HttpRequest | None = None) -> User:
    """Confirm an email address from the emailed link and the password chosen when registering.

    The account can then sign in. Each link works once.
    """
    user = user_for_verification(token)
    # Every try counts (this page checks a password, so it must not be a way round sign-in's),
    # before the transaction: a wrong password rolls it back, and must not roll back the count.
    if not throttle.allow("verify-email", request, account=user.email):
        raise ValidationError("Too many attempts. Wait a while and try again.")
    return _verify(user=user, password=password, request=request)


@transaction.atomic
def _verify(*, user: User, password: str, request: HttpRequest | None) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_verified:
        raise LinkProblem("This link has already been used. You can sign in.", status=410)
    if not user.check_password(password):
        message = "The password is not right. Enter the one you chose when you registered."
        raise ValidationError({"password": message})
    user.email_verified = True
    user.is_active = True
    user.save(update_fields=["email_verified", "is_active"])
    audit_record(action="email-verified", actor=user, target=user, request=request)
    return user
