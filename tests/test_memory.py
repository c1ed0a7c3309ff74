"""The process-wide memory settings: heap arenas where glibc has them, the collector's pace."""

from __future__ import annotations

import gc
import platform
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
