"""Runs `dossier` as it is, with a probe that the real-window tests question over stdin/stdout.

The tests send input through the X server, as a person would; the probe only answers where
a widget is on the screen and what the window shows, one JSON line per question:

    state                -> {"idle": …, "exposed": …, "rows": …, "query": "…", "title": "…"}
    where FIELD VALUE    -> {"x": …, "y": …} the screen point of a facet value
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QMainWindow

from desktop_app import app, launcher
from desktop_app.ui.main_window import MainWindow


class Probe(QObject):
    """Answers the test's questions on the GUI thread, between the window's own events."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)

    def _on_notifier_activated(self) -> None:
        line = sys.stdin.readline()
        if not line:
            self._notifier.setEnabled(False)
            return
        words = line.split(maxsplit=2)
        answer = self._where(words[1], words[2].strip()) if words[0] == "where" else self._state()
        print(json.dumps(answer), flush=True)

    def _state(self) -> dict[str, object]:
        window = self._window
        handle = window.windowHandle()
        return {
            "idle": window.is_idle(),
            "exposed": bool(handle is not None and handle.isExposed()),
            "rows": window.model.rowCount(),
            "query": window.search_field.text(),
            "title": window.windowTitle(),
        }

    def _where(self, field: str, value: str) -> dict[str, object]:
        section = self._window.facet_panel.section(field)
        self._window.facet_panel.ensureWidgetVisible(section)
        row = section.model.row_of(value)
        if row is None:
            return {"error": f"{value!r} is not listed under {field}"}
        view = section.list
        rect = view.visualRect(section.model.index(row))
        point = view.viewport().mapToGlobal(rect.center())
        return {"x": point.x(), "y": point.y()}


def main() -> int:
    create_window = app.create_window

    def create_window_with_probe(database_url: str | None) -> QMainWindow:
        window = create_window(database_url)
        if isinstance(window, MainWindow):
            Probe(window)
        return window

    # The program runs exactly as `dossier` does; only the window it builds gains the probe.
    app.create_window = create_window_with_probe
    return launcher.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
