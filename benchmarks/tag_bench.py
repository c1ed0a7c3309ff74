"""Tagging in bulk: `python -m benchmarks.tag_bench --documents N [--rows R] [--repeat K]`.

On a copy of a generated catalog of N documents (kept in `.benchmarks/`), tags R documents at
once (100,000 by default; every document of a small catalog) the two ways the catalog is asked:
by a query (`dossier tag`) and by the ids of a selection (the window), each followed by its
undo; medians of K runs. The copy keeps the cached catalog as it was generated.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.catalogs import CACHE, ensure_catalog
from desktop_app.domain.edits import LinkChange
from desktop_app.services.catalog import Catalog


def _seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _query_of_about(catalog: Catalog, rows: int) -> str:
    """`date:..YEAR`, the first year by which about `rows` documents are dated."""
    for year in range(1917, 1992):
        query = f"date:..{year}"
        if catalog.count(query) >= rows:
            return query
    return ""


def run(documents: int, rows: int, repeat: int, cache: Path = CACHE) -> dict[str, float]:
    path, _ = ensure_catalog(documents, 1, cache)
    timings: dict[str, list[float]] = {"by_ids_s": [], "by_query_s": [], "undo_s": []}
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "tagging.sqlite"
        shutil.copyfile(path, copy)
        catalog = Catalog.open(f"sqlite:///{copy}")
        try:
            ids = list(catalog.search(limit=rows).ids)
            query = _query_of_about(catalog, rows)
            queried = catalog.count(query)
            catalog.revert(catalog.retag(ids, add=["bench"]))  # warm-up
            changes: list[LinkChange] = []
            for _ in range(repeat):
                timings["by_ids_s"].append(
                    _seconds(lambda: changes.append(catalog.retag(ids, add=["bench"])))
                )
                timings["undo_s"].append(_seconds(lambda: catalog.revert(changes[-1])))
                timings["by_query_s"].append(
                    _seconds(lambda: changes.append(catalog.retag(query, add=["bench"])))
                )
                catalog.revert(changes[-1])
        finally:
            catalog.close()
    return {
        "documents": documents,
        "rows_by_ids": len(ids),
        "rows_by_query": queried,
        **{name: round(statistics.median(values), 2) for name, values in timings.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--cache", type=Path, default=CACHE)
    arguments = parser.parse_args(argv)
    figures = run(arguments.documents, arguments.rows, arguments.repeat, arguments.cache)
    for name, value in figures.items():
        print(f"{name:<16} {value:>12,}")
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
