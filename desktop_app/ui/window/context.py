"""What every part of the window is given: the catalog session, the status bar, the runner."""

from __future__ import annotations

from dataclasses import dataclass

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
