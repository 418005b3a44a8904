"""A finished or stopped pilot shared with the library as a case study suggestion.

The pilot lives in the indicators app, the suggestion in the library; learning, above both in
the layers, keeps the link between them so a pilot is shared once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class PilotCaseStudy(models.Model):
    pilot = models.OneToOneField(
        "indicators.Pilot", on_delete=models.CASCADE, related_name="case_study"
    )
    contribution = models.ForeignKey(
        "library.Contribution", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    captured_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "pilot case studies"

    def __str__(self) -> str:
        return f"Case study from the pilot {self.pilot_id}"
