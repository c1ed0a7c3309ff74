"""What the timeline tells: its tooltips, spoken or hovered, and its accessible description."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip

from desktop_app.domain.timeline import TimelineBin
from desktop_app.query.ast import Node
from desktop_app.query.editing import within_bin
from desktop_app.ui.safe_text import plain_tooltip
from desktop_app.ui.timeline import text as texts
from desktop_app.ui.timeline.base import TimelineBase
from desktop_app.ui.timeline.layout import LEGEND, legend_row


class TimelineText(TimelineBase):
    """The timeline's tooltips (the pointer's and the current bar's) and its description."""

    def tooltip_at(self, point: QPointF) -> str:
        """The plain text of the tooltip at a point: what is under it, counted."""
        layout = self._layout
        if layout.undated.contains(point):
            return texts.undated_tooltip(self._data)
        if layout.legend.contains(point):
            row = legend_row(point.y(), layout.legend.top(), self._metrics.height())
            return "" if row is None else texts.LEGEND_TIPS[LEGEND[row][1]]
        for place in self._era_rects():
            if place.hit.contains(point):
                era = place.era
                return f"{era.title}, {era.period_label}\nClick to show this collection's documents"
        if self._data is None or not (layout.plot.contains(point) or layout.axis.contains(point)):
            return ""
        return self._bar_tooltip(math.floor(self._ordinal(point.x())))

    def show_titles(self, query: Node, titles: Sequence[str]) -> None:
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

    def current_bar(self) -> tuple[date, date] | None:
        """The first and last day of the bar the arrow keys move, while it is in view."""
        current = self._current_day()
        if current is None:
            return None
        first, end = self._bin_of(current)
        return date.fromordinal(first), date.fromordinal(end - 1)

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

    def _bar_tooltip(self, ordinal: int, *, keys: bool = False) -> str:
        """What a bar's tooltip says; `keys` for the current bar, with the keys' hints."""
        data = self._data
        assert data is not None
        found = self._result.at(ordinal)
        behind = self._context.at(ordinal)
        hints = texts.key_hints(self._key_range(), found) if keys else None
        titles: Sequence[str] | None = None
        reading = False
        if found is not None and texts.wants_titles(found) and self._titles_provider:
            titles = self._titles(found)
            reading = titles is None
        return texts.bar_tooltip(
            data, ordinal, found, behind, titles=titles, reading=reading, hints=hints
        )

    def _titles(self, found: TimelineBin) -> Sequence[str] | None:
        """The titles of a bar's result, asked of the provider once; None while being read."""
        assert self._data is not None and self._titles_provider is not None
        query = within_bin(found.start, self._data.bin)
        if query not in self._titles_cache:
            answer = self._titles_provider(query)
            self._titles_cache[query] = None if answer is None else tuple(answer)
        return self._titles_cache[query]

    def _show_current_tooltip(self) -> None:
        """The current bar's period and count where hovering it would show them."""
        rect, current = self._current_rect(), self._current_day()
        if rect is None or current is None:
            return
        text = self._bar_tooltip(current, keys=True)
        point = QPoint(round(rect.center().x()), round(rect.top() + rect.height() / 3))
        self._tooltip_current = True
        QToolTip.showText(self.mapToGlobal(point), plain_tooltip(text), self)

    def _update_description(self) -> None:
        data = self._data
        if data is None:
            return
        bar = self.current_bar() if self.hasFocus() else None
        current = None if bar is None else (bar[0], self._result.at(bar[0].toordinal()))
        description = texts.description(data, current, self._key_range())
        # Each change is announced to assistive technology; an unchanged one need not be.
        if description != self.accessibleDescription():
            self.setAccessibleDescription(description)
