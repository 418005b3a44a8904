"""The support offer around the induction: signposted programmes, feedback on each part of the
offer with "you said, we did", and each organisation's board responsibilities map."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from equityhub.people.models import Organisation


class Audience(models.TextChoices):
    ALL = "all", "All health inequalities leads"
    NEW = "new", "Leads new in the role"
    NON_PUBLIC_HEALTH = "non_public_health", "Leads without a public health background"
    CHAIRS_NEDS = "chairs_neds", "Chairs and non-executive directors"
    TRUSTS = "trusts", "Leads in trusts"
    ICBS = "icbs", "Leads in integrated care boards"


class SupportOffer(models.Model):
    """A programme, webinar, course or helpline run elsewhere (editors keep the list)."""

    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    kind = models.CharField(max_length=60, help_text="Programme, webinar, course, helpline…")
    description = models.TextField(max_length=2000)
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.ALL)
    eligibility = models.CharField(max_length=500, blank=True)
    how_to_join = models.TextField(max_length=1000)
    link = models.URLField(blank=True, max_length=500)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    live = models.BooleanField(default=True, help_text="Shown in the directory and in plans.")
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class OfferPart(models.TextChoices):
    ROLE_GUIDES = "role_guides", "Role guides"
    ACTIVITIES = "activities", "Activities catalogue"
    MEASURES = "measures", "Measures catalogue"
    PLAN = "plan", "Self-assessment and personal plan"
    SUPPORT = "support", "Support offers"
    PACK = "pack", "Induction pack"
    BOARD_KIT = "board_kit", "Board development kit"


class Feedback(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    part = models.CharField(max_length=20, choices=OfferPart.choices)
    rating = models.PositiveSmallIntegerField(
        choices=[(n, str(n)) for n in range(1, 6)], help_text="1 = not useful, 5 = very useful"
    )
    comment = models.TextField(blank=True, max_length=3000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_part_display()}: {self.rating}"


class OfferChange(models.Model):
    """ "You said, we did": a change editors made to the offer because of feedback."""

    part = models.CharField(max_length=20, choices=OfferPart.choices)
    you_said = models.TextField(max_length=1000)
    we_did = models.TextField(max_length=1000)
    published_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_part_display()}: {self.we_did[:60]}"


class BoardResponsibility(models.Model):
    """Which board member owns which part of an organisation's inequalities work."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="board_responsibilities"
    )
    area = models.CharField("area of work", max_length=200)
    board_member = models.CharField(max_length=200)
    board_role = models.CharField(max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["area", "pk"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.area} – {self.board_member}"
