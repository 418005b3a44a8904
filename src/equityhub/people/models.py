"""Regions, integrated care boards/systems, places, organisations, and the people in them."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.core.models import new_token
from equityhub.people.querysets import (
    InvitationQuerySet,
    MembershipQuerySet,
    OrganisationQuerySet,
    ProfileQuerySet,
)


class Dated(models.Model):
    """Organisations and structures change: each carries the dates it is valid for."""

    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=300, blank=True, help_text="Where this record came from.")

    class Meta:
        abstract = True

    def is_current(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)


class Region(Dated):
    """An NHS England region (ONS E40 code, ODS Y code)."""

    code = models.CharField("ODS code", max_length=5, unique=True)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class System(Dated):
    """An integrated care system and its integrated care board (ONS E54, ODS Qxx)."""

    code = models.CharField("ODS code", max_length=5, unique=True)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    name = models.CharField(max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="systems")
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessors"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(Dated):
    """A place-based partnership inside a system (often one local authority area)."""

    name = models.CharField(max_length=200)
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="places")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["system", "name"], name="place_unique_in_system")
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    TRUST = "trust", "NHS trust"
    ICB = "icb", "Integrated care board"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    VCSE = "vcse", "Voluntary, community or social enterprise"
    OTHER = "other", "Other"


class Organisation(Dated):
    """An organisation with its ODS (or other) code, its system and region."""

    code = models.CharField(max_length=12, unique=True)
    # Public health files (Fingertips) name ICBs and local authorities by their ONS code
    # (E54..., E06...), not the ODS code, so imports match on either.
    ons_code = models.CharField("ONS code", max_length=9, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    system = models.ForeignKey(
        System, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessors"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Roles held in an organisation. Lead, team member and board member carry rights and need
    approval. A board member (chair, non-executive or executive director) reads the dashboard,
    indicator pages, board papers and statement of their organisation, and changes nothing."""

    LEAD = "lead", "Health inequalities lead"
    TEAM_MEMBER = "team_member", "Team member"
    BOARD = "board", "Board member"
    PARTNER = "partner", "System partner"


ROLES_NEEDING_APPROVAL = frozenset({Role.LEAD, Role.TEAM_MEMBER, Role.BOARD})
# Roles that may read an organisation's unpublished figures and papers; only the team writes.
TEAM_ROLES = frozenset({Role.LEAD, Role.TEAM_MEMBER})
READER_ROLES = TEAM_ROLES | {Role.BOARD}


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"
    ENDED = "ended", "Ended"


class Membership(models.Model):
    """A person's role in an organisation: claimed, then approved (or not), later ended."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(role="lead", status="approved"),
                name="one_current_lead_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} at {self.organisation}"


class Post(models.TextChoices):
    CHAIR = "chair", "Chair"
    NON_EXECUTIVE = "non_executive", "Non-executive director"
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    COO = "coo", "Chief operating officer"
    MEDICAL = "medical_director", "Medical director"
    NURSING = "nursing_director", "Director of nursing"
    PUBLIC_HEALTH = "public_health_director", "Director of public health"
    STRATEGY = "strategy_director", "Director of strategy"
    FINANCE = "finance_director", "Director of finance"
    PEOPLE = "people_director", "Director of people"
    OTHER = "other", "Other"


class ContactPreference(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    NONE = "none", "Please do not contact me through the directory"


class Interest(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    """A person's directory entry: post, background, interests, how to contact them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    post = models.CharField(max_length=30, choices=Post.choices, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    professional_background = models.CharField(max_length=200, blank=True)
    appointed_on = models.DateField(
        "date appointed as health inequalities lead", null=True, blank=True
    )
    interests = models.ManyToManyField(Interest, blank=True, related_name="profiles")
    bio = models.TextField("short biography", max_length=1500, blank=True)
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference.choices, default=ContactPreference.EMAIL
    )
    phone = models.CharField(max_length=30, blank=True)
    listed = models.BooleanField("show me in the directory", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["user__full_name"]

    def __str__(self) -> str:
        return str(self.user)


class StructureKind(models.TextChoices):
    ICB_BOARD = "icb_board", "ICB board"
    COMMITTEE = "committee", "ICB committee"
    PLACE_PARTNERSHIP = "place_partnership", "Place partnership"
    PROVIDER_COLLABORATIVE = "provider_collaborative", "Provider collaborative"
    PARTNERSHIP_BOARD = "partnership_board", "Integrated care partnership"


class Structure(Dated):
    """A decision-making structure of an integrated care system."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=StructureKind.choices)
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="structures")
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="structures"
    )

    class Meta:
        ordering = ["system__name", "name"]

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    """A person's place on an ICS structure, with their role there and dates."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seats"
    )
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(max_length=150, help_text="For example: member, chair, observer.")
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["structure__name"]

    def __str__(self) -> str:
        return f"{self.user} on {self.structure}"


class GlobalRole(models.TextChoices):
    """Roles that are not tied to one organisation; held as Django groups."""

    FACILITATOR = "Facilitators", "Facilitator"
    CONTENT_EDITOR = "Content editors", "Content editor"


class Invitation(models.Model):
    """An invitation to join, sent by an administrator or facilitator."""

    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[InvitationQuerySet] = InvitationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


# Single sign-on identities and second-factor recovery codes live in their own modules.
from equityhub.people.mfa.models import RecoveryCode, RecoveryCodeDevice  # noqa: E402, F401
from equityhub.people.sso.models import ExternalIdentity, SsoLinkRequest  # noqa: E402, F401
