"""The batch writer's bulk path: a large import into an empty catalog, its indexes and people."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import CatalogError
from desktop_app.domain.records import Credit, DocumentRecord, ImportBatch, PersonName, Role
from desktop_app.services.catalog import Catalog
from desktop_app.storage.writer import BatchWriter


def _indexes(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as connection:
        return dict(
            connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            ).fetchall()
        )


def _letters(count: int, *, broken_at: int | None = None) -> list[DocumentRecord]:
    people = [PersonName(f"Writer {n % 7}", (f"Pen {n % 7}",)) for n in range(count)]
    return [
        DocumentRecord(
            title="Broken" if n == broken_at else f"Letter {n}",
            date=parse_date(f"{1940 + n % 20}"),
            record_id=str(n),
            doc_type="Letter",
            origin=f"Town {n % 3}",
            places=(f"Town {n % 5}",),
            credits=(Credit(people[n], Role.AUTHOR), Credit(people[-1 - n], Role.RECIPIENT)),
            collections=("Letters",),
            languages=("Russian",),
        )
        for n in range(count)
    ]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "catalog.sqlite"


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine sends while the test runs, in order."""
    sent: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", record)
    yield sent
    event.remove(Engine, "before_cursor_execute", record)


def _first(statements: list[str], beginning: str) -> int:
    return next(n for n, statement in enumerate(statements) if statement.startswith(beginning))


def _last(statements: list[str], beginning: str) -> int:
    return max(n for n, statement in enumerate(statements) if statement.startswith(beginning))


def test_a_large_import_into_an_empty_catalog_keeps_every_index(
    path: Path, statements: list[str]
) -> None:
    catalog = Catalog.open(f"sqlite:///{path}")
    before = _indexes(path)
    count = BatchWriter.CHUNK * 2 + 3
    statements.clear()
    catalog.import_batches([ImportBatch("test", documents=tuple(_letters(count)))])
    # The indexes are dropped before the first document is written and built once after the
    # last, rather than kept sorted row by row: what makes a large first import fast.
    first_insert = _first(statements, "INSERT INTO documents ")
    last_insert = _last(statements, "INSERT INTO documents ")
    assert _first(statements, "DROP INDEX") < first_insert
    assert _last(statements, "CREATE INDEX") > last_insert
    rebuilt = {
        statement.split()[2] for statement in statements if statement.startswith("CREATE INDEX")
    }
    assert rebuilt <= set(before)
    assert {"ix_documents_sort_date", "ix_document_people_person_role"} <= rebuilt
    assert _indexes(path) == before
    assert catalog.count() == count
    assert catalog.count("author:writer") == count
    assert catalog.count("type:=Letter origin:town") == count
    catalog.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_failed_large_import_leaves_the_catalog_with_its_indexes(path: Path) -> None:
    catalog = Catalog.open(f"sqlite:///{path}")
    before = _indexes(path)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.title = 'Broken' "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    letters = _letters(BatchWriter.CHUNK * 2, broken_at=BatchWriter.CHUNK + 1)
    with pytest.raises(CatalogError, match="disk full"):
        catalog.import_batches([ImportBatch("test", documents=tuple(letters))])
    assert catalog.count() == 0
    assert _indexes(path) == before
    catalog.close()


def test_people_named_several_ways_in_one_chunk_are_added_once(path: Path) -> None:
    catalog = Catalog.open(f"sqlite:///{path}")
    stalin = PersonName("Joseph Stalin", ("Filippov",))
    letters = [
        DocumentRecord(
            title=f"Telegram {n}",
            date=parse_date("1950"),
            credits=(Credit(person, Role.AUTHOR),),
        )
        for n, person in enumerate(
            [
                PersonName("Filippov"),
                stalin,
                PersonName("Stalin, Joseph"),
                PersonName("Fyn Si", ("Filippov",)),
            ]
        )
    ]
    catalog.import_batches([ImportBatch("test", documents=tuple(letters))])
    # `Filippov` comes first and becomes a person; every later form names him by an alias.
    assert {value.value: value.count for value in catalog.facets("author")} == {"Filippov": 4}
    catalog.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT name FROM people").fetchall() == [("Filippov",)]
