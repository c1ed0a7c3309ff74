"""Runs the benchmark suite: `python -m benchmarks --documents N [--database URL] --json FILE`.

Builds (once) a generated catalog of N documents — an SQLite file in `.benchmarks/`, or with
`--database postgresql://…` in that PostgreSQL database — measures each figure of PRODUCT.md §9
as a median of repeated runs, prints a table against the targets and writes every figure to JSON
with the machine's core count and the Python, SQLite, PostgreSQL and Qt versions. Run as root, it
also measures start-up, a first page, a facet click and a scroll jump from an empty page cache.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import desktop_app
from benchmarks import postgres
from benchmarks.catalogs import CACHE, ensure_catalog
from benchmarks.cold import can_drop_page_cache, drop_page_cache, read_through
from benchmarks.export_bench import export_figures
from benchmarks.timing import keep_report, median_ms
from desktop_app.domain.columns import DEFAULT_EXPORT_COLUMNS
from desktop_app.query.editing import without_field
from desktop_app.query.facets import FACET_FIELDS
from desktop_app.query.parser import parse
from desktop_app.services.catalog import Catalog

#: Each figure, its target at a million documents, and whether lower is better.
TARGETS: dict[str, tuple[float, bool]] = {
    "generate_s": (120, True),
    "startup_to_rows_ms": (1500, True),
    "search_selective_ms": (150, True),
    "search_broad_ms": (150, True),
    "facet_click_ms": (150, True),
    "facet_counts_ms": (250, True),
    "sort_ms": (300, True),
    "scroll_jump_ms": (30, True),
    "cold_startup_to_rows_ms": (1500, True),
    "cold_first_page_ms": (150, True),
    "cold_facet_click_ms": (150, True),
    "cold_scroll_jump_ms": (100, True),
    "timeline_bins_ms": (250, True),
    "timeline_paint_ms": (16, True),
    "max_gui_stall_ms": (100, True),
    "export_ratio": (1.5, True),
    "import_records_per_s": (20_000, False),
    "rss_mb": (500, True),
}

BROAD_QUERY = 'type:="Ciphered Telegram"'
#: How many records the import figure reads: enough for a steady rate, bounded in time.
IMPORT_SAMPLE = 50_000
IMPORT_COLUMNS = (
    "date",
    "title",
    "type",
    "number",
    "authors",
    "recipients",
    "origin",
    "collections",
    "record_id",
    "languages",
    "archive",
    "summary",
    "places",
    "subjects",
    "classification",
)
FACET_QUERY = "type:=Letter"


def python_loop_ms() -> float:
    """The same pure-Python loop each run (ten million additions): how fast the machine was
    that day, so that figures measured on different days can be read side by side."""

    def loop() -> None:
        total = 0
        for number in range(10_000_000):
            total += number

    return median_ms(loop, repeat=3)


def selective_word(catalog: Catalog, documents: int) -> str:
    """A summary word found in about 0.1 % of the documents (0.05–0.3 %)."""
    low, high = max(1, documents // 2000), max(2, documents * 3 // 1000)
    sample = catalog.rows(catalog.search(limit=200).ids)
    seen: set[str] = set()
    for row in sample:
        detail = catalog.detail(row.id)
        for word in detail.summary.lower().strip(".").split() if detail else []:
            if word in seen or len(word) < 5:
                continue
            seen.add(word)
            if low <= catalog.count(word) <= high:
                return word
    return sample[0].title.split()[-1].lower()


def facet_counts_ms(catalog: Catalog, query: str, repeat: int) -> float:
    """Every facet section recomputed under a filter, two at a time as the window does."""
    node = parse(query)

    def all_sections() -> None:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(
                pool.map(
                    lambda field: catalog.facets(field, without_field(node, field), limit=50),
                    FACET_FIELDS,
                )
            )

    return median_ms(all_sections, repeat)


def timeline_bins_ms(catalog: Catalog, repeat: int) -> float:
    """Year bins of a new filtered result (each query new, so no cached intervals help)."""
    types = [value.value for value in catalog.facets("type") if value.value][: repeat + 1]
    samples = []
    for doc_type in types:
        started = time.perf_counter()
        catalog.timeline(f'type:="{doc_type}"', "year")
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples[1:] or samples)


def import_figures(catalog: Catalog, documents: int, database: str) -> dict[str, float]:
    """Records per second importing a CSV export of (up to) IMPORT_SAMPLE documents into a new
    catalog of the same kind; on PostgreSQL with `COPY` of the imported rows as the floor."""
    count = min(documents, IMPORT_SAMPLE)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "records.csv"
        ids = catalog.search(limit=count).ids
        catalog.export(source, ids=list(ids), columns=list(IMPORT_COLUMNS))
        if not database.startswith("postgresql"):
            return {
                "import_records": count,
                "import_records_per_s": count
                / import_seconds(f"sqlite:///{Path(folder) / 'imported.sqlite'}", source),
            }
        with postgres.scratch_database(database, "import") as target:
            elapsed = import_seconds(target, source)
            floor = postgres.copy_floor_s(target)
        return {
            "import_records": count,
            "import_records_per_s": count / elapsed,
            "import_copy_floor_records_per_s": count / floor,
        }


def import_seconds(database: str, source: Path) -> float:
    """Seconds to import the CSV file `source` into the catalog at `database`."""
    target = Catalog.open(database)
    try:
        started = time.perf_counter()
        target.import_files([source], file_format="csv")
        return time.perf_counter() - started
    finally:
        target.close()


def startup_ms(database: str, repeat: int, cold: bool = False) -> float:
    """Median milliseconds from a new process to the window's first rows painted; `cold`: each
    from an empty page cache.

    Dossier's own modules are compiled first, as an installed Dossier's are (pip compiles them
    on install): where PYTHONDONTWRITEBYTECODE is set, an editable checkout never keeps them
    compiled, and each start would compile them anew (a second of it on the project's machine).
    """
    compileall.compile_dir(Path(desktop_app.__file__).parent, quiet=1)
    samples = []
    for _ in range(repeat):
        if cold:
            drop_page_cache()
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.startup_bench", database],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = (time.perf_counter() - started) * 1000
        child.wait()
        if line.strip() != "rows":
            raise RuntimeError("the window did not show rows")
        samples.append(elapsed)
    return statistics.median(samples)


#: Window processes run, each figure their median: from one process to the next the same
#: figures differed by half (a scroll jump of 17 and 34 ms, a peak of 461 and 500 MB).
WINDOW_RUNS = 3


def window_figures(database: str, selective: str, repeat: int, cold: bool) -> dict[str, float]:
    """The window's figures (`benchmarks.window_bench`), each the median of `WINDOW_RUNS`
    processes' medians; the cold ones from the last process only (a dropped page cache would
    leave the next processes partly cold)."""
    runs: list[dict[str, float]] = []
    for run in range(WINDOW_RUNS):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.window_bench",
                database,
                "--selective",
                selective,
                "--broad",
                BROAD_QUERY,
                "--facet",
                FACET_QUERY,
                "--repeat",
                str(repeat),
                *(["--cold"] if cold and run == WINDOW_RUNS - 1 else []),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    names = dict.fromkeys(name for run in runs for name in run)  # the cold ones are the last's
    return {name: statistics.median(run[name] for run in runs if name in run) for name in names}


def _versions(database: str) -> dict[str, str]:
    import PySide6
    from PySide6.QtCore import qVersion

    versions = {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
    }
    if database.startswith("postgresql"):
        versions["postgresql"] = postgres.server_version(database)
    return versions


def catalog_bytes(database: str, path: Path | None) -> int:
    """The catalog's size on disk: the SQLite file with its write-ahead log, or the database."""
    if path is None:
        return postgres.database_bytes(database)
    return sum(
        part.stat().st_size for part in (path, path.with_name(path.name + "-wal")) if part.exists()
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, metavar="FILE")
    parser.add_argument(
        "--cache", type=Path, default=CACHE, help="where generated catalogs are kept"
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="a PostgreSQL database to generate the catalog in and measure (postgresql://…)",
    )
    arguments = parser.parse_args()

    figures: dict[str, float] = {"python_loop_ms": python_loop_ms()}
    path: Path | None = None
    if arguments.database:
        database = arguments.database
        generated_s = postgres.ensure_postgres_catalog(
            database, arguments.documents, arguments.seed
        )
    else:
        path, generated_s = ensure_catalog(arguments.documents, arguments.seed, arguments.cache)
        database = f"sqlite:///{path}"
    catalog = Catalog.open(database)
    if generated_s is not None:
        figures["generate_s"] = generated_s
    # As the window does on opening: the columns are read in the background, then kept.
    started = time.perf_counter()
    catalog.keep_columns()
    if not catalog.wait_for_columns(600):
        raise RuntimeError("the catalog's columns could not be read")
    figures["columns_read_s"] = time.perf_counter() - started
    figures["columns_mb"] = float(catalog.describe_columns()["megabytes"])
    documents = catalog.count()
    figures["bytes_per_document"] = catalog_bytes(database, path) / max(documents, 1)
    selective = selective_word(catalog, documents)
    cold = can_drop_page_cache()
    if not cold:
        print("cold figures not measured: the page cache can be dropped only by root")
    if path is not None:
        read_through(path)
    figures["startup_to_rows_ms"] = startup_ms(database, arguments.repeat)
    figures["facet_counts_ms"] = facet_counts_ms(catalog, BROAD_QUERY, arguments.repeat)
    figures["timeline_bins_ms"] = timeline_bins_ms(catalog, arguments.repeat)
    # The window's warm figures come before any cold one: a dropped page cache would leave
    # the catalog's pages to be read from disk again by the warm figures after it.
    figures.update(window_figures(database, selective, arguments.repeat, cold))
    if cold:
        figures["cold_startup_to_rows_ms"] = startup_ms(database, arguments.repeat, cold=True)
    columns = list(DEFAULT_EXPORT_COLUMNS)
    if path is None:
        figures.update(postgres.export_figures(database, columns))
    elif shutil.which("sqlite3") is None:
        print("export_ratio not measured: the sqlite3 program is missing (apt-get install sqlite3)")
    else:
        figures.update(export_figures(path, columns, repeat=1))
    figures.update(import_figures(catalog, documents, database))

    report = {
        "documents": documents,
        "selective_query": selective,
        "selective_matches": catalog.count(selective),
        "broad_query": BROAD_QUERY,
        "catalog": "postgresql" if path is None else "sqlite",
        "cores": os.cpu_count(),
        "versions": _versions(database),
        "figures": figures,
    }
    catalog.close()
    _print_table(report)
    keep_report(report, arguments.json)
    return 0


def _print_table(report: dict[str, object]) -> None:
    figures = report["figures"]
    assert isinstance(figures, dict)
    print(f"\n{report['documents']:,} documents · {report['cores']} cores · {report['versions']}")
    print(f"selective query: {report['selective_query']} ({report['selective_matches']} matches)")
    print(f"{'figure':<24}{'median':>12}{'target':>12}  ")
    for name, value in figures.items():
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            limit, lower_is_better = target
            met = value <= limit if lower_is_better else value >= limit
            verdict = "met" if met else "MISSED"
            print(f"{name:<24}{value:>12.1f}{limit:>12,g}  {verdict}")
        else:
            print(f"{name:<24}{value:>12.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
