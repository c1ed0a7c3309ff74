"""Export speed against `sqlite3 -csv`: `python -m benchmarks.export_bench CATALOG.sqlite`.

Both write every document with the same columns in the same (date) order to a file; the ratio is
Dossier's time over the sqlite3 command line's, measured in one run (PRODUCT.md §9: at most 1.5).
The sqlite3 program must be on PATH (`apt-get install -y sqlite3`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from desktop_app.domain.columns import DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMNS
from desktop_app.services.catalog import Catalog
from desktop_app.storage.export_rows import whole_catalog_sql


def export_figures(path: Path, columns: list[str], repeat: int = 3) -> dict[str, float]:
    """Median seconds of each, the ratio of the medians, and Dossier's rows per second."""
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        raise SystemExit("the sqlite3 program is missing: apt-get install -y sqlite3")
    sql = whole_catalog_sql(columns)
    catalog = Catalog.open(f"sqlite:///{path}")
    ours: list[float] = []
    theirs: list[float] = []
    rows = 0
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeat):
            started = time.perf_counter()
            with open(Path(folder) / "sqlite3.csv", "wb") as out:
                subprocess.run([sqlite3, "-csv", "-header", str(path), sql], stdout=out, check=True)
            theirs.append(time.perf_counter() - started)
            started = time.perf_counter()
            rows = catalog.export(Path(folder) / "dossier.csv", columns=columns).rows
            ours.append(time.perf_counter() - started)
    catalog.close()
    return ratio_figures(ours, theirs, rows, "sqlite3_csv_s")


def ratio_figures(
    ours: list[float], theirs: list[float], rows: int, floor: str
) -> dict[str, float]:
    """Dossier's median seconds, the floor's (named `floor`), their ratio and rows per second."""
    return {
        "export_s": statistics.median(ours),
        floor: statistics.median(theirs),
        "export_ratio": statistics.median(ours) / statistics.median(theirs),
        "export_rows_per_s": rows / statistics.median(ours),
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export_bench", description=__doc__)
    parser.add_argument("catalog", type=Path, help="an SQLite catalog file")
    parser.add_argument("--all-columns", action="store_true", help="every column, not the table's")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    columns = (
        [column.key for column in EXPORT_COLUMNS]
        if arguments.all_columns
        else list(DEFAULT_EXPORT_COLUMNS)
    )
    print(json.dumps(export_figures(arguments.catalog, columns, arguments.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
