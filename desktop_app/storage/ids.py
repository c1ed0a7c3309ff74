"""Fetching long lists of document ids without per-row overhead."""

from __future__ import annotations

from array import array
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session

from desktop_app.storage.driver import driver_cursor

#: Rows fetched at a time. The driver holds the interpreter while it makes a batch of rows, and
#: the window's GUI thread waits meanwhile: 50,000 rows at once stalled it for 30–60 ms.
FETCH_ROWS = 5_000


def fetch_ids(session: Session, statement: Select[Any]) -> array[int]:
    """The first column of `statement` as a compact array of ints.

    A search may return a million ids; SQLAlchemy's result rows cost about a microsecond each,
    the driver's cursor a tenth of that, and an array holds them in 8 bytes apiece.
    """
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect)
    parameters: Any
    if compiled.positional:
        parameters = tuple(compiled.params[name] for name in compiled.positiontup or ())
    else:
        parameters = compiled.params
    with driver_cursor(connection, str(compiled), parameters) as cursor:
        cursor.execute(str(compiled), parameters)
        found: array[int] = array("q")
        while rows := cursor.fetchmany(FETCH_ROWS):
            found.extend(row[0] for row in rows)
        return found
