"""A real OpenID Connect provider for tests, served on 127.0.0.1 by a thread.

Built on authlib's server side: the authorisation code grant with PKCE (S256 required), the
OpenID Connect code extension (nonce required), client authentication by client secret or by
``private_key_jwt`` (RFC 7523), a JWKS endpoint and a discovery document. The signed-in person
at the provider is `claims`; knobs on the instance make it misbehave the ways a test needs
(sign with a key it does not publish, name another audience, issue an expired token).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from authlib.oauth2.rfc6749 import AuthorizationServer, OAuth2Request
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import KeySet, RSAKey

KEY_ID = "provider-key-1"


class _Request(OAuth2Request):
    def __init__(self, environ: dict[str, Any], base_url: str) -> None:
        query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = dict(parse_qsl(environ["wsgi.input"].read(length).decode())) if length else {}
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        uri = base_url + environ["PATH_INFO"]
        if environ.get("QUERY_STRING"):
            uri += "?" + environ["QUERY_STRING"]
        super().__init__(environ["REQUEST_METHOD"], uri, headers=headers)
        self._args, self._form = query, form
        self.payload = BasicOAuth2Payload({**query, **form})

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


@dataclass
class Client:
    client_id: str
    client_secret: str
    redirect_uri: str
    auth_method: str
    public_key: RSAKey | None = None

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in scope.split() if s in {"openid", "profile", "email"})

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri == self.redirect_uri

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == self.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    user: dict[str, Any]
    auth_time: int = field(default_factory=lambda: int(time.time()))
    amr: list[str] | None = None

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> list[str] | None:
        return self.amr


class LocalProvider:
    """Start with `start()`, stop with `stop()`; `url` is its issuer."""

    def __init__(self, *, client_auth: str = "client_secret_post") -> None:
        self.signing_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID})
        self.unpublished_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID})
        self.client_key = RSAKey.generate_key(2048, parameters={"kid": "equityhub-client"})
        self.client_auth = client_auth
        self.claims: dict[str, Any] = {}
        # Ways to misbehave, set by a test before the sign-in.
        self.sign_with_unpublished_key = False
        self.audience: str | None = None
        self.issuer_claim: str | None = None
        self.token_lifetime = 300
        # How the person signed in (the ID token's amr): a password and a second factor, as
        # NHSmail's Microsoft MFA reports; a test sets ["pwd"] for a password-only sign-in.
        self.amr: list[str] | None = ["pwd", "mfa"]
        # What happened, for the tests to check.
        self.authenticated_clients: list[str] = []
        self.codes: dict[str, Code] = {}
        self.used_assertions: set[str] = set()
        self._server: WSGIServer | None = None
        self.url = ""
        self.client: Client | None = None

    # Lifecycle ---------------------------------------------------------------------------------

    def start(self, redirect_uri: str) -> LocalProvider:
        class Quiet(WSGIRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = make_server("127.0.0.1", 0, self._wsgi, handler_class=Quiet)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self.client = Client(
            client_id="equityhub",
            client_secret=secrets.token_urlsafe(16),
            redirect_uri=redirect_uri,
            auth_method=self.client_auth,
            public_key=RSAKey.import_key(self.client_key.as_dict(private=False)),
        )
        self.authorization_server = _server_for(self)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def client_private_key_pem(self) -> bytes:
        return self.client_key.as_pem(private=True)

    # HTTP --------------------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
            "token_endpoint_auth_methods_supported": [self.client_auth],
            "code_challenge_methods_supported": ["S256"],
        }

    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path = environ["PATH_INFO"]
        server = self.authorization_server
        body: Any
        headers: list[tuple[str, str]]
        if path == "/.well-known/openid-configuration":
            status, body, headers = 200, self.discovery(), []
        elif path == "/jwks":
            public = KeySet([RSAKey.import_key(self.signing_key.as_dict(private=False))])
            status, body, headers = 200, public.as_dict(), []
        elif path == "/authorize":
            request = _Request(environ, self.url)
            status, body, headers = server.create_authorization_response(
                request, grant_user=dict(self.claims)
            )
        elif path == "/token":
            status, body, headers = server.create_token_response(_Request(environ, self.url))
        else:
            status, body, headers = 404, {"error": "not_found"}, []
        payload = json.dumps(body).encode() if isinstance(body, dict) else str(body).encode()
        content_type = [("Content-Type", "application/json")] if isinstance(body, dict) else []
        start_response(f"{status} X", [*headers, *content_type])
        return [payload]


def _server_for(provider: LocalProvider) -> AuthorizationServer:
    """authlib's authorisation server wired to the provider's in-memory state."""

    class Server(AuthorizationServer):
        def query_client(self, client_id: str) -> Client | None:
            client = provider.client
            return client if client and client.client_id == client_id else None

        def save_token(self, token: dict[str, Any], request: Any) -> None:
            pass

        def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
            if name == "after_authenticate_client":
                provider.authenticated_clients.append(kwargs["grant"].request.auth_method)

        def create_oauth2_request(self, request: Any) -> OAuth2Request:
            return request  # type: ignore[no-any-return]

        def handle_response(self, status: int, body: Any, headers: Any) -> Any:
            return status, body, headers

    class Grant(AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = [
            "client_secret_post",
            "client_secret_basic",
            "private_key_jwt",
        ]

        def save_authorization_code(self, code: str, request: Any) -> None:
            data = request.payload.data
            provider.codes[code] = Code(
                code=code,
                client_id=request.client.client_id,
                redirect_uri=data.get("redirect_uri", ""),
                scope=request.scope or "",
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                user=request.user,
                amr=provider.amr,
            )

        def query_authorization_code(self, code: str, client: Client) -> Code | None:
            found = provider.codes.get(code)
            return found if found and found.client_id == client.client_id else None

        def delete_authorization_code(self, authorization_code: Code) -> None:
            provider.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: Code) -> dict[str, Any]:
            return authorization_code.user

    class OpenID(OpenIDCode):
        def exists_nonce(self, nonce: str, request: Any) -> bool:
            return False

        def resolve_client_private_key(self, client: Client) -> RSAKey:
            if provider.sign_with_unpublished_key:
                return provider.unpublished_key
            return provider.signing_key

        def get_encode_header(self, client: Client) -> dict[str, str]:
            return {"alg": "RS256", "kid": KEY_ID}

        def get_client_claims(self, client: Client) -> dict[str, Any]:
            now = int(time.time())
            claims = {
                "iss": provider.issuer_claim or provider.url,
                "aud": [provider.audience or client.client_id],
                "iat": now + min(0, provider.token_lifetime) * 2,
                "exp": now + provider.token_lifetime,
            }
            if provider.audience:  # says it was issued to us, while meant for someone else
                claims["azp"] = client.client_id
            return claims

        def generate_user_info(self, user: dict[str, Any], scope: str) -> UserInfo:
            return UserInfo(user)

    class PrivateKeyAssertion(JWTBearerClientAssertion):
        CLIENT_AUTH_METHOD = "private_key_jwt"

        def get_audiences(self) -> list[str]:
            return [f"{provider.url}/token"]

        def validate_jti(self, claims: Any, jti: str) -> bool:
            if jti in provider.used_assertions:
                return False
            provider.used_assertions.add(jti)
            return True

        def resolve_client_public_key(self, client: Client) -> RSAKey:
            assert client.public_key is not None
            return client.public_key

    server = Server(scopes_supported=["openid", "profile", "email"])
    server.register_token_generator(
        "default", BearerTokenGenerator(lambda **_: secrets.token_urlsafe(24))
    )
    server.register_grant(Grant, [CodeChallenge(required=True), OpenID(require_nonce=True)])
    server.register_client_auth_method("private_key_jwt", PrivateKeyAssertion())
    return server
