"""What each secondary index of a catalog costs and what it buys: `-m benchmarks.index_bench`.

On a copy of the generated catalog of `--documents` documents (SQLite), for every secondary
index of the documents and link tables: its bytes (SQLite's `dbstat`), and the median
milliseconds of the statement Dossier runs that it serves, with the index and after it was
dropped (then it is built again, and the seconds that took are its share of an import's or a
generation's indexing). The statements are those SQL answers while the window's columns are
not read, or for what the columns cannot answer: the table's first page in a column's order
and the columns' read of that order, a facet value's documents and the counts of a field's
values, a year's documents on the timeline. The indexes of the names tables (a few thousand
rows) are left out.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.catalogs import CACHE, ensure_catalog
from benchmarks.timing import keep_report, median_ms

#: The tables whose indexes grow with the documents.
TABLES = (
    "documents",
    "document_collections",
    "document_languages",
    "document_people",
    "document_places",
    "document_subjects",
    "document_tags",
)


#: A statement and its parameters.
Statement = tuple[str, tuple[object, ...]]


def _served(
    connection: sqlite3.Connection, table: str, columns: list[str], where: str | None
) -> dict[str, Statement]:
    """The statements an index on `table`'s `columns` serves, by what they are for. Names of
    tables and columns come from the catalog's own schema; values go in as parameters."""
    first = columns[0]
    if first.startswith("sort_"):
        return {
            "first page in this order": (
                f"SELECT id FROM documents ORDER BY {first}, id LIMIT 50",
                (),
            ),
            "the whole order, as the columns read it": (
                f"SELECT id FROM documents ORDER BY {first}, id",
                (),
            ),
        }
    if first == "date_start" and where is not None:
        # The partial index of dates across years: the timeline's count of such intervals.
        return {
            "intervals across years (timeline)": (
                f"SELECT date_start, date_end, count(*) FROM documents WHERE {where} "
                "AND date_start <= ? AND date_end >= ? GROUP BY date_start, date_end",
                ("1956-12-31", "1956-01-01"),
            ),
        }
    if first == "date_start":
        return {
            "a year's documents (timeline)": (
                "SELECT count(*) FROM documents WHERE date_start <= ? AND date_end >= ?",
                ("1956-12-31", "1956-01-01"),
            ),
        }
    key = "id" if table == "documents" else "document_id"
    value = _middle_value(connection, table, first)
    return {
        "a facet value's documents": (
            f"SELECT {key} FROM {table} WHERE {first} = ?",
            (value,),
        ),
        "every value's count (SQL facet counts)": (
            f"SELECT {first}, count(*) FROM {table} GROUP BY {first}",
            (),
        ),
    }


def _middle_value(connection: sqlite3.Connection, table: str, column: str) -> object:
    """A value of `column` of middling frequency: neither the most common nor a rare one."""
    counted = connection.execute(
        f"SELECT {column}, count(*) AS n FROM {table} WHERE {column} IS NOT NULL "
        f"GROUP BY {column} ORDER BY n DESC"
    ).fetchall()
    return counted[len(counted) // 4][0] if counted else None


def _indexes(connection: sqlite3.Connection) -> list[tuple[str, str, str, list[str]]]:
    """Each secondary index of `TABLES`: its name, table, definition and columns."""
    found = []
    for name, table, sql in connection.execute(
        "SELECT name, tbl_name, sql FROM sqlite_master "
        "WHERE type = 'index' AND sql IS NOT NULL ORDER BY tbl_name, name"
    ):
        if table in TABLES:
            columns = [row[2] for row in connection.execute(f"PRAGMA index_info({name})")]
            found.append((name, table, sql, columns))
    return found


def _sizes(connection: sqlite3.Connection) -> dict[str, int]:
    return dict(connection.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"))


def _timed_statements(
    connection: sqlite3.Connection, statements: dict[str, Statement], repeat: int
) -> dict[str, float]:
    def run(statement: Statement) -> Callable[[], object]:
        return lambda: connection.execute(*statement).fetchall()

    return {purpose: median_ms(run(statement), repeat) for purpose, statement in statements.items()}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.index_bench", description=__doc__)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--json", type=Path, metavar="FILE")
    arguments = parser.parse_args()
    source, _ = ensure_catalog(arguments.documents, arguments.seed, arguments.cache)
    report: dict[str, object] = {"documents": arguments.documents}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.sqlite"
        shutil.copyfile(source, path)
        connection = sqlite3.connect(path)
        sizes = _sizes(connection)
        report["file_bytes"] = path.stat().st_size
        indexes = {}
        for name, table, sql, columns in _indexes(connection):
            where = sql.split(" WHERE ", 1)[1] if " WHERE " in sql else None
            statements = _served(connection, table, columns, where)
            with_index = _timed_statements(connection, statements, arguments.repeat)
            connection.execute(f"DROP INDEX {name}")
            without = _timed_statements(connection, statements, arguments.repeat)
            started = time.perf_counter()
            connection.execute(sql)
            built_s = time.perf_counter() - started
            indexes[name] = {
                "bytes": sizes.get(name, 0),
                "build_s": built_s,
                "ms_with": with_index,
                "ms_without": without,
            }
            print(
                f"{name:42} {sizes.get(name, 0) / 1e6:7.1f} MB  built in {built_s:5.2f} s  "
                + "  ".join(
                    f"{purpose}: {with_index[purpose]:.1f} / {without[purpose]:.1f} ms"
                    for purpose in statements
                ),
                flush=True,
            )
        connection.close()
        report["indexes"] = indexes
    keep_report(report, arguments.json)
    print(json.dumps({"file_bytes": report["file_bytes"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
