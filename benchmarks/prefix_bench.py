"""Do FTS5's prefix tables pay for themselves on a real vocabulary? (`-m benchmarks.prefix_bench`)

Imports the FRUS volumes of the shared data folder into a scratch catalog, then indexes their
entries (title, summary, names, places, subjects, the text) again four ways, each in a file of
its own: as the catalog does (one index, two- and three-letter prefix tables), with the
three-letter one alone, with no prefix tables, and split in two — the short fields with prefix
tables, the text without. For each:
the seconds to build it, its bytes, and the median milliseconds of prefix searches a historian
types (`kh*`, `sta*`, a name's first letters in the names column), with their match counts.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.frus_bench import FRUS
from benchmarks.timing import keep_report
from desktop_app.services.catalog import Catalog
from desktop_app.storage.fulltext import SQLITE_TABLE, TEXTS

TOKENIZER = "tokenize = 'unicode61 remove_diacritics 2'"
SHORT = tuple(name for name in TEXTS if name != "body")

#: Prefix searches over every field, and over the names alone (`author:sta` searches there).
QUERIES = (
    "kh*",
    "st*",
    "sta*",
    "sov*",
    "nuc*",
    "ber*",
    "mos*",
    "dip*",
    "names : kh*",
    "names : ru*",
)


def _entries(folder: Path) -> list[tuple[object, ...]]:
    catalog_path = folder / "frus.sqlite"
    catalog = Catalog.open(f"sqlite:///{catalog_path}")
    catalog.import_files(sorted(FRUS.glob("frus*.xml")))
    catalog.close()
    with sqlite3.connect(catalog_path) as connection:
        return connection.execute(
            f"SELECT rowid, {', '.join(TEXTS)} FROM {SQLITE_TABLE}"
        ).fetchall()


def _build(path: Path, layout: str, entries: list[tuple[object, ...]]) -> float:
    """Index the entries in a new file laid out as `layout`; the seconds it took."""
    connection = sqlite3.connect(path)
    prefix = ", prefix = '2 3'"
    if layout == "split":
        connection.execute(
            f"CREATE VIRTUAL TABLE short USING fts5({', '.join(SHORT)}, {TOKENIZER}{prefix})"
        )
        connection.execute(f"CREATE VIRTUAL TABLE own_text USING fts5(body, {TOKENIZER})")
    else:
        chosen = {"prefix": prefix, "prefix3": ", prefix = '3'"}.get(layout, "")
        connection.execute(
            f"CREATE VIRTUAL TABLE entries USING fts5({', '.join(TEXTS)}, {TOKENIZER}{chosen})"
        )
    started = time.perf_counter()
    with connection:
        if layout == "split":
            body_at = 1 + TEXTS.index("body")
            connection.executemany(
                f"INSERT INTO short(rowid, {', '.join(SHORT)}) VALUES (?{', ?' * len(SHORT)})",
                [(row[0], *(row[1 + TEXTS.index(name)] for name in SHORT)) for row in entries],
            )
            connection.executemany(
                "INSERT INTO own_text(rowid, body) VALUES (?, ?)",
                [(row[0], row[body_at]) for row in entries],
            )
        else:
            connection.executemany(
                f"INSERT INTO entries(rowid, {', '.join(TEXTS)}) VALUES (?{', ?' * len(TEXTS)})",
                entries,
            )
    elapsed = time.perf_counter() - started
    connection.execute("VACUUM")
    connection.close()
    return elapsed


def _search_ms(path: Path, layout: str, query: str, repeat: int) -> tuple[float, int]:
    """Median milliseconds to count a prefix search's matches, and the count."""
    connection = sqlite3.connect(path)
    arguments: tuple[str, ...]
    if layout == "split":
        if query.startswith("names"):
            sql, arguments = "SELECT count(*) FROM short WHERE short MATCH ?", (query,)
        else:
            # Any field: the short ones' index or the text's, as a search of both would ask.
            sql = (
                "SELECT count(*) FROM (SELECT rowid FROM short WHERE short MATCH ? "
                "UNION SELECT rowid FROM own_text WHERE own_text MATCH ?)"
            )
            arguments = (query, query)
    else:
        sql, arguments = "SELECT count(*) FROM entries WHERE entries MATCH ?", (query,)
    samples = []
    count = 0
    for _ in range(repeat + 1):
        started = time.perf_counter()
        count = int(connection.execute(sql, arguments).fetchone()[0])
        samples.append((time.perf_counter() - started) * 1000)
    connection.close()
    return statistics.median(samples[1:]), count


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.prefix_bench", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, metavar="FILE")
    arguments = parser.parse_args()
    if not FRUS.is_dir():
        raise SystemExit(f"the FRUS volumes are not in {FRUS} (the shared data folder)")
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        entries = _entries(folder)
        report["documents"] = len(entries)
        for layout in ("prefix", "prefix3", "none", "split"):
            path = folder / f"{layout}.sqlite"
            builds = [
                _build(path.with_suffix(f".{run}"), layout, entries)
                for run in range(arguments.repeat)
            ]
            path = path.with_suffix(".0")
            searches = {
                query: _search_ms(path, layout, query, arguments.repeat) for query in QUERIES
            }
            report[layout] = {
                "build_s": statistics.median(builds),
                "bytes": path.stat().st_size,
                "searches_ms": {query: ms for query, (ms, _) in searches.items()},
                "matches": {query: count for query, (_, count) in searches.items()},
            }
    print(json.dumps(report, indent=2))
    keep_report(report, arguments.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
