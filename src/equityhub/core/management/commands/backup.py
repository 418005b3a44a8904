"""`equityhub backup`: the database and uploaded files in one archive (core/backup/archive.py)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from equityhub.core.backup.archive import create_backup
from equityhub.core.backup.crypto import BackupKeyError, new_key
from equityhub.core.backup.postgres import PgToolError


class Command(BaseCommand):
    help = (
        "Back up the database (portable JSON) and the uploaded files into one archive, encrypted "
        "with BACKUP_ENCRYPTION_KEY and readable by its owner only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            help="Where to write the archive (default VAR_DIR/backups/equityhub-DATE.tar.gz.enc).",
        )
        parser.add_argument(
            "--new-key", action="store_true", help="Print a new encryption key and stop."
        )
        parser.add_argument(
            "--portable",
            action="store_true",
            help="On PostgreSQL, save Django's portable JSON instead of a pg_dump snapshot (to "
            "restore into SQLite, or into another engine).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        default = Path(settings.VAR_DIR) / "backups" / f"equityhub-{stamp}.tar.gz.enc"
        destination = Path(options["output"] or default)
        try:
            manifest = create_backup(destination, portable=options["portable"])
        except (BackupKeyError, PgToolError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest['counts'])} tables and "
            f"{len(manifest['files'])} uploaded files to {destination} (encrypted; "
            + (
                "passwords, MFA devices and API keys encrypted apart)"
                if manifest["secrets"]
                else "without passwords, MFA devices or API keys: BACKUP_SECRETS_KEY is not set)"
            )
        )
