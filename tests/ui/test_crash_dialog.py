"""Unexpected errors, in a slot or a thread, reach the crash dialog and the log file."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.services import logs
from desktop_app.ui.crash_dialog import CrashDialog, CrashReporter


@pytest.fixture
def reporter(qapp: QApplication) -> Iterator[CrashReporter]:
    """A crash reporter installed as it is when Dossier runs, with the log file configured."""
    log_file = logs.configure()
    crash_reporter = CrashReporter(log_file)
    crash_reporter.install()
    yield crash_reporter
    crash_reporter.uninstall()
    if crash_reporter.dialog is not None:
        crash_reporter.dialog.close()
    crash_reporter.deleteLater()
    logs.shutdown()


def _shown_dialog(qtbot: QtBot, reporter: CrashReporter) -> CrashDialog:
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog is not None
    return reporter.dialog


def _break_the_figures() -> None:
    raise ZeroDivisionError("the figures do not add up")


# pytest-qt would catch the error itself; here Dossier's own hook is what is tested.
@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_shows_the_traceback_and_the_window_keeps_running(
    qtbot: QtBot, reporter: CrashReporter
) -> None:
    button = QPushButton("Add up")
    qtbot.addWidget(button)
    button.clicked.connect(_break_the_figures)
    button.show()
    qtbot.waitExposed(button)
    shown: list[object] = []
    reporter.dialog_shown.connect(shown.append)

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    dialog = _shown_dialog(qtbot, reporter)
    assert shown == [dialog]
    details = dialog.details.toPlainText()
    assert "Traceback (most recent call last)" in details
    assert "_break_the_figures" in details
    assert "ZeroDivisionError: the figures do not add up" in details
    assert dialog.details.isReadOnly()
    assert str(logs.log_file()) in dialog.log_label.text()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == details

    written = logs.log_file().read_text(encoding="utf-8")
    assert "CRITICAL" in written and "ZeroDivisionError: the figures do not add up" in written
    assert "_break_the_figures" in written  # the traceback, not just the message

    # The application goes on: the button still works, and a second error joins the same dialog.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.details.toPlainText().count("ZeroDivisionError:") == 2)
    assert reporter.dialog is dialog
    dialog.reject()
    qtbot.waitUntil(lambda: reporter.dialog is None)


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_python_thread_reaches_the_dialog(
    qtbot: QtBot, reporter: CrashReporter
) -> None:
    worker = threading.Thread(target=_break_the_figures, name="figures-worker")
    worker.start()
    worker.join()
    dialog = _shown_dialog(qtbot, reporter)
    details = dialog.details.toPlainText()
    assert "In thread figures-worker:" in details
    assert "ZeroDivisionError: the figures do not add up" in details
    assert "figures-worker" in logs.log_file().read_text(encoding="utf-8")
    dialog.reject()


def test_uninstall_puts_the_previous_hooks_back(qapp: QApplication) -> None:
    before = (sys.excepthook, threading.excepthook)
    crash_reporter = CrashReporter(None)
    crash_reporter.install()
    assert sys.excepthook != before[0]
    crash_reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
    dialog = CrashDialog("Traceback: …", None)
    assert "could not be written" in dialog.log_label.text()
    dialog.deleteLater()
