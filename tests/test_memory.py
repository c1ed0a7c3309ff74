"""The process-wide heap setting is made where it can be, and skipped elsewhere."""

from __future__ import annotations

import platform
import sys

from desktop_app.memory import limit_heap_arenas


def test_heap_arenas_are_limited_on_glibc_only() -> None:
    on_glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert limit_heap_arenas() is on_glibc
