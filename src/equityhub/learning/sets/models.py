"""Action learning sets: small confidential groups, their meetings and what members bring.

Everything inside a set (members, meetings, issues, actions, questions, reflections,
attendance) is for the set's members and facilitator only. Querysets in `querysets.py` hold
the rules; administrators read a set only through an audited, time-limited break-glass grant.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import timezone

from equityhub.core.models import User
from equityhub.learning.sets.querysets import (
    ActionQuerySet,
    LearningSetQuerySet,
    MeetingQuerySet,
    SetMembershipQuerySet,
)
from equityhub.people.models import Place, Region, System


class Scope(models.TextChoices):
    NATIONAL = "national", "National"
    REGION = "region", "NHS England region"
    SYSTEM = "system", "Integrated care system"
    PLACE = "place", "Place"


class SetStatus(models.TextChoices):
    OPEN = "open", "Open to applications"
    RUNNING = "running", "Running"
    CLOSED = "closed", "Closed"


class LearningSet(models.Model):
    """An action learning set: typically 4 to 8 members and a facilitator."""

    name = models.CharField(max_length=150)
    purpose = models.TextField(max_length=2000)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.NATIONAL)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    system = models.ForeignKey(
        System, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_sets"
    )
    # Facilitators who share the running of the set: they may do all the facilitator does,
    # except choose co-facilitators. `is_run_by` is the one question every check asks.
    co_facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_facilitated_sets"
    )
    # The community the set carried on in when it ended (its members joined it).
    continued_in = models.ForeignKey(
        "learning.Community",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="continued_from_sets",
    )
    size_cap = models.PositiveSmallIntegerField("most members", default=8)
    status = models.CharField(max_length=10, choices=SetStatus.choices, default=SetStatus.OPEN)
    retention_months = models.PositiveSmallIntegerField(
        "months to keep notes after the set closes", default=12
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    notes_purged_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[LearningSetQuerySet] = LearningSetQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def is_run_by(self, user: User | AnonymousUser) -> bool:
        """Does `user` facilitate this set (as its facilitator or a co-facilitator)?"""
        if not (user.is_authenticated and user.is_active):
            return False
        return user.pk == self.facilitator_id or self.co_facilitators.filter(pk=user.pk).exists()

    def facilitators(self) -> list[User]:
        """The facilitator first, then the co-facilitators: who is told about the set."""
        return [self.facilitator, *self.co_facilitators.filter(is_active=True)]

    @property
    def area(self) -> str:
        """Where the set draws its members from, in words."""
        where = {Scope.REGION: self.region, Scope.SYSTEM: self.system, Scope.PLACE: self.place}
        return str(where.get(Scope(self.scope)) or "England")


class MemberStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    INVITED = "invited", "Invited"
    MEMBER = "member", "Member"
    WAITING = "waiting", "On the waiting list"
    LEFT = "left", "Left"


class SetMembership(models.Model):
    """One person's place in a set: applied or invited, then member or waiting, later left."""

    learning_set = models.ForeignKey(
        LearningSet, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="set_memberships"
    )
    status = models.CharField(max_length=10, choices=MemberStatus.choices)
    message = models.CharField("why you would like to join", max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[SetMembershipQuerySet] = SetMembershipQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["learning_set", "user"], name="one_place_per_set")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.learning_set}: {self.status}"


class Meeting(models.Model):
    """A meeting of a set, in a place or by video."""

    learning_set = models.ForeignKey(LearningSet, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField("place", max_length=300, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[MeetingQuerySet] = MeetingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.learning_set} meeting, {local:%d %B %Y %H:%M}"

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()


class PresenterStatus(models.TextChoices):
    BID = "bid", "Asked to present"
    CHOSEN = "chosen", "Presenting"


class Presentation(models.Model):
    """A member's bid to present at a meeting and, once chosen, what they brought.

    Questions and reflections are recorded only if the presenter chooses, and only by them.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="presentations")
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presentations"
    )
    status = models.CharField(
        max_length=10, choices=PresenterStatus.choices, default=PresenterStatus.BID
    )
    issue = models.TextField("the issue you brought", max_length=3000, blank=True)
    questions = models.TextField("questions that helped", max_length=3000, blank=True)
    reflections = models.TextField("your reflections", max_length=3000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "presenter"], name="one_bid_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.presenter} at {self.meeting}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Not yet reviewed"
    DONE = "done", "Done"
    IN_PROGRESS = "in_progress", "In progress"
    DROPPED = "dropped", "Dropped"


class Action(models.Model):
    """An action a presenter commits to; the next meeting reviews it."""

    presentation = models.ForeignKey(Presentation, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField("action", max_length=500)
    review_status = models.CharField(
        max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    learned = models.TextField("what you learned", max_length=2000, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[ActionQuerySet] = ActionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} {'at' if self.attended else 'missed'} {self.meeting}"


class BreakGlassGrant(models.Model):
    """An administrator's time-limited, audited access to one set, with a stated reason."""

    learning_set = models.ForeignKey(
        LearningSet, on_delete=models.CASCADE, related_name="break_glass_grants"
    )
    administrator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=1000)
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.administrator} into {self.learning_set} until {self.expires_at}"


# Places the programme team keeps in learning sets for people it invited to Equity Hub. A bulk
# add names people by email. Someone with no account is invited to the platform (people's
# invitation) and to the set in one step: the place waits here until they accept the platform
# invitation, then becomes an invitation to the set that they accept or decline like any other.
class PendingSetPlace(models.Model):
    invitation = models.ForeignKey("people.Invitation", on_delete=models.CASCADE, related_name="+")
    learning_set = models.ForeignKey(
        LearningSet, on_delete=models.CASCADE, related_name="pending_places"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "learning_set"], name="one_pending_place_per_set"
            )
        ]

    def __str__(self) -> str:
        return f"Place in {self.learning_set} for {self.invitation.email}"
