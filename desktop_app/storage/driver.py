"""The driver's own cursor, for the few reads and writes where SQLAlchemy's rows cost too much.

A million ids, a page of export rows and PostgreSQL's `COPY` go through the driver directly;
its errors still come as SQLAlchemy's would, so that callers tell a superseded read
(interrupted), a lost connection or a rival's unique key from a bug, as for every statement.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError


@contextmanager
def driver_cursor(connection: Connection, statement: str, parameters: Any = None) -> Iterator[Any]:
    """A cursor of the connection's driver, in its transaction, closed on leaving; an error of
    the driver inside is raised as SQLAlchemy's `DBAPIError` for `statement`."""
    driver = connection.connection.driver_connection
    assert driver is not None, "a connection of a live pool has its driver's connection"
    driver_error = connection.dialect.loaded_dbapi.Error
    cursor = driver.cursor()
    try:
        yield cursor
    except driver_error as error:
        raise DBAPIError.instance(statement, parameters, error, driver_error) from None
    finally:
        cursor.close()


def copy_rows(connection: Connection, statement: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """Stream rows into a PostgreSQL `COPY … FROM STDIN` statement within the connection's
    transaction: psycopg 3's own copy, which adapts each value as it adapts a parameter."""
    with driver_cursor(connection, statement) as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
