"""The process-wide memory settings: heap arenas where glibc has them, the collector's pace."""

from __future__ import annotations

import gc
import platform
import subprocess
import sys

import pytest

from desktop_app.memory import BULK_COLLECTION_THRESHOLD, fewer_collections, limit_heap_arenas


def test_heap_arenas_are_limited_on_glibc_only() -> None:
    on_glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert limit_heap_arenas() is on_glibc


def test_fewer_collections_puts_the_thresholds_back_however_the_block_ends() -> None:
    before = gc.get_threshold()

    with pytest.raises(RuntimeError), fewer_collections():
        assert gc.get_threshold()[0] == BULK_COLLECTION_THRESHOLD
        raise RuntimeError("the import failed")

    assert gc.get_threshold() == before


def test_frozen_start_up_objects_leave_the_collector_working_on_new_ones() -> None:
    """In a process of its own: freezing there would freeze this test run's objects too."""
    script = """
import gc
from desktop_app.memory import freeze_startup_objects
freeze_startup_objects()
frozen = gc.get_freeze_count()
class Node:
    pass
for _ in range(100):
    a, b = Node(), Node()
    a.other, b.other = b, a
del a, b
print(frozen, gc.collect())
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    frozen, collected = map(int, result.stdout.split())
    assert frozen > 1000  # the interpreter's and Dossier's modules, kept out of later passes
    assert collected >= 200  # a cycle made afterwards is still found and freed
