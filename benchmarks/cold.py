"""The operating system's page cache emptied, for figures of a catalog not read since a restart,
and a catalog file read through, for figures of one read since."""

from __future__ import annotations

import os
from pathlib import Path

DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_page_cache() -> bool:
    """Write out and drop every cached file page (Linux, as root); False where not allowed."""
    try:
        os.sync()
        DROP_CACHES.write_text("3\n")
    except OSError:
        return False
    return True


def can_drop_page_cache() -> bool:
    return os.access(DROP_CACHES, os.W_OK)


def read_through(path: Path, chunk_bytes: int = 16 << 20) -> None:
    """Read the whole file once, so that the figures after it are of a warm catalog whatever
    ran before (a cold figure, a restart)."""
    with path.open("rb", buffering=0) as file:
        while file.read(chunk_bytes):
            pass
