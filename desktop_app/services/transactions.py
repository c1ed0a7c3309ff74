"""The catalog's sessions: reads whose failures become one-line messages, and writes in one
transaction each, tried again when another writer got in the way."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.domain.errors import CatalogError, QueryCancelled, ReadOnlyCatalogError
from desktop_app.services import cancellation
from desktop_app.services.cancellation import not_cancellable
from desktop_app.services.changes import notice
from desktop_app.storage.concurrency import WRITE_ATTEMPTS, is_retryable, lock_imports
from desktop_app.storage.engine import OpenedCatalog, failure_reason
from desktop_app.storage.generation import (
    advance_generation,
    document_generation,
    documents_changed,
)
from desktop_app.storage.notifications import announce

T = TypeVar("T")

_log = logging.getLogger(__name__)

#: PostgreSQL's codes for a role without the right (42501) and a read-only transaction (25006).
_READ_ONLY_SQLSTATES = frozenset({"42501", "25006"})


class Transactions:
    """Sessions on one open catalog; `source` names its writes in the notices they send."""

    def __init__(self, opened: OpenedCatalog, source: str) -> None:
        self._opened = opened
        self._source = source
        #: The catalog's document generation as this object's last write left it.
        self.last_written_generation = -1
        self.sessions = sessionmaker(opened.engine, expire_on_commit=False)
        event.listen(opened.engine, "before_cursor_execute", _refuse_if_cancelled)

    def require_writable(self) -> None:
        if self._opened.read_only:
            raise ReadOnlyCatalogError(
                f"{self._opened.location}: the catalog is read-only "
                f"({self._opened.read_only_reason})"
            )

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session whose database failures become CatalogError messages, never tracebacks.

        On a thread running under a cancellation token (see `services.cancellation`), its
        connection is watched by the token, and a cancelled read ends in QueryCancelled.
        """
        token = cancellation.current()
        if token is not None and token.cancelled:
            raise QueryCancelled("the read was superseded")
        session = self.sessions()
        watched = None
        try:
            if token is not None:
                watched = session.connection().connection.driver_connection
                token.attach(watched)
            yield session
        except SQLAlchemyError as error:
            session.rollback()
            if token is not None and token.cancelled:
                raise QueryCancelled("the read was superseded") from None
            raise self.failure(error) from None
        finally:
            if token is not None and watched is not None:
                token.detach(watched)
            session.close()

    def write(
        self,
        work: Callable[[Session], T],
        kind: str,
        *,
        lock: bool = False,
        document_ids: Sequence[int] = (),
    ) -> T:
        """Run `work` in one transaction that notifies listeners as it commits; its result.

        All or nothing: any failure rolls the whole transaction back. A failure that another
        writer caused (see `is_retryable`) runs `work` again from the start, a few times, after
        a short random pause that keeps two rivals from meeting again. `lock` queues the
        transaction behind other imports on PostgreSQL (see `lock_imports`).
        """
        self.require_writable()
        attempt = 0
        while True:
            attempt += 1
            session = self.sessions()
            try:
                # A write is never interrupted halfway: its transaction commits or rolls back.
                with not_cancellable(), session.begin():
                    if lock:
                        lock_imports(session)
                    result = work(session)
                    moves_documents = kind != "saved_searches"
                    if moves_documents:
                        advance_generation(session)
                    # Told before the commit, which SQLite's change feed may see at once: the feed
                    # cannot say whose a change was, and the catalog tells its own writes by the
                    # generation they leave (a rolled-back write leaves none, so misleads none).
                    self.last_written_generation = document_generation(session)
                    announce(
                        session,
                        notice(
                            self._source,
                            kind,
                            document_ids,
                            generation=self.last_written_generation if moves_documents else None,
                            changed=documents_changed(session),
                        ),
                    )
                return result
            except DBAPIError as error:
                if attempt < WRITE_ATTEMPTS and is_retryable(error):
                    _log.info(
                        "%s: another writer got in the way (%s); trying again",
                        self._opened.location,
                        type(error.orig).__name__,
                    )
                    time.sleep(random.uniform(0.05, 0.25) * attempt)
                    continue
                raise self.failure(error, rival=is_retryable(error)) from None
            except SQLAlchemyError as error:
                raise self.failure(error) from None
            finally:
                session.close()

    def failure(self, error: SQLAlchemyError, *, rival: bool = False) -> CatalogError:
        """The one-line message for a database failure, with no password in it."""
        location = self._opened.location
        reason = failure_reason(error, self._opened.url)
        original = getattr(error, "orig", None)
        if getattr(original, "sqlstate", None) in _READ_ONLY_SQLSTATES:
            return ReadOnlyCatalogError(
                f"{location}: the catalog is read-only for this database role ({reason})"
            )
        if "readonly" in reason or "read-only" in reason:
            return ReadOnlyCatalogError(f"{location}: the catalog is read-only ({reason})")
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return CatalogError(
                f"{location}: lost the connection to the database server ({reason}); "
                "nothing was changed, try again"
            )
        if rival:
            return CatalogError(
                f"{location}: other desktops kept changing the same records, so nothing "
                f"was changed; try again ({reason})"
            )
        return CatalogError(f"{location}: {reason}")


def _refuse_if_cancelled(*_arguments: Any) -> None:
    """Before each statement: a superseded read starts nothing more (see `Transactions.read`)."""
    token = cancellation.current()
    if token is not None and token.cancelled:
        raise QueryCancelled("the read was superseded")
