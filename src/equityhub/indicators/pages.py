"""What every page of the accountability pillar shares: the first breadcrumb."""

from __future__ import annotations

from django.urls import reverse_lazy

DASHBOARD = ("Accountability", reverse_lazy("indicators:index"))
