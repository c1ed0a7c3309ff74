"""Window figures, measured in a process of their own: `python -m benchmarks.window_bench`.

Prints one JSON object: facet click, sort, scroll jump, selective and broad search to the first
page painted, the longest stall of a 10 ms heartbeat during a scripted session, and peak memory.
With `--cold`, also a search's first page, a facet click and a scroll jump each measured right
after the operating system's page cache was dropped (as root; the figures are left out where
it cannot be dropped).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QSize, Qt, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.cold import can_drop_page_cache, drop_page_cache
from desktop_app.memory import freeze_startup_objects, limit_heap_arenas
from desktop_app.services.catalog import Catalog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.timeline import TimelineWidget

TIMEOUT_S = 120.0


def _wait_idle(window: MainWindow, table_only: bool = False) -> None:
    """Wait for the window's work; `table_only` stops once the table has its rows."""
    deadline = time.perf_counter() + TIMEOUT_S
    QCoreApplication.processEvents()
    while not (window.is_search_idle() if table_only else window.is_idle()):
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not finish in time")
        QCoreApplication.processEvents()
        time.sleep(0.0005)
    QCoreApplication.processEvents()


def _painted(window: MainWindow) -> None:
    """Paint the table now with its rows, as the screen would once their pages are read.

    A first paint asks for the pages of rows not read yet (read on the model's own thread);
    once they are in, the second paint shows them.
    """
    window.table.viewport().repaint()
    deadline = time.perf_counter() + TIMEOUT_S
    while not window.model.is_idle():
        if time.perf_counter() > deadline:
            raise TimeoutError("the table's rows were not read in time")
        QCoreApplication.processEvents()
        time.sleep(0.0005)
    QCoreApplication.processEvents()
    window.table.viewport().repaint()


def _timed(
    window: MainWindow, action: Callable[[], None], repeat: int, cold: bool = False
) -> float:
    """The median milliseconds from `action` to its rows painted; `cold`: each run from an
    empty page cache."""
    samples = []
    for _ in range(repeat):
        if cold:
            drop_page_cache()
        started = time.perf_counter()
        action()
        _wait_idle(window, table_only=True)
        _painted(window)
        samples.append((time.perf_counter() - started) * 1000)
        _wait_idle(window)  # let facet counts finish before the next run
    return statistics.median(samples)


class Heartbeat:
    """A 10 ms timer on the GUI thread; the longest gap between its ticks is the worst stall."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.longest = 0.0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        self.longest = max(self.longest, self.clock.nsecsElapsed() / 1e6 - 10)
        self.clock.restart()


def _pump(seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.001)


def _timeline_paint_ms(window: MainWindow, repeat: int) -> float:
    """One repaint of the timeline at the window's width over the whole catalog by years."""
    catalog = window.catalog
    assert catalog is not None
    widget = TimelineWidget()
    widget.resize(1400, 230)
    widget.set_data(catalog.timeline(None, "year"))
    size = QSize(1400, 230)
    widget.render_to_image(size)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        widget.render_to_image(size)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("--selective", required=True)
    parser.add_argument("--broad", required=True)
    parser.add_argument("--facet", required=True, help="a facet query, e.g. type:=Letter")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="also figures from an empty cache")
    arguments = parser.parse_args()

    limit_heap_arenas()  # as the `dossier` program does first
    QApplication([])
    window = MainWindow(Catalog.open(arguments.database), settings=None)
    window.resize(1400, 900)
    window.show()
    freeze_startup_objects()  # as the `dossier` program does once its window shows
    _wait_idle(window)
    # Measured as a person works a few seconds after opening: with the columns read.
    if window.catalog is None or not window.catalog.wait_for_columns(600):
        raise SystemExit("the catalog's columns could not be read")
    _wait_idle(window)
    _painted(window)
    figures: dict[str, float] = {}
    repeat = arguments.repeat

    def search(text: str) -> Callable[[], None]:
        return lambda: window.apply_query(text)

    def alternate(first: str, second: str) -> Callable[[], None]:
        state = {"flip": False}

        def action() -> None:
            state["flip"] = not state["flip"]
            window.apply_query(first if state["flip"] else second)

        return action

    figures["search_selective_ms"] = _timed(
        window, alternate(arguments.selective, arguments.selective + " "), repeat
    )
    figures["search_broad_ms"] = _timed(
        window, alternate(arguments.broad, arguments.broad + " "), repeat
    )
    figures["facet_click_ms"] = _timed(
        window, alternate(arguments.facet, arguments.facet + " "), repeat
    )
    window.apply_query("")
    _wait_idle(window)

    header = window.table.horizontalHeader()
    columns = [window.model.headerData(i, Qt.Orientation.Horizontal) for i in range(header.count())]
    title_column = columns.index("Title")
    date_column = columns.index("Date")
    sort_state = {"flip": False}

    def sort() -> None:
        sort_state["flip"] = not sort_state["flip"]
        window.table.sortByColumn(
            title_column if sort_state["flip"] else date_column, Qt.SortOrder.AscendingOrder
        )

    figures["sort_ms"] = _timed(window, sort, repeat)

    rows = window.model.rowCount()
    rng = random.Random(5)

    def jump() -> None:
        target = window.model.index(rng.randrange(rows), 0)
        window.table.scrollTo(target)

    figures["scroll_jump_ms"] = _timed(window, jump, repeat * 3)

    heartbeat = Heartbeat()
    heartbeat.start()
    typed = ""
    for character in arguments.selective:
        typed += character
        window.search_field.setText(typed)
        _pump(0.05)
    window.apply_query(arguments.selective)
    _pump(0.3)
    for text in (arguments.facet, arguments.broad, ""):
        window.apply_query(text)
        _pump(0.5)
    sort()
    _pump(0.5)
    for _ in range(10):
        jump()
        _pump(0.05)
    _wait_idle(window)
    figures["max_gui_stall_ms"] = heartbeat.longest
    figures["timeline_paint_ms"] = _timeline_paint_ms(window, repeat * 6)
    # Last: once the page cache is dropped, the figures after would be partly cold.
    if arguments.cold and can_drop_page_cache():
        figures["cold_scroll_jump_ms"] = _timed(window, jump, repeat * 3, cold=True)
        # Words and a facet value not asked before, so no result the window keeps can help.
        figures["cold_first_page_ms"] = _timed(
            window, alternate(arguments.broad + "  ", arguments.broad + "   "), repeat, cold=True
        )
        figures["cold_facet_click_ms"] = _timed(
            window, alternate(arguments.facet + "  ", arguments.facet + "   "), repeat, cold=True
        )
    figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
