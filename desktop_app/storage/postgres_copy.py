"""PostgreSQL's `COPY … FROM STDIN`: the fastest way to add many rows, used by bulk writes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError


def copy_rows(connection: Connection, statement: str, rows: Iterable[tuple[Any, ...]]) -> None:
    """Stream rows into a `COPY … FROM STDIN` statement within the connection's transaction.

    psycopg 3's own copy, which adapts each value as it adapts a parameter. Its errors come as
    SQLAlchemy's, as a statement's would: a rival's unique key is then run again, a lost
    connection told as such.
    """
    driver = connection.connection.driver_connection
    assert driver is not None, "a connection of a live pool has its driver's connection"
    driver_error = connection.dialect.loaded_dbapi.Error
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except driver_error as error:
        raise DBAPIError.instance(statement, None, error, driver_error) from None
