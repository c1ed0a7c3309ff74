"""The timeline's view arithmetic, without Qt: the visible span, zoom and pan, days ↔ pixels.

A view is the first and last day in sight as ordinals (`date.toordinal()`), floats so that a
zoom or a drag can stop between days; `last` is exclusive. The widget keeps one and asks these
functions where it may go and what it shows.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.timeline import (
    FIRST_DAY,
    LAST_DAY,
    BinSize,
    EraBand,
    TimelineBin,
    bin_end,
    bin_start,
    choose_bin,
    next_bin_start,
)

#: The narrowest view, in days: zooming in stops here.
MIN_SPAN_DAYS = 10.0
#: How much one wheel notch or one +/- press zooms.
ZOOM_STEP = 1.25
#: How far one arrow press (or a sideways wheel notch) pans, as a share of the visible span.
PAN_STEP = 0.12
#: The share of a bar's width left empty on each side.
BAR_GAP = 0.1
#: The catalog's bars set the count scale unless they are this much taller than the result's.
SHARED_SCALE_RATIO = 8

View = tuple[float, float]


def day(ordinal: int) -> date:
    """The day of an ordinal, clamped to the days a `date` can hold."""
    return date.fromordinal(min(max(ordinal, FIRST_DAY.toordinal()), LAST_DAY.toordinal()))


@dataclass(frozen=True, slots=True)
class Scale:
    """Where a view is drawn: `left` and `width` in pixels hold the days `first`..`last`."""

    first: float
    last: float
    left: float
    width: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def per_day(self) -> float:
        """Pixels per day (a view of no span counts as a very narrow one, not a division by 0)."""
        return self.width / max(self.last - self.first, 1e-9)

    def x(self, ordinal: float) -> float:
        """The x of an ordinal (a day's start; add 0.5 for its middle)."""
        return self.left + (ordinal - self.first) * self.per_day

    def ordinal(self, x: float) -> float:
        """The ordinal under an x, clamped to the days a `date` can hold."""
        ordinal = self.first + (x - self.left) / self.per_day
        return min(max(ordinal, FIRST_DAY.toordinal()), LAST_DAY.toordinal())


class BinIndex:
    """Bins sorted by their start, searchable by day: which are in view, which holds a day."""

    __slots__ = ("bins", "ends", "starts", "totals")

    def __init__(self, bins: Sequence[TimelineBin]) -> None:
        self.bins = tuple(bins)
        self.starts = [b.start.toordinal() for b in self.bins]
        self.ends = [b.end.toordinal() + 1 for b in self.bins]  # exclusive
        self.totals = [b.total for b in self.bins]

    def visible(self, first: float, last: float) -> tuple[int, int]:
        """The index range of bins that reach into `first`..`last` (ordinals)."""
        return bisect_right(self.ends, first), bisect_left(self.starts, last)

    def at(self, ordinal: int) -> TimelineBin | None:
        """The bin holding a day, or None where there is none."""
        index = bisect_right(self.starts, ordinal) - 1
        if index >= 0 and ordinal < self.ends[index]:
            return self.bins[index]
        return None

    def peak(self, first: float, last: float) -> float:
        """The tallest total among the bins reaching into `first`..`last` (0 for none)."""
        low, high = self.visible(first, last)
        return max(self.totals[low:high], default=0.0)


# -- where the view may go -----------------------------------------------------------------------


def era_extent(eras: Sequence[EraBand]) -> tuple[date, date] | None:
    """The first and last day any era covers, or None without eras."""
    if not eras:
        return None
    return min(e.start for e in eras), max(e.end for e in eras)


def view_bounds(extents: Iterable[tuple[date, date]]) -> View:
    """How far the view may pan and zoom out: the extents given with half their span again
    (at least five years) either side; every day a `date` holds when there are none."""
    extents = list(extents)
    if not extents:
        return float(FIRST_DAY.toordinal()), float(LAST_DAY.toordinal() + 1)
    low = min(e[0] for e in extents).toordinal()
    high = max(e[1] for e in extents).toordinal() + 1
    room = max((high - low) * 0.5, 5 * 365.0)
    return (
        max(float(FIRST_DAY.toordinal()), low - room),
        min(float(LAST_DAY.toordinal() + 1), high + room),
    )


def clamp_view(first: float, last: float, bounds: View) -> View:
    """The view nearest `first`..`last` that is at least `MIN_SPAN_DAYS` wide and inside
    `bounds`, keeping its centre where it can."""
    low, high = bounds
    span = min(max(last - first, MIN_SPAN_DAYS), high - low)
    centre = (first + last) / 2
    centre = min(max(centre, low + span / 2), high - span / 2)
    return centre - span / 2, centre + span / 2


def zoomed(view: View, factor: float, anchor: float) -> View:
    """The view scaled by `factor` (above 1 zooms out) around the ordinal `anchor`, which stays
    where it is on screen; an anchor outside the view is taken at its nearer edge."""
    first, last = view
    anchor = min(max(anchor, first), last)
    return anchor - (anchor - first) * factor, anchor + (last - anchor) * factor


def panned(view: View, days: float) -> View:
    """The view moved by `days` (negative to the left)."""
    return view[0] + days, view[1] + days


def fitted(extent: tuple[date, date], width: float) -> View:
    """A view of an extent's whole bins at the zoom it asks for in `width` pixels, with less
    than a bar's gap of room either side (so that no neighbouring bar shows cut at the frame).
    """
    first, last = extent[0].toordinal(), extent[1].toordinal() + 1
    span = max(float(last - first), MIN_SPAN_DAYS)
    size = choose_bin(span * 1.1, width)
    first = bin_start(extent[0], size).toordinal()
    last = bin_end(extent[1], size).toordinal() + 1
    pad = min((last - first) * 0.03, size.mean_days * BAR_GAP * 0.9)
    return first - pad, last + pad


def visible_days(view: View) -> tuple[date, date]:
    """The first and last day wholly or partly in view."""
    first, last = view
    return day(math.floor(first)), day(math.ceil(last) - 1)


def reveal_shift(view: View, first: int, end: int) -> float:
    """How far to pan so that the bin `first`..`end` (exclusive) is in view: at least a pan
    step, so that walking off an edge moves the view in strides rather than a bar at a time;
    0 when it is in view."""
    low, high = view
    stride = (high - low) * PAN_STEP
    if first < low:
        return min(first - low, -stride)
    if end > high:
        return max(end - high, stride)
    return 0.0


# -- bins ----------------------------------------------------------------------------------------


def bin_span(ordinal: float, size: BinSize) -> tuple[int, int]:
    """The bin of `size` holding a day: its first ordinal and its end, exclusive."""
    held = day(math.floor(ordinal))
    return bin_start(held, size).toordinal(), bin_end(held, size).toordinal() + 1


def whole_bins(low: date, high: date, size: BinSize) -> tuple[int, int]:
    """The whole bins of `size` from `low` to `high` (either order), as first and last ordinal:
    what a brushed range snaps to."""
    low, high = sorted((low, high))
    return bin_start(low, size).toordinal(), bin_end(high, size).toordinal()


def neighbour(ordinal: int, direction: int, size: BinSize, bounds: View) -> int | None:
    """The first day of the bin after (1) or before (-1) the one holding a day, or None past
    the last day or past `bounds`."""
    start = bin_start(day(ordinal), size)
    following: date | None
    if direction > 0:
        following = next_bin_start(start, size)
    elif start > FIRST_DAY:
        following = bin_start(date.fromordinal(start.toordinal() - 1), size)
    else:
        following = None
    if following is None:
        return None
    first, end = bin_span(following.toordinal(), size)
    low, high = bounds
    return first if end > low and first < high else None


def first_current(view: View, selection: tuple[int, int] | None, result: BinIndex) -> int:
    """Where the arrow keys start: the brushed range's first bar if it is in view, else the
    result's first bar drawn in view, else the day in the middle."""
    first, last = view
    if selection is not None and first <= selection[0] < last:
        return selection[0]
    low, high = result.visible(first, last)
    for index in range(low, high):
        # Drawn in view, not merely reaching into it: the year bars drawn for a moment
        # while a fitted view waits for its months begin before the view does.
        if result.totals[index] > 0 and result.starts[index] >= first:
            return result.starts[index]
    return math.floor((first + last) / 2)


def wanted_bins(view: View, width: float) -> tuple[BinSize, date, date]:
    """The bins a view needs in `width` pixels: its own size, over the view and one screen
    either side, so that a pan finds them at hand."""
    first, last = view
    span = last - first
    size = choose_bin(span, width)
    low = day(math.floor(max(first - span, FIRST_DAY.toordinal())))
    high = day(math.ceil(min(last + span, LAST_DAY.toordinal())))
    return size, bin_start(low, size), bin_end(high, size)


def covers(held: Iterable[tuple[BinSize, date, date]], size: BinSize, view: View) -> bool:
    """Some bins held (size, first day, last day) are of `size` and cover the view's days."""
    visible = visible_days(view)
    return any(
        bin_size is size and first <= visible[0] and last >= visible[1]
        for bin_size, first, last in held
    )


# -- the count scale -----------------------------------------------------------------------------


def scale_peak(result: float, context: float) -> float:
    """The count the plot's height must hold, from the tallest result and catalog bars in view.

    The catalog's, so that the result's bars show their share of it; but when the result is a
    small part of the catalog, the result's, and the catalog's faint bars run off the top.
    """
    if result <= 0 or context <= result * SHARED_SCALE_RATIO:
        return max(result, context)
    return result


#: Round tops for the count scale, times a power of ten; each splits into whole steps.
_NICE_TOPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceiling(value: float) -> float:
    """A round whole number at or above `value`: 1 to 5, then 6, 8, 10, 12, 15, 20, 25, 30…"""
    if value <= 5:
        return float(max(1, math.ceil(value - 1e-9)))
    exponent = math.floor(math.log10(value))
    for factor in _NICE_TOPS:
        nice = round(factor * 10.0**exponent)
        if nice >= value - 1e-9:
            return float(nice)
    return 10.0 ** (exponent + 1)


def nice_step(top: float) -> float:
    """A whole-number gridline step that divides `top` into two to five parts."""
    if top <= 5:
        return 1.0
    for parts in (4, 3, 5, 2):
        step = top / parts
        if step == int(step) and str(int(step))[0] in "1235":
            return step
    return top / 2
