"""Single sign-on and second-factor pages in the access matrix.

No provider is configured in tests, so a provider's callback is not found; starting a sign-in
and renewing recovery codes are POST only. The administrator persona has confirmed a second
factor (see `client_for`), so the set-up and verify pages send them on.
"""

from __future__ import annotations

from tests.access_matrix import SIGN_IN_REDIRECT, Access, everyone, signed_in


def _provider(world: dict[str, object]) -> dict[str, str]:
    return {"name": "nhsmail"}


def _bad_token(world: dict[str, object]) -> dict[str, str]:
    return {"token": "not-a-real-token"}


ENTRIES: dict[str, Access] = {
    "sso:start": everyone(405, kwargs=_provider),
    "sso:callback": everyone(404, kwargs=_provider),
    "sso:link-confirm": everyone(404, kwargs=_bad_token),
    "mfa:manage": signed_in(),
    "mfa:enrol": Access(
        {
            "anonymous": SIGN_IN_REDIRECT,
            "outsider": 200,
            "member": 200,
            "owner": 200,
            "administrator": 302,
        }
    ),
    "mfa:verify": everyone(302),
    "mfa:recovery-codes": Access(
        {
            "anonymous": SIGN_IN_REDIRECT,
            "outsider": 405,
            "member": 405,
            "owner": 405,
            "administrator": 405,
        }
    ),
}
