"""Starting the window: for the `dossier` command, for tests, and for offscreen screenshots."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QSize,
    QTimer,
    qVersion,
)
from PySide6.QtGui import QFileOpenEvent, QGuiApplication, QIcon, QImageWriter
from PySide6.QtWidgets import QApplication, QMainWindow

from desktop_app import __version__
from desktop_app.domain.errors import DossierError
from desktop_app.memory import freeze_startup_objects
from desktop_app.query.parser import parse
from desktop_app.services import locations, logs
from desktop_app.services.catalog import Catalog
from desktop_app.ui.crash_dialog import CrashReporter
from desktop_app.ui.icons import icon
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.settings import APPLICATION, ORGANISATION, window_settings

#: How long a screenshot waits for the window's searches before giving up.
SCREENSHOT_TIMEOUT_S = 60.0

_log = logging.getLogger(__name__)


def create_window(database_url: str | None) -> QMainWindow:
    """The window over a catalog (None: the default one), built but not shown.

    A catalog that cannot be opened gives a window that says why in place of the table.
    Needs a QApplication; does not enter the event loop.
    """
    settings = window_settings()
    try:
        catalog = Catalog.open(database_url)
    except DossierError as error:
        return MainWindow(None, open_error=str(error), settings=settings)
    return MainWindow(catalog, settings=settings)


def run_window(
    database_url: str | None, import_paths: Sequence[Path] = (), platform: str | None = None
) -> int:
    """Run the application's event loop with one window; returns the exit status.

    `import_paths` are imported once the window shows (a desktop's "Open with Dossier");
    `platform` names Qt's platform plugin (None: Qt's own choice). Log records go to the user's
    log file; an unexpected error anywhere shows the crash dialog and the window keeps running.
    """
    log_file = logs.configure()
    app = _application(platform)
    _log.info("Dossier %s starting on Qt %s", __version__, qVersion())
    # Ctrl+C in the terminal that started Dossier ends it, as for any command.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    reporter = CrashReporter(log_file, app)
    reporter.install()
    try:
        window = create_window(database_url)
        window.show()
        freeze_startup_objects()
        # Only macOS sends files to open as events; elsewhere a filter would only cost a
        # Python call for every event of the application.
        if isinstance(window, MainWindow) and sys.platform == "darwin":
            app.installEventFilter(FileOpenImporter(window, app))
            if import_paths:
                paths = list(import_paths)
                QTimer.singleShot(0, lambda: window.import_files(paths))
        return int(app.exec())
    finally:
        reporter.uninstall()


class FileOpenImporter(QObject):
    """Imports the files that macOS asks the running Dossier to open (Finder's "Open With").

    macOS sends those as events to the application rather than as command-line arguments.
    """

    def __init__(self, window: MainWindow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if isinstance(event, QFileOpenEvent) and event.file():
            self._window.import_files([Path(event.file())])
            return True
        return super().eventFilter(watched, event)


def save_screenshot(
    database_url: str | None,
    out: Path,
    query: str,
    width: int,
    height: int,
    *,
    tab: str = "details",
) -> int:
    """Render the window offscreen at `width`×`height`, showing `query`, into a PNG file.

    The first row is selected so that the detail pane shows a document, or with `tab`
    "text" the reader its text. The saved layout is
    neither read nor changed. Returns the exit status; failures are printed as `dossier: …`.
    """
    _application(os.environ.get("QT_QPA_PLATFORM") or "offscreen")
    try:
        if query.strip():
            parse(query)  # a bad query is a usage error before anything is drawn
        catalog = Catalog.open(database_url)
    except DossierError as error:
        print(f"dossier: {error}", file=sys.stderr)
        return error.exit_status
    window = MainWindow(catalog, settings=None)
    try:
        window.resize(width, height)
        window.show()
        if query.strip():
            window.apply_query(query)
        if not _wait_until_idle(window):
            print("dossier: the window did not finish searching in time", file=sys.stderr)
            return 1
        if tab == "text":
            window.detail_tabs.setCurrentWidget(window.reader)
        if window.model.rowCount() > 0:
            window.table.select_row(0)
            _wait_until_idle(window)
        writer = QImageWriter(str(out), QByteArray(b"png"))
        if not writer.write(window.grab().toImage()):
            print(f"dossier: {out}: {writer.errorString()}", file=sys.stderr)
            return 1
    finally:
        window.close()
        window.deleteLater()
    return 0


def _application(platform: str | None = None) -> QCoreApplication:
    app = QApplication.instance()
    if app is None:
        # Qt's own `-platform` option rather than QT_QPA_PLATFORM, which programs that
        # Dossier opens (a browser, a file manager) would inherit.
        arguments = sys.argv[:1] + (["-platform", platform] if platform else [])
        app = QApplication(arguments)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    # Names the desktop entry, so that Wayland compositors and docks find the icon and name.
    QGuiApplication.setDesktopFileName(locations.APP_ID)
    QGuiApplication.setWindowIcon(_window_icon())
    return app


def _window_icon() -> QIcon:
    """Dossier's icon from its PNG renderings (crisp at each size), else a stock glyph."""
    files = locations.icon_files()
    if not files:
        return icon("app")
    window_icon = QIcon()
    for size, path in files:
        window_icon.addFile(str(path), QSize(size, size))
    return window_icon


def _wait_until_idle(window: MainWindow) -> bool:
    """Let the window's work finish and its layout settle; False if it took too long."""
    deadline = time.monotonic() + SCREENSHOT_TIMEOUT_S
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if window.is_idle():
            # A few more rounds for what the results set off: layout, timers, painting.
            for _ in range(5):
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if window.is_idle():
                return True
        time.sleep(0.005)
    return False
