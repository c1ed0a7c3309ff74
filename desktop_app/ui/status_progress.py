"""The status bar's part for a long task: a label, a progress bar and Cancel, hidden when idle."""

from __future__ import annotations

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
