"""Board papers kept as versioned drafts (re-exported from `models`)."""

from __future__ import annotations
