"""Communities of practice: topics, members and moderators, threads, replies, who follows a
thread, announcements and shared files.

Reading a community's discussions and announcements is open to every signed-in person; taking
part (posting, sharing and downloading files) needs membership. Moderators hide threads and
replies (kept, shown as hidden) and post announcements.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.learning.communities.private_storage import community_file_path, private_files


class Community(models.Model):
    """A community of practice: open to every signed-in person, around a topic."""

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name


class CommunityMember(models.Model):
    """Someone who joined a community; moderators hide posts and post announcements."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    is_moderator = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_moderator", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_place_per_community")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.community}"


class Hideable(models.Model):
    """A post a moderator can hide: it stays in the database, shown as hidden by a moderator."""

    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Thread(Hideable):
    """A discussion in a community. Its outcome can be captured for the library."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    captured_as = models.ForeignKey(
        "library.Contribution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-last_activity_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Reply(Hideable):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"Reply by {self.author} in {self.thread}"


class Follow(models.Model):
    """Someone who is told about new replies in a thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.thread}"


class Announcement(models.Model):
    """A moderator's notice: pinned at the top of the community page, sent to its members."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=150)
    body = models.TextField(max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class CommunityFile(models.Model):
    """A file a member shared, kept in the private store and read through a checked view."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="files")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=150)
    file = models.FileField(upload_to=community_file_path, storage=private_files, max_length=200)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title
