"""What every page of learning shares: the first breadcrumb."""

from __future__ import annotations

LEARNING = ("Learning together", "/learning/")
