"""The timeline's input: the mouse (click, drag, brush, wheel) and the keys (zoom, the current
bar, a range from it)."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QToolTip

from desktop_app.query.ast import Term
from desktop_app.query.editing import UNDATED_TERM, bin_term, range_term
from desktop_app.ui.timeline import view as views
from desktop_app.ui.timeline.painting import TimelinePainting
from desktop_app.ui.timeline.view import PAN_STEP, ZOOM_STEP, day

_DRAG_THRESHOLD = 4  # pixels a press must move before it is a drag rather than a click
_TICK_HIT = 5.0  # pixels either side of a document mark that still click it


class TimelineInput(TimelinePainting):
    """What the mouse and the keys do to the timeline."""

    def clear_selection(self) -> None:
        """Forget the brushed range; emits `selection_cleared` if there was one."""
        self._drop_key_range()
        if self._selection is not None:
            self._selection = None
            self.update()
            self.selection_cleared.emit()

    # -- the mouse -------------------------------------------------------------------------------

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
            self.date_range_selected.emit(range_term(day(first), day(last)))
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
            self._pending_click = None
            self.fit_to_result()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._view is None:
            return
        delta = event.angleDelta()
        if delta.y():
            factor = ZOOM_STEP ** (-delta.y() / 120)
            self._zoom(factor, event.position().x())
        elif delta.x():
            self._pan(-delta.x() / 120 * PAN_STEP)
        event.accept()

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    def _click(self, point: QPointF) -> None:
        layout = self._layout
        document = self._mark_at(point)
        if document is not None:
            self.document_clicked.emit(document)
            return
        if layout.undated.contains(point):
            self.undated_chosen.emit(UNDATED_TERM)
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
        term = self._bar_term(ordinal)
        if term is None:
            return
        # Held back for a moment: a second click makes it a double-click, which fits instead.
        self._pending_click = term
        self._click_timer.start()

    def _bar_term(self, ordinal: int) -> Term | None:
        """The `date:` term of the result's bar holding a day, or None where it has none."""
        found = self._result.at(ordinal)
        if self._data is None or found is None or found.total <= 0:
            return None
        return bin_term(found.start, self._data.bin)

    def _snapped(self, x1: float, x2: float) -> tuple[int, int]:
        """The whole bins between two x positions, as first and last ordinal."""
        return self._whole_bins(self.date_at(x1), self.date_at(x2))

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

    # -- the keys --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        extend = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._zoom(1 / ZOOM_STEP, self._key_zoom_x())
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self._zoom(ZOOM_STEP, self._key_zoom_x())
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

    def _step(self, direction: int, *, extend: bool) -> None:
        """Move the current bar one bin left (-1) or right (1); `extend` draws a range from it.

        Every bin is a step, empty or not, as on the axis; past the view's edge the view pans.
        """
        current = self._current_day()
        if current is None:
            self._pan(direction * PAN_STEP)  # no bars yet: the arrows pan as they always did
            return
        if not extend:
            self._drop_key_range()
        elif self._anchor is None:
            self._anchor, self._selection_before_keys = current, self._selection
        assert self._data is not None
        target = views.neighbour(current, direction, self._data.bin, self._bounds())
        self._current = current if target is None else target
        if target is not None:
            self._reveal(*self._bin_of(target))
        if self._anchor is not None:
            self._selection = self._whole_bins(day(self._anchor), day(self._current))
        self._current_changed(tooltip=True)

    def _reveal(self, first: int, end: int) -> None:
        """Pan so that a bin is in view (`view.reveal_shift`)."""
        assert self._view is not None
        shift = views.reveal_shift(self._view, first, end)
        if shift:
            self._pan_by(shift)

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
            self.date_range_selected.emit(range_term(day(span[0]), day(span[1])))
            return True
        self._current = current  # kept on this bar when the filtered result redraws the bars
        term = self._bar_term(current)
        if term is not None:
            self.date_range_selected.emit(term)
        return term is not None

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

    def _key_zoom_x(self) -> float:
        """Where +/- zoom around: the current bar, as the wheel zooms around the pointer."""
        rect = self._current_rect() if self.hasFocus() else None
        return (rect or self._layout.plot).center().x()
