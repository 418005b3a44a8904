"""Readers' marks ("useful for my role") and moderated comments on library items."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class UsefulMark(models.Model):
    item = models.ForeignKey(
        "library.LibraryItem", on_delete=models.CASCADE, related_name="useful_marks"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role_note = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="library_one_useful_mark")
        ]

    def __str__(self) -> str:
        return f"{self.user} finds {self.item} useful"


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Published"
    REJECTED = "rejected", "Not published"


class Comment(models.Model):
    item = models.ForeignKey(
        "library.LibraryItem", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(max_length=2000)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.item}"
