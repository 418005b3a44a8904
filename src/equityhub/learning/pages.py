"""What every page of learning shares: the first breadcrumb."""

from __future__ import annotations

from django.urls import reverse_lazy

LEARNING = ("Learning together", reverse_lazy("learning:index"))
