"""Remove a person's authenticator app and recovery codes, after checking who they are.

They are asked to set up a new app the next time they sign in with a password.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from equityhub.core.models import User
from equityhub.people.mfa.services import second_factor_remove


class Command(BaseCommand):
    help = "Remove someone's second factor (lost phone): they set up a new one at next sign-in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's email address")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {options['email']!r}")
        second_factor_remove(user=user, actor=None, request=None)
        self.stdout.write(f"Second factor removed for {user.email}.")
