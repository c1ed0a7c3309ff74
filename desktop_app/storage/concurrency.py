"""Several writers on one catalog: inserts that tolerate a rival, a lock for imports, retries."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

#: PostgreSQL error codes after which running the whole transaction again can succeed:
#: serialization failure, deadlock, and a unique key that another writer took first.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "23505"})

#: The advisory lock that imports hold on PostgreSQL (any constant no other program uses).
IMPORT_LOCK = 0x646F7374  # "dost"

#: How many times a write transaction runs before its failure is reported.
WRITE_ATTEMPTS = 5


def insert_new(session: Session, model: Any) -> Insert:
    """`INSERT … ON CONFLICT DO NOTHING` for `model`'s table, in the session's own dialect.

    A name that another writer added since it was looked up is then no error: the insert
    returns no row, and the caller reads the rival's id. PostgreSQL waits for the rival's
    transaction to end before it decides, so the row is there to be read.
    """
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    return sqlite.insert(model).on_conflict_do_nothing()


def lock_imports(session: Session) -> None:
    """Queue this transaction behind any other import into the catalog (PostgreSQL only).

    Imports look up what the catalog holds and then add what is new; two at once would both
    find a collection missing and both add it (collections have no unique key, as two may
    share a title under different parents). Held until the transaction ends; readers and
    single edits do not take it. SQLite lets one writer in at a time anyway.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({IMPORT_LOCK})")


def is_retryable(error: DBAPIError) -> bool:
    """Whether a failed write transaction may succeed if run again from the start.

    On PostgreSQL, a serialization failure, a deadlock or a rival's unique key; on SQLite, a
    file that another program kept locked for longer than the busy timeout.
    """
    original = error.orig
    if getattr(original, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(original)
