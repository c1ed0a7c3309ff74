"""The timeline widget: a zoomable, brushable histogram of the result over the whole catalog."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Slot
from PySide6.QtGui import QResizeEvent

from desktop_app.domain.timeline import BinSize, TimelineData
from desktop_app.ui.timeline.bars import EMPTY_LAYER, Layer
from desktop_app.ui.timeline.base import Mark, TitlesProvider
from desktop_app.ui.timeline.colors import make_colors
from desktop_app.ui.timeline.input import TimelineInput
from desktop_app.ui.timeline.text import FEW_DOCUMENTS

__all__ = ["FEW_DOCUMENTS", "Mark", "TimelineWidget", "TitlesProvider"]

_MAX_MARKS = 5000  # marks beyond these (a million selected rows) are not drawn


class TimelineWidget(TimelineInput):
    """Documents per period: faint bars for the whole catalog, strong bars for the result.

    The widget never queries. It asks for bins with `range_needed(bin, first, last)` (ISO days,
    both empty for "the whole catalog") and draws the bars it has until `set_data` brings the
    new ones; the window runs `Catalog.timeline` on its worker and hands the result back.
    """

    def sizeHint(self) -> QSize:
        return QSize(900, 240)

    @Slot(object)
    def set_data(self, data: TimelineData) -> None:
        """Show bins that `range_needed` asked for; the view stays where the person put it."""
        self._data = data
        self._result = Layer(data.bins)
        self._context = Layer(data.context)
        self._stale = False
        if data.eras != self._eras:
            self._eras = data.eras
            self._lane_count = self._lanes_for(data.eras)
            self._relayout()
        self._titles_cache.clear()
        if self._requested is not None and self._requested == (data.bin, data.start, data.end):
            self._requested = None
        # The axis labels follow the bins' size; the eras' places only the view and the eras,
        # which `_set_view` and `_relayout` see to.
        self._labels = None
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
        self._pending_click = None
        self._data = None
        self._result = self._context = EMPTY_LAYER
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

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()
        if self._view is not None:
            self._ensure_data()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._colors = make_colors(self.palette())
            self._set_fonts()
            self._relayout()
        super().changeEvent(event)
