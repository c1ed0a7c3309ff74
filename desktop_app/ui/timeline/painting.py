"""The timeline's painting: eras, grid, bars, the brushed range, the axis, marks and legend."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPen, QPixmap, QTransform

from desktop_app.ui.timeline import view as views
from desktop_app.ui.timeline.accessibility import TimelineText
from desktop_app.ui.timeline.axis import Label, axis_labels, tick_positions
from desktop_app.ui.timeline.bars import visible_slice
from desktop_app.ui.timeline.base import EraPlace, WidgetLayout
from desktop_app.ui.timeline.colors import Colors
from desktop_app.ui.timeline.layout import LEGEND, LEGEND_ROW_GAP
from desktop_app.ui.timeline.text import range_text
from desktop_app.ui.timeline.view import BAR_GAP

_MAX_ERA_EDGES = 6  # eras in view up to which their ends are drawn down to the axis


@dataclass(frozen=True, slots=True)
class _Background:
    """The base and the era tints drawn for one set of era places, colours, layout and pixel
    ratio: the same objects give the same picture."""

    places: list[EraPlace]
    colors: Colors
    layout: WidgetLayout
    ratio: float
    pixmap: QPixmap

    def serves(
        self, places: list[EraPlace], colors: Colors, layout: WidgetLayout, ratio: float
    ) -> bool:
        return (
            self.places is places
            and self.colors is colors
            and self.layout is layout
            and self.ratio == ratio
        )


class TimelinePainting(TimelineText):
    """Draws the timeline from its state, on screen or into an image."""

    # The tints of dozens of eras, blended over the whole plot, cost more than all else drawn;
    # they change only with the view, so the window's many repaints copy them instead.
    _background: _Background | None = None

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

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        layout, colors = self._layout, self._colors
        if self._view is None:
            painter.fillRect(QRectF(0, 0, layout.width, layout.height), colors.base)
            painter.setFont(self._font)
            self._paint_message(painter, "Loading the timeline…")
            return
        era_rects = self._era_rects()
        self._paint_background(painter, era_rects)
        painter.setFont(self._font)
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

    def _paint_background(self, painter: QPainter, era_rects: list[EraPlace]) -> None:
        """The base colour and the eras' tints, from the pixmap kept for this view."""
        layout, colors = self._layout, self._colors
        ratio = painter.device().devicePixelRatioF()
        cached = self._background
        if cached is None or not cached.serves(era_rects, colors, layout, ratio):
            pixmap = QPixmap(math.ceil(layout.width * ratio), math.ceil(layout.height * ratio))
            pixmap.setDevicePixelRatio(ratio)
            background = QPainter(pixmap)
            try:
                background.fillRect(QRectF(0, 0, layout.width, layout.height), colors.base)
                self._paint_era_tints(background, era_rects)
            finally:
                background.end()
            cached = self._background = _Background(era_rects, colors, layout, ratio, pixmap)
        painter.drawPixmap(0, 0, cached.pixmap)

    def _paint_era_tints(self, painter: QPainter, era_rects: list[EraPlace]) -> None:
        plot = self._layout.plot
        for place in era_rects:
            era, rect = place.era, place.strip
            _strip, tint, edge = self._colors.eras[place.order % len(self._colors.eras)]
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
        step = views.nice_step(top)
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
                low, high = visible_slice(rects, first, last)
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
            gap = (end - first) * BAR_GAP
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
        text = range_text(self._selection)
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
        scale = self._scale()
        assert scale is not None
        painter.setPen(QPen(colors.muted, 1))
        for x, major in tick_positions(scale, self.view_bin()):
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

    def _make_labels(self) -> list[Label]:
        """Axis labels for the zoom: days and months, months and years, years, or decades."""
        scale = self._scale()
        assert scale is not None
        return axis_labels(
            scale,
            self.view_bin(),
            self._metrics.horizontalAdvance,
            self._bold_metrics.horizontalAdvance,
            self._step_widths,
        )

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

    def _paint_eras(self, painter: QPainter, era_rects: list[EraPlace]) -> None:
        colors = self._colors
        for place in era_rects:
            strip, _tint, _edge = colors.eras[place.order % len(colors.eras)]
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
        for text, role in LEGEND:
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
            y += line + LEGEND_ROW_GAP
