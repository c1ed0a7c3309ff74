"""Another desktop's changes are followed in the columns, not read again for the whole catalog.

On a PostgreSQL catalog every change's notice says which generation it left and which documents
that were there before it rewrote; a desktop that holds the columns reads only those and the new
ones. Its answers must stay exactly SQL's; where a notice cannot say (too many documents), or
one was missed, the columns are read again in whole, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from desktop_app.query.compiler import SORT_COLUMNS
from desktop_app.services.catalog import Catalog
from desktop_app.services.changes import MAX_CHANGED_IDS, CatalogChange, notice, read_notice
from desktop_app.storage.columns import (
    date_order,
    date_order_tells,
    read_columns,
    with_documents_followed,
)
from desktop_app.storage.generation import document_generation

from .test_columns import _same_answers
from .test_postgres_sharing import _wait_for

SEED = Path(__file__).resolve().parents[1] / "data" / "sino-soviet-relations-listing.txt"
QUERIES = (None, 'type:="Ciphered Telegram"', "author:o", "collection:crisis", "year:1950..1962")


@pytest.fixture
def desktops(pg_url: str) -> Iterator[tuple[Catalog, Catalog, Catalog]]:
    """One catalog on a server, opened by three: a writer (the other desktop), a watcher
    holding the columns and listening, and a reader answering from SQL alone."""
    writer = Catalog.open(pg_url)
    writer.generate(600, seed=3)
    watcher = Catalog.open(pg_url)
    watcher.keep_columns()
    assert watcher.wait_for_columns(60)
    watcher.watch_changes(lambda change: None)
    sql_only = Catalog.open(pg_url)
    yield writer, watcher, sql_only
    for catalog in (writer, watcher, sql_only):
        catalog.close()


def _followed(watcher: Catalog, follows: int) -> None:
    """Wait until the watcher's columns have followed `follows` changes and are idle."""
    assert _wait_for(lambda: watcher.describe_columns()["follows"] >= follows, 20)
    assert watcher.wait_for_columns(20)


def test_an_import_elsewhere_is_followed_with_only_the_new_documents_read(
    desktops: tuple[Catalog, Catalog, Catalog],
) -> None:
    writer, watcher, sql_only = desktops
    writer.import_files([SEED])
    _followed(watcher, 1)
    described = watcher.describe_columns()
    assert described["documents"] == 620
    assert described["reads"] == 1  # the first read only
    for query in QUERIES:
        _same_answers(watcher, sql_only, query)


def test_edits_tags_people_and_removals_elsewhere_are_followed(
    desktops: tuple[Catalog, Catalog, Catalog],
) -> None:
    writer, watcher, sql_only = desktops
    ids = list(writer.search(limit=40).ids)
    writer.edit_documents(ids[:5], {"type": "Memorandum", "date": "1961-08-13"})
    _followed(watcher, 1)
    writer.retag(ids[5:25], add=["Berlin"])
    _followed(watcher, 2)
    writer.assign("archive", ids[20:30], "Archive of the Bundestag")
    _followed(watcher, 3)
    author = writer.rows(ids[:1])[0].authors[0]
    writer.rename_person(author, "Renamed Person")
    _followed(watcher, 4)
    writer.delete_documents(ids[30:40])
    _followed(watcher, 5)
    assert watcher.describe_columns()["reads"] == 1
    assert watcher.count("type:=Memorandum") == sql_only.count("type:=Memorandum") >= 5
    assert watcher.facets("tag") == sql_only.facets("tag")
    assert watcher.count('author:"Renamed Person"') > 0
    for query in (*QUERIES, "tag:Berlin", "date:1961-08-13", "author:renamed"):
        _same_answers(watcher, sql_only, query)


def test_a_change_of_too_many_documents_is_read_again_in_whole(
    desktops: tuple[Catalog, Catalog, Catalog],
) -> None:
    writer, watcher, sql_only = desktops
    many = list(writer.search(limit=MAX_CHANGED_IDS + 50).ids)
    writer.retag(many, add=["Everything"])
    assert _wait_for(lambda: watcher.describe_columns()["reads"] == 2, 20)
    assert watcher.wait_for_columns(20)
    assert watcher.describe_columns()["follows"] == 0
    _same_answers(watcher, sql_only, "tag:Everything")


def test_a_notice_tells_the_generation_and_the_documents_rewritten() -> None:
    payload = notice("a", "edit", [4], generation=12, changed=[4, 9])
    assert read_notice(payload, "b") == CatalogChange("edit", (4,), False, 12, (4, 9))
    too_many = notice("a", "edit", generation=13, changed=list(range(MAX_CHANGED_IDS + 1)))
    assert read_notice(too_many, "b").changed is None  # unknown: read everything again
    assert read_notice(notice("a", "saved_searches"), "a").generation is None


def test_following_gives_the_columns_a_whole_read_gives(tmp_path: Path) -> None:
    """The merge itself, on SQLite: documents added, rewritten and removed since a read."""
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'catalog.sqlite'}")
    catalog.generate(300, seed=5)
    sessions = catalog._transactions.sessions
    with sessions() as session:
        before = read_columns(session, document_generation(session), {}, ())
    ids = list(catalog.search(limit=30).ids)
    catalog.retag(ids[:10], add=["Cuba"])
    catalog.edit_documents(ids[10:12], {"type": "Note", "classification": "Top Secret"})
    catalog.delete_documents(ids[20:30])
    catalog.import_files([SEED])
    with sessions() as session:
        generation = document_generation(session)
        followed = with_documents_followed(session, before, generation, ids[:12])
        whole = read_columns(session, generation, {}, ())
    catalog.close()
    assert followed is not None
    assert np.array_equal(followed.ids, whole.ids)
    assert followed.generation == whole.generation
    for name in whole.lookups:
        assert np.array_equal(followed.lookups[name], whole.lookups[name]), name
    assert np.array_equal(followed.years, whole.years)
    assert np.array_equal(followed.date_starts, whole.date_starts)
    assert np.array_equal(followed.date_ends, whole.date_ends)

    def classification(columns: object, at: int) -> str | None:
        code = int(columns.classifications[at])  # type: ignore[attr-defined]
        return None if code < 0 else columns.classification_names[code]  # type: ignore[attr-defined]

    assert [classification(followed, i) for i in range(followed.size)] == [
        classification(whole, i) for i in range(whole.size)
    ]
    for name, links in whole.links.items():
        mine = followed.links[name]
        assert sorted(zip(mine.positions.tolist(), mine.values.tolist(), strict=True)) == sorted(
            zip(links.positions.tolist(), links.values.tolist(), strict=True)
        ), name
        assert np.array_equal(mine.linked, links.linked), name
    assert followed.names == whole.names


def test_the_date_order_made_from_the_columns_is_the_databases(tmp_path: Path) -> None:
    """Dated documents of every precision, undated ones, ties: `date_order` gives exactly the
    order of `sort_date` that SQLite reads."""
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'catalog.sqlite'}")
    catalog.generate(400, seed=11)
    catalog.import_files([SEED])
    with catalog._transactions.sessions() as session:
        columns = read_columns(session, document_generation(session), SORT_COLUMNS, ("date",))
    catalog.close()
    assert date_order_tells(columns)
    assert np.array_equal(date_order(columns), columns.orders["date"])


def test_an_edit_elsewhere_keeps_the_date_order_without_reading_it(
    desktops: tuple[Catalog, Catalog, Catalog],
) -> None:
    """The watcher follows another desktop's title edit and import with the table's date order
    made in memory, not read again; its pages come in SQL's order."""
    writer, watcher, sql_only = desktops
    before = watcher.describe_columns()
    assert "date" in before["orders"]
    first = writer.search(limit=1).ids[0]
    writer.edit_documents([first], {"title": "Edited elsewhere"})
    _followed(watcher, before["follows"] + 1)
    writer.import_files([SEED])
    _followed(watcher, before["follows"] + 2)
    after = watcher.describe_columns()
    assert after["reads"] == before["reads"]
    assert after["order_reads"] == before["order_reads"]
    assert "date" in after["orders"]
    for descending in (False, True):
        assert list(watcher.search(sort="date", descending=descending).ids) == list(
            sql_only.search(sort="date", descending=descending).ids
        )
    assert watcher.rows([first])[0].title == "Edited elsewhere"


def test_a_server_that_orders_dates_otherwise_has_the_order_read(pg_url: str) -> None:
    """Where the server's collation puts the undated key (`~`) before the dated ones, the
    columns do not make the date order; they read it, and answer as SQL does."""
    from sqlalchemy import create_engine, text

    writer = Catalog.open(pg_url)
    writer.generate(300, seed=4)
    writer.close()
    engine = create_engine(pg_url)
    with engine.begin() as connection:
        # ICU's root collation puts punctuation, the undated key `~` among it, before digits.
        connection.execute(
            text(
                'ALTER TABLE documents ALTER COLUMN sort_date TYPE varchar(20) COLLATE "und-x-icu"'
            )
        )
    engine.dispose()
    watcher = Catalog.open(pg_url)
    sql_only = Catalog.open(pg_url)
    try:
        watcher.keep_columns()
        assert watcher.wait_for_columns(60)
        watcher.watch_changes(lambda change: None)
        undated_first = list(sql_only.search(sort="date").ids)
        assert sql_only.rows(undated_first[:1])[0].date_start is None
        assert list(watcher.search(sort="date").ids) == undated_first
        sql_only.edit_documents([undated_first[-1]], {"title": "Edited elsewhere"})
        assert _wait_for(lambda: watcher.describe_columns()["order_reads"] >= 2, 20)
        assert watcher.wait_for_columns(20)
        assert list(watcher.search(sort="date").ids) == list(sql_only.search(sort="date").ids)
    finally:
        watcher.close()
        sql_only.close()
