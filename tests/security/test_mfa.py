"""Second factor for administrators and content editors, with real TOTP codes (django-otp)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from equityhub.core.models import AuditEvent
from equityhub.people.models import ExternalIdentity, RecoveryCode, RecoveryCodeDevice
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ENROL = "/accounts/mfa/set-up/"
VERIFY = "/accounts/mfa/verify/"


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows (or will show `steps_ahead` periods from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def password_sign_in(user: Any, next_url: str = "/") -> Client:
    browser = Client()
    response = browser.post(
        "/accounts/sign-in/", {"email": user.email, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302, response.content
    return browser


@pytest.fixture
def admin(make_user: Callable[..., Any]) -> Any:
    return make_user(full_name="Ada Admin", is_staff=True, is_superuser=True)


@pytest.fixture
def editor(make_user: Callable[..., Any]) -> Any:
    user = make_user(full_name="Ed Editor")
    user.groups.add(Group.objects.get_or_create(name="Content editors")[0])
    return user


def enrol(browser: Client, user: Any) -> list[str]:
    assert browser.get(ENROL).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = browser.post(ENROL, {"code": code_for(device), "next": "/cms/"})
    assert response.status_code == 200, response.content
    return re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())


@pytest.mark.parametrize("path", ["/cms/", "/django-admin/", "/library/editors/", "/"])
def test_an_administrator_without_a_second_factor_is_sent_to_set_one_up(
    admin: Any, path: str
) -> None:
    browser = password_sign_in(admin)
    response = browser.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{ENROL}?next=")


def test_a_content_editor_must_set_one_up_too_but_a_lead_need_not(
    editor: Any, personas: dict[str, Any]
) -> None:
    assert password_sign_in(editor).get("/library/editors/")["Location"].startswith(ENROL)
    assert password_sign_in(personas["owner"]).get("/").status_code == 200


def test_enrolment_with_a_real_code_unlocks_the_admin_sites(admin: Any) -> None:
    browser = password_sign_in(admin)
    page = browser.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    assert "otpauth://totp/" in page and 'src="data:image/svg+xml' in page

    wrong = browser.post(ENROL, {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()
    assert browser.get("/cms/").status_code == 302

    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a second
    codes = enrol(browser, admin)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=admin).confirmed
    assert browser.get("/cms/pages/").status_code == 200
    assert browser.get("/django-admin/").status_code == 200
    hashes = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert len(hashes) == 10 and not hashes & {c.replace("-", "") for c in codes}
    assert AuditEvent.objects.filter(action="mfa-enrolled", target_id=str(admin.pk)).exists()


def test_next_sign_in_asks_for_a_code_and_refuses_a_wrong_one(admin: Any) -> None:
    enrol(password_sign_in(admin), admin)
    device = TOTPDevice.objects.get(user=admin)
    browser = password_sign_in(admin, next_url="/cms/")
    response = browser.get("/cms/")
    assert response["Location"].startswith(f"{VERIFY}?next=")

    wrong = browser.post(VERIFY, {"code": "12345", "next": "/cms/"})
    assert wrong.status_code == 400 and "There is a problem" in wrong.content.decode()
    assert browser.get("/cms/").status_code == 302
    assert AuditEvent.objects.filter(action="mfa-failed").exists()

    device.refresh_from_db()
    device.throttle_reset()
    right = browser.post(VERIFY, {"code": code_for(device, steps_ahead=1), "next": "/cms/"})
    assert right.status_code == 302 and right["Location"] == "/cms/"
    assert browser.get("/cms/pages/").status_code == 200


def test_a_code_already_used_is_refused(admin: Any) -> None:
    enrol(password_sign_in(admin), admin)
    device = TOTPDevice.objects.get(user=admin)
    code = code_for(device, steps_ahead=1)
    assert password_sign_in(admin).post(VERIFY, {"code": code}).status_code == 302
    again = password_sign_in(admin)
    assert again.post(VERIFY, {"code": code}).status_code == 400
    assert again.get("/cms/").status_code == 302


def test_a_recovery_code_works_once(admin: Any) -> None:
    codes = enrol(password_sign_in(admin), admin)
    first = password_sign_in(admin)
    assert first.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert first.get("/django-admin/").status_code == 200
    event = AuditEvent.objects.filter(action="mfa-recovery-code-used").get()
    assert event.detail == {"remaining": 9}

    second = password_sign_in(admin)
    reused = second.post(VERIFY, {"code": codes[0]})
    assert reused.status_code == 400
    assert second.get("/django-admin/").status_code == 302
    RecoveryCodeDevice.objects.get(user=admin).throttle_reset()
    assert second.post(VERIFY, {"code": codes[1]}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(admin: Any) -> None:
    browser = password_sign_in(admin)
    old = enrol(browser, admin)
    response = browser.post("/accounts/mfa/recovery-codes/")
    new = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert password_sign_in(admin).post(VERIFY, {"code": old[2]}).status_code == 400


def test_the_other_sign_in_forms_lead_to_ours(admin: Any, client: Client) -> None:
    for path in ("/cms/login/", "/django-admin/login/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")
    assert client.post("/django-admin/login/", {"username": admin.email}).status_code == 302
    assert "_auth_user_id" not in client.session


def test_sign_out_stays_open_while_a_code_is_awaited(admin: Any) -> None:
    browser = password_sign_in(admin)
    assert browser.post("/accounts/sign-out/").status_code == 302
    assert "_auth_user_id" not in browser.session


def test_an_administrator_signed_in_by_sso_is_not_asked_again(
    admin: Any, oidc: Any, sso_sign_in: Callable[..., Any]
) -> None:
    """Single sign-on relies on the provider's own check when it says it made one."""
    ExternalIdentity.objects.create(
        user=admin, provider="nhsmail", issuer="entra:6f1c0a52-tenant-a", subject="object-id-1"
    )
    browser = Client()
    assert sso_sign_in(browser, next_url="/django-admin/").status_code == 302
    assert browser.get("/django-admin/").status_code == 200


def test_a_provider_that_checked_no_second_factor_leaves_ours_to_ask(
    admin: Any, oidc: Any, sso_sign_in: Callable[..., Any]
) -> None:
    """An ID token without "mfa" in amr (a password only) is treated like a password sign-in."""
    ExternalIdentity.objects.create(
        user=admin, provider="nhsmail", issuer="entra:6f1c0a52-tenant-a", subject="object-id-1"
    )
    oidc.amr = ["pwd"]
    browser = Client()
    assert sso_sign_in(browser, next_url="/django-admin/").status_code == 302
    assert browser.get("/django-admin/")["Location"].startswith(ENROL)
    event = AuditEvent.objects.get(action="sso-sign-in")
    assert event.detail["second_factor"] is False


def test_an_administrator_can_reset_a_lost_second_factor(admin: Any) -> None:
    from django.core.management import CommandError, call_command

    enrol(password_sign_in(admin), admin)
    call_command("mfa_reset", admin.email.upper())
    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert not RecoveryCode.objects.exists()
    assert AuditEvent.objects.filter(action="mfa-removed", target_id=str(admin.pk)).exists()
    assert password_sign_in(admin).get("/cms/")["Location"].startswith(ENROL)
    with pytest.raises(CommandError, match=re.escape("nobody@nhs.net")):
        call_command("mfa_reset", "nobody@nhs.net")


def _cms_permission() -> Any:
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


@pytest.mark.parametrize("how", ["group with any name", "own permission"])
def test_anyone_who_can_reach_the_cms_must_use_a_second_factor(
    make_user: Callable[..., Any], how: str
) -> None:
    """Not only the named editor groups: the CMS permission itself decides."""
    user = make_user(full_name="Web Team")
    if how == "own permission":
        user.user_permissions.add(_cms_permission())
    else:
        group = Group.objects.create(name="Regional web team")
        group.permissions.add(_cms_permission())
        user.groups.add(group)
    response = password_sign_in(user).get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{ENROL}?next=")


def test_staff_who_can_reach_the_django_admin_must_use_a_second_factor(
    make_user: Callable[..., Any],
) -> None:
    staff = make_user(full_name="Sam Staff", is_staff=True)
    assert password_sign_in(staff).get("/django-admin/")["Location"].startswith(ENROL)


def test_a_person_without_admin_permissions_is_not_asked(
    make_user: Callable[..., Any],
) -> None:
    user = make_user(full_name="Lee Lead")
    user.groups.add(Group.objects.create(name="Editors of nothing"))
    browser = password_sign_in(user)
    assert browser.get("/").status_code == 200
    assert browser.get("/cms/").status_code == 302
    assert not browser.get("/cms/")["Location"].startswith(ENROL)
