"""Imports into one SQLite catalog, one at a time across every process on the machine.

SQLite lets one writer in at a time; a second import that starts while one is writing would
be refused ("database is locked") once its retries run out, seconds into an import of minutes.
Instead it waits its turn: an exclusive lock on a file kept for the catalog (in the user's cache
folder, named by the catalog's real path) is taken before the import's transaction, and the
import says it is waiting meanwhile. PostgreSQL queues imports itself (`lock_imports`).

The lock file is never the catalog's own: SQLite's locks are POSIX record locks, which a
process loses when it closes any descriptor of the file, so the catalog is never opened here.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import platformdirs

from desktop_app.domain.errors import ImportCancelled

try:  # POSIX; elsewhere imports are not queued (SQLite refuses the second, as before)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: How often a waiting import looks whether its turn has come (and whether it was cancelled).
POLL_SECONDS = 0.2


def lock_file(database: Path) -> Path:
    """The lock file of the catalog at `database`."""
    name = hashlib.sha256(str(database.resolve()).encode()).hexdigest()[:24]
    return (
        Path(platformdirs.user_cache_dir("Dossier", appauthor=False)) / "imports" / f"{name}.lock"
    )


@contextmanager
def import_turn(
    database: str | None,
    *,
    waiting: Callable[[], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Iterator[None]:
    """Hold the catalog's import turn while the block runs: at once when no other import
    holds it, else once it ends (`waiting()` is told so first; `cancelled()` is asked while
    waiting, and a cancel is ImportCancelled). A catalog in memory, or one whose lock file
    cannot be made, is not queued."""
    handle = _opened(database)
    if handle is None:
        yield
        return
    with handle:
        if not _try_lock(handle):
            if waiting is not None:
                waiting()
            while not _try_lock(handle):
                if cancelled is not None and cancelled():
                    raise ImportCancelled(
                        "import cancelled while it waited for another; the catalog is unchanged"
                    )
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            assert fcntl is not None
            fcntl.flock(handle, fcntl.LOCK_UN)


def _opened(database: str | None) -> IO[bytes] | None:
    if fcntl is None or not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = lock_file(Path(database))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("a+b")
    except OSError:
        return None


def _try_lock(handle: IO[bytes]) -> bool:
    assert fcntl is not None
    with contextlib.suppress(BlockingIOError):
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    return False
