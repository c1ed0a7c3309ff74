"""Where each part of the timeline sits for a widget size, without Qt: eras, plot, axis, legend.

Sizes of text come from the caller's font metrics; the widget turns the boxes into `QRectF`s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The legend's rows: text and which colour its swatch shows.
LEGEND = (("Result", "bar"), ("Imprecise", "spread"), ("Catalog", "context"))

#: The gap between two legend rows, in pixels.
LEGEND_ROW_GAP = 3.0


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle: left and top edge, width and height."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True, slots=True)
class Parts:
    """The timeline's parts for one widget size."""

    width: float
    height: float
    eras: Box  # the era strips' lanes, above the plot
    lane_height: float
    plot: Box  # the bars
    axis: Box  # ticks and two rows of labels, under the plot
    undated: Box  # the undated documents' box, right of the axis
    legend: Box  # right of the plot, above the undated box


@dataclass(frozen=True, slots=True)
class TextSizes:
    """The font's sizes the layout needs, in pixels."""

    line: float  # a line's height
    gutter_text: float  # the widest count label ("00,000")
    undated_text: float  # "Undated"
    legend_text: float  # the widest legend row's text


def layout_parts(width: float, height: float, sizes: TextSizes, lane_count: int) -> Parts:
    """The parts of a timeline `width` by `height` pixels with `lane_count` lanes of eras."""
    line = sizes.line
    lane_height = math.ceil(line + 5)
    gutter = math.ceil(sizes.gutter_text) + 12
    swatch = math.ceil(line * 0.7)
    side_width = math.ceil(max(sizes.undated_text + 28, sizes.legend_text + swatch + 12))
    axis_height = math.ceil(2 * line + 10)
    eras = Box(gutter, 4.0, max(0.0, width - gutter - side_width - 16), lane_count * lane_height)
    plot_top = eras.bottom + (6 if lane_count else 6 + line / 2)
    plot = Box(gutter, plot_top, eras.width, max(20.0, height - plot_top - axis_height))
    axis = Box(gutter, plot.bottom, plot.width, axis_height)
    undated_top = plot.bottom - line - 8
    undated = Box(plot.right + 10, undated_top, side_width, axis.top + line + 6 - undated_top)
    legend = Box(undated.left, plot.top, side_width, undated.top - 8 - plot.top)
    return Parts(width, height, eras, lane_height, plot, axis, undated, legend)


def legend_row(y: float, legend_top: float, line: float) -> int | None:
    """The legend row at a height, or None above or below the rows."""
    row = int((y - legend_top) // (line + LEGEND_ROW_GAP))
    return row if 0 <= row < len(LEGEND) else None
