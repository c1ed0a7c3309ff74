"""The crash dialog: an unexpected error's traceback to copy, and where the log file is."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__
from desktop_app.ui.accessibility import name_buttons
from desktop_app.ui.icons import icon

_log = logging.getLogger(__name__)

# What separates two tracebacks when more errors come while the dialog is open.
_SEPARATOR = "\n" + "-" * 72 + "\n"

_ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]
_ThreadHook = Callable[[threading.ExceptHookArgs], Any]


class CrashDialog(QDialog):
    """Says that something unexpected went wrong, with the traceback to copy and the log file."""

    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("Dossier: unexpected error")
        self.setAccessibleName("Unexpected error")
        heading = QLabel("Something went wrong that Dossier did not expect.", self)
        heading.setObjectName("crashHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        explanation = QLabel(
            "Dossier keeps running, but what you were doing may not have finished. "
            "If you report the problem, please include the text below.",
            self,
        )
        explanation.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("crashDetails")
        self.details.setAccessibleName("Error details")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setPlainText(f"Dossier {__version__}\n{details}")
        if log_file is not None:
            where = f"The details were also written to the log file {log_file}"
        else:
            where = "The log file could not be written: copy the details before closing."
        self.log_label = QLabel(where, self)
        self.log_label.setObjectName("crashLogFile")
        # Selectable, hence focusable: its name is what it says.
        self.log_label.setAccessibleName(where)
        self.log_label.setTextFormat(Qt.TextFormat.PlainText)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(icon("copy"), "&Copy details", self)
        self.copy_button.setObjectName("crashCopyButton")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.setAccessibleName("Copy the details")
        name_buttons(buttons)
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.log_label)
        layout.addWidget(buttons)
        self.resize(720, 440)

    def add_details(self, details: str) -> None:
        """Append another error's traceback (errors often come in a burst)."""
        self.details.appendPlainText(_SEPARATOR + details)

    def _on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")


class CrashReporter(QObject):
    """Catches unexpected exceptions of the GUI thread and of Python threads.

    Each one is logged with its traceback, then shown in a `CrashDialog` on the GUI thread; while
    a dialog is open, later errors are added to it rather than piling up more dialogs. Create it
    on the GUI thread, then `install()` it.
    """

    #: Internal: a traceback crossing to the GUI thread, from whichever thread raised it.
    error_reported = Signal(str)
    #: A dialog was shown (the tests close it through this).
    dialog_shown = Signal(object)

    def __init__(self, log_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.dialog: CrashDialog | None = None
        self._previous_hooks: tuple[_ExceptHook, _ThreadHook] | None = None
        # Queued even on the GUI thread: the dialog opens after the failing slot or paint event
        # has unwound, not in the middle of it.
        self.error_reported.connect(self._on_error_reported, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Make this reporter `sys.excepthook` and `threading.excepthook`."""
        if self._previous_hooks is None:
            self._previous_hooks = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception

    def uninstall(self) -> None:
        """Put back the hooks that were there before `install()`."""
        if self._previous_hooks is not None:
            sys.excepthook, threading.excepthook = self._previous_hooks
            self._previous_hooks = None

    def _on_exception(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        self._report(kind, error, trace, "")

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:  # ends a thread quietly, as Python's own hook does
            return
        name = args.thread.name if args.thread is not None else "unknown"
        # Python may hand over the type alone; an uninitialised instance still names it.
        error = args.exc_value or args.exc_type.__new__(args.exc_type)
        self._report(args.exc_type, error, args.exc_traceback, f"In thread {name}:\n")

    def _report(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
        where: str,
    ) -> None:
        _log.critical(
            "unexpected error: %s: %s", kind.__name__, error, exc_info=(kind, error, trace)
        )
        text = where + "".join(traceback.format_exception(kind, error, trace))
        try:
            self.error_reported.emit(text)
        except RuntimeError:  # the application is already gone (an error while shutting down)
            traceback.print_exception(kind, error, trace)

    @Slot(str)
    def _on_error_reported(self, text: str) -> None:
        if self.dialog is not None:
            self.dialog.add_details(text)
            return
        dialog = CrashDialog(text, self.log_file, QApplication.activeWindow())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_dialog_finished)
        self.dialog = dialog
        dialog.open()
        self.dialog_shown.emit(dialog)

    @Slot()
    def _on_dialog_finished(self) -> None:
        self.dialog = None
