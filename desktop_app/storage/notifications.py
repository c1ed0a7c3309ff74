"""News of changes made by other programs: PostgreSQL's LISTEN/NOTIFY, SQLite's data version.

Writers announce a change inside their own transaction (`announce`), so the news goes out when
the change is committed and never for a change rolled back. A `ChangeFeed` waits for the news
on a connection of its own, apart from the engine's pool.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from desktop_app.domain.errors import CatalogError
from desktop_app.storage.engine import (
    display_url,
    failure_reason,
    postgresql_connect_args,
    sqlite_path,
)

#: The PostgreSQL channel that Dossier's writers notify and its windows listen on.
CHANNEL = "dossier_changes"

#: PostgreSQL refuses a notification payload of 8,000 bytes or more.
MAX_PAYLOAD = 7900


def announce(session: Session, payload: str) -> None:
    """Tell the catalog's listeners about this transaction's change when it commits.

    PostgreSQL only: an SQLite feed notices any commit through the file's data version, so
    there is nothing to send.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(select(func.pg_notify(CHANNEL, payload[:MAX_PAYLOAD])))


class ChangeFeed(Protocol):
    """A connection that waits for changes; used by one thread at a time."""

    def wait(self, timeout: float) -> list[str]:
        """Payloads that arrived within `timeout` seconds, empty when none did.

        SQLite's feed gives one empty payload for any change. Raises the driver's error when
        the connection is lost.
        """
        ...

    def close(self) -> None: ...


def open_feed(engine: Engine, *, poll_interval: float = 1.0) -> ChangeFeed:
    """A feed on the engine's catalog; CatalogError if the database cannot be reached."""
    path = sqlite_path(engine.url)
    try:
        if engine.dialect.name == "postgresql":
            return _PostgresFeed(engine)
        if engine.dialect.name == "sqlite" and path is not None:
            return _SqliteFeed(str(path), poll_interval)
    # psycopg's errors, sqlite3's and the operating system's have no common base but this.
    except Exception as error:
        raise CatalogError(
            f"{display_url(engine.url)}: cannot listen for changes: "
            f"{failure_reason(error, engine.url)}"
        ) from None
    return _SilentFeed()


class _PostgresFeed:
    """`LISTEN dossier_changes` on an autocommit connection (notifications need no transaction)."""

    def __init__(self, engine: Engine) -> None:
        import psycopg  # loaded only when a PostgreSQL catalog is watched, never for SQLite

        arguments, parameters = engine.dialect.create_connect_args(engine.url)
        parameters.pop("context", None)  # SQLAlchemy's own adapters, not a libpq setting
        self._connection: psycopg.Connection[Any] = psycopg.connect(
            *arguments, **{**postgresql_connect_args(engine.url), **parameters}, autocommit=True
        )
        self._connection.execute(f"LISTEN {CHANNEL}")

    def wait(self, timeout: float) -> list[str]:
        # Back as soon as one arrives; any others in the same packet come along.
        notices = self._connection.notifies(timeout=timeout, stop_after=1)
        return [notice.payload for notice in notices]

    def close(self) -> None:
        self._connection.close()


class _SqliteFeed:
    """Polls `PRAGMA data_version`, which changes when another connection commits to the file.

    A read costs microseconds, so polling once a second is cheaper than any file watcher.
    """

    def __init__(self, path: str, poll_interval: float) -> None:
        self._poll_interval = poll_interval
        # A URI with its characters escaped: a `?` or `#` in a folder's name stays a name.
        uri = Path(path).absolute().as_uri() + "?mode=ro"
        self._connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._version = self._data_version()

    def _data_version(self) -> int:
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def wait(self, timeout: float) -> list[str]:
        deadline = time.monotonic() + timeout
        while True:
            version = self._data_version()
            if version != self._version:
                self._version = version
                return [""]
            left = deadline - time.monotonic()
            if left <= 0:
                return []
            time.sleep(min(self._poll_interval, left))

    def close(self) -> None:
        self._connection.close()


class _SilentFeed:
    """An in-memory catalog: no other program can change it."""

    def wait(self, timeout: float) -> list[str]:
        time.sleep(timeout)
        return []

    def close(self) -> None:
        pass
