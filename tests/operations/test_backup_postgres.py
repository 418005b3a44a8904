"""The restore drill on PostgreSQL: a pg_dump backup, secrets kept apart, restored whole.

Runs in the PostgreSQL pass of `make test` (DATABASE_URL set); skipped on SQLite.
"""

from __future__ import annotations

import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from equityhub.core.backup.archive import row_counts
from equityhub.core.backup.crypto import decrypt_file, load_keys, new_key
from equityhub.core.models import User

pytestmark = pytest.mark.skipif(
    not django_settings.IS_POSTGRES, reason="the pg_dump drill needs PostgreSQL"
)
KEY, SECRETS_KEY = new_key(), new_key()
PASSWORD = "correct horse battery staple 42"


@pytest.mark.django_db(transaction=True)
def test_pg_dump_backup_restores_every_row_and_the_secrets(
    settings: Any, tmp_path: Path, django_user_model: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_ENCRYPTION_KEY, settings.BACKUP_SECRETS_KEY = KEY, SECRETS_KEY
    user = django_user_model.objects.create_user(
        email="lead@example.nhs.uk", password=PASSWORD, full_name="A Lead"
    )
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    before = row_counts()
    archive = tmp_path / "eh.enc"
    call_command("backup", output=str(archive))

    plain = tmp_path / "plain.tar.gz"
    decrypt_file(archive, plain, load_keys(KEY, "BACKUP_ENCRYPTION_KEY"))
    with tarfile.open(plain) as opened:
        sql = opened.extractfile("database.sql")
        assert sql is not None
        dump = sql.read()
    assert b"PostgreSQL database dump" in dump and b"lead@example.nhs.uk" in dump
    assert user.password.encode() not in dump and device.key.encode() not in dump

    User.objects.all().delete()  # the disaster
    call_command("restore", str(archive), replace=True)
    assert row_counts() == before
    restored = User.objects.get(email="lead@example.nhs.uk")
    assert restored.check_password(PASSWORD)
    assert TOTPDevice.objects.get(user=restored).key == device.key
