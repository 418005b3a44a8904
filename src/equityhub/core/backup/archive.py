"""Backups: the database and the uploaded files in one archive, restorable into an empty database.

The database is saved as Django's portable JSON (`dumpdata` with natural foreign keys), so one
format works on SQLite and PostgreSQL alike, and a backup taken on one restores on the other.
Content types and permissions are left out (every install creates its own, and natural keys
point at them); sessions are left out (everyone signs in again); the search index is left out and
rebuilt after restoring (its tables differ between SQLite and PostgreSQL), and so is any other
table an app registers as rebuilt from the rest (``register_rebuilt_table``).

Archive layout (`.tar.gz`): `manifest.json` (format, when, schema version, row counts per model,
file list), `database.json`, `secrets.enc` when BACKUP_SECRETS_KEY is set (see `secrets.py`),
and `media/...` (everything under MEDIA_ROOT). The archive is written encrypted with
BACKUP_ENCRYPTION_KEY (see `crypto.py`), readable by its owner only.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.utils import ProgrammingError

from equityhub.core.backup import postgres
from equityhub.core.backup.crypto import decrypt_file, encrypt_file, load_keys
from equityhub.core.backup.secrets import (
    SECRET_MODELS,
    has_secrets_key,
    restore_secrets,
    sealed_secrets,
    secret_models,
    strip_passwords,
)

FORMAT = "equityhub-backup/2"
JSON_DUMP, PG_DUMP = "database.json", "database.sql"
# The search index is rebuilt after a restore: its tables differ between SQLite and PostgreSQL.
SEARCH_INDEX = ("wagtailsearch.indexentry", "wagtailsearch.sqliteftsindexentry")
EXCLUDED = ("contenttypes", "auth.permission", "sessions")
# Tables computed from others (an app's own search index): label -> how to fill it again.
_REBUILT: dict[str, Callable[[], object]] = {}


def register_rebuilt_table(label: str, rebuild: Callable[[], object]) -> None:
    """Leave this model out of backups and fill it with ``rebuild()`` after a restore (core
    cannot import the apps above it, so they register at start-up)."""
    _REBUILT[label.lower()] = rebuild


def _excluded() -> list[str]:
    """What dumpdata leaves out: the search index models present on this database engine, and
    the secret tables (kept apart, see `secrets.py`)."""
    installed = {model._meta.label_lower for model in apps.get_models()}
    return [
        *EXCLUDED,
        *(label for label in SEARCH_INDEX if label in installed),
        *_REBUILT,
        *secret_models(),
    ]


class BackupError(Exception):
    """The archive cannot be used (the message says why)."""


@dataclass(frozen=True)
class RestoreReport:
    models: int
    rows: int
    files: int
    passwords: int = 0


def _counted_models() -> list[Any]:
    skipped = {"contenttypes", "sessions"}
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in skipped
        and model._meta.label_lower != "auth.permission"
        and model._meta.label_lower not in SEARCH_INDEX
        and model._meta.label_lower not in _REBUILT
        and model._meta.label_lower not in SECRET_MODELS
    ]


def row_counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in _counted_models()}


def schema_version() -> list[str]:
    """The newest applied migration of every app, as `app.name`."""
    loader = MigrationLoader(connections[DEFAULT_DB_ALIAS])
    return sorted(f"{app}.{name}" for app, name in loader.graph.leaf_nodes())


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def media_files(root: Path | None = None) -> dict[str, str]:
    """Every uploaded file under MEDIA_ROOT, relative path → SHA-256."""
    base = Path(root or settings.MEDIA_ROOT)
    if not base.exists():
        return {}
    return {
        path.relative_to(base).as_posix(): _file_digest(path)
        for path in sorted(base.rglob("*"))
        if path.is_file()
    }


def _dump_database(work: Path, portable: bool) -> tuple[dict[str, str], str]:
    """The database without secrets into `work`: pg_dump SQL on PostgreSQL unless `portable`,
    Django's JSON otherwise. Returns (user pk → password hash, the file's name)."""
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql" and not portable:
        return postgres.dump(work / PG_DUMP), PG_DUMP
    database = work / JSON_DUMP
    call_command(
        "dumpdata", exclude=_excluded(), natural_foreign=True, output=str(database), verbosity=0
    )
    return strip_passwords(database), JSON_DUMP


def create_backup(destination: Path, *, portable: bool = False) -> dict[str, Any]:
    """Write the encrypted archive to `destination` (mode 0600); return its manifest."""
    keys = load_keys(settings.BACKUP_ENCRYPTION_KEY, "BACKUP_ENCRYPTION_KEY")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        passwords, database_file = _dump_database(work, portable)
        if has_secrets_key():
            (work / "secrets.enc").write_bytes(sealed_secrets(passwords))
        manifest = {
            "format": FORMAT,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "database_engine": connections[DEFAULT_DB_ALIAS].vendor,
            "schema": schema_version(),
            "counts": row_counts(),
            "files": media_files(),
            "secrets": has_secrets_key(),
            "database_file": database_file,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        plain = work / "archive.tar.gz"
        with tarfile.open(plain, "w:gz") as archive:
            for name in ("manifest.json", database_file, "secrets.enc"):
                if (work / name).exists():
                    archive.add(work / name, name)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                archive.add(media, "media")
        encrypt_file(plain, destination, keys)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError:
        raise BackupError("This is not an Equity Hub backup (no manifest.json)") from None
    manifest: dict[str, Any] = json.load(member)  # type: ignore[arg-type]
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}")
    return manifest


def database_is_empty() -> bool:
    user_model = apps.get_model("core", "User")
    try:
        return not user_model._default_manager.exists()
    except ProgrammingError:  # a brand-new PostgreSQL database has no tables yet
        connections[DEFAULT_DB_ALIAS].close()
        return True


def restore_backup(source: Path, *, replace: bool = False) -> RestoreReport:
    """Load the archive into this database (empty unless `replace`) and MEDIA_ROOT."""
    if not source.is_file():
        raise BackupError(f"No backup at {source}")
    keys = load_keys(settings.BACKUP_ENCRYPTION_KEY, "BACKUP_ENCRYPTION_KEY")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        decrypt_file(source, work / "archive.tar.gz", keys)
        with tarfile.open(work / "archive.tar.gz", "r:gz") as archive:
            manifest = _read_manifest(archive)
            _check_target(manifest, replace)
            archive.extractall(work / "content", filter="data")
        content = work / "content"
        _load_database(content, manifest)
        passwords = _restore_secrets(content)
        files = _restore_media(content / "media")
        call_command("update_index", verbosity=0)
        for rebuild in _REBUILT.values():
            rebuild()
    _check_counts(manifest)
    _check_files(manifest)
    return RestoreReport(
        len(manifest["counts"]), sum(manifest["counts"].values()), files, passwords
    )


def _check_target(manifest: dict[str, Any], replace: bool) -> None:
    """The backup suits this code and this database, and the database may be overwritten."""
    if manifest["schema"] != schema_version():
        raise BackupError(
            "The backup was made by a different version of Equity Hub (its database "
            "migrations differ); restore it with that version, then upgrade"
        )
    is_pg_dump = manifest.get("database_file") == PG_DUMP
    if is_pg_dump and connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        raise BackupError("This backup was made with pg_dump: restore it into PostgreSQL")
    if not is_pg_dump:
        call_command("migrate", interactive=False, verbosity=0)
    if not replace and not database_is_empty():
        raise BackupError("The database is not empty; use --replace to overwrite it")


def _load_database(content: Path, manifest: dict[str, Any]) -> None:
    if manifest.get("database_file") == PG_DUMP:
        postgres.restore(content / PG_DUMP)
        return
    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(content / JSON_DUMP), verbosity=0)


def _restore_secrets(content: Path) -> int:
    """Passwords, MFA devices and API keys, when the archive has them and the key is here."""
    sealed = content / "secrets.enc"
    if not sealed.exists() or not has_secrets_key():
        return 0
    return restore_secrets(sealed.read_bytes(), content)


def _restore_media(extracted: Path) -> int:
    target = Path(settings.MEDIA_ROOT)
    if not extracted.exists():
        return 0
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(extracted, target, dirs_exist_ok=True)
    return sum(1 for path in extracted.rglob("*") if path.is_file())


def _check_counts(manifest: dict[str, Any]) -> None:
    restored = row_counts()
    wrong = [
        f"{label}: {count} in the backup, {restored.get(label)} restored"
        for label, count in manifest["counts"].items()
        if restored.get(label) != count
    ]
    if wrong:
        raise BackupError("The restore is incomplete: " + "; ".join(wrong))


def _check_files(manifest: dict[str, Any]) -> None:
    present = media_files()
    missing = [name for name, digest in manifest["files"].items() if present.get(name) != digest]
    if missing:
        raise BackupError("Uploaded files missing or changed after restore: " + ", ".join(missing))
