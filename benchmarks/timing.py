"""Timing helpers: medians of repeated runs, in milliseconds, and a run's report kept as JSON."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def median_ms(action: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    """The median wall time of `action` over `repeat` runs, after `warmup` unmeasured ones."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def keep_report(report: object, path: Path | None) -> None:
    """Write a run's figures to `path` as JSON, when one was asked for."""
    if path is not None:
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
