"""Process-wide memory settings: the heap arenas, the collector's pace during bulk work, and the
start-up objects kept out of its way."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: glibc's `mallopt` parameter for the most heap arenas (malloc.h: M_ARENA_MAX).
_M_ARENA_MAX = -8
#: Arenas the process may use: one for the window's thread, one shared by the workers.
HEAP_ARENAS = 2


def limit_heap_arenas() -> bool:
    """Let glibc keep at most `HEAP_ARENAS` heaps; whether the setting was made.

    glibc gives threads that allocate at once heaps of their own, up to eight per core, and each
    keeps the memory freed in it. The window's worker threads read large results (a million ids,
    a catalog's columns) in turn, so each heap grew to the largest of them: at a million
    documents, two arenas keep the window's resident memory about 100 MB lower, measured, with
    no measurable cost in speed. Elsewhere (macOS, Windows, musl) nothing is done.
    """
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name)
        return bool(libc.mallopt(_M_ARENA_MAX, HEAP_ARENAS))
    except (OSError, AttributeError):  # not glibc: no mallopt, or another meaning
        return False


#: Allocations between two collections of the youngest objects during bulk work (default: 700).
BULK_COLLECTION_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often inside: for imports of many records.

    An import makes millions of short-lived objects and almost no reference cycles, and with
    the default threshold the collector walked the young ones over a thousand times per 50,000
    records (1.1 s of a 12 s import, measured). The thresholds are the process's, so they are
    put back as they were however the block ends.
    """
    before = gc.get_threshold()
    gc.set_threshold(BULK_COLLECTION_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def freeze_startup_objects() -> None:
    """Keep every object made so far out of the cyclic collector's later passes.

    Once the window is built, the modules, classes and functions of Dossier, SQLAlchemy, numpy
    and Qt are some 140,000 objects that live as long as the process. A full collection walked
    them all each time, on whichever thread it fell, the GUI thread as often as not: 85–140 ms
    on the project's machine, the window's longest stalls. Frozen, they are never walked again
    (nor freed, which they would not be anyway); a full collection then takes a few ms.
    """
    gc.collect()
    gc.freeze()
