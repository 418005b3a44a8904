"""`equityhub backup`: the database and uploaded files in one archive (see core/backup.py)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from equityhub.core.backup import create_backup


class Command(BaseCommand):
    help = "Back up the database (portable JSON) and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            help="Where to write the archive (default VAR_DIR/backups/equityhub-DATE.tar.gz).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        default = Path(settings.VAR_DIR) / "backups" / f"equityhub-{stamp}.tar.gz"
        destination = Path(options["output"] or default)
        manifest = create_backup(destination)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backed up {rows} rows in {len(manifest['counts'])} tables and "
            f"{len(manifest['files'])} uploaded files to {destination}"
        )
