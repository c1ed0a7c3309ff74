"""The window's first painted rows, in a fresh process: `python -m benchmarks.startup_bench DB`.

Prints `rows` the moment the table has painted its first rows; the parent times the process from
its creation to that line, so interpreter start-up and imports count.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import create_window
    from desktop_app.memory import limit_heap_arenas

    limit_heap_arenas()  # as the `dossier` program does first
    QApplication([])
    window = create_window(sys.argv[1])
    window.resize(1400, 900)
    window.show()
    deadline = time.perf_counter() + 60
    # Rows painted is the figure; facet counts and the timeline follow on their own threads.
    while (
        window.model.rowCount() == 0  # type: ignore[attr-defined]
        or not window.is_search_idle()  # type: ignore[attr-defined]
        or not window.model.is_idle()  # type: ignore[attr-defined]
    ):
        if time.perf_counter() > deadline:
            raise SystemExit("no rows within 60 s")
        QCoreApplication.processEvents()
        time.sleep(0.0005)
    window.table.viewport().repaint()  # type: ignore[attr-defined]
    print("rows", flush=True)


if __name__ == "__main__":
    main()
