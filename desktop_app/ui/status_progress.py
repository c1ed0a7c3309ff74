"""The status bar's part for a long task: a label, a progress bar and Cancel, hidden when idle."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QToolButton, QWidget

from desktop_app.ui.icons import icon


class StatusProgress(QWidget):
    """Label, bar and Cancel laid out for the status bar; subclasses say what they measure.

    `name` prefixes the object names (`exportProgress`, `exportProgressBar`, …) and `cancel_name`
    names the button, so that tests and accessibility find each part.
    """

    def __init__(
        self,
        *,
        name: str,
        cancel_name: str,
        accessible_name: str,
        bar_name: str,
        cancel_description: str,
        cancel_tip: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)
        self.label = QLabel(self)
        self.label.setObjectName(f"{name}Label")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar(self)
        self.bar.setObjectName(f"{name}Bar")
        self.bar.setAccessibleName(bar_name)
        self.bar.setFixedWidth(200)
        self.bar.setMaximumHeight(self.fontMetrics().height() + 6)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName(cancel_name)
        self.cancel_button.setIcon(icon("cancel"))
        self.cancel_button.setText("Cancel")
        self.cancel_button.setAccessibleName(cancel_description)
        self.cancel_button.setToolTip(cancel_tip)
        self.cancel_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.cancel_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.setVisible(False)

    def show_started(self, text: str, tooltip: str) -> None:
        """Show a task beginning: its label, a busy bar, Cancel enabled."""
        self.label.setText(text)
        self.label.setToolTip(tooltip)
        self.bar.setRange(0, 0)
        self.bar.setFormat("")
        self.cancel_button.setEnabled(True)
        self.setVisible(True)

    def show_cancelling(self) -> None:
        self.label.setText("Cancelling…")
        self.cancel_button.setEnabled(False)


class CancellableProgress(StatusProgress):
    """A status-bar progress for work on another thread that Cancel asks to stop: the work
    asks `is_cancelled()` between its steps."""

    def __init__(self, **names: Any) -> None:
        super().__init__(**names)
        self._stop = threading.Event()
        self._running = False
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)

    def is_running(self) -> bool:
        return self._running

    def begin(self, text: str, tooltip: str) -> None:
        """Show work beginning, with a fresh Cancel."""
        self._stop = threading.Event()
        self._running = True
        self.show_started(text, tooltip)

    def is_cancelled(self) -> bool:
        """Whether Cancel was pressed; asked on the worker thread."""
        return self._stop.is_set()

    def cancel(self) -> None:
        """Ask the running work to stop at its next step."""
        if self._running:
            self.show_cancelling()
        self._stop.set()

    def stop(self) -> None:
        """The work ended (finished, failed or cancelled): hide."""
        self._running = False
        self.setVisible(False)

    def _on_cancel_button_clicked(self) -> None:
        self.cancel()
