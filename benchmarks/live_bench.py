"""Two desktops on one catalog: `python -m benchmarks.live_bench DATABASE --rows N`.

This process is the desktop that keeps working: its window (offscreen) searches, scrolls and
clicks a facet over and over while another process — the other desktop, `dossier import` —
imports N new records into the same catalog; then that other desktop edits one document's
title (`dossier set`). Before them, the window works alone for a while: `alone_max_gui_stall_ms`.
Prints one JSON object with, for each change: the longest stall of a
10 ms heartbeat on this window's GUI thread while the other works, and again from its commit
until this window shows the change (`…_refresh_max_gui_stall_ms`); how long after the other's
commit it showed it; and whether this window read every document's columns again to follow it
(`columns_reads`) or followed the change from its notice (`columns_follows`), and how many
sort orders it read from the database again (`order_reads`; the date order is made in
memory). The N records are generated once into a CSV with record ids of their own, so every
run adds new documents.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from benchmarks.window_bench import Heartbeat, _pump, _wait_idle
from desktop_app.memory import freeze_startup_objects, limit_heap_arenas
from desktop_app.services.catalog import Catalog
from desktop_app.ui.main_window import MainWindow

TIMEOUT_S = 600.0
#: Seconds of the same work with no other desktop at work, for comparison.
BASELINE_S = 20.0
COLUMNS = ("record_id", "date", "title", "type", "authors", "recipients", "origin", "summary")


def new_records(folder: Path, rows: int) -> Path:
    """A CSV of `rows` generated records whose record ids no catalog holds yet."""
    scratch = Catalog.open(f"sqlite:///{folder / 'scratch.sqlite'}")
    try:
        scratch.generate(rows, seed=7)
        exported = folder / "exported.csv"
        scratch.export(exported, columns=list(COLUMNS))
    finally:
        scratch.close()
    run = uuid.uuid4().hex[:8]
    path = folder / "new-records.csv"
    with (
        exported.open(newline="", encoding="utf-8") as source,
        path.open("w", newline="", encoding="utf-8") as target,
    ):
        reader = csv.DictReader(source)
        writer = csv.DictWriter(target, fieldnames=list(reader.fieldnames or COLUMNS))
        writer.writeheader()
        for number, row in enumerate(reader):
            # Every column as exported; the record id made new, so the import adds documents.
            writer.writerow({**row, next(iter(row)): f"live-{run}-{number}"})
    return path


def _dossier(database: str, *arguments: str) -> subprocess.Popen[bytes]:
    """The other desktop: `dossier` in a process of its own, at the lowest CPU priority.

    It stands in for another machine. Here it shares this machine's two cores with the window
    (and the server), and at the same priority its reading and writing processes would take
    the window's cores from it, which another desktop's cannot.
    """
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app", "--database", database, *arguments],
        stdout=subprocess.DEVNULL,
        preexec_fn=lambda: os.nice(19),
    )


def _keep_working(window: MainWindow, step: int) -> None:
    """One step of a person working: a search, a facet click, a jump down the table."""
    queries = ("", "type:=Letter", "", 'type:="Ciphered Telegram"')
    window.apply_query(queries[step % len(queries)])
    _pump(0.2)
    rows = window.model.rowCount()
    if rows:
        window.table.scrollTo(window.model.index((step * 7919) % rows, 0))
    _pump(0.2)


def _follow(
    window: MainWindow, other: subprocess.Popen[bytes], shown: object, name: str
) -> dict[str, float]:
    """Work on while `other` runs, then until `shown()` is true; the figures of `name`."""
    catalog = window.catalog
    assert catalog is not None
    described = catalog.describe_columns()
    heartbeat = Heartbeat()
    heartbeat.start()
    started = time.perf_counter()
    step = 0
    while other.poll() is None:
        _keep_working(window, step)
        step += 1
    if other.returncode != 0:
        raise SystemExit(f"the other desktop's {name} failed ({other.returncode})")
    committed = time.perf_counter()
    print(f"{name}: the other desktop's took {committed - started:.1f} s", file=sys.stderr)
    during, heartbeat.longest = heartbeat.longest, 0.0
    window.apply_query("")
    deadline = committed + TIMEOUT_S
    assert callable(shown)
    while not shown():
        if time.perf_counter() > deadline:
            raise SystemExit(f"this window did not show the other desktop's {name}")
        QCoreApplication.processEvents()
        time.sleep(0.001)
    visible = time.perf_counter()
    _wait_idle(window)
    heartbeat.timer.stop()
    after = catalog.describe_columns()
    return {
        f"{name}_s": committed - started,
        f"{name}_shown_after_ms": (visible - committed) * 1000,
        f"{name}_max_gui_stall_ms": during,
        f"{name}_refresh_max_gui_stall_ms": heartbeat.longest,
        f"{name}_columns_reads": float(after["reads"] - described["reads"]),
        f"{name}_columns_follows": float(after["follows"] - described["follows"]),
        f"{name}_order_reads": float(after["order_reads"] - described["order_reads"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.live_bench", description=__doc__)
    parser.add_argument("database")
    parser.add_argument("--rows", type=int, default=50_000)
    arguments = parser.parse_args()

    limit_heap_arenas()
    QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        records = new_records(Path(folder), arguments.rows)
        window = MainWindow(Catalog.open(arguments.database), settings=None)
        window.resize(1400, 900)
        window.show()
        freeze_startup_objects()  # as the `dossier` program does once its window shows
        _wait_idle(window)
        catalog = window.catalog
        assert catalog is not None
        if not catalog.wait_for_columns(TIMEOUT_S):
            raise SystemExit("the catalog's columns could not be read")
        _wait_idle(window)
        before = catalog.count()
        figures: dict[str, float] = {"documents": float(before)}

        def import_shown() -> bool:
            return window.is_idle() and window.model.rowCount() == before + arguments.rows

        # The same work with no other desktop at work, for comparison.
        heartbeat = Heartbeat()
        heartbeat.start()
        working_until = time.perf_counter() + BASELINE_S
        step = 0
        while time.perf_counter() < working_until:
            _keep_working(window, step)
            step += 1
        _wait_idle(window)
        figures["alone_max_gui_stall_ms"] = heartbeat.longest
        heartbeat.timer.stop()

        importing = _dossier(arguments.database, "import", str(records))
        figures.update(_follow(window, importing, import_shown, "import"))

        first = window.model.index(0, 0)
        document_id = window.model.document_id(first.row())
        assert document_id is not None
        (row,) = catalog.rows([document_id])
        title = f"Edited elsewhere {uuid.uuid4().hex[:8]}"
        headers = [
            window.model.headerData(i, Qt.Orientation.Horizontal)
            for i in range(window.model.columnCount())
        ]
        title_column = headers.index("Title")

        def edit_shown() -> bool:
            index = window.model.index(first.row(), title_column)
            return window.is_idle() and window.model.data(index) == title

        editing = _dossier(
            arguments.database, "set", f'record:="{row.record_id}"', f"title={title}"
        )
        figures.update(_follow(window, editing, edit_shown, "edit"))
        window.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
