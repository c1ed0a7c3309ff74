"""What SQLite alone needs to store an import: `python -m benchmarks.import_floor_bench`.

Imports a CSV export of N generated documents (`--rows`, 50,000 by default) into a new catalog,
as the suite's import figure does, then stores the very same finished rows into another new
catalog with no Python at all — `INSERT … SELECT` from the first, in one transaction, with the
secondary indexes dropped and built again at the end as the importer does — and times each part:
the names and documents, the link rows, the texts, the full-text index, the indexes, the commit.
Their sum is the floor under any import on this schema; the import's own time is beside it.
Medians of `--repeat` runs of each.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.__main__ import IMPORT_COLUMNS, import_seconds
from benchmarks.catalogs import CACHE, ensure_catalog
from benchmarks.timing import keep_report
from desktop_app.services.catalog import Catalog
from desktop_app.storage.fulltext import SQLITE_TABLE, TEXTS

NAMES = ("doc_types", "places", "archives", "languages", "subjects", "tags", "people")
LINKS = (
    "document_people",
    "document_collections",
    "document_places",
    "document_subjects",
    "document_languages",
    "document_tags",
)


def floor_parts(imported: Path, empty: Path) -> dict[str, float]:
    """Seconds of each part of storing `imported`'s rows again into the catalog `empty`."""
    connection = sqlite3.connect(empty, isolation_level=None)
    connection.execute("PRAGMA cache_size=-262144")  # the importer's bulk cache
    connection.execute("ATTACH DATABASE ? AS done", (str(imported),))
    tables = [*NAMES, "person_aliases", "collections"]
    parts: dict[str, float] = {}

    def timed(part: str, *statements: str) -> None:
        started = time.perf_counter()
        for statement in statements:
            connection.execute(statement)
        parts[part] = parts.get(part, 0.0) + time.perf_counter() - started

    connection.execute("BEGIN")
    indexes = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('documents', " + ", ".join(f"'{t}'" for t in LINKS) + ")"
    ).fetchall()
    for name, _ in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    timed("names_s", *(f"INSERT INTO {t} SELECT * FROM done.{t}" for t in tables))
    timed("documents_s", "INSERT INTO documents SELECT * FROM done.documents")
    timed("links_s", *(f"INSERT INTO {t} SELECT * FROM done.{t}" for t in LINKS))
    timed("texts_s", "INSERT INTO document_texts SELECT * FROM done.document_texts")
    columns = ", ".join(TEXTS)
    timed(
        "full_text_s",
        f"INSERT INTO {SQLITE_TABLE}({SQLITE_TABLE}, rank) VALUES ('hashsize', {64 * 1024 * 1024})",
        f"INSERT INTO {SQLITE_TABLE}(rowid, {columns}) "
        f"SELECT rowid, {columns} FROM done.{SQLITE_TABLE}",
    )
    timed("indexes_s", *(sql for _, sql in indexes))
    timed("commit_s", "COMMIT")
    connection.close()
    parts["floor_s"] = sum(parts.values())
    return parts


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.import_floor_bench", description=__doc__
    )
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--documents", type=int, default=100_000, help="the generated catalog the rows come from"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, metavar="FILE")
    parser.add_argument(
        "--cache", type=Path, default=CACHE, help="where generated catalogs are kept"
    )
    arguments = parser.parse_args()
    # The records of a generated catalog of the suite's (kept, so made once).
    path, _ = ensure_catalog(max(arguments.rows, arguments.documents), 1, arguments.cache)
    report: dict[str, float] = {"rows": float(arguments.rows)}
    imports: list[float] = []
    floors: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "records.csv"
        catalog = Catalog.open(f"sqlite:///{path}")
        ids = catalog.search(limit=arguments.rows).ids
        catalog.export(source, ids=list(ids), columns=list(IMPORT_COLUMNS))
        catalog.close()
        for run in range(arguments.repeat):
            imported, empty = folder / f"imported-{run}.sqlite", folder / f"empty-{run}.sqlite"
            imports.append(import_seconds(f"sqlite:///{imported}", source))
            Catalog.open(f"sqlite:///{empty}").close()
            floors.append(floor_parts(imported, empty))
    report["import_s"] = statistics.median(imports)
    report.update({part: statistics.median(f[part] for f in floors) for part in floors[0]})
    report["import_records_per_s"] = arguments.rows / report["import_s"]
    report["floor_records_per_s"] = arguments.rows / report["floor_s"]
    print(json.dumps(report, indent=2))
    keep_report(report, arguments.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
