"""Inequality statistics for health data: numpy/scipy only, no web framework."""
