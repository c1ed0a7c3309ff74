"""The timeline's bars, laid out once in data space for the painter: x in days, y in documents."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF

from desktop_app.domain.timeline import TimelineBin
from desktop_app.ui.timeline.view import BAR_GAP, BinIndex


class Layer(BinIndex):
    """One layer of bars (the result's or the catalog's), with the rects that draw them."""

    __slots__ = ("count_rects", "spread_rects", "whole_rects")

    def __init__(self, bins: Sequence[TimelineBin]) -> None:
        super().__init__(bins)
        self.whole_rects: list[QRectF] = []
        self.count_rects: list[QRectF] = []
        self.spread_rects: list[QRectF] = []
        for b, first, end in zip(self.bins, self.starts, self.ends, strict=True):
            gap = (end - first) * BAR_GAP
            left, width = first + gap, (end - first) - 2 * gap
            self.whole_rects.append(QRectF(left, 0.0, width, b.total))
            if b.count:
                self.count_rects.append(QRectF(left, 0.0, width, b.count))
            if b.spread > 0:
                self.spread_rects.append(QRectF(left, b.count, width, b.spread))


EMPTY_LAYER = Layer(())


def visible_slice(rects: list[QRectF], first: float, last: float) -> tuple[int, int]:
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
