"""Single sign-on providers, read from the environment.

``OIDC_PROVIDERS=nhsmail,cis2`` names the providers; each then has its own variables, with the
name in capitals: ``OIDC_NHSMAIL_KIND``, ``OIDC_NHSMAIL_CLIENT_ID`` and so on (see
``docs/operations/sso.md``). A missing or unusable value stops the start-up naming the variable.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from equityhub.config.env import Env, SettingError
from equityhub.people.sso.settings import (
    CLIENT_AUTH_METHODS,
    DEFAULT_AUTH,
    DEFAULT_LABELS,
    ENTRA_ISSUER,
    KINDS,
    Provider,
)

NAME = re.compile(r"^[a-z][a-z0-9]{0,29}$")


def _var(name: str, field: str) -> str:
    return f"OIDC_{name.upper()}_{field}"


def _issuers(env: Env, name: str, kind: str, tenants: list[str]) -> tuple[str, ...]:
    issuers = env.list(_var(name, "ALLOWED_ISSUERS"))
    if not issuers and kind == "entra":
        issuers = [ENTRA_ISSUER.format(tenant=tenant) for tenant in tenants]
    if not issuers:
        raise SettingError(f"{_var(name, 'ALLOWED_ISSUERS')} must list at least one issuer")
    for issuer in issuers:
        if "://" not in issuer:
            raise SettingError(f"{_var(name, 'ALLOWED_ISSUERS')}: {issuer!r} is not a URL")
    return tuple(issuers)


def _client_credentials(env: Env, name: str, auth: str) -> tuple[str, str, str]:
    if auth != "private_key_jwt":
        return env.required(_var(name, "CLIENT_SECRET")), "", ""
    path = env.required(_var(name, "PRIVATE_KEY_PATH"))
    if not Path(path).is_file():
        raise SettingError(f"{_var(name, 'PRIVATE_KEY_PATH')}={path!r} is not a readable file")
    return "", path, env.str(_var(name, "PRIVATE_KEY_ID"))


def read_provider(env: Env, name: str) -> Provider:
    """Read one provider's variables; raise SettingError naming the first bad one."""
    if not NAME.match(name):
        raise SettingError(f"OIDC_PROVIDERS: {name!r} must be lower-case letters and digits")
    kind = env.choice(_var(name, "KIND"), KINDS, "oidc")
    auth = env.choice(_var(name, "CLIENT_AUTH"), CLIENT_AUTH_METHODS, DEFAULT_AUTH[kind])
    tenants = env.list(_var(name, "ALLOWED_TENANTS"))
    if kind == "entra" and not tenants:
        raise SettingError(f"{_var(name, 'ALLOWED_TENANTS')} must list at least one tenant ID")
    secret, key_path, key_id = _client_credentials(env, name, auth)
    discovery = env.url(_var(name, "DISCOVERY_URL"))
    if not discovery:
        raise SettingError(f"{_var(name, 'DISCOVERY_URL')} must be set")
    return Provider(
        name=name,
        kind=kind,
        label=env.str(_var(name, "LABEL")) or DEFAULT_LABELS[kind],
        discovery_url=discovery,
        client_id=env.required(_var(name, "CLIENT_ID")),
        client_auth=auth,
        client_secret=secret,
        private_key_path=key_path,
        private_key_id=key_id,
        allowed_issuers=_issuers(env, name, kind, tenants),
        allowed_tenants=tuple(tenants),
        scopes=env.str(_var(name, "SCOPES")) or "openid profile email",
        create_accounts=env.bool(_var(name, "CREATE_ACCOUNTS"), True),
    )


def read_providers(env: Env) -> dict[str, Provider]:
    """Every provider named in OIDC_PROVIDERS, in that order."""
    names = [name.lower() for name in env.list("OIDC_PROVIDERS")]
    if len(set(names)) != len(names):
        raise SettingError("OIDC_PROVIDERS names a provider twice")
    return {name: read_provider(env, name) for name in names}


def form_action_origins(providers: dict[str, Provider]) -> list[str]:
    """Origins the sign-in buttons' forms are redirected to (CSP form-action must allow them).

    The authorisation endpoint is assumed to share the discovery document's origin, as it does
    for Microsoft Entra ID and NHS CIS2.
    """
    origins = set()
    for provider in providers.values():
        parts = urlsplit(provider.discovery_url)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)
