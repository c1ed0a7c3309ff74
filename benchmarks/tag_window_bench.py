"""Bulk tagging from the window: `python -m benchmarks.tag_window_bench --documents N [--rows R]`.

On a copy of a generated catalog of N documents, opens the window (offscreen), selects the
first R rows of the table (100,000 by default) and tags them the way Edit ▸ Tag selected…
does, then undoes it with Edit ▸ Undo. A 10 ms heartbeat on the GUI thread gives the longest
stall of each (the tagging written off the GUI thread, then the table, facets and timeline
read again); the wall time runs from the request until the window is idle again. Medians of K
runs; prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from benchmarks.catalogs import CACHE, ensure_catalog
from benchmarks.window_bench import Heartbeat, _wait_idle
from desktop_app.memory import freeze_startup_objects, limit_heap_arenas
from desktop_app.services.catalog import Catalog
from desktop_app.ui.main_window import MainWindow


def _select_first_rows(window: MainWindow, rows: int) -> int:
    """Select the table's first `rows` rows as one range (a shift-click would); how many."""
    model = window.model
    last = min(rows, model.rowCount()) - 1
    selection = QItemSelection(model.index(0, 0), model.index(last, model.columnCount() - 1))
    window.table.selectionModel().select(
        selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    return window.table.selected_count()


def _tag_selected(window: MainWindow, tag: str) -> None:
    """Edit ▸ Tag selected…, the tag typed, Apply."""
    dialog = window.open_tag_dialog()
    assert dialog is not None
    dialog.add_field.setText(tag)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _measured(window: MainWindow, action: object) -> tuple[float, float]:
    """The wall time until the window is idle again, and the longest GUI stall meanwhile."""
    heartbeat = Heartbeat()
    heartbeat.start()
    started = time.perf_counter()
    action()  # type: ignore[operator]
    _wait_idle(window)
    seconds = time.perf_counter() - started
    heartbeat.timer.stop()
    return seconds, heartbeat.longest


def run(documents: int, rows: int, repeat: int, cache: Path = CACHE) -> dict[str, float]:
    path, _ = ensure_catalog(documents, 1, cache)
    limit_heap_arenas()
    app = QApplication.instance() or QApplication([])
    figures: dict[str, list[float]] = {
        "tag_s": [],
        "tag_max_gui_stall_ms": [],
        "undo_s": [],
        "undo_max_gui_stall_ms": [],
    }
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "tagging.sqlite"
        shutil.copyfile(path, copy)
        window = MainWindow(Catalog.open(f"sqlite:///{copy}"), settings=None)
        try:
            window.resize(1400, 900)
            window.show()
            freeze_startup_objects()  # as the `dossier` program does once its window shows
            _wait_idle(window)
            if window.catalog is None or not window.catalog.wait_for_columns(600):
                raise SystemExit("the catalog's columns could not be read")
            _wait_idle(window)
            selected = 0
            for _ in range(repeat):
                # Selected again each time: the table shows the search again after a change.
                selected = _select_first_rows(window, rows)
                seconds, stall = _measured(window, lambda: _tag_selected(window, "bench"))
                figures["tag_s"].append(seconds)
                figures["tag_max_gui_stall_ms"].append(stall)
                seconds, stall = _measured(window, window.undo_action.trigger)
                figures["undo_s"].append(seconds)
                figures["undo_max_gui_stall_ms"].append(stall)
        finally:
            window.close()
            app.processEvents()
    return {
        "documents": documents,
        "rows": selected,
        **{name: round(statistics.median(values), 2) for name, values in figures.items()},
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
    print(json.dumps(figures))
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
