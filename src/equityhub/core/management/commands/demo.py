"""Load the demo content and print one line per demo sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from equityhub.core.demo import demo_loaders

DEFAULT_DEMO_PASSWORD = "equity-hub-demo"


class Command(BaseCommand):
    help = "Load demo regions, systems, organisations, people and content (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "The demo loads well-known passwords, so it only runs with DEBUG=true."
            )
        password = settings.DEMO_PASSWORD or DEFAULT_DEMO_PASSWORD
        sign_ins = []
        with transaction.atomic():
            for _name, loader in demo_loaders():
                sign_ins.extend(loader(password))
        for role, email, secret in sign_ins:
            self.stdout.write(f"Demo sign-in ({role}): {email} / {secret}")
        self.stdout.write(
            "Administrators and content editors then set up an authenticator app (any TOTP app; "
            "the page also shows the key as text). Start again with: equityhub mfa_reset EMAIL"
        )
