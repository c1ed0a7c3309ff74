"""The window on a dark desktop: readable when it opens dark, and when the desktop switches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.ui.crash_dialog import CrashDialog
from desktop_app.ui.icons import icon
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.palette import contrast, link, luminance
from tests.ui.conftest import OpenWindow

Role = QPalette.ColorRole

#: A dark desktop's colours, as a dark theme of a Linux or Windows desktop hands them over.
DARK = {
    Role.Window: "#2b2b2b",
    Role.WindowText: "#e6e6e6",
    Role.Base: "#1e1e1e",
    Role.AlternateBase: "#262626",
    Role.Text: "#e6e6e6",
    Role.Button: "#353535",
    Role.ButtonText: "#e6e6e6",
    Role.BrightText: "#ff6b6b",
    Role.Highlight: "#3d7ab8",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#6cb4ff",
    Role.LinkVisited: "#b48cff",
    Role.ToolTipBase: "#3a3a3a",
    Role.ToolTipText: "#e6e6e6",
    Role.PlaceholderText: "#8a8a8a",
    Role.Light: "#505050",
    Role.Midlight: "#404040",
    Role.Mid: "#303030",
    Role.Dark: "#1a1a1a",
    Role.Shadow: "#000000",
}

#: WCAG's least contrast for large text and the parts of controls; quiet text (counts, hints)
#: is meant to be quieter than values, never unreadable.
READABLE = 3.0
#: What text drawn in the palette's own text colour reaches against its background.
TEXT = 7.0


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def _light(colour: QColor) -> bool:
    """A light patch on a dark window (a button in the highlight colour is not one)."""
    return luminance(colour) > 0.4


@pytest.fixture
def desktop_palette(qapp: QApplication) -> Iterator[None]:
    """Gives the desktop's palette back after a test that changed it."""
    original = QPalette(QGuiApplication.palette())
    yield
    qapp.setPalette(original)


def _switch(qtbot: QtBot, window: MainWindow, palette: QPalette) -> None:
    QApplication.setPalette(palette)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    qtbot.wait(20)  # the repaints the palette change asked for


def _show_everything(qtbot: QtBot, window: MainWindow) -> None:
    """Chips (one excluding), a problem under a filter row, a document in the details."""
    window.apply_query('-type:="Cable" date:1951..1952')
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    window.table.select_row(0)
    row = window.filter_builder.add_row()
    row.set_field("date")
    row.value_edit.setText("the fifties")
    row.apply()  # says what is wrong, in red
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    qtbot.wait(300)  # Qt fades a line edit's clear button in
    assert window.detail_pane.detail is not None


def _measure(image: QImage, rect: QRect) -> tuple[QColor, float]:
    """A part of an image: its commonest colour (the background) and the strongest contrast of
    any of its pixels against it (the text, if the part shows any)."""
    area = rect.intersected(image.rect())
    step = max(1, min(area.width(), area.height()) // 100)
    pixels = [
        image.pixel(x, y)
        for y in range(area.top(), area.bottom() + 1, step)
        for x in range(area.left(), area.right() + 1, step)
    ]
    background = QColor.fromRgb(Counter(pixels).most_common(1)[0][0])
    strongest = max(contrast(QColor.fromRgb(pixel), background) for pixel in set(pixels))
    return background, strongest


def _place(widget: QWidget, window: QWidget) -> QRect:
    """Where the part of `widget` that is not scrolled away is, in the window."""

    def rect(part: QWidget) -> QRect:
        return QRect(part.mapTo(window, QPoint(0, 0)), part.size())

    shown = rect(widget)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        shown = shown.intersected(rect(parent))
        parent = parent.parentWidget()
    return shown


def _shows_text(widget: QWidget) -> bool:
    if isinstance(widget, QLabel):
        return bool(widget.text())
    return isinstance(widget, QAbstractButton) and bool(widget.text() or not widget.icon().isNull())


def _unreadable(window: QWidget, *, dark: bool) -> list[str]:
    """Labels and buttons that, as the window draws them, hardly stand out from what is behind
    them; on a dark palette also those drawn on a light patch.

    The window is drawn whole and each part cut out of it: a widget's own palette can be stale
    (Qt freezes the palette of a widget with a style sheet), what reaches the screen cannot.
    Disabled controls are left out: they are meant to recede, and WCAG asks no contrast of them.
    """
    image = window.grab().toImage()
    found = []
    for widget in window.findChildren(QWidget):
        if not (widget.isVisible() and widget.isEnabled() and _shows_text(widget)):
            continue
        place = _place(widget, window)
        if place.isEmpty():  # scrolled out of sight
            continue
        background, strongest = _measure(image, place)
        name = widget.objectName() or type(widget).__name__
        if strongest < READABLE:
            found.append(f"{name}: nothing stands out from {background.name()} ({strongest:.1f})")
        elif dark and _light(background):
            found.append(f"{name}: a light patch {background.name()} on a dark window")
    return found


def _assert_painted_dark(window: MainWindow) -> None:
    """The custom-painted and styled parts: dark backgrounds, text in the palette's light."""
    parts: dict[str, tuple[QWidget, float]] = {
        "filter chips": (window.filter_chips, TEXT),
        "filter row": (window.filter_builder, TEXT),
        "type facet": (window.facet_panel.section("type"), TEXT),
        "author values": (window.facet_panel.section("author").list, TEXT),
        "collections": (window.collection_tree, TEXT),
        # Empty, the list says in quiet text how it gets filled.
        "saved searches": (window.saved_list, READABLE),
        "table": (window.table, TEXT),
        "details": (window.detail_pane, TEXT),
        "timeline": (window.timeline, TEXT),
        "status bar": (window.statusBar(), TEXT),
    }
    image = window.grab().toImage()
    for part, (widget, least) in parts.items():
        background, strongest = _measure(image, _place(widget, window))
        assert not _light(background), f"{part}: a light background {background.name()}"
        assert strongest >= least, f"{part}: no text stands out from {background.name()}"


def test_a_window_opened_on_a_dark_desktop_is_dark_and_readable(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, desktop_palette: None
) -> None:
    QApplication.setPalette(dark_palette())
    window = open_window(seed_url)
    _show_everything(qtbot, window)
    assert _unreadable(window, dark=True) == []
    _assert_painted_dark(window)


def test_the_window_follows_the_desktop_from_light_to_dark_and_back(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, desktop_palette: None
) -> None:
    light = QPalette(QGuiApplication.palette())
    window = open_window(seed_url)
    _show_everything(qtbot, window)
    assert _unreadable(window, dark=False) == []

    _switch(qtbot, window, dark_palette())
    assert _unreadable(window, dark=True) == []
    _assert_painted_dark(window)
    # The detail pane's links take the palette's link colour, readable on the dark base.
    link = QColor(DARK[Role.Link])
    assert link.name() in window.detail_pane.toHtml()

    _switch(qtbot, window, light)
    assert _unreadable(window, dark=False) == []
    assert DARK[Role.Text] not in window.facet_panel.section("type").toggle.styleSheet()


def test_the_dialogs_follow_the_desktop_to_dark(
    qtbot: QtBot,
    open_window: OpenWindow,
    seed_url: str,
    tmp_path: Path,
    desktop_palette: None,
) -> None:
    window = open_window(seed_url)
    window.apply_query("author:stalin")
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    letters = tmp_path / "letters.csv"
    letters.write_text("Sender,Sent\nZhou Enlai,1951\n")  # no title: the dialog says so
    importing = window.open_import_dialog([letters])
    exporting = window.open_export_dialog()
    crash = CrashDialog("Traceback (most recent call last):\n  …", tmp_path / "dossier.log")
    qtbot.addWidget(crash)
    crash.show()
    assert importing is not None and exporting is not None
    assert importing.problem_label.isVisible()

    _switch(qtbot, window, dark_palette())
    for dialog in (importing, exporting, crash):
        assert _unreadable(dialog, dark=True) == [], dialog.objectName()


def test_icons_are_drawn_in_the_palettes_colours_of_the_moment(
    qtbot: QtBot, desktop_palette: None
) -> None:
    search = icon("search")  # made once, under the light palette, and kept

    def darkest_ink(mode: QIcon.Mode = QIcon.Mode.Normal) -> QColor:
        image = search.pixmap(32, 32, mode).toImage()
        ink = [
            image.pixelColor(x, y)
            for y in range(image.height())
            for x in range(image.width())
            if image.pixelColor(x, y).alpha() == 255
        ]
        return min(ink, key=QColor.lightness)

    QApplication.setPalette(dark_palette())
    background = QColor(DARK[Role.Window])
    assert contrast(darkest_ink(), background) >= TEXT
    assert darkest_ink(QIcon.Mode.Selected).name() == DARK[Role.HighlightedText]
    assert darkest_ink(QIcon.Mode.Disabled).name() == "#7a7a7a"


def test_the_contrast_measure_tells_dark_on_dark_from_light_on_dark() -> None:
    dark = QColor(DARK[Role.Window])
    assert contrast(QColor(Qt.GlobalColor.black), dark) < READABLE
    assert contrast(QColor(DARK[Role.Text]), dark) > TEXT


def _link_colours(pane: QTextEdit) -> set[str]:
    """The colours the pane's links are drawn in, read off its document's text fragments."""
    colours = set()
    block = pane.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().isAnchor():
                colours.add(fragment.charFormat().foreground().color().name())
            fragments += 1
        block = block.next()
    return colours


def test_links_stay_readable_where_the_theme_leaves_them_dark_blue(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str
) -> None:
    """GTK's dark themes, through Qt's gtk3 theme, give text views a palette of their own
    whose link colour is Qt's default dark blue, on a dark base."""
    window = open_window(seed_url)
    window.table.select_row(0)
    qtbot.waitUntil(lambda: bool(_link_colours(window.detail_pane)), timeout=10_000)
    themed = dark_palette()
    themed.setColor(Role.Link, QColor("#0000ff"))
    base = themed.color(Role.Base)
    assert contrast(themed.color(Role.Link), base) < 3
    window.detail_pane.setPalette(themed)
    colours = _link_colours(window.detail_pane)
    assert colours == {link(themed).name()}
    for name in colours:
        assert contrast(QColor(name), base) >= 4.5
        assert QColor(name).blue() > QColor(name).red()  # still a link's blue, only lighter


def test_an_icon_that_follows_the_palette_can_be_changed_like_any(qtbot: QtBot) -> None:
    """Qt copies an icon's engine before changing it; the copy draws the same glyph."""
    changed = QIcon(icon("search"))
    changed.addPixmap(icon("search").pixmap(16, 16), QIcon.Mode.Active)
    changed.setIsMask(True)
    assert not changed.pixmap(24, 24).isNull()
    assert not changed.pixmap(16, 16, QIcon.Mode.Active).isNull()
