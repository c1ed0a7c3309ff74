"""What every part of the window is given (the catalog session, the status bar, the runner),
and the base class that keeps it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStatusBar, QWidget

from desktop_app.ui.window.session import CatalogSession
from desktop_app.ui.worker import TaskRunner


@dataclass(frozen=True, slots=True)
class PartContext:
    """The open catalog (`session`), where a part says what happened (`status`), the threads
    its catalog calls run on (`runner`, one channel per kind of call) and the window its
    dialogs open over."""

    session: CatalogSession
    status: QStatusBar
    runner: TaskRunner
    window: QWidget


class WindowPart(QObject):
    """A part of the window, living as long as it: its context kept as `_session`, `_status`,
    `_runner` and `_window`."""

    def __init__(self, context: PartContext) -> None:
        super().__init__(context.window)
        self._session = context.session
        self._status = context.status
        self._runner = context.runner
        self._window = context.window

    def _report(self, error: BaseException) -> None:
        """A background read failed: say so in the status bar for a while."""
        self._status.showMessage(str(error), 10_000)
