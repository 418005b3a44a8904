"""Compile our Sass (with NHS.UK frontend) into the static build folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

SOURCE = Path(__file__).resolve().parents[2] / "static_src" / "equityhub.scss"


class Command(BaseCommand):
    help = "Compile the service's CSS from NHS.UK frontend's Sass (needs `npm ci` first)."

    def handle(self, *args: Any, **options: Any) -> None:
        node_modules = Path(settings.NODE_MODULES)
        sass = node_modules / ".bin" / "sass"
        if not sass.exists():
            raise CommandError(f"Sass is not installed in {node_modules}; run `npm ci` first.")
        target = Path(settings.FRONTEND_BUILD_DIR) / "css" / "equityhub.css"
        target.parent.mkdir(parents=True, exist_ok=True)
        command = [
            str(sass),
            f"--load-path={node_modules}",
            "--no-source-map",
            "--style=compressed",
            "--quiet-deps",
            "--silence-deprecation=import",
            str(SOURCE),
            str(target),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise CommandError(f"Sass failed:\n{result.stderr}")
        shutil.copystat(SOURCE, target)
        self.stdout.write(f"Compiled {target}")
