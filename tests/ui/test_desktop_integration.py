"""How Dossier meets the desktop: its icon and name, Help ▸ About, and files opened with it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtGui import QFileOpenEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

from desktop_app import app, launcher
from desktop_app.services import locations, logs


def test_the_application_has_dossiers_icon_and_desktop_name(qapp: QApplication) -> None:
    app._application()
    assert QGuiApplication.desktopFileName() == locations.APP_ID
    sizes = QGuiApplication.windowIcon().availableSizes()
    for size in locations.ICON_SIZES:
        assert QSize(size, size) in sizes


def test_about_names_the_versions_the_catalog_and_the_log_file() -> None:
    from desktop_app.ui.dialogs import about_html

    html = about_html("/somewhere/catalog.sqlite")
    for part in ("Qt", "PySide6", "SQLAlchemy", "SQLite", "Python", "/somewhere/catalog.sqlite"):
        assert part in html
    assert str(logs.log_file()) in html


class _Window:
    """Stands in for the main window: records what it is asked to import."""

    def __init__(self) -> None:
        self.imported: list[list[Path]] = []

    def import_files(self, paths: Sequence[Path]) -> None:
        self.imported.append(list(paths))


def test_a_file_that_macos_opens_with_dossier_is_imported(qapp: QApplication) -> None:
    window = _Window()
    importer = app.FileOpenImporter(window)  # type: ignore[arg-type]  # duck-typed window
    qapp.installEventFilter(importer)
    try:
        QCoreApplication.sendEvent(qapp, QFileOpenEvent("/records/cables.csv"))
    finally:
        qapp.removeEventFilter(importer)
    assert window.imported == [[Path("/records/cables.csv")]]


def test_dossier_with_files_starts_the_window_to_import_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listing = tmp_path / "listing.txt"
    listing.write_text("x", encoding="utf-8")
    started: list[tuple[str | None, list[Path], str | None]] = []

    def run_window(
        database_url: str | None, import_paths: Sequence[Path] = (), platform: str | None = None
    ) -> int:
        started.append((database_url, list(import_paths), platform))
        return 0

    monkeypatch.setattr(app, "run_window", run_window)
    try:
        assert launcher.main([str(listing)]) == 0
    finally:
        logs.shutdown()
    # The tests' own platform (QT_QPA_PLATFORM=offscreen) can start: Qt reads it itself.
    assert started == [(None, [listing], None)]
