"""Single sign-on settings come from the environment; a bad value names its variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from equityhub.config.env import Env, SettingError
from equityhub.config.sso_env import read_providers

ENTRA = {
    "OIDC_PROVIDERS": "nhsmail",
    "OIDC_NHSMAIL_KIND": "entra",
    "OIDC_NHSMAIL_DISCOVERY_URL": "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
    "OIDC_NHSMAIL_CLIENT_ID": "client-1",
    "OIDC_NHSMAIL_CLIENT_SECRET": "secret",
    "OIDC_NHSMAIL_ALLOWED_TENANTS": "tenant-a, tenant-b",
}


def test_no_providers_by_default() -> None:
    assert read_providers(Env({})) == {}


def test_an_entra_provider_allows_the_issuers_of_its_tenants() -> None:
    provider = read_providers(Env(ENTRA))["nhsmail"]
    assert provider.allowed_tenants == ("tenant-a", "tenant-b")
    assert provider.allowed_issuers == (
        "https://login.microsoftonline.com/tenant-a/v2.0",
        "https://login.microsoftonline.com/tenant-b/v2.0",
    )
    assert provider.client_auth == "client_secret_post" and provider.create_accounts


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"OIDC_NHSMAIL_CLIENT_ID": ""}, "OIDC_NHSMAIL_CLIENT_ID"),
        ({"OIDC_NHSMAIL_ALLOWED_TENANTS": ""}, "OIDC_NHSMAIL_ALLOWED_TENANTS"),
        ({"OIDC_NHSMAIL_KIND": "okta"}, "OIDC_NHSMAIL_KIND"),
        ({"OIDC_NHSMAIL_DISCOVERY_URL": "login.example"}, "OIDC_NHSMAIL_DISCOVERY_URL"),
        ({"OIDC_NHSMAIL_CLIENT_SECRET": ""}, "OIDC_NHSMAIL_CLIENT_SECRET"),
        ({"OIDC_NHSMAIL_CREATE_ACCOUNTS": "perhaps"}, "OIDC_NHSMAIL_CREATE_ACCOUNTS"),
        ({"OIDC_PROVIDERS": "nhsmail,nhsmail"}, "OIDC_PROVIDERS"),
        ({"OIDC_PROVIDERS": "NHS Mail"}, "OIDC_PROVIDERS"),
    ],
)
def test_a_bad_value_names_its_variable(change: dict[str, str], variable: str) -> None:
    with pytest.raises(SettingError, match=variable):
        read_providers(Env({**ENTRA, **change}))


def test_cis2_needs_a_readable_private_key(tmp_path: Path) -> None:
    cis2 = {
        "OIDC_PROVIDERS": "cis2",
        "OIDC_CIS2_KIND": "cis2",
        "OIDC_CIS2_DISCOVERY_URL": "https://am.nhsidentity.spineservices.nhs.uk/openam/oauth2/realms/root/realms/oidc/.well-known/openid-configuration",
        "OIDC_CIS2_CLIENT_ID": "client-2",
        "OIDC_CIS2_ALLOWED_ISSUERS": "https://am.nhsidentity.spineservices.nhs.uk:443/openam/oauth2/realms/root/realms/oidc",
        "OIDC_CIS2_PRIVATE_KEY_PATH": str(tmp_path / "missing.pem"),
    }
    with pytest.raises(SettingError, match="OIDC_CIS2_PRIVATE_KEY_PATH"):
        read_providers(Env(cis2))
    (tmp_path / "missing.pem").write_text("-----BEGIN PRIVATE KEY-----\n")
    provider = read_providers(Env(cis2))["cis2"]
    assert provider.client_auth == "private_key_jwt" and provider.uses_private_key
    with pytest.raises(SettingError, match="OIDC_CIS2_ALLOWED_ISSUERS"):
        read_providers(Env({**cis2, "OIDC_CIS2_ALLOWED_ISSUERS": ""}))
