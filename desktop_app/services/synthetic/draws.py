"""A whole chunk's draws at once: weighted and Zipf-like positions, pairs of names, days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import numpy.typing as npt

from desktop_app.services.synthetic.shape import CRISES, FIRST_YEAR, LAST_YEAR

Indexes = npt.NDArray[np.int64]

_CENTRES = np.array([centre for centre, _, _ in CRISES])
_SPREADS = np.array([spread for _, spread, _ in CRISES])
_NEW_YEARS = np.array([date(year, 1, 1).toordinal() for year in range(FIRST_YEAR, LAST_YEAR + 1)])


class Weighted:
    """Draws positions in a list with fixed weights, a whole chunk's draws in one call."""

    def __init__(self, weights: Sequence[float] | npt.NDArray[np.float64]) -> None:
        cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
        self._bounds = cumulative / cumulative[-1]

    def draw(self, rng: np.random.Generator, count: int) -> Indexes:
        return np.searchsorted(self._bounds, rng.random(count), side="right")


def zipf(count: int, exponent: float = 1.0) -> Weighted:
    return Weighted(1 / np.arange(1, count + 1, dtype=np.float64) ** exponent)


def strings(values: Sequence[str], none: str | None = None) -> npt.NDArray[np.object_]:
    """`values` as an array that a chunk's positions pick from; with `none`, position -1 picks
    `none` (the array holds it last)."""
    return np.array([*values, none] if none is not None else list(values), dtype=object)


def distinct_pairs(rng: np.random.Generator, count: int, choices: int) -> tuple[Indexes, Indexes]:
    """Up to two distinct positions among `choices` per document, none to two equally often;
    -1 where there is none."""
    wanted = rng.integers(0, 3, count)
    first = rng.integers(0, choices, count)
    second = (first + rng.integers(1, choices, count)) % choices
    return np.where(wanted >= 1, first, -1), np.where(wanted == 2, second, -1)


def draw_days(rng: np.random.Generator, crises: Weighted, count: int) -> Indexes:
    """Day ordinals from 1917 to 1991, clustered around the crises."""
    component = crises.draw(rng, count)  # 0: the background, else a crisis
    background = component == 0
    years = np.empty(count)
    years[background] = rng.uniform(FIRST_YEAR, LAST_YEAR + 1, int(background.sum()))
    crisis = component[~background] - 1
    years[~background] = rng.normal(_CENTRES[crisis], _SPREADS[crisis])
    years = np.clip(years, FIRST_YEAR, LAST_YEAR + 0.999)
    whole = years.astype(np.int64)
    return _NEW_YEARS[whole - FIRST_YEAR] + ((years - whole) * 365).astype(np.int64)
