"""Django admin for core: sign-in lockouts (django-axes records) with an unlock action."""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from equityhub.core import services


@admin.register(AccessAttempt)
class SignInLockoutAdmin(AccessAttemptAdmin):
    """Failed sign-ins per account and address; an administrator can unlock chosen rows."""

    actions = ["unlock", *AccessAttemptAdmin.actions]

    @admin.action(description="Unlock: forget these failed sign-ins", permissions=["delete"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        count = services.sign_in_attempts_clear(
            attempts=queryset,
            actor=request.user,  # type: ignore[arg-type]
            request=request,
        )
        self.message_user(request, f"Unlocked: {count} record(s) removed.", messages.SUCCESS)
