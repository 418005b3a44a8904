"""Backups are encrypted and private; secrets travel apart under their own key.

Each test takes what an attacker who finds a backup file would have (the file, perhaps one key)
and checks what they can and cannot get from it.
"""

from __future__ import annotations

import os
import stat
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from equityhub.core.backup.crypto import decrypt_file, load_keys, new_key
from equityhub.core.models import User

KEY, SECRETS_KEY = new_key(), new_key()
PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def account(settings: Any, tmp_path: Path, django_user_model: Any) -> User:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_ENCRYPTION_KEY, settings.BACKUP_SECRETS_KEY = KEY, SECRETS_KEY
    user: User = django_user_model.objects.create_user(
        email="lead@example.nhs.uk", password=PASSWORD, full_name="A Lead"
    )
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def _plain_archive(archive: Path, folder: Path) -> bytes:
    plain = folder / "plain.tar.gz"
    decrypt_file(archive, plain, load_keys(KEY, "BACKUP_ENCRYPTION_KEY"))
    out = b""
    with tarfile.open(plain) as opened:
        for member in opened.getmembers():
            extracted = opened.extractfile(member)
            if extracted is not None:
                out += extracted.read()
    return out


# Transactional: on PostgreSQL the backup is taken by pg_dump, which sees committed rows only.
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_encrypted_and_readable_by_its_owner_only(
    account: User, tmp_path: Path
) -> None:
    archive = tmp_path / "backups" / "eh.enc"
    previous = os.umask(0)  # even a permissive umask must not make it readable by others
    try:
        call_command("backup", output=str(archive))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(archive.parent.stat().st_mode) == 0o700
    raw = archive.read_bytes()
    assert b"lead@example.nhs.uk" not in raw and b"A Lead" not in raw
    assert b"lead@example.nhs.uk" in _plain_archive(archive, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_password_hashes_and_mfa_keys_are_not_readable_with_the_backup_key_alone(
    account: User, tmp_path: Path
) -> None:
    archive = tmp_path / "eh.enc"
    call_command("backup", output=str(archive))
    device = TOTPDevice.objects.get(user=account)
    contents = _plain_archive(archive, tmp_path)
    assert account.password.encode() not in contents
    assert account.password.split("$")[-1].encode() not in contents  # not even the hash part
    assert device.key.encode() not in contents


@pytest.mark.django_db(transaction=True)
def test_restore_brings_secrets_back_only_with_the_secrets_key(
    account: User, tmp_path: Path, settings: Any
) -> None:
    archive = tmp_path / "eh.enc"
    call_command("backup", output=str(archive))

    settings.BACKUP_SECRETS_KEY = ""
    call_command("restore", str(archive), replace=True)
    restored = User.objects.get(email="lead@example.nhs.uk")
    assert not restored.check_password(PASSWORD) and not restored.has_usable_password()
    assert not TOTPDevice.objects.exists()

    settings.BACKUP_SECRETS_KEY = f"{new_key()},{SECRETS_KEY}"  # rotated: old key second
    call_command("restore", str(archive), replace=True)
    restored = User.objects.get(email="lead@example.nhs.uk")
    assert restored.check_password(PASSWORD)
    assert TOTPDevice.objects.filter(user=restored, confirmed=True).count() == 1


@pytest.mark.django_db
def test_wrong_missing_or_rotated_keys_and_damaged_files(
    account: User, tmp_path: Path, settings: Any
) -> None:
    archive = tmp_path / "eh.enc"
    call_command("backup", output=str(archive))
    settings.BACKUP_ENCRYPTION_KEY = new_key()
    with pytest.raises(CommandError, match="None of the keys opens this backup"):
        call_command("restore", str(archive), replace=True)
    settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY is not set"):
        call_command("backup", output=str(tmp_path / "other.enc"))
    settings.BACKUP_ENCRYPTION_KEY = KEY
    cut = tmp_path / "cut.enc"
    cut.write_bytes(archive.read_bytes()[:-10])
    with pytest.raises(CommandError, match="The backup is cut off"):
        call_command("restore", str(cut), replace=True)
