"""`equityhub load_reference_data`: NHS England regions, ICBs and trusts from the shipped files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from equityhub.people.reference_data import DATA_DIR, ReferenceDataError
from equityhub.people.services import reference_data_load


class Command(BaseCommand):
    help = "Load (or update) NHS England regions, integrated care boards and NHS trusts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory",
            type=Path,
            default=DATA_DIR,
            help="Folder with regions.csv, systems.csv and trusts.csv (default: shipped data).",
        )

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            report = reference_data_load(directory=directory)
        except ReferenceDataError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        self.stdout.write(f"Reference data loaded. {report}")
