"""Reading while an import writes: `python -m benchmarks.busy_bench --rows N [--repeat K]`.

Opens the catalog and counts a search (as `dossier search … --count` does) while nothing
writes, then again while another process imports a CSV of N generated records into the same
SQLite catalog; medians of K runs each, in milliseconds. In WAL mode a reader need not wait
for the writer: the two figures should be about the same.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.services.catalog import Catalog

SEED = Path(__file__).resolve().parents[1] / "data" / "sino-soviet-relations-listing.txt"


def _generated_csv(folder: Path, rows: int) -> Path:
    """A CSV of `rows` generated documents, exported from a scratch catalog."""
    scratch = Catalog.open(f"sqlite:///{folder / 'scratch.sqlite'}")
    try:
        scratch.generate(rows)
        path = folder / "generated.csv"
        scratch.export(path, columns=["record_id", "date", "title", "type", "authors", "summary"])
    finally:
        scratch.close()
    return path


def _open_and_count(url: str) -> float:
    started = time.perf_counter()
    catalog = Catalog.open(url)
    try:
        catalog.count("author:Stalin")
    finally:
        catalog.close()
    return (time.perf_counter() - started) * 1000


def _window_to_rows(url: str) -> float:
    """Opening the window (offscreen) until its table shows the first search's rows."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import create_window

    QApplication.instance() or QApplication([])
    started = time.perf_counter()
    window = create_window(url)
    window.show()
    while not window.is_search_idle() or window.model.rowCount() == 0:
        QCoreApplication.processEvents()
        time.sleep(0.001)
    elapsed = (time.perf_counter() - started) * 1000
    window.close()
    QCoreApplication.processEvents()
    return elapsed


def run(rows: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        source = _generated_csv(base, rows)
        url = f"sqlite:///{base / 'catalog.sqlite'}"
        seeded = Catalog.open(url)
        try:
            seeded.import_files([SEED])
        finally:
            seeded.close()
        idle = [_open_and_count(url) for _ in range(repeat)]
        window_idle = [_window_to_rows(url) for _ in range(repeat)]
        importer = subprocess.Popen(
            [sys.executable, "-m", "desktop_app", "--database", url, "import", str(source)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        busy: list[float] = []
        window_busy: list[float] = []
        try:
            time.sleep(2)  # the import is reading and writing by now
            while importer.poll() is None and len(busy) < repeat:
                busy.append(_open_and_count(url))
                window_busy.append(_window_to_rows(url))
        finally:
            importer.wait(600)
    return {
        "rows": rows,
        "open_and_count_idle_ms": round(statistics.median(idle), 1),
        "open_and_count_during_import_ms": round(statistics.median(busy), 1) if busy else -1.0,
        "window_to_rows_idle_ms": round(statistics.median(window_idle), 1),
        "window_to_rows_during_import_ms": (
            round(statistics.median(window_busy), 1) if window_busy else -1.0
        ),
        "samples_during_import": len(busy),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args(argv)
    figures = run(arguments.rows, arguments.repeat)
    print(json.dumps(figures))
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
