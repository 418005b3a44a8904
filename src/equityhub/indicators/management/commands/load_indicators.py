"""`equityhub load_indicators`: the national indicator registry from the shipped data file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from equityhub.indicators.registry.national import REGISTRY_FILE, RegistryError
from equityhub.indicators.registry.services import indicator_registry_load


class Command(BaseCommand):
    help = "Load (or update) the national indicators from the registry file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=REGISTRY_FILE, help="Registry YAML file.")

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            report = indicator_registry_load(path=file)
        except RegistryError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        self.stdout.write(f"Indicators loaded: {report}.")
