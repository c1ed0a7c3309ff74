"""Stopping a catalog read that nobody waits for any more, from another thread.

The window runs reads on worker threads; when a newer request supersedes one, its result would
be dropped anyway, so its query is stopped rather than left to hold a core and a connection.
A worker runs its call inside `cancellable(token)`; every session the catalog opens on that
thread registers its database connection with the token, and `token.cancel()` interrupts the
statement running there (SQLite's `interrupt`, PostgreSQL's cancel request) and refuses the
next. Writes are never interrupted: `Catalog` runs them under `not_cancellable()`.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from typing import Any

_log = logging.getLogger(__name__)
_current = threading.local()


class Cancellation:
    """A token one task's reads watch; `cancel()` may be called from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._connections: list[Any] = []

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """Stop the statement running for this token, and any it would start."""
        with self._lock:
            self._cancelled = True
            for connection in self._connections:
                self._interrupt(connection)

    def attach(self, connection: Any) -> None:
        """Watch a driver connection while the token's task uses it."""
        with self._lock:
            self._connections.append(connection)
            if self._cancelled:
                self._interrupt(connection)

    def detach(self, connection: Any) -> None:
        """Stop watching a connection, before it goes back to the pool for other work.

        Interrupts happen under the same lock, so none reaches the connection's next user.
        """
        with self._lock, contextlib.suppress(ValueError):
            self._connections.remove(connection)

    def _interrupt(self, connection: Any) -> None:
        # sqlite3's interrupt is meant to be called from another thread, and only sets a flag.
        # psycopg's cancel request opens a connection of its own to the server, which may take
        # a moment: it is sent from a thread of its own, still under the lock.
        if hasattr(connection, "interrupt"):
            connection.interrupt()
        elif hasattr(connection, "cancel_safe"):
            threading.Thread(target=self._cancel_on_server, args=(connection,), daemon=True).start()

    def _cancel_on_server(self, connection: Any) -> None:
        with self._lock:
            if connection not in self._connections:
                return  # the query ended meanwhile: its connection may already serve another
            try:
                connection.cancel_safe(timeout=5.0)
            except Exception as error:  # the query runs to its end; its result is dropped
                _log.info("could not cancel a superseded query: %s", error)


def current() -> Cancellation | None:
    """The token of the task running on this thread, if any."""
    token: Cancellation | None = getattr(_current, "token", None)
    return token


@contextlib.contextmanager
def cancellable(token: Cancellation) -> Iterator[None]:
    """Run the block's catalog reads under `token`."""
    previous = current()
    _current.token = token
    try:
        yield
    finally:
        _current.token = previous


@contextlib.contextmanager
def not_cancellable() -> Iterator[None]:
    """Run the block (a write) out of reach of the thread's token."""
    previous = current()
    _current.token = None
    try:
        yield
    finally:
        _current.token = previous
