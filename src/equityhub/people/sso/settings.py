"""A single sign-on provider as settings describe it (no Django imports: settings use it).

`equityhub.config.sso_env` reads them from the environment into ``settings.OIDC_PROVIDERS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

KINDS = ("entra", "cis2", "oidc")
CLIENT_AUTH_METHODS = ("client_secret_post", "client_secret_basic", "private_key_jwt")
DEFAULT_LABELS = {
    "entra": "Sign in with NHSmail or your organisation's Microsoft account",
    "cis2": "Sign in with NHS Care Identity (smartcard)",
    "oidc": "Sign in with single sign-on",
}
DEFAULT_AUTH = {
    "entra": "client_secret_post",
    "cis2": "private_key_jwt",
    "oidc": "client_secret_post",
}
ENTRA_ISSUER = "https://login.microsoftonline.com/{tenant}/v2.0"


@dataclass(frozen=True)
class Provider:
    """One OpenID Connect provider Equity Hub trusts for sign-in."""

    name: str
    kind: str
    label: str
    discovery_url: str
    client_id: str
    client_auth: str
    client_secret: str
    private_key_path: str
    private_key_id: str
    allowed_issuers: tuple[str, ...]
    allowed_tenants: tuple[str, ...]
    scopes: str
    create_accounts: bool

    @property
    def uses_private_key(self) -> bool:
        return self.client_auth == "private_key_jwt"

    def private_key(self) -> str:
        return Path(self.private_key_path).read_text()
