"""The timeline widget: a zoomable, brushable histogram of the result over the whole catalog."""

from __future__ import annotations

import calendar
import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from desktop_app.domain.timeline import (
    FIRST_DAY,
    LAST_DAY,
    BinSize,
    EraBand,
    TimelineBin,
    TimelineData,
    bin_end,
    bin_label,
    bin_query,
    bin_start,
    choose_bin,
    era_lanes,
    next_bin_start,
    range_query,
    within_query,
)
from desktop_app.ui.safe_text import plain_tooltip

#: What the undated box filters to.
UNDATED_QUERY = "missing:date"

#: A bar whose result holds at most this many documents lists their titles in its tooltip.
FEW_DOCUMENTS = 6

_MIN_SPAN_DAYS = 10.0
_ZOOM_STEP = 1.25  # one wheel notch or one key press
_PAN_STEP = 0.12  # of the visible span, per arrow key press
_DRAG_THRESHOLD = 4  # pixels a press must move before it is a drag rather than a click
_TICK_HIT = 5.0  # pixels either side of a document mark that still click it
_REQUEST_DELAY_MS = 40  # gathers a burst of wheel notches into one request
_MAX_MARKS = 5000  # marks beyond these (a million selected rows) are not drawn
_BAR_GAP = 0.1  # of a bar's width, left empty on each side
_MAX_ERA_LANES = 3  # more would leave the bars too little height
_ERA_LABEL_ROOM = 40  # pixels of a strip that hold enough of a title to write it inside
_MAX_ERA_EDGES = 6  # eras in view up to which their ends are drawn down to the axis
_SHARED_SCALE_RATIO = 8  # the catalog's bars set the scale unless they are this much taller

_ERA_HUES = (32, 205, 350, 130, 275, 55, 180)

#: How the timeline is used, for its accessible description.
_USAGE = (
    "Wheel or +/- zooms, drag pans, Shift+drag selects a date range, click a bar to filter to "
    "it, double-click or Home fits the result. Left and Right move the current bar, the view "
    "following it; Shift+Left and Shift+Right select a range from it; Enter filters to the bar "
    "or the range; Escape clears the range."
)

#: Titles for a bar's query now, or None: asked for, they come through `show_titles`.
TitlesProvider = Callable[[str], Sequence[str] | None]
Mark = tuple[int, str | None, str | None]


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where each part of the widget sits, for one widget size."""

    width: float
    height: float
    eras: QRectF
    lane_height: float
    plot: QRectF
    axis: QRectF
    undated: QRectF
    legend: QRectF


@dataclass(frozen=True, slots=True)
class _Colors:
    """The widget's colours, taken from the palette so that it follows light and dark themes."""

    base: QColor
    text: QColor
    muted: QColor
    grid: QColor
    context: QColor
    bar: QColor
    spread: QColor
    hover: QColor
    focus: QColor  # the current bar's outline: the text's colour stands out on bars and base
    selection: QColor
    selection_edge: QColor
    mark: QColor
    eras: tuple[tuple[QColor, QColor, QColor], ...]  # strip, tint behind bars, edge


@dataclass(frozen=True, slots=True)
class _EraPlace:
    """An era in view: its strip, where its label is written, and where a click chooses it."""

    era: EraBand
    strip: QRectF
    label: QRectF
    text: str
    hit: QRectF


@dataclass(frozen=True, slots=True)
class _Label:
    text: str
    x: float  # centre
    row: int  # 0 the finer row, 1 the coarser
    width: float


class _Layer:
    """One layer of bars, laid out once in data space: x in days (ordinals), y in documents."""

    __slots__ = ("bins", "count_rects", "ends", "spread_rects", "starts", "totals", "whole_rects")

    def __init__(self, bins: Sequence[TimelineBin]) -> None:
        self.bins = tuple(bins)
        self.starts = [b.start.toordinal() for b in self.bins]
        self.ends = [b.end.toordinal() + 1 for b in self.bins]  # exclusive
        self.totals = [b.total for b in self.bins]
        self.whole_rects: list[QRectF] = []
        self.count_rects: list[QRectF] = []
        self.spread_rects: list[QRectF] = []
        for b, first, end in zip(self.bins, self.starts, self.ends, strict=True):
            gap = (end - first) * _BAR_GAP
            left, width = first + gap, (end - first) - 2 * gap
            self.whole_rects.append(QRectF(left, 0.0, width, b.total))
            if b.count:
                self.count_rects.append(QRectF(left, 0.0, width, b.count))
            if b.spread > 0:
                self.spread_rects.append(QRectF(left, b.count, width, b.spread))

    def visible(self, first: float, last: float) -> tuple[int, int]:
        """The index range of bins that reach into `first`..`last` (ordinals)."""
        return bisect_right(self.ends, first), bisect_left(self.starts, last)

    def at(self, ordinal: int) -> TimelineBin | None:
        index = bisect_right(self.starts, ordinal) - 1
        if index >= 0 and ordinal < self.ends[index]:
            return self.bins[index]
        return None

    def peak(self, first: float, last: float) -> float:
        low, high = self.visible(first, last)
        return max(self.totals[low:high], default=0.0)


_EMPTY_LAYER = _Layer(())


class TimelineWidget(QWidget):
    """Documents per period: faint bars for the whole catalog, strong bars for the result.

    The widget never queries. It asks for bins with `range_needed(bin, first, last)` (ISO days,
    both empty for "the whole catalog") and draws the bars it has until `set_data` brings the
    new ones; the window runs `Catalog.timeline` on its worker and hands the result back.
    """

    #: Bins wanted: the bin size (`BinSize` value) and the first and last ISO day, or two empty
    #: strings for the whole catalog (the widget asks so when it is about to fit the result).
    range_needed = Signal(str, str, str)
    #: A `date:` term: a range brushed with Shift+drag or on the axis, or a bar's period.
    date_range_selected = Signal(str)
    #: The person cleared the brushed range (Escape).
    selection_cleared = Signal()
    #: An era band's label was clicked: the collection's title.
    collection_chosen = Signal(str)
    #: The undated box was clicked: the query of undated documents (`missing:date`).
    undated_chosen = Signal(str)
    #: A marked document's tick was clicked: its id.
    document_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(f"Documents per period. {_USAGE}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumHeight(150)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

        self._data: TimelineData | None = None
        self._result = _EMPTY_LAYER
        self._context = _EMPTY_LAYER
        self._eras: tuple[EraBand, ...] = ()
        self._lane_count = 0
        self._era_cache: list[_EraPlace] | None = None
        self._view: tuple[float, float] | None = None  # first and last ordinal, as floats
        self._fit_pending = True
        self._stale = True  # the bars drawn are not those of the current query
        self._requested: tuple[BinSize, date, date] | None = None
        self._selection: tuple[int, int] | None = None  # first and last ordinal, inclusive
        self._marks: list[tuple[int, int, int]] = []  # id, first and last ordinal
        self._undated_marks = 0
        self._titles_provider: TitlesProvider | None = None
        # Per bar query: its titles, or None while they are being read.
        self._titles_cache: dict[str, Sequence[str] | None] = {}
        # Where the last tooltip was shown (local point, global point), to show it again when
        # the titles it waited for arrive.
        self._tooltip_at: tuple[QPointF, QPoint] | None = None
        self._hover: int | None = None  # the start ordinal of the bar under the pointer
        # The bar the arrow keys or a click put current, as a day (ordinal) inside it: its bin
        # follows the zoom, so zooming out and back in finds the same month again. While it is
        # None or out of view, the current bar is the one `_first_current` picks.
        self._current: int | None = None
        # Where a Shift+arrow range began (a day, like `_current`), and the brushed range it is
        # drawn over, shown again if the range is dropped rather than chosen.
        self._anchor: int | None = None
        self._selection_before_keys: tuple[int, int] | None = None
        self._tooltip_current = False  # the tooltip shown is the current bar's, not the pointer's

        self._press: QPointF | None = None
        self._press_view: tuple[float, float] | None = None
        self._press_selecting = False
        self._dragging = False
        self._pending_click = ""

        self._font = QFont(self.font())
        self._font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._metrics = QFontMetricsF(self._font)
        self._bold_metrics = QFontMetricsF(self._bold)
        self._step_widths: dict[_Step, float] = {}
        self._colors = self._make_colors()
        self._layout = self._make_layout(QSize(self.width(), self.height()))
        self._labels: list[_Label] | None = None

        self._request_timer = QTimer(self)
        self._request_timer.setSingleShot(True)
        self._request_timer.setInterval(_REQUEST_DELAY_MS)
        self._click_timer = QTimer(self)
        self._click_timer.setSingleShot(True)
        self._click_timer.setInterval(QApplication.doubleClickInterval())
        self._connect_signals()

    def _connect_signals(self) -> None:
        self._request_timer.timeout.connect(self._on_request_timer_timeout)
        self._click_timer.timeout.connect(self._on_click_timer_timeout)

    # -- public interface ------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(900, 240)

    @Slot(object)
    def set_data(self, data: TimelineData) -> None:
        """Show bins that `range_needed` asked for; the view stays where the person put it."""
        self._data = data
        self._result = _Layer(data.bins)
        self._context = _Layer(data.context)
        self._stale = False
        if data.eras != self._eras:
            self._eras = data.eras
            self._lane_count = min(max(era_lanes(data.eras), default=-1) + 1, _MAX_ERA_LANES)
            self._relayout()
        self._titles_cache.clear()
        if self._requested is not None and self._requested == (data.bin, data.start, data.end):
            self._requested = None
        self._labels = self._era_cache = None
        self.update()
        if self._fit_pending:
            self._fit_pending = False
            self.fit_to_result()
        self._update_description()  # after the fit: it names the current bar, in view
        self._ensure_data()

    def forget_data(self) -> None:
        """Drop the bars shown and the view (another catalog opens), until its own bins come.

        Until then nothing can be selected: a range read off the last catalog's view would
        filter the new one to dates the person never saw there.
        """
        self._request_timer.stop()
        self._click_timer.stop()
        self._pending_click = ""
        self._data = None
        self._result = self._context = _EMPTY_LAYER
        if self._eras:
            self._eras = ()
            self._lane_count = 0
            self._relayout()
        self._view = None
        self._fit_pending = True
        self._stale = True
        self._requested = None
        self._selection = self._selection_before_keys = None
        self._current = self._anchor = None
        self._hover = None
        self._press = self._press_view = None
        self._press_selecting = self._dragging = False
        self._titles_cache.clear()
        self._labels = self._era_cache = None
        self._update_description()
        self.update()

    def refresh(self, *, fit: bool = False) -> None:
        """Ask for the bars again (the query changed); `fit` zooms to the new result after."""
        self._stale = True
        self._requested = None
        if fit or self._view is None:
            self._fit_pending = True
            self._request_timer.stop()
            self.range_needed.emit(BinSize.YEAR.value, "", "")
        else:
            self._emit_request()

    def fit_to_result(self) -> None:
        """Zoom to the result's dated documents (the whole catalog's when the result has none)."""
        data = self._data
        extent = None if data is None else data.extent or data.context_extent
        if extent is None:
            extent = self._era_extent()
        if extent is None:
            # Nothing dated anywhere: show the last few years, empty, rather than nothing.
            today = date.today()
            extent = (date(today.year - 9, 1, 1), date(today.year, 12, 31))
        first, last = extent[0].toordinal(), extent[1].toordinal() + 1
        span = max(float(last - first), _MIN_SPAN_DAYS)
        size = choose_bin(span * 1.1, self._layout.plot.width())
        # Whole bins, with a little room either side so the outer bars are not on the frame.
        first = bin_start(extent[0], size).toordinal()
        last = bin_end(extent[1], size).toordinal() + 1
        # Less than a bar's own gap, so that no neighbouring bar shows cut at the frame.
        pad = min((last - first) * 0.03, size.mean_days * _BAR_GAP * 0.9)
        self._set_view(first - pad, last + pad)

    def set_titles_provider(self, provider: TitlesProvider | None) -> None:
        """A callable giving the titles of the result's documents that a bar counts.

        It gets query text for the bar's documents (`date:1951-11 -date:..1951-10-31
        -date:1951-12-01..`), to be combined with the current query, only for bars of at most
        FEW_DOCUMENTS documents. It answers with the titles, or with None after asking for them
        off the GUI thread: `show_titles` then brings them, and the tooltip shows them if it
        still points at that bar. Answers are kept until the next `set_data`.
        """
        self._titles_provider = provider
        self._titles_cache.clear()

    def show_titles(self, query: str, titles: Sequence[str]) -> None:
        """The titles a provider was asked for; the tooltip waiting for them shows them."""
        if query not in self._titles_cache:
            return  # asked for older bars
        self._titles_cache[query] = tuple(titles)
        if not QToolTip.isVisible():
            return
        if self._tooltip_current:
            self._show_current_tooltip()
        elif self._tooltip_at is not None:
            point, global_point = self._tooltip_at
            text = self.tooltip_at(point)
            if text:
                QToolTip.showText(global_point, plain_tooltip(text), self)

    def set_marked_dates(self, marks: Sequence[Mark]) -> None:
        """Mark documents: (id, first ISO day or None, last ISO day or None) for each."""
        dated: list[tuple[int, int, int]] = []
        undated = 0
        for document_id, first, last in marks[:_MAX_MARKS]:
            if not first:
                undated += 1
                continue
            low = date.fromisoformat(first).toordinal()
            high = date.fromisoformat(last).toordinal() if last else low
            dated.append((document_id, low, high))
        self._marks = dated
        self._undated_marks = undated
        self.update()

    def marked_dates(self) -> list[tuple[int, date, date]]:
        """The dated documents marked: id, first and last day (undated ones count in the box)."""
        return [(i, date.fromordinal(low), date.fromordinal(high)) for i, low, high in self._marks]

    def set_selected_range(self, first: date | None, last: date | None) -> None:
        """Show a date range as brushed (the query's own `date:` term), without emitting."""
        # The query's range replaces a Shift+arrow range not yet chosen.
        self._anchor = self._selection_before_keys = None
        if first is None or last is None:
            self._selection = None
        else:
            self._selection = (min(first, last).toordinal(), max(first, last).toordinal())
        self.update()

    def selected_range(self) -> tuple[date, date] | None:
        if self._selection is None:
            return None
        return date.fromordinal(self._selection[0]), date.fromordinal(self._selection[1])

    def clear_selection(self) -> None:
        """Forget the brushed range; emits `selection_cleared` if there was one."""
        self._drop_key_range()
        if self._selection is not None:
            self._selection = None
            self.update()
            self.selection_cleared.emit()

    def current_bar(self) -> tuple[date, date] | None:
        """The first and last day of the bar the arrow keys move, while it is in view."""
        current = self._current_day()
        if current is None:
            return None
        first, end = self._bin_of(current)
        return date.fromordinal(first), date.fromordinal(end - 1)

    def visible_range(self) -> tuple[date, date] | None:
        """The first and last day wholly or partly in view."""
        if self._view is None:
            return None
        first, last = self._view
        return _day(math.floor(first)), _day(math.ceil(last) - 1)

    def view_bin(self) -> BinSize:
        """The bin size the current zoom asks for."""
        if self._view is None:
            return BinSize.YEAR
        return choose_bin(self._view[1] - self._view[0], self._layout.plot.width())

    def data(self) -> TimelineData | None:
        return self._data

    def is_request_due(self) -> bool:
        """A zoom or pan is gathering into a `range_needed` that has not been emitted yet.

        The bars drawn meanwhile are of another zoom: a window waiting to be idle (for a
        screenshot) waits for this too.
        """
        return self._request_timer.isActive()

    def x_for_date(self, day: date) -> float:
        """The x of the middle of a day, in widget coordinates."""
        return self._x(day.toordinal() + 0.5)

    def date_at(self, x: float) -> date:
        """The day under an x in widget coordinates."""
        return _day(math.floor(self._ordinal(x)))

    def bar_center(self, day: date) -> QPointF | None:
        """The middle of the result's bar holding `day`, or None when it has none."""
        found = self._result.at(day.toordinal())
        if found is None:
            return None
        plot = self._layout.plot
        return QPointF(
            self._x((found.start.toordinal() + found.end.toordinal() + 1) / 2),
            plot.bottom() - min(plot.height(), found.total * self._y_scale()) / 2 - 1,
        )

    def era_label_rect(self, title: str) -> QRectF | None:
        """Where an era's labelled strip is drawn, or None when it is out of view."""
        for place in self._era_rects():
            if place.era.title == title:
                return QRectF(place.hit)
        return None

    def undated_rect(self) -> QRectF:
        return QRectF(self._layout.undated)

    def axis_rect(self) -> QRectF:
        return QRectF(self._layout.axis)

    def plot_rect(self) -> QRectF:
        return QRectF(self._layout.plot)

    def tooltip_at(self, point: QPointF) -> str:
        """The plain text of the tooltip at a point: what is under it, counted."""
        layout = self._layout
        if layout.undated.contains(point):
            return self._undated_tooltip()
        if layout.legend.contains(point):
            row = int((point.y() - layout.legend.top()) // (self._metrics.height() + 3))
            if 0 <= row < len(_LEGEND):
                return _LEGEND_TIPS[_LEGEND[row][1]]
            return ""
        for place in self._era_rects():
            if place.hit.contains(point):
                era = place.era
                return f"{era.title}, {era.period_label}\nClick to show this collection's documents"
        if self._data is None or not (layout.plot.contains(point) or layout.axis.contains(point)):
            return ""
        return self._bar_tooltip(math.floor(self._ordinal(point.x())))

    def render_to_image(self, size: QSize) -> QImage:
        """The widget drawn at `size` (logical pixels) into an image, for benchmarks and tests."""
        ratio = self.devicePixelRatioF()
        image = QImage(
            int(size.width() * ratio),
            int(size.height() * ratio),
            QImage.Format.Format_ARGB32_Premultiplied,
        )
        image.setDevicePixelRatio(ratio)
        saved_layout, saved_labels = self._layout, self._labels
        self._layout, self._labels, self._era_cache = self._make_layout(size), None, None
        painter = QPainter(image)
        try:
            self._paint(painter)
        finally:
            painter.end()
            self._layout, self._labels, self._era_cache = saved_layout, saved_labels, None
        return image

    # -- events ----------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()
        if self._view is not None:
            self._ensure_data()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._colors = self._make_colors()
            self._font = QFont(self.font())
            self._font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
            self._bold = QFont(self._font)
            self._bold.setBold(True)
            self._metrics = QFontMetricsF(self._font)
            self._bold_metrics = QFontMetricsF(self._bold)
            self._step_widths = {}
            self._relayout()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = QPointF(event.pos())
            text = self.tooltip_at(point)
            if text:
                self._tooltip_at = (point, event.globalPos())
                self._tooltip_current = False
                QToolTip.showText(event.globalPos(), plain_tooltip(text), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        if not self._bins_known():
            # The view is a guess around today until the catalog's bins come: a drag or a click
            # there would filter to dates the person never saw (`date:2026`).
            event.accept()
            return
        self._drop_key_range()
        point = event.position()
        self._press = point
        self._press_view = self._view
        self._dragging = False
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self._press_selecting = shift or self._layout.axis.contains(point)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            self._update_hover(point)
            return
        if not self._dragging:
            if abs(point.x() - self._press.x()) < _DRAG_THRESHOLD:
                return
            self._dragging = True
            self._click_timer.stop()
            if not self._press_selecting:
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._press_selecting:
            self._selection = self._snapped(self._press.x(), point.x())
            self.update()
        elif self._press_view is not None:
            first, last = self._press_view
            shift = (self._press.x() - point.x()) / self._pixels_per_day()
            self._set_view(first + shift, last + shift)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            super().mouseReleaseEvent(event)
            return
        point = event.position()
        pressed, dragging, selecting = self._press, self._dragging, self._press_selecting
        self._press, self._press_view, self._dragging = None, None, False
        self.unsetCursor()
        if dragging and selecting:
            first, last = self._snapped(pressed.x(), point.x())
            self._selection = (first, last)
            self.update()
            self.date_range_selected.emit(range_query(_day(first), _day(last)))
        elif not dragging:
            self._click(point)
        self._update_hover(point)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        layout = self._layout
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self._bins_known()
            and (layout.plot.contains(point) or layout.axis.contains(point))
        ):
            self._click_timer.stop()
            self._pending_click = ""
            self.fit_to_result()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._view is None:
            return
        delta = event.angleDelta()
        if delta.y():
            factor = _ZOOM_STEP ** (-delta.y() / 120)
            self._zoom(factor, event.position().x())
        elif delta.x():
            self._pan(-delta.x() / 120 * _PAN_STEP)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        extend = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._zoom(1 / _ZOOM_STEP, self._key_zoom_x())
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self._zoom(_ZOOM_STEP, self._key_zoom_x())
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step(-1 if key == Qt.Key.Key_Left else 1, extend=extend)
        elif key == Qt.Key.Key_Home and self._bins_known():
            self.fit_to_result()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if not self._choose_current():
                super().keyPressEvent(event)  # nothing to filter to: the key is not ours
                return
        elif key == Qt.Key.Key_Escape and self._anchor is not None:
            self._drop_key_range()
            self._current_changed()
        elif key == Qt.Key.Key_Escape and self._selection is not None:
            self.clear_selection()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._update_description()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # A range half made with Shift+arrows would otherwise stay drawn as if it were chosen.
        self._drop_key_range()
        if self._tooltip_current:
            QToolTip.hideText()
            self._tooltip_current = False
        self._update_description()

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    @Slot()
    def _on_request_timer_timeout(self) -> None:
        self._emit_request()

    @Slot()
    def _on_click_timer_timeout(self) -> None:
        query, self._pending_click = self._pending_click, ""
        if query:
            self.date_range_selected.emit(query)

    # -- interaction -----------------------------------------------------------------------------

    def _click(self, point: QPointF) -> None:
        layout = self._layout
        document = self._mark_at(point)
        if document is not None:
            self.document_clicked.emit(document)
            return
        if layout.undated.contains(point):
            self.undated_chosen.emit(UNDATED_QUERY)
            return
        for place in self._era_rects():
            if place.hit.contains(point):
                self.collection_chosen.emit(place.era.title)
                return
        if self._data is None or not (layout.plot.contains(point) or layout.axis.contains(point)):
            return
        ordinal = math.floor(self._ordinal(point.x()))
        # The bar clicked is where the arrow keys go on from, as in a list.
        self._current = self._bin_of(ordinal)[0]
        self._current_changed()
        query = self._bar_query(ordinal)
        if not query:
            return
        # Held back for a moment: a second click makes it a double-click, which fits instead.
        self._pending_click = query
        self._click_timer.start()

    def _bar_query(self, ordinal: int) -> str:
        """The `date:` term of the result's bar holding a day, or "" where it has none."""
        found = self._result.at(ordinal)
        if self._data is None or found is None or found.total <= 0:
            return ""
        return bin_query(found.start, self._data.bin)

    def _snapped(self, x1: float, x2: float) -> tuple[int, int]:
        """The whole bins between two x positions, as first and last ordinal."""
        return self._whole_bins(self.date_at(x1), self.date_at(x2))

    def _zoom(self, factor: float, anchor_x: float) -> None:
        if self._view is None:
            return
        first, last = self._view
        anchor = self._ordinal(anchor_x)
        anchor = min(max(anchor, first), last)
        self._set_view(anchor - (anchor - first) * factor, anchor + (last - anchor) * factor)

    def _pan(self, fraction: float) -> None:
        if self._view is None:
            return
        first, last = self._view
        self._pan_by((last - first) * fraction)

    def _pan_by(self, days: float) -> None:
        if self._view is None:
            return
        first, last = self._view
        self._set_view(first + days, last + days)

    def _set_view(self, first: float, last: float) -> None:
        low, high = self._bounds()
        span = min(max(last - first, _MIN_SPAN_DAYS), high - low)
        centre = (first + last) / 2
        centre = min(max(centre, low + span / 2), high - span / 2)
        view = (centre - span / 2, centre + span / 2)
        if view == self._view:
            return
        self._view = view
        self._labels = self._era_cache = None
        self.update()
        self._ensure_data()

    def _bounds(self) -> tuple[float, float]:
        """How far the view may pan and zoom out: the catalog and its eras, with some room."""
        extents = []
        if self._data is not None:
            extents = [e for e in (self._data.context_extent, self._data.extent) if e]
        era = self._era_extent()
        if era is not None:
            extents.append(era)
        if not extents:
            return float(FIRST_DAY.toordinal()), float(LAST_DAY.toordinal() + 1)
        low = min(e[0] for e in extents).toordinal()
        high = max(e[1] for e in extents).toordinal() + 1
        room = max((high - low) * 0.5, 5 * 365.0)
        return (
            max(float(FIRST_DAY.toordinal()), low - room),
            min(float(LAST_DAY.toordinal() + 1), high + room),
        )

    def _era_extent(self) -> tuple[date, date] | None:
        if not self._eras:
            return None
        return min(e.start for e in self._eras), max(e.end for e in self._eras)

    def _update_hover(self, point: QPointF) -> None:
        hover = None
        layout = self._layout
        if layout.plot.contains(point) or layout.axis.contains(point):
            found = self._result.at(math.floor(self._ordinal(point.x())))
            if found is not None:
                hover = found.start.toordinal()
        clickable = (
            hover is not None
            or layout.undated.contains(point)
            or self._mark_at(point) is not None
            or any(place.hit.contains(point) for place in self._era_rects())
        )
        if layout.axis.contains(point) and self._mark_at(point) is None:
            self.setCursor(Qt.CursorShape.IBeamCursor)
        elif clickable:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        if hover != self._hover:
            self._hover = hover
            self.update()

    def _mark_at(self, point: QPointF) -> int | None:
        layout = self._layout
        if not self._marks or not (layout.axis.top() - 8 <= point.y() <= layout.axis.top() + 10):
            return None
        best, best_distance = None, _TICK_HIT
        for document_id, first, last in self._marks:
            distance = abs(self._x((first + last + 1) / 2) - point.x())
            if distance <= best_distance:
                best, best_distance = document_id, distance
        return best

    # -- the current bar -------------------------------------------------------------------------

    def _bins_known(self) -> bool:
        """The catalog's bins have come (`set_data`) and the view was fitted to them.

        Before, the view is a default around today: nothing read off it may become a filter.
        """
        return self._data is not None and self._view is not None

    def _bin_of(self, ordinal: float) -> tuple[int, int]:
        """The bin of the bars drawn that holds a day: its first ordinal and its end, exclusive."""
        assert self._data is not None
        day, size = _day(math.floor(ordinal)), self._data.bin
        return bin_start(day, size).toordinal(), bin_end(day, size).toordinal() + 1

    def _whole_bins(self, low: date, high: date) -> tuple[int, int]:
        """The whole bins of the bars drawn from `low` to `high`, as first and last ordinal."""
        size = self._data.bin if self._data is not None else self.view_bin()
        low, high = sorted((low, high))
        return bin_start(low, size).toordinal(), bin_end(high, size).toordinal()

    def _current_day(self) -> int | None:
        """A day in the current bar: the one put current while it is in view, else where the
        keys start; None until the bins are known."""
        if not self._bins_known():
            return None
        assert self._view is not None
        if self._current is not None:
            first, end = self._bin_of(self._current)
            if first < self._view[1] and end > self._view[0]:
                return self._current
        return self._first_current()

    def _first_current(self) -> int:
        """Where the keys start: the brushed range's first bar if it is in view, else the
        result's first bar in view, else the bin in the middle."""
        assert self._view is not None
        first, last = self._view
        if self._selection is not None and first <= self._selection[0] < last:
            return self._selection[0]
        layer = self._result
        low, high = layer.visible(first, last)
        for index in range(low, high):
            # Drawn in view, not merely reaching into it: the year bars drawn for a moment
            # while a fitted view waits for its months begin before the view does.
            if layer.totals[index] > 0 and layer.starts[index] >= first:
                return layer.starts[index]
        return math.floor((first + last) / 2)

    def _step(self, direction: int, *, extend: bool) -> None:
        """Move the current bar one bin left (-1) or right (1); `extend` draws a range from it.

        Every bin is a step, empty or not, as on the axis; past the view's edge the view pans.
        """
        current = self._current_day()
        if current is None:
            self._pan(direction * _PAN_STEP)  # no bars yet: the arrows pan as they always did
            return
        if not extend:
            self._drop_key_range()
        elif self._anchor is None:
            self._anchor, self._selection_before_keys = current, self._selection
        target = self._neighbour(current, direction)
        self._current = current if target is None else target
        if target is not None:
            self._reveal(*self._bin_of(target))
        if self._anchor is not None:
            self._selection = self._whole_bins(_day(self._anchor), _day(self._current))
        self._current_changed(tooltip=True)

    def _neighbour(self, ordinal: int, direction: int) -> int | None:
        """The first day of the bin after (1) or before (-1) the one holding a day, or None
        past the last day or past where the view may pan."""
        assert self._data is not None
        size = self._data.bin
        start = bin_start(_day(ordinal), size)
        if direction > 0:
            following = next_bin_start(start, size)
        elif start > FIRST_DAY:
            following = bin_start(date.fromordinal(start.toordinal() - 1), size)
        else:
            following = None
        if following is None:
            return None
        first, end = self._bin_of(following.toordinal())
        low, high = self._bounds()
        return first if end > low and first < high else None

    def _reveal(self, first: int, end: int) -> None:
        """Pan so that a bin is in view, by at least a pan step so that walking off the edge
        moves the view in strides rather than a bar at a time."""
        assert self._view is not None
        low, high = self._view
        stride = (high - low) * _PAN_STEP
        if first < low:
            self._pan_by(min(first - low, -stride))
        elif end > high:
            self._pan_by(max(end - high, stride))

    def _key_range(self) -> tuple[int, int] | None:
        """The Shift+arrow range not yet chosen, as first and last ordinal."""
        return self._selection if self._anchor is not None else None

    def _choose_current(self) -> bool:
        """Filter to the Shift+arrow range, or to the current bar as a click on it would;
        False when there is nothing to filter to."""
        current = self._current_day()
        if current is None:
            return False
        span = self._key_range()
        if span is not None:
            self._anchor = self._selection_before_keys = None
            self.update()
            self.date_range_selected.emit(range_query(_day(span[0]), _day(span[1])))
            return True
        self._current = current  # kept on this bar when the filtered result redraws the bars
        query = self._bar_query(current)
        if query:
            self.date_range_selected.emit(query)
        return bool(query)

    def _drop_key_range(self) -> None:
        """Forget a Shift+arrow range not yet chosen; the brushed range it covered comes back."""
        if self._anchor is None:
            return
        self._anchor = None
        self._selection, self._selection_before_keys = self._selection_before_keys, None
        self.update()

    def _current_changed(self, *, tooltip: bool = False) -> None:
        self.update()
        self._update_description()
        if tooltip:
            self._show_current_tooltip()

    def _current_rect(self) -> QRectF | None:
        """The current bar's column in the plot, clipped to it; None out of view."""
        current = self._current_day()
        if current is None:
            return None
        first, end = self._bin_of(current)
        plot = self._layout.plot
        left, right = max(self._x(first), plot.left()), min(self._x(end), plot.right())
        if right - left < 1:
            return None
        return QRectF(left, plot.top(), right - left, plot.height())

    def _key_zoom_x(self) -> float:
        """Where +/- zoom around: the current bar, as the wheel zooms around the pointer."""
        rect = self._current_rect() if self.hasFocus() else None
        return (rect or self._layout.plot).center().x()

    def _show_current_tooltip(self) -> None:
        """The current bar's period and count where hovering it would show them."""
        rect, current = self._current_rect(), self._current_day()
        if rect is None or current is None:
            return
        text = self._bar_tooltip(current, keys=True)
        point = QPoint(round(rect.center().x()), round(rect.top() + rect.height() / 3))
        self._tooltip_current = True
        QToolTip.showText(self.mapToGlobal(point), plain_tooltip(text), self)

    # -- data requests ---------------------------------------------------------------------------

    def _wanted(self) -> tuple[BinSize, date, date] | None:
        """The bins the view needs: its own and one screen either side, so a pan finds them."""
        if self._view is None:
            return None
        first, last = self._view
        span = last - first
        size = choose_bin(span, self._layout.plot.width())
        low = _day(math.floor(max(first - span, FIRST_DAY.toordinal())))
        high = _day(math.ceil(min(last + span, LAST_DAY.toordinal())))
        return size, bin_start(low, size), bin_end(high, size)

    def _covered(self) -> bool:
        """The bins at hand (or on their way) are of the view's size and cover the view."""
        wanted = self._wanted()
        if wanted is None or self._view is None:
            return True
        size = wanted[0]
        visible = self.visible_range()
        assert visible is not None
        held: list[tuple[BinSize, date, date]] = []
        if self._requested is not None:
            held.append(self._requested)
        if self._data is not None and not self._stale:
            held.append((self._data.bin, self._data.start, self._data.end))
        return any(
            bin_size is size and first <= visible[0] and last >= visible[1]
            for bin_size, first, last in held
        )

    def _ensure_data(self) -> None:
        if self._fit_pending or self._covered():
            return
        if not self._request_timer.isActive():
            self._request_timer.start()

    def _emit_request(self) -> None:
        wanted = self._wanted()
        if wanted is None:
            return
        self._requested = wanted
        size, first, last = wanted
        self.range_needed.emit(size.value, first.isoformat(), last.isoformat())

    # -- text ------------------------------------------------------------------------------------

    def _bar_tooltip(self, ordinal: int, *, keys: bool = False) -> str:
        """What a bar's tooltip says; `keys` for the current bar, with the keys' hints."""
        data = self._data
        assert data is not None
        found = self._result.at(ordinal)
        behind = self._context.at(ordinal)
        anchor = found or behind
        if anchor is None:
            day = _day(ordinal)
            text = f"{bin_label(bin_start(day, data.bin), data.bin)}: no documents"
            return "\n".join([text, *self._key_hints(found)]) if keys else text
        period = bin_label(anchor.start, data.bin)
        lines = [f"{period}: {_documents(found.count if found else 0)}"]
        if found is not None and found.overlapping:
            lines.append(
                f"{found.overlapping:,} more dated only by {_LOOSER[data.bin]} "
                "may fall here (drawn lighter)"
            )
        if behind is not None and data.bins is not data.context:
            lines.append(f"{_documents(behind.count)} in the whole catalog")
        if found is not None and 0 < found.count <= FEW_DOCUMENTS and self._titles_provider:
            query = within_query(found.start, data.bin)
            if query not in self._titles_cache:
                answer = self._titles_provider(query)
                self._titles_cache[query] = None if answer is None else tuple(answer)
            titles = self._titles_cache[query]
            if titles is None:
                lines.append("Reading the titles…")
            else:
                lines.extend(f"• {title}" for title in titles)
        if keys:
            lines.extend(self._key_hints(found))
        elif found is not None and found.total > 0:
            lines.append("Click to filter to this period; Shift+drag to select a range")
        return "\n".join(lines)

    def _key_hints(self, found: TimelineBin | None) -> list[str]:
        """The current bar's tooltip's last line: what Enter would filter to."""
        span = self._key_range()
        if span is not None:
            first, last = date.fromordinal(span[0]), date.fromordinal(span[1])
            return [f"Enter to filter to {_short(first)} – {_short(last)}"]
        if found is not None and found.total > 0:
            return ["Enter to filter to this period; Shift+←/→ to select a range"]
        return ["Shift+←/→ to select a range"]

    def _undated_tooltip(self) -> str:
        data = self._data
        if data is None:
            return "Undated documents"
        text = f"Undated: {_documents(data.undated)}"
        if data.bins is not data.context:
            text += f" ({data.context_undated:,} in the whole catalog)"
        return text + "\nClick to show the documents without a date"

    def _update_description(self) -> None:
        data = self._data
        if data is None:
            return
        if data.extent is None:
            summary = "No dated documents in the result."
        else:
            first, last = data.extent
            summary = f"The result's documents run from {first.isoformat()} to {last.isoformat()}."
        parts = [summary, f"Undated: {data.undated:,}."]
        current = self.current_bar() if self.hasFocus() else None
        if current is not None:
            found = self._result.at(current[0].toordinal())
            period = bin_label(current[0], data.bin)
            parts.append(f"Current bar: {period}, {_documents(found.count if found else 0)}.")
        span = self._key_range()
        if span is not None:
            first_day, last_day = date.fromordinal(span[0]), date.fromordinal(span[1])
            parts.append(f"Range selected: {_short(first_day)} – {_short(last_day)}.")
        parts.append(_USAGE)
        description = " ".join(parts)
        # Each change is announced to assistive technology; an unchanged one need not be.
        if description != self.accessibleDescription():
            self.setAccessibleDescription(description)

    # -- geometry --------------------------------------------------------------------------------

    def _relayout(self) -> None:
        self._layout = self._make_layout(QSize(self.width(), self.height()))
        self._labels = self._era_cache = None
        self.update()

    def _make_layout(self, size: QSize) -> _Layout:
        width, height = float(size.width()), float(size.height())
        line = self._metrics.height()
        lane_height = math.ceil(line + 5)
        gutter = math.ceil(self._metrics.horizontalAdvance("00,000")) + 12
        swatch = math.ceil(line * 0.7)
        side_width = math.ceil(
            max(
                self._metrics.horizontalAdvance("Undated") + 28,
                max(self._metrics.horizontalAdvance(text) for text, _role in _LEGEND) + swatch + 12,
            )
        )
        axis_height = math.ceil(2 * line + 10)
        eras_top = 4.0
        eras = QRectF(gutter, eras_top, max(0.0, width - gutter - side_width - 16), 0)
        eras.setHeight(self._lane_count * lane_height)
        plot_top = eras.bottom() + (6 if self._lane_count else 6 + line / 2)
        plot = QRectF(gutter, plot_top, eras.width(), max(20.0, height - plot_top - axis_height))
        axis = QRectF(gutter, plot.bottom(), plot.width(), axis_height)
        undated = QRectF(plot.right() + 10, plot.bottom() - line - 8, side_width, 0)
        undated.setBottom(axis.top() + line + 6)
        legend = QRectF(undated.left(), plot.top(), side_width, undated.top() - 8 - plot.top())
        return _Layout(width, height, eras, lane_height, plot, axis, undated, legend)

    def _pixels_per_day(self) -> float:
        if self._view is None:
            return 1.0
        first, last = self._view
        return self._layout.plot.width() / max(last - first, 1e-9)

    def _x(self, ordinal: float) -> float:
        if self._view is None:
            return self._layout.plot.left()
        return self._layout.plot.left() + (ordinal - self._view[0]) * self._pixels_per_day()

    def _ordinal(self, x: float) -> float:
        if self._view is None:
            return float(date.today().toordinal())
        ordinal = self._view[0] + (x - self._layout.plot.left()) / self._pixels_per_day()
        return min(max(ordinal, FIRST_DAY.toordinal()), LAST_DAY.toordinal())

    def _peak(self) -> float:
        """The count the plot's height must hold.

        The catalog's tallest bar in view, so that the result's bars show their share of it;
        but when the result is a small part of the catalog, the result's tallest bar, and the
        catalog's faint bars run off the top (their tooltips still tell their counts).
        """
        if self._view is None:
            return 0.0
        first, last = self._view
        result = self._result.peak(first, last)
        context = self._context.peak(first, last)
        if result <= 0 or context <= result * _SHARED_SCALE_RATIO:
            return max(result, context)
        return result

    def _y_top(self) -> float:
        """The count at the top of the plot: a round number at or above the tallest bar."""
        return _nice_ceiling(max(self._peak(), 1.0))

    def _y_scale(self) -> float:
        return (self._layout.plot.height() - 4) / self._y_top()

    def _era_rects(self) -> list[_EraPlace]:
        """Each era's strip in view, clipped to the plot's width, and where its label goes.

        Lanes are dealt among the eras in view and stacked up from the plot, so that a view
        with one era shows one strip right above the bars rather than a gap. A label too long
        for its strip goes on after it when the lane has room there.
        """
        if self._era_cache is not None:
            return self._era_cache
        layout = self._layout
        if self._view is None:
            return []
        shown: list[tuple[EraBand, float, float]] = []
        for era in self._eras:
            left = max(self._x(era.start.toordinal()), layout.eras.left())
            right = min(self._x(era.end.toordinal() + 1), layout.eras.right())
            if right - left >= 2:
                shown.append((era, left, right))
        lanes = era_lanes([era for era, _left, _right in shown])
        used = min(max(lanes, default=-1) + 1, _MAX_ERA_LANES)
        metrics = self._metrics
        places: list[_EraPlace] = []
        for index, ((era, left, right), lane) in enumerate(zip(shown, lanes, strict=True)):
            if lane >= used:
                continue  # a catalog of many eras shows those that fit; zooming in shows more
            top = layout.eras.bottom() - (used - lane) * layout.lane_height
            strip = QRectF(left, top, right - left, layout.lane_height - 2)
            following = [
                other_left
                for (_other, other_left, _right), other_lane in zip(
                    shown[index + 1 :], lanes[index + 1 :], strict=True
                )
                if other_lane == lane
            ]
            limit = min([*following, layout.eras.right()])
            full = f"{era.title}, {era.period_label}"
            inside, outside = strip.width() - 10, limit - strip.right() - 10
            text, after = _era_label(metrics, (full, era.title), inside, outside)
            label = strip.adjusted(5, 0, -5, 0)
            if after:
                width = metrics.horizontalAdvance(text)
                label = QRectF(strip.right() + 5, strip.top(), width, strip.height())
            if text in ("", "…"):
                text = ""
            places.append(_EraPlace(era, strip, label, text, strip.united(label)))
        self._era_cache = places
        return places

    # -- painting --------------------------------------------------------------------------------

    def _paint(self, painter: QPainter) -> None:
        layout, colors = self._layout, self._colors
        painter.fillRect(QRectF(0, 0, layout.width, layout.height), colors.base)
        painter.setFont(self._font)
        if self._view is None:
            self._paint_message(painter, "Loading the timeline…")
            return
        era_rects = self._era_rects()
        self._paint_era_tints(painter, era_rects)
        self._paint_grid(painter)
        self._paint_bars(painter)
        self._paint_selection(painter)
        self._paint_current(painter)
        self._paint_axis(painter)
        self._paint_marks(painter)
        self._paint_eras(painter, era_rects)
        self._paint_undated(painter)
        self._paint_legend(painter)
        if self._data is not None and not self._data.bins and not self._data.context:
            self._paint_message(painter, "No dated documents")
        if self.hasFocus():
            painter.setPen(QPen(colors.selection_edge, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(0.5, 0.5, layout.width - 1, layout.height - 1))

    def _paint_message(self, painter: QPainter, text: str) -> None:
        painter.setPen(self._colors.muted)
        painter.drawText(self._layout.plot, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_era_tints(self, painter: QPainter, era_rects: list[_EraPlace]) -> None:
        plot = self._layout.plot
        for place in era_rects:
            era, rect = place.era, place.strip
            index = self._eras.index(era) % len(self._colors.eras)
            _strip, tint, edge = self._colors.eras[index]
            band = QRectF(rect.left(), plot.top(), rect.width(), plot.height())
            painter.fillRect(band, tint)
            if len(era_rects) > _MAX_ERA_EDGES:
                continue  # among many eras the lines would only be noise
            # The era's own ends, where they are in view, as thin lines down to the axis.
            painter.setPen(QPen(edge, 1, Qt.PenStyle.DotLine))
            for x in (self._x(era.start.toordinal()), self._x(era.end.toordinal() + 1)):
                if plot.left() < x < plot.right():
                    painter.drawLine(QPointF(x, rect.bottom()), QPointF(x, plot.bottom()))

    def _paint_grid(self, painter: QPainter) -> None:
        plot, colors = self._layout.plot, self._colors
        top = self._y_top()
        scale = self._y_scale()
        step = _nice_step(top)
        painter.setFont(self._font)
        metrics = self._metrics
        value = 0.0
        while value <= top + 1e-9:
            y = round(plot.bottom() - value * scale) + 0.5
            if value > 0:
                painter.setPen(QPen(colors.grid, 1))
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            text = f"{value:,.0f}"
            painter.setPen(colors.muted)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            value += step

    def _paint_bars(self, painter: QPainter) -> None:
        assert self._view is not None
        plot, colors = self._layout.plot, self._colors
        first, last = self._view
        x_scale = self._pixels_per_day()
        y_scale = self._y_scale()
        painter.save()
        painter.setClipRect(plot)
        painter.setPen(Qt.PenStyle.NoPen)
        if self._hover is not None:
            found = self._result.at(self._hover)
            if found is not None:
                left = self._x(found.start.toordinal())
                right = self._x(found.end.toordinal() + 1)
                painter.fillRect(
                    QRectF(left, plot.top(), right - left, plot.height()), colors.hover
                )
        # Bars are laid out once in days and documents; one transform puts them on screen.
        painter.setTransform(
            QTransform(x_scale, 0, 0, -y_scale, plot.left() - first * x_scale, plot.bottom()),
            combine=True,
        )
        for layer, rects, color in (
            (self._context, self._context.whole_rects, colors.context),
            (self._result, self._result.spread_rects, colors.spread),
            (self._result, self._result.count_rects, colors.bar),
        ):
            if layer is self._context and self._data is not None and layer.bins is self._data.bins:
                continue  # the result is the whole catalog: the strong bars cover it
            if not rects:
                continue
            painter.setBrush(color)
            if len(rects) > 64:
                low, high = _visible_slice(rects, first, last)
                painter.drawRects(rects[low:high])
            else:
                painter.drawRects(rects)
        painter.restore()
        self._paint_cut_bars(painter)

    def _paint_cut_bars(self, painter: QPainter) -> None:
        """A break across each faint bar too tall for the scale, so that none reads as a count."""
        if self._view is None or self._data is None or self._context.bins is self._data.bins:
            return
        top = self._y_top()
        layer, plot = self._context, self._layout.plot
        low, high = layer.visible(*self._view)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(self._colors.base, 2))
        y = plot.top() + 7
        below = top * (plot.height() - 20) / plot.height()  # results lower than the break
        for index in range(low, high):
            if layer.totals[index] <= top * 1.05:
                continue
            first, end = layer.starts[index], layer.ends[index]
            found = self._result.at(first)
            if found is not None and found.total > below:
                continue
            gap = (end - first) * _BAR_GAP
            left = max(self._x(first + gap), plot.left())
            right = min(self._x(end - gap), plot.right())
            if right - left < 3:
                continue
            for offset in (0, 5):
                painter.drawLine(QPointF(left, y + offset + 2), QPointF(right, y + offset - 2))
        painter.restore()

    def _paint_selection(self, painter: QPainter) -> None:
        if self._selection is None:
            return
        layout, colors = self._layout, self._colors
        first, last = self._selection
        left = max(self._x(first), layout.plot.left())
        right = min(self._x(last + 1), layout.plot.right())
        if right <= left:
            return
        area = QRectF(
            left, layout.plot.top(), right - left, layout.axis.bottom() - layout.plot.top()
        )
        painter.fillRect(area, colors.selection)
        painter.setPen(QPen(colors.selection_edge, 1.5))
        for x in (self._x(first), self._x(last + 1)):
            if layout.plot.left() <= x <= layout.plot.right():
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
        text = f"{_short(date.fromordinal(first))} – {_short(date.fromordinal(last))}"
        metrics = self._metrics
        width = metrics.horizontalAdvance(text) + 12
        pill = QRectF(0, layout.plot.top() + 3, width, metrics.height() + 4)
        pill.moveLeft(
            min(max(left + (right - left - width) / 2, left), layout.plot.right() - width)
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.selection_edge)
        painter.drawRoundedRect(pill, 4, 4)
        painter.setPen(colors.base)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)

    def _paint_current(self, painter: QPainter) -> None:
        """An outline round the bar the arrow keys move, while the keys go to the timeline."""
        rect = self._current_rect() if self.hasFocus() else None
        if rect is None:
            return
        pen = QPen(self._colors.focus, 2)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))

    def _paint_axis(self, painter: QPainter) -> None:
        layout, colors = self._layout, self._colors
        axis, plot = layout.axis, layout.plot
        painter.setPen(QPen(colors.muted, 1))
        painter.drawLine(
            QPointF(plot.left(), axis.top() + 0.5), QPointF(plot.right(), axis.top() + 0.5)
        )
        ticks = self._tick_positions()
        painter.setPen(QPen(colors.muted, 1))
        for x, major in ticks:
            painter.drawLine(QPointF(x, axis.top()), QPointF(x, axis.top() + (6 if major else 3)))
        if self._labels is None:
            self._labels = self._make_labels()
        metrics = self._metrics
        line = metrics.height()
        for label in self._labels:
            painter.setFont(self._bold if label.row else self._font)
            painter.setPen(colors.text if label.row else colors.muted)
            width = label.width
            top = axis.top() + 6 + label.row * (line + 1)
            painter.drawText(
                QRectF(label.x - width / 2 - 1, top, width + 2, line),
                Qt.AlignmentFlag.AlignCenter,
                label.text,
            )
        painter.setFont(self._font)

    def _tick_positions(self) -> list[tuple[float, bool]]:
        """Bin boundaries of the view's bin size, where they are far enough apart to draw."""
        assert self._view is not None
        size = self.view_bin()
        plot = self._layout.plot
        if size.mean_days * self._pixels_per_day() < 3:
            return []
        first, last = self._view
        ticks: list[tuple[float, bool]] = []
        current: date | None = bin_start(_day(math.floor(first)), size)
        while current is not None and current.toordinal() <= last:
            x = self._x(current.toordinal())
            if plot.left() <= x <= plot.right():
                ticks.append((x, _is_major(current, size)))
            current = next_bin_start(current, size)
        return ticks

    def _make_labels(self) -> list[_Label]:
        """Axis labels for the zoom: days and months, months and years, years, or decades."""
        assert self._view is not None
        size = self.view_bin()
        first, last = self._view
        plot = self._layout.plot
        metrics = self._metrics
        per_day = self._pixels_per_day()
        labels: list[_Label] = []
        fine, coarse = _LABEL_STEPS[size]
        # The finest step whose widest label still leaves room between neighbours.
        chosen = fine[-1]
        for step in fine:
            widest = self._step_widths.get(step)
            if widest is None:
                widest = max(metrics.horizontalAdvance(t) for t in _sample_texts(size, step))
                self._step_widths[step] = widest
            if step.days * per_day >= widest + 10:
                chosen = step
                break
        current: date | None = bin_start(_day(math.floor(first)), size)
        while current is not None and current.toordinal() <= last:
            nxt = next_bin_start(current, size)
            if chosen.keeps(current):
                end = nxt.toordinal() if nxt is not None else LAST_DAY.toordinal() + 1
                # Centred on the part of the bin in view, and left out if it does not fit there.
                left = max(self._x(current.toordinal()), plot.left())
                right = min(self._x(end), plot.right())
                text = chosen.text(current)
                width = metrics.horizontalAdvance(text)
                if right - left >= width or (
                    chosen.every > 1
                    and left - width / 2 >= plot.left()
                    and right + width / 2 <= plot.right()
                ):
                    labels.append(_Label(text, (left + right) / 2, 0, width))
            current = nxt
        if coarse is not None:
            labels.extend(self._coarse_labels(coarse, first, last))
        return labels

    def _coarse_labels(self, size: BinSize, first: float, last: float) -> list[_Label]:
        """Year (or month) names on the second row, each kept in view while its period is."""
        plot = self._layout.plot
        bold = self._bold_metrics
        labels: list[_Label] = []
        current: date | None = bin_start(_day(math.floor(first)), size)
        while current is not None and current.toordinal() <= last:
            nxt = next_bin_start(current, size)
            text = str(current.year) if size is BinSize.YEAR else _month_year(current)
            width = bold.horizontalAdvance(text)
            left = max(self._x(current.toordinal()), plot.left())
            right = min(self._x(nxt.toordinal()) if nxt else plot.right(), plot.right())
            if right - left >= width + 4:
                # At the period's start, or at the left edge while the period runs on.
                centre = left + width / 2 + 3
                centre = min(centre, right - width / 2 - 1)
                labels.append(_Label(text, centre, 1, width))
            current = nxt
        return labels

    def _paint_marks(self, painter: QPainter) -> None:
        if not self._marks or self._view is None:
            return
        layout, colors = self._layout, self._colors
        axis_top = layout.axis.top()
        first, last = self._view
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colors.mark, 2))
        painter.setBrush(colors.mark)
        for _document, low, high in self._marks:
            if high + 1 < first or low > last:
                continue
            if high > low:
                painter.drawLine(
                    QPointF(max(self._x(low), layout.plot.left()), axis_top + 1),
                    QPointF(min(self._x(high + 1), layout.plot.right()), axis_top + 1),
                )
            x = self._x((low + high + 1) / 2)
            if layout.plot.left() <= x <= layout.plot.right():
                painter.drawPolygon(
                    [
                        QPointF(x, axis_top - 1),
                        QPointF(x - 4, axis_top - 8),
                        QPointF(x + 4, axis_top - 8),
                    ]
                )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_eras(self, painter: QPainter, era_rects: list[_EraPlace]) -> None:
        colors = self._colors
        for place in era_rects:
            index = self._eras.index(place.era) % len(colors.eras)
            strip, _tint, _edge = colors.eras[index]
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(strip)
            painter.drawRoundedRect(place.strip, 3, 3)
            if not place.text:
                continue
            painter.setPen(colors.text)
            painter.drawText(
                place.label,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                place.text,
            )

    def _paint_undated(self, painter: QPainter) -> None:
        layout, colors = self._layout, self._colors
        box = layout.undated
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colors.muted, 1))
        painter.setBrush(colors.hover)
        painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        data = self._data
        count = "…" if data is None else f"{data.undated:,}"
        line = self._metrics.height()
        painter.setPen(colors.muted)
        painter.drawText(
            QRectF(box.left(), box.top() + 3, box.width(), line),
            Qt.AlignmentFlag.AlignCenter,
            "Undated",
        )
        painter.setFont(self._bold)
        painter.setPen(colors.text)
        painter.drawText(
            QRectF(box.left(), box.top() + 3 + line, box.width(), line),
            Qt.AlignmentFlag.AlignCenter,
            count,
        )
        painter.setFont(self._font)
        if self._undated_marks:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.mark)
            painter.drawEllipse(QPointF(box.right() - 7, box.top() + 7), 3, 3)

    def _paint_legend(self, painter: QPainter) -> None:
        legend, colors = self._layout.legend, self._colors
        line = self._metrics.height()
        swatch = math.floor(line * 0.7)
        fills = {"bar": colors.bar, "spread": colors.spread, "context": colors.context}
        y = legend.top()
        for text, role in _LEGEND:
            if y + line > legend.bottom():
                break
            box = QRectF(legend.left() + 2, y + (line - swatch) / 2, swatch, swatch)
            painter.fillRect(box, fills[role])
            painter.setPen(colors.muted)
            painter.drawText(
                QRectF(box.right() + 6, y, legend.right() - box.right() - 6, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            y += line + 3

    def _make_colors(self) -> _Colors:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        highlight = palette.color(QPalette.ColorRole.Highlight)
        dark = base.lightnessF() < 0.5

        def alpha(color: QColor, value: float) -> QColor:
            faded = QColor(color)
            faded.setAlphaF(value)
            return faded

        bar = QColor(highlight)
        if dark:
            bar = bar.lighter(115)
        eras = []
        for hue in _ERA_HUES:
            strip = QColor.fromHsl(hue, 150, 70 if dark else 205)
            tint = QColor.fromHsl(hue, 150, 130 if dark else 215)
            tint.setAlphaF(0.10 if dark else 0.22)
            edge = QColor.fromHsl(hue, 120, 150 if dark else 120)
            eras.append((strip, tint, edge))
        return _Colors(
            base=base,
            text=text,
            muted=_mix(text, base, 0.62),
            grid=_mix(text, base, 0.09),
            # Bars are opaque mixes, not translucent colours: Qt fills translucent rects under a
            # transform twenty times slower (6 ms rather than 0.3 ms for a thousand bars).
            context=_mix(text, base, 0.16 if dark else 0.13),
            bar=bar,
            spread=_mix(bar, base, 0.42),
            hover=alpha(text, 0.06),
            focus=text,
            selection=alpha(highlight, 0.18),
            selection_edge=highlight,
            mark=QColor("#f39c12") if dark else QColor("#d35400"),
            eras=tuple(eras),
        )


#: What "dated more loosely" means at each bin size: the precisions a bin of it cannot hold.
_LOOSER = {
    BinSize.DAY: "month, year, circa or range",
    BinSize.MONTH: "year, circa or range",
    BinSize.YEAR: "circa or a range of years",
    BinSize.DECADE: "a range across decades",
}

#: The legend's rows: text and which colour its swatch shows.
_LEGEND = (("Result", "bar"), ("Imprecise", "spread"), ("Catalog", "context"))

_LEGEND_TIPS = {
    "bar": "Documents of the current result, counted in the period of their date",
    "spread": "Documents dated only to a month, a year, circa or a range, spread over the "
    "periods their date covers, in proportion to the days",
    "context": "The whole catalog, drawn faintly behind the result on the same scale",
}


# -- axis label steps ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Step:
    """Label every n-th bin of a size, written one way."""

    size: BinSize
    every: int
    style: str  # "day", "month", "abbr", "letter", "year", "decade"

    @property
    def days(self) -> float:
        return self.size.mean_days * self.every

    def keeps(self, start: date) -> bool:
        if self.size is BinSize.DAY:
            # 1, 8, 15, 22 but not 29: a label that close to the next month's 1 would crowd it.
            days_in_month = calendar.monthrange(start.year, start.month)[1]
            return (start.day - 1) % self.every == 0 and start.day + self.every - 1 <= days_in_month
        if self.size is BinSize.MONTH:
            return (start.month - 1) % self.every == 0
        if self.size is BinSize.YEAR:
            return start.year % self.every == 0
        return (start.year // 10) % self.every == 0

    def text(self, start: date) -> str:
        if self.style == "day":
            return str(start.day)
        if self.style == "month":
            return _MONTHS[start.month - 1]
        if self.style == "abbr":
            return _MONTHS[start.month - 1][:3]
        if self.style == "letter":
            return _MONTHS[start.month - 1][0]
        if self.style == "decade":
            return f"{start.year}s"
        return str(start.year)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_LABEL_STEPS: dict[BinSize, tuple[tuple[_Step, ...], BinSize | None]] = {
    BinSize.DAY: (
        tuple(_Step(BinSize.DAY, n, "day") for n in (1, 2, 7, 14)),
        BinSize.MONTH,
    ),
    BinSize.MONTH: (
        (
            _Step(BinSize.MONTH, 1, "month"),
            _Step(BinSize.MONTH, 1, "abbr"),
            _Step(BinSize.MONTH, 3, "abbr"),
            _Step(BinSize.MONTH, 6, "abbr"),
            _Step(BinSize.MONTH, 12, "abbr"),
        ),
        BinSize.YEAR,
    ),
    BinSize.YEAR: (
        tuple(_Step(BinSize.YEAR, n, "year") for n in (1, 2, 5, 10, 20, 50, 100)),
        None,
    ),
    BinSize.DECADE: (
        tuple(_Step(BinSize.DECADE, n, "decade") for n in (1, 2, 5, 10, 20, 50, 100)),
        None,
    ),
}


def _sample_texts(size: BinSize, step: _Step) -> list[str]:
    if step.style in ("month", "abbr", "letter"):
        return [step.text(date(2000, month, 1)) for month in range(1, 13)]
    if step.style == "day":
        return ["28"]
    return ["1950s" if size is BinSize.DECADE else "1950"]


def _is_major(start: date, size: BinSize) -> bool:
    if size is BinSize.DAY:
        return start.day == 1
    if size is BinSize.MONTH:
        return start.month == 1
    if size is BinSize.YEAR:
        return start.year % 10 == 0
    return start.year % 100 == 0


# -- small helpers -------------------------------------------------------------------------------


def _day(ordinal: int) -> date:
    return date.fromordinal(min(max(ordinal, FIRST_DAY.toordinal()), LAST_DAY.toordinal()))


def _era_label(
    metrics: QFontMetricsF, texts: tuple[str, str], inside: float, outside: float
) -> tuple[str, bool]:
    """An era's label and whether it goes after its strip: whole inside if it fits, else whole
    after it, else shortened inside (or after, when the strip is a sliver)."""
    for room, after in ((inside, False), (outside, True)):
        for text in texts:
            if metrics.horizontalAdvance(text) <= room:
                return text, after
    if inside >= _ERA_LABEL_ROOM or inside >= outside:
        return metrics.elidedText(texts[1], Qt.TextElideMode.ElideRight, inside), False
    return metrics.elidedText(texts[0], Qt.TextElideMode.ElideRight, outside), True


def _mix(color: QColor, base: QColor, share: float) -> QColor:
    """`color` laid at `share` opacity over `base`, as one opaque colour."""
    return QColor.fromRgbF(
        color.redF() * share + base.redF() * (1 - share),
        color.greenF() * share + base.greenF() * (1 - share),
        color.blueF() * share + base.blueF() * (1 - share),
    )


def _documents(count: int) -> str:
    return "1 document" if count == 1 else f"{count:,} documents"


def _month_year(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _short(day: date) -> str:
    return f"{_MONTHS[day.month - 1][:3]} {day.day}, {day.year}"


#: Round tops for the count scale, times a power of ten; each splits into whole steps.
_NICE_TOPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def _nice_ceiling(value: float) -> float:
    """A round whole number at or above `value`: 1 to 5, then 6, 8, 10, 12, 15, 20, 25, 30…"""
    if value <= 5:
        return float(max(1, math.ceil(value - 1e-9)))
    exponent = math.floor(math.log10(value))
    for factor in _NICE_TOPS:
        nice = round(factor * 10.0**exponent)
        if nice >= value - 1e-9:
            return float(nice)
    return 10.0 ** (exponent + 1)


def _nice_step(top: float) -> float:
    """A whole-number gridline step that divides `top` into two to five parts."""
    if top <= 5:
        return 1.0
    for parts in (4, 3, 5, 2):
        step = top / parts
        if step == int(step) and str(int(step))[0] in "1235":
            return step
    return top / 2


def _visible_slice(rects: list[QRectF], first: float, last: float) -> tuple[int, int]:
    """The index range of rects (sorted by left edge) that reach into `first`..`last`."""
    low, high = 0, len(rects)
    while low < high:
        middle = (low + high) // 2
        if rects[middle].right() < first:
            low = middle + 1
        else:
            high = middle
    start = low
    high = len(rects)
    while low < high:
        middle = (low + high) // 2
        if rects[middle].left() <= last:
            low = middle + 1
        else:
            high = middle
    return start, low
