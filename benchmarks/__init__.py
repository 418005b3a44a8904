"""``make bench``: statistics benchmarks, each against a baseline timed in the same run."""
