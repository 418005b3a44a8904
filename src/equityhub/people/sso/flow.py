"""Single sign-on with OpenID Connect (Microsoft Entra ID for NHSmail and trusts, NHS CIS2).

The authorisation code flow with PKCE and a nonce, through authlib's Django client. Client
authentication is a client secret (Entra ID) or a JWT signed with our private key
(``private_key_jwt``, required by CIS2). authlib checks the state, the ID token's signature
against the provider's published keys, its audience, expiry and nonce; we add the allow-list of
issuers (and, for Entra ID, of tenants).

Who is who: an identity is the issuer and subject (Entra ID: tenant ID and object ID). The
email claim is never used to find an account. When a first sign-in's email matches an existing
account, nobody is signed in: the account's owner is emailed a link to agree to the link.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.conf import settings
from django.contrib.auth import login
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from joserfc.errors import BadSignatureError, ClaimError, ExpiredTokenError, JoseError

from equityhub.core import throttle
from equityhub.core.audit import audit_record
from equityhub.core.backends import SIGN_IN_BACKEND
from equityhub.core.models import User
from equityhub.core.site import site_url
from equityhub.people.mfa.services import AUTH_METHOD_KEY
from equityhub.people.services_accounts import (
    LinkProblem,
    absolute_url,
    domain_allowed,
    send_email,
)
from equityhub.people.sso.models import ExternalIdentity, SsoLinkRequest
from equityhub.people.sso.settings import Provider

NEXT_KEY = "equityhub_sso_next"
LEEWAY_SECONDS = 60
_clients: dict[Provider, DjangoOAuth2App] = {}


class SignInRefused(Exception):
    """A single sign-on that must not sign anyone in; `reason` is a short code for the log."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Claims:
    """What we take from a checked ID token."""

    issuer: str
    subject: str
    email: str
    name: str
    # The provider checked a second factor ("mfa" in the ID token's amr, RFC 8176).
    second_factor: bool = False


@dataclass(frozen=True)
class Outcome:
    """A finished single sign-on: someone signed in, or a link waiting for the owner."""

    user: User | None
    link_requested: bool = False


def providers() -> dict[str, Provider]:
    configured: dict[str, Provider] = settings.OIDC_PROVIDERS
    return configured


def client(provider: Provider) -> DjangoOAuth2App:
    """The authlib client for a provider (kept, so the discovery document is fetched once)."""
    if provider not in _clients:
        kwargs: dict[str, Any] = {}
        secret: str = provider.client_secret
        if provider.uses_private_key:
            secret = provider.private_key()
            headers = {"kid": provider.private_key_id} if provider.private_key_id else None
            kwargs["client_auth_methods"] = [PrivateKeyJWT(headers=headers)]
        _clients[provider] = DjangoOAuth2App(
            DjangoIntegration(provider.name),
            provider.name,
            client_id=provider.client_id,
            client_secret=secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={
                "scope": provider.scopes,
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": provider.client_auth,
                "timeout": 10,
            },
            **kwargs,
        )
    return _clients[provider]


def callback_url(provider: Provider) -> str:
    return str(site_url() + reverse("sso:callback", kwargs={"name": provider.name}))


def start(request: HttpRequest, provider: Provider, next_url: str) -> HttpResponse:
    """Send the browser to the provider, remembering where to go afterwards."""
    request.session[NEXT_KEY] = next_url
    try:
        response: HttpResponse = client(provider).authorize_redirect(
            request, callback_url(provider)
        )
    except (requests.RequestException, ValueError, KeyError) as error:
        raise SignInRefused(
            "provider-unreachable",
            f"{provider.label} is not answering at the moment. Try again in a few minutes.",
        ) from error
    return response


# Checking the provider's answer ----------------------------------------------------------------

_TOKEN_PROBLEMS = {
    "aud": ("wrong-audience", "The sign-in was meant for a different service."),
    "iss": ("issuer-not-allowed", "Equity Hub does not accept sign-ins from that organisation."),
    "nonce": ("bad-nonce", "The sign-in could not be matched to this browser."),
}


def _token_problem(error: JoseError) -> SignInRefused:
    if isinstance(error, BadSignatureError):
        return SignInRefused("bad-signature", "The sign-in could not be verified.")
    if isinstance(error, ExpiredTokenError):
        return SignInRefused("expired-token", "The sign-in took too long and has expired.")
    if isinstance(error, ClaimError) and error.claim in _TOKEN_PROBLEMS:
        return SignInRefused(*_TOKEN_PROBLEMS[error.claim])
    return SignInRefused("invalid-token", "The sign-in could not be verified.")


def _fetch_claims(request: HttpRequest, provider: Provider) -> dict[str, Any]:
    # authlib checks the audience only through "azp"; the ID token must name us in "aud".
    options = {
        "iss": {"essential": True, "values": list(provider.allowed_issuers)},
        "aud": {"essential": True, "values": [provider.client_id]},
    }
    try:
        token = client(provider).authorize_access_token(
            request, claims_options=options, leeway=LEEWAY_SECONDS
        )
    except MismatchingStateError as error:
        raise SignInRefused(
            "state-mismatch", "This sign-in link has already been used or has expired."
        ) from error
    except OAuthError as error:
        raise SignInRefused("provider-error", f"{provider.label} refused the sign-in.") from error
    except JoseError as error:
        raise _token_problem(error) from error
    except (requests.RequestException, ValueError, KeyError) as error:
        raise SignInRefused(
            "provider-unreachable", f"{provider.label} did not complete the sign-in."
        ) from error
    userinfo = token.get("userinfo")
    if not userinfo:
        raise SignInRefused("no-id-token", f"{provider.label} did not say who you are.")
    return dict(userinfo)


def _identity_claims(provider: Provider, raw: dict[str, Any]) -> Claims:
    amr = raw.get("amr")
    checked = isinstance(amr, list) and "mfa" in amr
    return dataclasses.replace(_who(provider, raw), second_factor=checked)


def _who(provider: Provider, raw: dict[str, Any]) -> Claims:
    email = str(raw.get("email") or "").strip().lower()
    name = str(raw.get("name") or "").strip()
    if provider.kind == "entra":
        tenant, object_id = str(raw.get("tid") or ""), str(raw.get("oid") or "")
        if tenant not in provider.allowed_tenants:
            raise SignInRefused(
                "tenant-not-allowed", "Equity Hub does not accept sign-ins from that organisation."
            )
        if not object_id:
            raise SignInRefused("missing-subject", "The sign-in did not say who you are.")
        email = email or str(raw.get("preferred_username") or "").strip().lower()
        return Claims(f"entra:{tenant}", object_id, email, name)
    subject = str(raw.get("sub") or "")
    if not subject:
        raise SignInRefused("missing-subject", "The sign-in did not say who you are.")
    return Claims(str(raw["iss"]), subject, email, name)


# Finding or making the account -----------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _request_link(
    request: HttpRequest, provider: Provider, claims: Claims, user: User
) -> SsoLinkRequest:
    token = secrets.token_urlsafe(32)
    link = SsoLinkRequest.objects.create(
        user=user,
        provider=provider.name,
        issuer=claims.issuer,
        subject=claims.subject,
        email_claim=claims.email,
        token_hash=_hash(token),
        expires_at=timezone.now() + timedelta(hours=settings.SSO_LINK_HOURS),
    )
    send_email(
        template="sso_link",
        subject="Confirm your single sign-on to Equity Hub",
        to=user.email,
        user=user,
        provider=provider,
        confirm_url=absolute_url("sso:link-confirm", token=token),
        hours=settings.SSO_LINK_HOURS,
    )
    audit_record(
        action="sso-link-requested",
        actor=None,
        actor_label=f"{provider.name}:{claims.subject}",
        target=user,
        detail={"provider": provider.name, "issuer": claims.issuer},
        request=request,
    )
    return link


def _new_account(request: HttpRequest, provider: Provider, claims: Claims) -> User:
    if not provider.create_accounts:
        raise SignInRefused(
            "no-account", "You do not have an Equity Hub account yet. Ask an administrator."
        )
    if not claims.email or not domain_allowed(claims.email):
        raise SignInRefused(
            "domain-not-allowed",
            "Equity Hub accounts are for NHS email addresses, and your sign-in did not give one.",
        )
    user = User.objects.create_user(
        email=claims.email, password=None, full_name=claims.name or claims.email
    )
    audit_record(
        action="sso-account-created",
        actor=user,
        target=user,
        detail={"provider": provider.name, "issuer": claims.issuer},
        request=request,
    )
    return user


@transaction.atomic
def _resolve(request: HttpRequest, provider: Provider, claims: Claims) -> Outcome:
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=claims.issuer, subject=claims.subject)
        .first()
    )
    if identity is not None:
        identity.email_seen = claims.email
        identity.last_used_at = timezone.now()
        identity.save(update_fields=["email_seen", "last_used_at"])
        return Outcome(identity.user)
    existing = User.objects.filter(email__iexact=claims.email).first() if claims.email else None
    if existing is not None:
        # A few emails per account (THROTTLE_PER_ACCOUNT), so the link cannot flood an inbox.
        if throttle.allow("sso-link", None, account=existing.email):
            _request_link(request, provider, claims, existing)
        return Outcome(None, link_requested=True)
    user = _new_account(request, provider, claims)
    ExternalIdentity.objects.create(
        user=user,
        provider=provider.name,
        issuer=claims.issuer,
        subject=claims.subject,
        email_seen=claims.email,
        last_used_at=timezone.now(),
    )
    return Outcome(user)


def refuse(request: HttpRequest, provider: Provider, refusal: SignInRefused) -> None:
    audit_record(
        action="sso-refused",
        actor=None,
        actor_label="anonymous",
        detail={"provider": provider.name, "reason": refusal.reason},
        request=request,
    )


def finish(request: HttpRequest, provider: Provider) -> Outcome:
    """Check the provider's answer and sign the person in, or raise SignInRefused."""
    claims = _identity_claims(provider, _fetch_claims(request, provider))
    outcome = _resolve(request, provider, claims)
    if outcome.user is None:
        return outcome
    if not outcome.user.is_active:
        raise SignInRefused("inactive-account", "This Equity Hub account has been closed.")
    login(request, outcome.user, backend=SIGN_IN_BACKEND)
    method = "sso-mfa" if claims.second_factor else "sso"
    request.session[AUTH_METHOD_KEY] = f"{method}:{provider.name}"
    audit_record(
        action="sso-sign-in",
        actor=outcome.user,
        target=outcome.user,
        detail={
            "provider": provider.name,
            "issuer": claims.issuer,
            "second_factor": claims.second_factor,
        },
        request=request,
    )
    return outcome


def next_url(request: HttpRequest) -> str:
    return str(request.session.pop(NEXT_KEY, "") or reverse("core:home"))


# The owner agrees to a link --------------------------------------------------------------------


def link_request_for(token: str) -> SsoLinkRequest:
    link = SsoLinkRequest.objects.select_related("user").filter(token_hash=_hash(token)).first()
    if link is None:
        raise LinkProblem("We cannot find this link. Check you copied all of it.", 404)
    if not link.is_open:
        raise LinkProblem(
            "This link has expired or has been used. Sign in with single sign-on again to get "
            "a new one.",
            410,
        )
    return link


@transaction.atomic
def link_confirm(*, token: str, request: HttpRequest) -> ExternalIdentity:
    link = link_request_for(token)
    link.confirmed_at = timezone.now()
    link.save(update_fields=["confirmed_at"])
    try:
        with transaction.atomic():
            identity = ExternalIdentity.objects.create(
                user=link.user,
                provider=link.provider,
                issuer=link.issuer,
                subject=link.subject,
                email_seen=link.email_claim,
            )
    except IntegrityError:
        raise LinkProblem(
            "That single sign-on account is already linked to an Equity Hub account.", 410
        ) from None
    audit_record(
        action="sso-linked",
        actor=link.user,
        target=link.user,
        detail={"provider": link.provider, "issuer": link.issuer},
        request=request,
    )
    return identity
