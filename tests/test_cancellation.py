"""A superseded read is stopped: mid-statement, or before its next statement."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from desktop_app.domain.errors import QueryCancelled
from desktop_app.services.cancellation import Cancellation, cancellable
from desktop_app.services.catalog import Catalog

#: Never ends on its own: counts an endless recursive sequence.
ENDLESS_SQLITE = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
)


def _run_in_thread(work: object) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def target() -> None:
        try:
            work()  # type: ignore[operator]
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, errors


def test_a_running_sqlite_statement_is_interrupted(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "any.sqlite", check_same_thread=False)
    token = Cancellation()
    token.attach(connection)
    thread, errors = _run_in_thread(lambda: connection.execute(ENDLESS_SQLITE).fetchall())
    time.sleep(0.2)
    assert thread.is_alive()
    started = time.perf_counter()
    token.cancel()
    thread.join(10)
    assert not thread.is_alive() and time.perf_counter() - started < 5
    assert isinstance(errors[0], sqlite3.OperationalError) and "interrupt" in str(errors[0])


def test_a_connection_given_back_is_not_interrupted_later(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "any.sqlite", check_same_thread=False)
    token = Cancellation()
    token.attach(connection)
    token.detach(connection)
    token.cancel()
    assert connection.execute("SELECT 1").fetchone() == (1,)


def test_a_cancelled_reader_starts_no_more_queries(seed_catalog: Catalog) -> None:
    """A task that keeps reading stops at its next statement once its token is cancelled."""
    token = Cancellation()
    counted: list[int] = []

    def keep_reading() -> None:
        with cancellable(token):
            while True:
                counted.append(seed_catalog.count("author:Stalin"))

    thread, errors = _run_in_thread(keep_reading)
    time.sleep(0.2)
    token.cancel()
    thread.join(10)
    assert not thread.is_alive()
    assert counted and set(counted) == {5}
    assert isinstance(errors[0], QueryCancelled)
    # The catalog, and its pooled connections, serve the next reader as before.
    assert seed_catalog.count("author:Stalin") == 5
    assert seed_catalog.search("armistice").total == 3


def test_writes_are_never_interrupted(seed_catalog: Catalog) -> None:
    token = Cancellation()
    token.cancel()
    with cancellable(token):
        seed_catalog.save_search("Stalin's", "author:Stalin")
        with pytest.raises(QueryCancelled):
            seed_catalog.count()
    assert [search.name for search in seed_catalog.saved_searches()] == ["Stalin's"]


@pytest.mark.postgres
def test_a_running_postgresql_statement_is_cancelled(pg_url: str) -> None:
    import psycopg
    from sqlalchemy import make_url

    url = make_url(pg_url)
    connection = psycopg.connect(
        host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True
    )
    token = Cancellation()
    token.attach(connection)
    thread, errors = _run_in_thread(lambda: connection.execute("SELECT pg_sleep(60)"))
    time.sleep(0.3)
    started = time.perf_counter()
    token.cancel()
    thread.join(15)
    assert not thread.is_alive() and time.perf_counter() - started < 10
    assert isinstance(errors[0], psycopg.errors.QueryCanceled)
    token.detach(connection)
    connection.close()


def test_an_interrupted_fetch_of_ids_fails_as_any_statement_does(tmp_path: Path) -> None:
    """The ids of a search are read from the driver's cursor; interrupted, they fail as an
    SQLAlchemy statement would, so that the catalog tells a superseded read from a bug."""
    from sqlalchemy import Integer, create_engine, select, text
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from desktop_app.storage.ids import fetch_ids

    engine = create_engine(f"sqlite:///{tmp_path / 'any.sqlite'}")
    endless = (
        text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c")
        .columns(x=Integer)
        .subquery()
    )
    with Session(engine) as session:
        token = Cancellation()
        token.attach(session.connection().connection.driver_connection)
        thread, errors = _run_in_thread(lambda: fetch_ids(session, select(endless.c.x)))
        time.sleep(0.3)
        token.cancel()
        thread.join(10)
    engine.dispose()
    assert not thread.is_alive()
    assert isinstance(errors[0], OperationalError) and "interrupted" in str(errors[0])
