"""The timeline widget's state and geometry: its signals, its view, its parts, its requests.

The widget is built up in layers, each a module: this base; `accessibility` (tooltips and the
description); `painting`; `input` (mouse and keys); and `widget`, the public interface.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.domain.timeline import BinSize, EraBand, TimelineData, choose_bin, era_lanes
from desktop_app.query.ast import Node, Term
from desktop_app.ui.timeline import view as views
from desktop_app.ui.timeline.axis import Label, Step
from desktop_app.ui.timeline.bars import EMPTY_LAYER, Layer
from desktop_app.ui.timeline.colors import Colors, make_colors
from desktop_app.ui.timeline.layout import LEGEND, Box, TextSizes, layout_parts
from desktop_app.ui.timeline.text import USAGE
from desktop_app.ui.timeline.view import Scale, day

_REQUEST_DELAY_MS = 40  # gathers a burst of wheel notches into one request
_MAX_ERA_LANES = 3  # more would leave the bars too little height
_ERA_LABEL_ROOM = 40  # pixels of a strip that hold enough of a title to write it inside

#: Titles for a bar's documents (a query tree) now, or None: asked for, they come through
#: `show_titles`.
TitlesProvider = Callable[[Node], Sequence[str] | None]
Mark = tuple[int, str | None, str | None]


@dataclass(frozen=True, slots=True)
class WidgetLayout:
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
class EraPlace:
    """An era in view: its strip, where its label is written, and where a click chooses it."""

    era: EraBand
    #: The era's place among the catalog's eras, which picks its colours.
    order: int
    strip: QRectF
    label: QRectF
    text: str
    hit: QRectF


def _rect(box: Box) -> QRectF:
    return QRectF(box.left, box.top, box.width, box.height)


class TimelineBase(QWidget):
    """The timeline's signals and state, and where its view puts days and parts on screen."""

    #: Bins wanted: the bin size (`BinSize` value) and the first and last ISO day, or two empty
    #: strings for the whole catalog (the widget asks so when it is about to fit the result).
    range_needed = Signal(str, str, str)
    #: A `date:` term (`Term`): a range brushed with Shift+drag or on the axis, or a bar's period.
    date_range_selected = Signal(object)
    #: The person cleared the brushed range (Escape).
    selection_cleared = Signal()
    #: An era band's label was clicked: the collection's title.
    collection_chosen = Signal(str)
    #: The undated box was clicked: the term of undated documents (`missing:date`, a `Term`).
    undated_chosen = Signal(object)
    #: A marked document's tick was clicked: its id.
    document_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(f"Documents per period. {USAGE}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumHeight(150)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

        self._data: TimelineData | None = None
        self._result: Layer = EMPTY_LAYER
        self._context: Layer = EMPTY_LAYER
        self._eras: tuple[EraBand, ...] = ()
        self._lane_count = 0
        self._era_cache: list[EraPlace] | None = None
        self._view: views.View | None = None  # first and last ordinal, as floats
        self._fit_pending = True
        self._stale = True  # the bars drawn are not those of the current query
        self._requested: tuple[BinSize, date, date] | None = None
        self._selection: tuple[int, int] | None = None  # first and last ordinal, inclusive
        self._marks: list[tuple[int, int, int]] = []  # id, first and last ordinal
        self._undated_marks = 0
        self._titles_provider: TitlesProvider | None = None
        # Per bar query: its titles, or None while they are being read.
        self._titles_cache: dict[Node, Sequence[str] | None] = {}
        # Where the last tooltip was shown (local point, global point), to show it again when
        # the titles it waited for arrive.
        self._tooltip_at: tuple[QPointF, QPoint] | None = None
        self._hover: int | None = None  # the start ordinal of the bar under the pointer
        # The bar the arrow keys or a click put current, as a day (ordinal) inside it: its bin
        # follows the zoom, so zooming out and back in finds the same month again. While it is
        # None or out of view, the current bar is the one `first_current` picks.
        self._current: int | None = None
        # Where a Shift+arrow range began (a day, like `_current`), and the brushed range it is
        # drawn over, shown again if the range is dropped rather than chosen.
        self._anchor: int | None = None
        self._selection_before_keys: tuple[int, int] | None = None
        self._tooltip_current = False  # the tooltip shown is the current bar's, not the pointer's

        self._press: QPointF | None = None
        self._press_view: views.View | None = None
        self._press_selecting = False
        self._dragging = False
        self._pending_click: Term | None = None  # a bar clicked, held back for a double-click

        self._set_fonts()
        self._colors: Colors = make_colors(self.palette())
        self._layout = self._make_layout(QSize(self.width(), self.height()))
        self._labels: list[Label] | None = None

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

    def _set_fonts(self) -> None:
        """The labels' fonts, a little smaller than the widget's, and their metrics."""
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.9))
        self._bold = QFont(self._font)
        self._bold.setBold(True)
        self._metrics = QFontMetricsF(self._font)
        self._bold_metrics = QFontMetricsF(self._bold)
        self._step_widths: dict[Step, float] = {}

    @Slot()
    def _on_request_timer_timeout(self) -> None:
        self._emit_request()

    @Slot()
    def _on_click_timer_timeout(self) -> None:
        term, self._pending_click = self._pending_click, None
        if term is not None:
            self.date_range_selected.emit(term)

    # -- the view --------------------------------------------------------------------------------

    def fit_to_result(self) -> None:
        """Zoom to the result's dated documents (the whole catalog's when the result has none)."""
        data = self._data
        extent = None if data is None else data.extent or data.context_extent
        if extent is None:
            extent = views.era_extent(self._eras)
        if extent is None:
            # Nothing dated anywhere: show the last few years, empty, rather than nothing.
            today = date.today()
            extent = (date(today.year - 9, 1, 1), date(today.year, 12, 31))
        self._set_view(*views.fitted(extent, self._layout.plot.width()))

    def visible_range(self) -> tuple[date, date] | None:
        """The first and last day wholly or partly in view."""
        if self._view is None:
            return None
        return views.visible_days(self._view)

    def view_bin(self) -> BinSize:
        """The bin size the current zoom asks for."""
        if self._view is None:
            return BinSize.YEAR
        return choose_bin(self._view[1] - self._view[0], self._layout.plot.width())

    def date_at(self, x: float) -> date:
        """The day under an x in widget coordinates."""
        return day(math.floor(self._ordinal(x)))

    def _zoom(self, factor: float, anchor_x: float) -> None:
        if self._view is None:
            return
        self._set_view(*views.zoomed(self._view, factor, self._ordinal(anchor_x)))

    def _pan(self, fraction: float) -> None:
        if self._view is None:
            return
        first, last = self._view
        self._pan_by((last - first) * fraction)

    def _pan_by(self, days: float) -> None:
        if self._view is None:
            return
        self._set_view(*views.panned(self._view, days))

    def _set_view(self, first: float, last: float) -> None:
        view = views.clamp_view(first, last, self._bounds())
        if view == self._view:
            return
        self._view = view
        self._labels = self._era_cache = None
        self.update()
        self._ensure_data()

    def _bounds(self) -> views.View:
        """How far the view may pan and zoom out: the catalog and its eras, with some room."""
        extents = []
        if self._data is not None:
            extents = [e for e in (self._data.context_extent, self._data.extent) if e]
        era = views.era_extent(self._eras)
        if era is not None:
            extents.append(era)
        return views.view_bounds(extents)

    # -- bins and the current bar ----------------------------------------------------------------

    def _bins_known(self) -> bool:
        """The catalog's bins have come (`set_data`) and the view was fitted to them.

        Before, the view is a default around today: nothing read off it may become a filter.
        """
        return self._data is not None and self._view is not None

    def _bin_of(self, ordinal: float) -> tuple[int, int]:
        """The bin of the bars drawn that holds a day: its first ordinal and its end, exclusive."""
        assert self._data is not None
        return views.bin_span(ordinal, self._data.bin)

    def _whole_bins(self, low: date, high: date) -> tuple[int, int]:
        """The whole bins of the bars drawn from `low` to `high`, as first and last ordinal."""
        size = self._data.bin if self._data is not None else self.view_bin()
        return views.whole_bins(low, high, size)

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
        return views.first_current(self._view, self._selection, self._result)

    def _key_range(self) -> tuple[int, int] | None:
        """The Shift+arrow range not yet chosen, as first and last ordinal."""
        return self._selection if self._anchor is not None else None

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

    # -- data requests ---------------------------------------------------------------------------

    def _wanted(self) -> tuple[BinSize, date, date] | None:
        """The bins the view needs: its own and one screen either side, so a pan finds them."""
        if self._view is None:
            return None
        return views.wanted_bins(self._view, self._layout.plot.width())

    def _covered(self) -> bool:
        """The bins at hand (or on their way) are of the view's size and cover the view."""
        wanted = self._wanted()
        if wanted is None or self._view is None:
            return True
        held: list[tuple[BinSize, date, date]] = []
        if self._requested is not None:
            held.append(self._requested)
        if self._data is not None and not self._stale:
            held.append((self._data.bin, self._data.start, self._data.end))
        return views.covers(held, wanted[0], self._view)

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

    # -- geometry --------------------------------------------------------------------------------

    def _relayout(self) -> None:
        self._layout = self._make_layout(QSize(self.width(), self.height()))
        self._labels = self._era_cache = None
        self.update()

    def _make_layout(self, size: QSize) -> WidgetLayout:
        metrics = self._metrics
        sizes = TextSizes(
            line=metrics.height(),
            gutter_text=metrics.horizontalAdvance("00,000"),
            undated_text=metrics.horizontalAdvance("Undated"),
            legend_text=max(metrics.horizontalAdvance(text) for text, _role in LEGEND),
        )
        parts = layout_parts(float(size.width()), float(size.height()), sizes, self._lane_count)
        return WidgetLayout(
            parts.width,
            parts.height,
            _rect(parts.eras),
            parts.lane_height,
            _rect(parts.plot),
            _rect(parts.axis),
            _rect(parts.undated),
            _rect(parts.legend),
        )

    def _scale(self) -> Scale | None:
        """Where the view is drawn in the plot; None before there is a view."""
        if self._view is None:
            return None
        plot = self._layout.plot
        return Scale(self._view[0], self._view[1], plot.left(), plot.width())

    def _pixels_per_day(self) -> float:
        scale = self._scale()
        return 1.0 if scale is None else scale.per_day

    def _x(self, ordinal: float) -> float:
        scale = self._scale()
        return self._layout.plot.left() if scale is None else scale.x(ordinal)

    def _ordinal(self, x: float) -> float:
        scale = self._scale()
        return float(date.today().toordinal()) if scale is None else scale.ordinal(x)

    def _peak(self) -> float:
        """The count the plot's height must hold (`view.scale_peak`)."""
        if self._view is None:
            return 0.0
        first, last = self._view
        return views.scale_peak(self._result.peak(first, last), self._context.peak(first, last))

    def _y_top(self) -> float:
        """The count at the top of the plot: a round number at or above the tallest bar."""
        return views.nice_ceiling(max(self._peak(), 1.0))

    def _y_scale(self) -> float:
        return (self._layout.plot.height() - 4) / self._y_top()

    def _era_rects(self) -> list[EraPlace]:
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
        order: dict[int, int] = {}  # by the era's id(): eras compare by value, slowly
        for number, era in enumerate(self._eras):
            left = max(self._x(era.start.toordinal()), layout.eras.left())
            right = min(self._x(era.end.toordinal() + 1), layout.eras.right())
            if right - left >= 2:
                shown.append((era, left, right))
                order[id(era)] = number
        lanes = era_lanes([era for era, _left, _right in shown])
        used = min(max(lanes, default=-1) + 1, _MAX_ERA_LANES)
        metrics = self._metrics
        places: list[EraPlace] = []
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
            places.append(EraPlace(era, order[id(era)], strip, label, text, strip.united(label)))
        self._era_cache = places
        return places

    def _lanes_for(self, eras: tuple[EraBand, ...]) -> int:
        """The lanes of era strips a catalog's eras take, at most `_MAX_ERA_LANES`."""
        return min(max(era_lanes(eras), default=-1) + 1, _MAX_ERA_LANES)


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
