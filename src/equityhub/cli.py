"""The `equityhub` command.

`equityhub stats ...` runs the statistics engine and needs only the base install. Every other
sub-command is a Django management command (`equityhub migrate`, `equityhub demo`, ...), which
needs the `web` extra.
"""

from __future__ import annotations

import os
import sys

WEB_MISSING = (
    "This command needs the Equity Hub platform. Install it with:\n"
    "    pip install 'equityhub[web]'\n"
    "The statistics engine works without it: equityhub stats --help"
)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "stats":
        from equityhub.stats.cli import main as stats_main

        return stats_main(args[1:])
    try:
        import django  # noqa: F401
        from django.core.management import execute_from_command_line
    except ImportError:
        print(WEB_MISSING, file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "equityhub.config.settings")
    execute_from_command_line(["equityhub", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
