"""Secrets in a backup are kept apart from the rest and encrypted with their own key.

Password hashes, the MFA (TOTP) device keys and the API key hashes let whoever holds them sign in
or call the API as someone else (a hash can be attacked offline; a TOTP key *is* the second
factor). So `database.json` never holds them: passwords there are unusable, and the device and
key tables are left out. They go to `secrets.enc`, encrypted with BACKUP_SECRETS_KEY, a key
that is kept apart from BACKUP_ENCRYPTION_KEY; without that key the backup has no secrets at all,
and after a restore people set a new password and enrol their authenticator again.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from equityhub.core.backup.crypto import decrypt_bytes, encrypt_bytes, load_keys

SECRET_MODELS = ("otp_totp.totpdevice", "indicators.apitoken")
USER_LABEL = "core.user"
# Django treats a password starting with "!" as unusable: no password matches it.
UNUSABLE = "!not-in-this-backup"


def secret_models() -> list[str]:
    installed = {model._meta.label_lower for model in apps.get_models()}
    return [label for label in SECRET_MODELS if label in installed]


def has_secrets_key() -> bool:
    return bool(settings.BACKUP_SECRETS_KEY.strip())


def strip_passwords(database: Path) -> dict[str, str]:
    """Replace every password hash in a dumpdata file by an unusable one; return pk → hash."""
    rows: list[dict[str, Any]] = json.loads(database.read_text())
    passwords = {}
    for row in rows:
        if row["model"] == USER_LABEL:
            passwords[str(row["pk"])] = row["fields"]["password"]
            row["fields"]["password"] = UNUSABLE
    database.write_text(json.dumps(rows))
    return passwords


def sealed_secrets(passwords: dict[str, str]) -> bytes:
    """The secrets (password hashes, device and key rows), encrypted with BACKUP_SECRETS_KEY."""
    out = io.StringIO()
    call_command("dumpdata", *secret_models(), natural_foreign=True, stdout=out, verbosity=0)
    plain = json.dumps({"passwords": passwords, "rows": json.loads(out.getvalue() or "[]")})
    keys = load_keys(settings.BACKUP_SECRETS_KEY, "BACKUP_SECRETS_KEY")
    return encrypt_bytes(plain.encode(), keys)


def restore_secrets(sealed: bytes, work: Path) -> int:
    """Load the secrets back; return how many accounts got their password back."""
    keys = load_keys(settings.BACKUP_SECRETS_KEY, "BACKUP_SECRETS_KEY")
    secrets = json.loads(decrypt_bytes(sealed, keys, "secrets of this backup (secrets.enc)"))
    if secrets["rows"]:
        rows = work / "secrets.json"  # inside the restore's private temporary folder
        rows.write_text(json.dumps(secrets["rows"]))
        call_command("loaddata", str(rows), verbosity=0)
        rows.unlink()
    user_model = apps.get_model("core", "User")
    for pk, password in secrets["passwords"].items():
        user_model._default_manager.filter(pk=pk).update(password=password)
    return len(secrets["passwords"])
