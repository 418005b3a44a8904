"""Equity Hub: support and accountability for NHS health inequalities leads."""

__version__ = "0.1.0"
