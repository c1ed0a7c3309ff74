"""Starting the window: screenshots, read-only catalogs, and typing faster than searches."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from desktop_app.app import save_screenshot
from desktop_app.services.catalog import Catalog
from tests.ui.conftest import OpenWindow


def test_a_screenshot_is_a_png_of_the_asked_size(
    qtbot: QtBot, archive_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "shot.png"
    assert save_screenshot(archive_url, out, "type:cable", 1000, 700) == 0
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1000, 700)


def test_a_screenshot_with_a_bad_query_or_catalog_says_why(
    qtbot: QtBot, archive_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert save_screenshot(archive_url, tmp_path / "a.png", 'title:"open', 800, 600) == 2
    assert capsys.readouterr().err.startswith("dossier: query, column 7:")
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"not a database" * 100)
    assert save_screenshot(f"sqlite:///{corrupt}", tmp_path / "b.png", "", 800, 600) == 1
    err = capsys.readouterr().err
    assert err.startswith("dossier: ") and "Traceback" not in err
    assert not (tmp_path / "a.png").exists() and not (tmp_path / "b.png").exists()


def test_a_read_only_catalog_says_why_and_cannot_import(
    open_window: OpenWindow, archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stands in for a file from a newer Dossier; the storage layer decides when that happens.
    monkeypatch.setattr(Catalog, "read_only", property(lambda self: True))
    monkeypatch.setattr(Catalog, "read_only_reason", property(lambda self: "a newer schema"))
    window = open_window(archive_url)
    label = window.read_only_label
    assert label.isVisible()
    assert label.text() == "Read-only: a newer schema"
    assert not window.import_action.isEnabled()
    assert window.model.rowCount() == 8


def test_typing_faster_than_the_searches_shows_the_last_query(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    window = open_window(archive_url)
    for query in ("type:cable", "type:report", "type:letter", "type:telegram", "date:1969"):
        window.apply_query(query)
    qtbot.waitUntil(window.is_idle)
    assert window.query == "date:1969"
    assert window.model.rowCount() == 1
    assert window.model.index(0, 0).data() == "1969"


class _Browser:
    """Stands in for the system's browser."""

    opened: ClassVar[list[str]] = []

    @classmethod
    def openUrl(cls, url: QUrl) -> bool:
        cls.opened.append(url.toString())
        return True


def test_only_web_links_open_in_the_browser(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("desktop_app.ui.detail_pane.QDesktopServices", _Browser)
    window = open_window(archive_url)
    pane = window.detail_pane
    pane.anchorClicked.emit(QUrl("https://digitalarchive.wilsoncenter.org/document/1"))
    pane.anchorClicked.emit(QUrl("javascript:alert(1)"))
    pane.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert _Browser.opened == ["https://digitalarchive.wilsoncenter.org/document/1"]
    assert window.query == ""


def test_run_window_shows_the_window_until_it_is_closed(qtbot: QtBot, archive_url: str) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.app import run_window

    seen: list[str] = []

    def look_and_close() -> None:
        seen.extend(w.windowTitle() for w in QApplication.topLevelWidgets() if w.isVisible())
        QApplication.closeAllWindows()

    QTimer.singleShot(500, look_and_close)
    assert run_window(archive_url) == 0
    assert "Dossier — archive" in seen


def test_help_shows_about_and_the_shortcuts(
    qtbot: QtBot, open_window: OpenWindow, archive_url: str
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui.dialogs import ShortcutsDialog

    window = open_window(archive_url)
    window.about_action.trigger()
    about = window.findChild(QMessageBox, "aboutDialog")
    assert about is not None and about.isVisible()
    for part in ("Dossier", "Qt", "PySide6", "SQLAlchemy", "SQLite", "archive.sqlite"):
        assert part in about.text()
    about.close()
    window.shortcuts_action.trigger()
    dialog = window.findChild(ShortcutsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()
