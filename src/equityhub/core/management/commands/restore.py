"""`equityhub restore ARCHIVE`: load a backup into an empty database (core/backup/archive.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from equityhub.core.backup.archive import BackupError, restore_backup
from equityhub.core.backup.crypto import BackupKeyError
from equityhub.core.backup.postgres import PgToolError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `equityhub backup`: creates the tables, loads the rows and "
        "the uploaded files, then checks every table's row count and every file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="The encrypted archive to restore.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete everything in a database that is not empty before restoring.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_backup(Path(options["archive"]), replace=options["replace"])
        except (BackupError, BackupKeyError, PgToolError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {report.rows} rows in {report.models} tables and {report.files} "
            "uploaded files; every count and file matches the backup."
        )
        if not report.passwords:
            self.stdout.write(
                "No passwords, MFA devices or API keys were restored (the backup has none, or "
                "BACKUP_SECRETS_KEY is not set): people set a new password with 'Forgotten your "
                "password', enrol their authenticator again, and API keys are issued again."
            )
