"""Dossier's benchmark suite: `python -m benchmarks --documents N --json FILE` (medians, in ms)."""
