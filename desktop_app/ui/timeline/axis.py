"""The timeline's axis, without Qt: where its ticks go and which labels it writes at a zoom.

Text widths come from the caller (a font's `horizontalAdvance`), so that the choice of labels
is the widget's own without this module drawing anything.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.dates import MONTH_NAMES
from desktop_app.domain.timeline import LAST_DAY, BinSize, bin_start, next_bin_start
from desktop_app.ui.timeline.view import Scale, day

#: How wide a text is written, in pixels.
Measure = Callable[[str], float]


def month_year(start: date) -> str:
    """`March 1952`."""
    return f"{MONTH_NAMES[start.month - 1]} {start.year}"


def short_date(start: date) -> str:
    """`Mar 14, 1952`."""
    return f"{MONTH_NAMES[start.month - 1][:3]} {start.day}, {start.year}"


@dataclass(frozen=True, slots=True)
class Label:
    """An axis label: its text, centred at `x`, on the finer row (0) or the coarser (1)."""

    text: str
    x: float
    row: int
    width: float


@dataclass(frozen=True, slots=True)
class Step:
    """Label every n-th bin of a size, written one way."""

    size: BinSize
    every: int
    style: str  # "day", "month", "abbr", "letter", "year", "decade"

    @property
    def days(self) -> float:
        """The mean days between two labels."""
        return self.size.mean_days * self.every

    def keeps(self, start: date) -> bool:
        """The bin starting on `start` is one this step labels."""
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
        """The label of the bin starting on `start`."""
        if self.style == "day":
            return str(start.day)
        if self.style == "month":
            return MONTH_NAMES[start.month - 1]
        if self.style == "abbr":
            return MONTH_NAMES[start.month - 1][:3]
        if self.style == "letter":
            return MONTH_NAMES[start.month - 1][0]
        if self.style == "decade":
            return f"{start.year}s"
        return str(start.year)


#: Per bin size: the steps of the finer row, finest first, and the size the coarser row names.
LABEL_STEPS: dict[BinSize, tuple[tuple[Step, ...], BinSize | None]] = {
    BinSize.DAY: (
        tuple(Step(BinSize.DAY, n, "day") for n in (1, 2, 7, 14)),
        BinSize.MONTH,
    ),
    BinSize.MONTH: (
        (
            Step(BinSize.MONTH, 1, "month"),
            Step(BinSize.MONTH, 1, "abbr"),
            Step(BinSize.MONTH, 3, "abbr"),
            Step(BinSize.MONTH, 6, "abbr"),
            Step(BinSize.MONTH, 12, "abbr"),
        ),
        BinSize.YEAR,
    ),
    BinSize.YEAR: (
        tuple(Step(BinSize.YEAR, n, "year") for n in (1, 2, 5, 10, 20, 50, 100)),
        None,
    ),
    BinSize.DECADE: (
        tuple(Step(BinSize.DECADE, n, "decade") for n in (1, 2, 5, 10, 20, 50, 100)),
        None,
    ),
}


def sample_texts(size: BinSize, step: Step) -> list[str]:
    """Texts as wide as the widest label a step writes."""
    if step.style in ("month", "abbr", "letter"):
        return [step.text(date(2000, month, 1)) for month in range(1, 13)]
    if step.style == "day":
        return ["28"]
    return ["1950s" if size is BinSize.DECADE else "1950"]


def is_major(start: date, size: BinSize) -> bool:
    """A bin boundary drawn with a longer tick: a month's, a year's, a decade's, a century's."""
    if size is BinSize.DAY:
        return start.day == 1
    if size is BinSize.MONTH:
        return start.month == 1
    if size is BinSize.YEAR:
        return start.year % 10 == 0
    return start.year % 100 == 0


def tick_positions(scale: Scale, size: BinSize) -> list[tuple[float, bool]]:
    """Bin boundaries of `size` in view, as x and whether major; none when they would be less
    than 3 pixels apart."""
    if size.mean_days * scale.per_day < 3:
        return []
    ticks: list[tuple[float, bool]] = []
    current: date | None = bin_start(day(math.floor(scale.first)), size)
    while current is not None and current.toordinal() <= scale.last:
        x = scale.x(current.toordinal())
        if scale.left <= x <= scale.right:
            ticks.append((x, is_major(current, size)))
        current = next_bin_start(current, size)
    return ticks


def choose_step(
    size: BinSize, per_day: float, measure: Measure, widths: dict[Step, float] | None = None
) -> Step:
    """The finest step whose widest label still leaves 10 pixels between neighbours (else the
    coarsest); `widths` keeps each step's widest label across calls."""
    fine, _coarse = LABEL_STEPS[size]
    widths = {} if widths is None else widths
    for step in fine:
        widest = widths.get(step)
        if widest is None:
            widest = max(measure(t) for t in sample_texts(size, step))
            widths[step] = widest
        if step.days * per_day >= widest + 10:
            return step
    return fine[-1]


def axis_labels(
    scale: Scale,
    size: BinSize,
    measure: Measure,
    measure_bold: Measure,
    widths: dict[Step, float] | None = None,
) -> list[Label]:
    """Axis labels for a zoom: days and months, months and years, years, or decades.

    Each label of the finer row is centred on the part of its bin in view and left out when
    it does not fit there; the coarser row's are written with `measure_bold`'s font.
    """
    chosen = choose_step(size, scale.per_day, measure, widths)
    labels: list[Label] = []
    current: date | None = bin_start(day(math.floor(scale.first)), size)
    while current is not None and current.toordinal() <= scale.last:
        nxt = next_bin_start(current, size)
        if chosen.keeps(current):
            end = nxt.toordinal() if nxt is not None else LAST_DAY.toordinal() + 1
            left = max(scale.x(current.toordinal()), scale.left)
            right = min(scale.x(end), scale.right)
            text = chosen.text(current)
            width = measure(text)
            if right - left >= width or (
                chosen.every > 1
                and left - width / 2 >= scale.left
                and right + width / 2 <= scale.right
            ):
                labels.append(Label(text, (left + right) / 2, 0, width))
        current = nxt
    coarse = LABEL_STEPS[size][1]
    if coarse is not None:
        labels.extend(coarse_labels(scale, coarse, measure_bold))
    return labels


def coarse_labels(scale: Scale, size: BinSize, measure: Measure) -> list[Label]:
    """Year (or month) names on the second row, each kept in view while its period is."""
    labels: list[Label] = []
    current: date | None = bin_start(day(math.floor(scale.first)), size)
    while current is not None and current.toordinal() <= scale.last:
        nxt = next_bin_start(current, size)
        text = str(current.year) if size is BinSize.YEAR else month_year(current)
        width = measure(text)
        left = max(scale.x(current.toordinal()), scale.left)
        right = min(scale.x(nxt.toordinal()) if nxt else scale.right, scale.right)
        if right - left >= width + 4:
            # At the period's start, or at the left edge while the period runs on.
            centre = left + width / 2 + 3
            centre = min(centre, right - width / 2 - 1)
            labels.append(Label(text, centre, 1, width))
        current = nxt
    return labels
