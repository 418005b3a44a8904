"""Backup and restore: a populated database and its files come back whole in an empty one."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from equityhub.core.backup.archive import _counted_models, row_counts
from equityhub.core.backup.crypto import decrypt_file, load_keys, new_key
from equityhub.core.demo import demo_loaders

KEY, SECRETS_KEY = new_key(), new_key()


@pytest.fixture(autouse=True)
def backup_keys(settings: Any) -> None:
    settings.BACKUP_ENCRYPTION_KEY, settings.BACKUP_SECRETS_KEY = KEY, SECRETS_KEY


def open_archive(archive: Path, folder: Path) -> tarfile.TarFile:
    plain = folder / "plain.tar.gz"
    decrypt_file(archive, plain, load_keys(KEY, "BACKUP_ENCRYPTION_KEY"))
    return tarfile.open(plain)


@pytest.fixture
def populated(settings: Any, tmp_path: Path) -> dict[str, int]:
    """The demo content of every app, plus an uploaded document. The demo's loaders, not the
    whole demo: restoring its computed results as well ran past the restore's time limit on a
    busy machine."""
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = tmp_path / "media"
    for _name, loader in demo_loaders():
        loader("a-demo-password-for-tests")
    get_document_model().objects.create(
        title="Board paper", file=ContentFile(b"%PDF-1.7\nboard paper", name="board.pdf")
    )
    return row_counts()


def _restore_in_fresh_process(archive: Path, folder: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTEST"))}
    env.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{folder / 'restored.sqlite3'}",
        VAR_DIR=str(folder),
        MEDIA_ROOT=str(folder / "media"),
        BACKUP_ENCRYPTION_KEY=KEY,
        BACKUP_SECRETS_KEY=SECRETS_KEY,
    )
    return subprocess.run(
        [sys.executable, "-m", "equityhub.cli", "restore", str(archive)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _tables_in(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {
            model._meta.label_lower: connection.execute(
                f'SELECT COUNT(*) FROM "{model._meta.db_table}"'
            ).fetchone()[0]
            for model in _counted_models()
        }


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database_with_every_row_and_file(
    populated: dict[str, int], tmp_path: Path
) -> None:
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), portable=True)  # any engine restores into SQLite
    with open_archive(archive, tmp_path) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["counts"] == populated
    assert populated["core.user"] > 5 and populated["library.resource"] > 5

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    result = _restore_in_fresh_process(archive, fresh)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "every count and file matches" in result.stdout

    restored = _tables_in(fresh / "restored.sqlite3")
    differing = {k: (v, restored.get(k)) for k, v in populated.items() if restored.get(k) != v}
    assert not differing
    uploaded = list((fresh / "media").rglob("board*.pdf"))
    assert len(uploaded) == 1 and uploaded[0].read_bytes() == b"%PDF-1.7\nboard paper"


@pytest.mark.django_db
def test_restore_refuses_a_database_that_is_not_empty(
    make_user: Any, tmp_path: Path, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive))
    with pytest.raises(CommandError, match="The database is not empty; use --replace"):
        call_command("restore", str(archive))


@pytest.mark.django_db
def test_restore_names_what_is_wrong_with_an_archive(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No backup at"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        note = tmp_path / "note.txt"
        note.write_text("hello")
        archive.add(note, "note.txt")
    with pytest.raises(CommandError, match="is not an encrypted Equity Hub backup"):
        call_command("restore", str(bogus))
