"""The timeline's view arithmetic without a widget: zoom and pan limits, days ↔ pixels, the
axis's labels at each span, snapped ranges, the parts' layout and the tooltips' text."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.dates import MONTH_NAMES
from desktop_app.domain.timeline import (
    FIRST_DAY,
    LAST_DAY,
    BinSize,
    TimelineBin,
    TimelineData,
    choose_bin,
)
from desktop_app.ui.timeline.axis import (
    Label,
    Step,
    axis_labels,
    choose_step,
    month_year,
    short_date,
    tick_positions,
)
from desktop_app.ui.timeline.layout import Box, TextSizes, layout_parts, legend_row
from desktop_app.ui.timeline.text import (
    bar_tooltip,
    description,
    key_hints,
    range_text,
    undated_tooltip,
    wants_titles,
)
from desktop_app.ui.timeline.view import (
    MIN_SPAN_DAYS,
    ZOOM_STEP,
    BinIndex,
    Scale,
    bin_span,
    clamp_view,
    covers,
    day,
    first_current,
    fitted,
    neighbour,
    nice_ceiling,
    nice_step,
    panned,
    reveal_shift,
    scale_peak,
    view_bounds,
    visible_days,
    wanted_bins,
    whole_bins,
    zoomed,
)


def _ord(year: int, month: int = 1, day_: int = 1) -> int:
    return date(year, month, day_).toordinal()


def _scale(first: date, last: date, width: float = 900.0) -> Scale:
    return Scale(float(first.toordinal()), float(last.toordinal()), 50.0, width)


def _chars(width: float) -> Callable[[str], float]:
    """A font where every character is `width` pixels wide."""
    return lambda text: width * len(text)


# -- days ↔ pixels -------------------------------------------------------------------------------


def test_a_scale_maps_days_to_pixels_and_back() -> None:
    scale = Scale(730_000.0, 730_100.0, 50.0, 1000.0)
    assert scale.per_day == 10.0
    assert scale.right == 1050.0
    assert scale.x(730_000) == 50.0
    assert scale.x(730_050.5) == 555.0
    assert scale.ordinal(555.0) == 730_050.5
    assert scale.ordinal(1050.0) == 730_100.0


def test_a_scale_clamps_the_day_under_a_pixel_to_the_calendar() -> None:
    scale = Scale(float(FIRST_DAY.toordinal()), FIRST_DAY.toordinal() + 10.0, 0.0, 100.0)
    assert scale.ordinal(-500.0) == FIRST_DAY.toordinal()
    assert day(-5) == FIRST_DAY
    assert day(LAST_DAY.toordinal() + 100) == LAST_DAY


@given(
    first=st.integers(_ord(1000), _ord(2500)),
    span=st.floats(MIN_SPAN_DAYS, 200_000.0),
    share=st.floats(0.0, 1.0),
    width=st.floats(100.0, 4000.0),
)
def test_a_pixel_and_its_day_round_trip(
    first: int, span: float, share: float, width: float
) -> None:
    scale = Scale(float(first), first + span, 20.0, width)
    ordinal = first + span * share
    assert scale.ordinal(scale.x(ordinal)) == pytest.approx(ordinal, abs=1e-6)
    x = 20.0 + width * share
    assert scale.x(scale.ordinal(x)) == pytest.approx(x, abs=1e-6)


@given(
    held=st.dates(date(1800, 1, 1), date(2100, 12, 31)),
    before=st.integers(0, 400),
    after=st.integers(1, 400),
    width=st.floats(300.0, 3000.0),
)
def test_the_middle_of_a_day_in_view_is_drawn_over_that_day(
    held: date, before: int, after: int, width: float
) -> None:
    scale = Scale(float(held.toordinal() - before), float(held.toordinal() + after), 0.0, width)
    x = scale.x(held.toordinal() + 0.5)
    assert 0.0 <= x <= width
    assert day(math.floor(scale.ordinal(x))) == held


# -- zoom and pan --------------------------------------------------------------------------------


def test_the_view_keeps_at_least_ten_days_and_stays_inside_its_bounds() -> None:
    bounds = (0.0, 1000.0)
    assert clamp_view(100.0, 101.0, bounds) == (95.5, 105.5)  # too narrow: widened about its centre
    assert clamp_view(-50.0, 2000.0, bounds) == (0.0, 1000.0)  # too wide: the bounds
    assert clamp_view(950.0, 1050.0, bounds) == (900.0, 1000.0)  # past the end: pushed back
    assert clamp_view(-30.0, 70.0, bounds) == (0.0, 100.0)


def test_zooming_keeps_the_anchor_where_it_is_and_an_anchor_outside_at_the_edge() -> None:
    assert zoomed((0.0, 100.0), 0.8, 50.0) == (10.0, 90.0)
    assert zoomed((0.0, 100.0), 0.5, 0.0) == (0.0, 50.0)
    assert zoomed((0.0, 100.0), 2.0, 150.0) == (-100.0, 100.0)
    assert panned((0.0, 100.0), -12.0) == (-12.0, 88.0)


def test_zooming_in_stops_at_ten_days_and_zooming_out_at_the_bounds() -> None:
    bounds = view_bounds([(date(1951, 9, 10), date(1952, 8, 18))])
    view = fitted((date(1951, 9, 10), date(1952, 8, 18)), 900.0)
    for _ in range(60):
        view = clamp_view(*zoomed(view, 1 / ZOOM_STEP, 712_600.0), bounds)
    assert view[1] - view[0] == pytest.approx(MIN_SPAN_DAYS)
    for _ in range(60):
        view = clamp_view(*zoomed(view, ZOOM_STEP, 712_600.0), bounds)
    assert view == pytest.approx(bounds)


@given(
    first=st.floats(-5000.0, 5000.0),
    span=st.floats(0.0, 20_000.0),
    low=st.floats(-3000.0, 0.0),
    width=st.floats(MIN_SPAN_DAYS, 10_000.0),
)
def test_a_clamped_view_is_inside_its_bounds_and_at_least_ten_days(
    first: float, span: float, low: float, width: float
) -> None:
    bounds = (low, low + width)
    clamped = clamp_view(first, first + span, bounds)
    assert clamped[0] >= bounds[0] - 1e-6
    assert clamped[1] <= bounds[1] + 1e-6
    assert clamped[1] - clamped[0] >= min(MIN_SPAN_DAYS, width) - 1e-6
    assert clamp_view(*clamped, bounds) == pytest.approx(clamped)


@given(
    first=st.floats(-1000.0, 1000.0),
    span=st.floats(1.0, 5000.0),
    share=st.floats(0.0, 1.0),
    factor=st.floats(0.1, 10.0),
)
def test_zooming_in_and_back_out_around_the_same_day_restores_the_view(
    first: float, span: float, share: float, factor: float
) -> None:
    view = (first, first + span)
    anchor = first + span * share
    assert zoomed(zoomed(view, factor, anchor), 1 / factor, anchor) == pytest.approx(view, abs=1e-6)


def test_the_bounds_give_the_catalog_half_its_span_or_five_years_either_side() -> None:
    low, high = _ord(1951, 9, 10), _ord(1952, 8, 19)
    assert view_bounds([(date(1951, 9, 10), date(1952, 8, 18))]) == (low - 1825.0, high + 1825.0)
    wide = view_bounds(
        [(date(1900, 1, 1), date(1949, 12, 31)), (date(1920, 1, 1), date(1960, 1, 1))]
    )
    room = (_ord(1960, 1, 2) - _ord(1900)) * 0.5
    assert wide == (_ord(1900) - room, _ord(1960, 1, 2) + room)
    assert view_bounds([]) == (float(FIRST_DAY.toordinal()), float(LAST_DAY.toordinal() + 1))


def test_fitting_shows_the_extent_s_whole_months_with_less_than_a_gap_either_side() -> None:
    first, last = fitted((date(1951, 9, 10), date(1952, 7, 16)), 900.0)
    pad = BinSize.MONTH.mean_days * 0.1 * 0.9
    assert first == pytest.approx(_ord(1951, 9, 1) - pad)
    assert last == pytest.approx(_ord(1952, 8, 1) + pad)
    assert visible_days((first, last)) == (date(1951, 8, 29), date(1952, 8, 3))


def test_a_bin_is_revealed_by_at_least_a_pan_step() -> None:
    view = (0.0, 100.0)
    assert reveal_shift(view, 120, 130) == 30.0
    assert reveal_shift(view, 100, 102) == 12.0
    assert reveal_shift(view, -5, 0) == -12.0
    assert reveal_shift(view, -40, -30) == -40.0
    assert reveal_shift(view, 10, 20) == 0.0


# -- bins and snapped ranges ---------------------------------------------------------------------


def test_a_brushed_range_snaps_to_whole_bins_either_way_round() -> None:
    low, high = date(1951, 11, 17), date(1951, 9, 3)
    assert whole_bins(low, high, BinSize.MONTH) == (_ord(1951, 9, 1), _ord(1951, 11, 30))
    assert whole_bins(low, high, BinSize.YEAR) == (_ord(1951), _ord(1951, 12, 31))
    assert whole_bins(low, high, BinSize.DAY) == (_ord(1951, 9, 3), _ord(1951, 11, 17))
    assert whole_bins(low, high, BinSize.DECADE) == (_ord(1950), _ord(1959, 12, 31))
    assert bin_span(_ord(1952, 2, 14) + 0.7, BinSize.MONTH) == (_ord(1952, 2, 1), _ord(1952, 3, 1))


@given(
    a=st.dates(date(1500, 1, 1), date(2500, 12, 31)),
    b=st.dates(date(1500, 1, 1), date(2500, 12, 31)),
    size=st.sampled_from(list(BinSize)),
)
def test_a_snapped_range_holds_both_ends_and_snapping_it_again_keeps_it(
    a: date, b: date, size: BinSize
) -> None:
    first, last = whole_bins(a, b, size)
    assert first <= min(a, b).toordinal() and max(a, b).toordinal() <= last
    assert whole_bins(date.fromordinal(first), date.fromordinal(last), size) == (first, last)


def test_the_next_and_previous_bin_stop_at_the_bounds_and_the_calendar() -> None:
    bounds = (float(_ord(1950)), float(_ord(1953)))
    november = _ord(1951, 11, 15)
    assert neighbour(november, 1, BinSize.MONTH, bounds) == _ord(1951, 12, 1)
    assert neighbour(november, -1, BinSize.MONTH, bounds) == _ord(1951, 10, 1)
    assert neighbour(_ord(1952, 12, 5), 1, BinSize.MONTH, bounds) is None
    assert neighbour(_ord(1950, 1, 5), -1, BinSize.MONTH, bounds) is None
    everything = (float(FIRST_DAY.toordinal()), float(LAST_DAY.toordinal() + 1))
    assert neighbour(FIRST_DAY.toordinal(), -1, BinSize.DAY, everything) is None
    assert neighbour(LAST_DAY.toordinal(), 1, BinSize.YEAR, everything) is None


def _bin(start: date, end: date, count: int, spread: float = 0.0) -> TimelineBin:
    return TimelineBin(start, end, count, spread, 0)


MONTH_BINS = (
    _bin(date(1951, 9, 1), date(1951, 9, 30), 2),
    _bin(date(1951, 10, 1), date(1951, 10, 31), 0, 0.5),
    _bin(date(1951, 12, 1), date(1951, 12, 31), 4),
)


def test_bins_are_found_by_day_and_by_view() -> None:
    index = BinIndex(MONTH_BINS)
    assert index.at(_ord(1951, 10, 31)) == MONTH_BINS[1]
    assert index.at(_ord(1951, 11, 15)) is None
    assert index.at(_ord(1951, 8, 31)) is None
    assert index.visible(_ord(1951, 10, 15), _ord(1951, 12, 1)) == (1, 2)
    assert index.peak(_ord(1951, 9, 1), _ord(1951, 11, 1)) == 2.0
    assert index.peak(_ord(1952, 1, 1), _ord(1952, 6, 1)) == 0.0


def test_the_keys_start_at_the_brushed_range_else_the_first_bar_in_view_else_the_middle() -> None:
    index = BinIndex(MONTH_BINS)
    view = (float(_ord(1951, 9, 10)), float(_ord(1952, 1, 1)))
    selection = (_ord(1951, 11, 1), _ord(1951, 11, 30))
    assert first_current(view, selection, index) == _ord(1951, 11, 1)
    # September's bar begins before the view does; October's holds only a spread.
    assert first_current(view, None, index) == _ord(1951, 10, 1)
    empty = (float(_ord(1953)), float(_ord(1953, 1, 11)))
    assert first_current(empty, None, index) == _ord(1953, 1, 6)


def test_the_bins_wanted_cover_the_view_and_a_screen_either_side() -> None:
    view = (float(_ord(1951, 9, 1)), float(_ord(1952, 9, 1)))
    size, first, last = wanted_bins(view, 900.0)
    assert size is BinSize.MONTH
    # The view's 366 days again either side, out to whole months.
    assert (first, last) == (date(1950, 8, 1), date(1953, 9, 30))
    assert covers([(size, first, last)], BinSize.MONTH, view)
    assert not covers([(BinSize.YEAR, first, last)], BinSize.MONTH, view)
    assert not covers([(size, date(1951, 10, 1), last)], BinSize.MONTH, view)


# -- the count scale -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "top"),
    [(0.3, 1), (4.2, 5), (5.5, 6), (7, 8), (11, 12), (13, 15), (21, 25), (26, 30), (81, 100)],
)
def test_the_count_scale_tops_at_a_round_number(value: float, top: float) -> None:
    assert nice_ceiling(value) == top


@pytest.mark.parametrize(("top", "step"), [(4, 1), (8, 2), (12, 3), (15, 5), (30, 10), (100, 25)])
def test_gridlines_split_the_top_into_whole_steps(top: float, step: float) -> None:
    assert nice_step(top) == step


def test_the_catalog_sets_the_scale_unless_it_dwarfs_the_result() -> None:
    assert scale_peak(2.0, 12.0) == 12.0
    assert scale_peak(1.0, 9.0) == 1.0
    assert scale_peak(0.0, 5.0) == 5.0


# -- the axis ------------------------------------------------------------------------------------


def test_a_year_of_months_is_labelled_by_month_name_with_the_years_below() -> None:
    scale = _scale(date(1951, 9, 1), date(1952, 8, 1))
    size = choose_bin(scale.last - scale.first, scale.width)
    assert size is BinSize.MONTH
    labels = axis_labels(scale, size, _chars(7), _chars(8))
    assert [label.text for label in labels if label.row == 0] == [
        "September",
        "October",
        "November",
        "December",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
    ]
    assert [label.text for label in labels if label.row == 1] == ["1951", "1952"]
    september = labels[0]
    assert september.x == pytest.approx(
        (scale.x(_ord(1951, 9, 1)) + scale.x(_ord(1951, 10, 1))) / 2
    )


def test_narrower_months_are_abbreviated_then_thinned() -> None:
    months = _chars(7)
    assert choose_step(BinSize.MONTH, 2.7, months).style == "month"
    abbreviated = choose_step(BinSize.MONTH, 1.5, months)
    assert (abbreviated.style, abbreviated.every) == ("abbr", 1)
    assert choose_step(BinSize.MONTH, 0.5, months).every == 3
    assert choose_step(BinSize.MONTH, 0.0001, months).every == 12  # the coarsest, whatever fits


def test_a_century_is_labelled_every_five_years() -> None:
    scale = _scale(date(1900, 1, 1), date(2000, 1, 1))
    size = choose_bin(scale.last - scale.first, scale.width)
    assert size is BinSize.YEAR
    labels = axis_labels(scale, size, _chars(7), _chars(8))
    # 1900 and 2000 sit on the frame, where half their label would be cut.
    assert [label.text for label in labels] == [str(year) for year in range(1905, 2000, 5)]
    assert {label.row for label in labels} == {0}


def test_three_weeks_are_labelled_by_day_with_the_month_below() -> None:
    scale = _scale(date(1952, 3, 1), date(1952, 3, 21))
    size = choose_bin(scale.last - scale.first, scale.width)
    assert size is BinSize.DAY
    labels = axis_labels(scale, size, _chars(7), _chars(8))
    assert [label.text for label in labels[:-1]] == [str(n) for n in range(1, 21)]
    # The month's name at its start (here the frame's left edge), in the bold font's width.
    assert labels[-1] == Label("March 1952", 50.0 + 40.0 + 3.0, 1, 80.0)


def test_five_centuries_are_labelled_every_fifty_years_by_decade() -> None:
    scale = _scale(date(1500, 1, 1), date(2000, 1, 1))
    size = choose_bin(scale.last - scale.first, scale.width)
    assert size is BinSize.DECADE
    labels = axis_labels(scale, size, _chars(7), _chars(8))
    assert [label.text for label in labels] == [f"{year}s" for year in range(1550, 2000, 50)]


def test_the_widest_label_of_each_step_is_measured_once() -> None:
    measured: list[str] = []

    def measure(text: str) -> float:
        measured.append(text)
        return 7.0 * len(text)

    widths: dict[Step, float] = {}
    choose_step(BinSize.MONTH, 2.7, measure, widths)
    count = len(measured)
    assert count == 12  # the twelve month names
    choose_step(BinSize.MONTH, 2.7, measure, widths)
    assert len(measured) == count


def test_ticks_mark_each_month_and_january_longer() -> None:
    scale = _scale(date(1951, 9, 1), date(1952, 8, 1))
    ticks = tick_positions(scale, BinSize.MONTH)
    assert len(ticks) == 11
    assert ticks[0] == (50.0, False)
    assert [major for _x, major in ticks].index(True) == 4  # January 1952
    assert ticks[4][0] == pytest.approx(scale.x(_ord(1952)))
    # Days of a decade would be a smear: no ticks.
    assert tick_positions(_scale(date(1950, 1, 1), date(1960, 1, 1)), BinSize.DAY) == []


def test_dates_are_written_as_the_axis_and_tooltips_write_them() -> None:
    assert month_year(date(1952, 3, 14)) == "March 1952"
    assert short_date(date(1952, 3, 14)) == "Mar 14, 1952"
    assert range_text((_ord(1951, 9, 1), _ord(1951, 12, 31))) == "Sep 1, 1951 – Dec 31, 1951"


# -- layout --------------------------------------------------------------------------------------

SIZES = TextSizes(line=15.0, gutter_text=30.0, undated_text=40.0, legend_text=50.0)


def test_the_parts_sit_round_the_plot() -> None:
    parts = layout_parts(1000.0, 240.0, SIZES, lane_count=1)
    assert parts.lane_height == 20
    assert parts.eras == Box(42, 4.0, 869.0, 20)
    assert parts.plot == Box(42, 30.0, 869.0, 170.0)
    assert parts.axis == Box(42, 200.0, 869.0, 40)
    assert parts.undated == Box(921.0, 177.0, 73, 44.0)
    assert parts.legend == Box(921.0, 30.0, 73, 139.0)
    # Without eras the plot starts half a line lower than the strips would end.
    assert layout_parts(1000.0, 240.0, SIZES, lane_count=0).plot.top == 4.0 + 6 + 7.5


def test_a_tiny_widget_keeps_a_plot_twenty_pixels_high() -> None:
    parts = layout_parts(50.0, 10.0, SIZES, lane_count=3)
    assert parts.plot.height == 20.0
    assert parts.eras.width == 0.0


@given(
    width=st.floats(200.0, 4000.0),
    height=st.floats(150.0, 2000.0),
    lanes=st.integers(0, 3),
    line=st.floats(8.0, 30.0),
)
def test_the_parts_never_overlap(width: float, height: float, lanes: int, line: float) -> None:
    sizes = TextSizes(line, line * 2.5, line * 3, line * 4)
    parts = layout_parts(width, height, sizes, lanes)
    assert parts.eras.bottom <= parts.plot.top
    assert parts.plot.bottom == parts.axis.top
    assert parts.plot.left == parts.axis.left == parts.eras.left
    assert parts.plot.right < parts.undated.left
    assert parts.legend.bottom < parts.undated.top
    assert parts.undated.bottom > parts.axis.top


def test_the_legend_row_under_the_pointer() -> None:
    assert legend_row(30.0, 30.0, 15.0) == 0
    assert legend_row(48.0, 30.0, 15.0) == 1
    assert legend_row(70.0, 30.0, 15.0) == 2
    assert legend_row(84.0, 30.0, 15.0) is None
    assert legend_row(29.0, 30.0, 15.0) is None


# -- text ----------------------------------------------------------------------------------------


def _data(bins: tuple[TimelineBin, ...], context: tuple[TimelineBin, ...]) -> TimelineData:
    extent = (bins[0].start, bins[-1].end) if bins else None
    return TimelineData(
        BinSize.MONTH,
        date(1951, 9, 1),
        date(1951, 12, 31),
        bins,
        context,
        3,
        5,
        extent,
        (context[0].start, context[-1].end),
    )


def test_a_bar_s_tooltip_counts_the_result_the_catalog_and_lists_titles() -> None:
    result = _bin(date(1951, 9, 1), date(1951, 9, 30), 2)
    catalog = _bin(date(1951, 9, 1), date(1951, 9, 30), 7)
    data = _data((result,), (catalog,))
    text = bar_tooltip(data, _ord(1951, 9, 5), result, catalog, titles=("One", "Two"))
    assert text.splitlines() == [
        "September 1951: 2 documents",
        "7 documents in the whole catalog",
        "• One",
        "• Two",
        "Click to filter to this period; Shift+drag to select a range",
    ]
    assert "Reading the titles…" in bar_tooltip(
        data, _ord(1951, 9, 5), result, catalog, reading=True
    )
    assert wants_titles(result) and not wants_titles(catalog) and not wants_titles(None)


def test_an_empty_month_s_tooltip_says_so_with_the_keys_hints() -> None:
    data = _data((), (_bin(date(1951, 9, 1), date(1951, 9, 30), 7),))
    hints = key_hints(None, None)
    assert bar_tooltip(data, _ord(1951, 11, 20), None, None) == "November 1951: no documents"
    assert bar_tooltip(data, _ord(1951, 11, 20), None, None, hints=hints) == (
        "November 1951: no documents\nShift+←/→ to select a range"
    )
    assert key_hints((_ord(1951, 9, 1), _ord(1951, 10, 31)), None) == [
        "Enter to filter to Sep 1, 1951 – Oct 31, 1951"
    ]


def test_the_undated_box_and_the_description_count_the_result() -> None:
    result = _bin(date(1951, 9, 1), date(1951, 9, 30), 1)
    data = _data((result,), (_bin(date(1951, 9, 1), date(1951, 9, 30), 7),))
    assert undated_tooltip(data) == (
        "Undated: 3 documents (5 in the whole catalog)\nClick to show the documents without a date"
    )
    assert undated_tooltip(None) == "Undated documents"
    text = description(data, (date(1951, 9, 1), result), (_ord(1951, 9, 1), _ord(1951, 9, 30)))
    assert text.startswith(
        "The result's documents run from 1951-09-01 to 1951-09-30. Undated: 3. "
        "Current bar: September 1951, 1 document. "
        "Range selected: Sep 1, 1951 – Sep 30, 1951. Wheel or +/- zooms"
    )


def test_each_month_s_label_sits_between_its_own_two_ticks() -> None:
    scale = _scale(date(1951, 9, 1), date(1952, 8, 1))
    ticks = [x for x, _major in tick_positions(scale, BinSize.MONTH)] + [scale.right]
    labels = [label for label in axis_labels(scale, BinSize.MONTH, _chars(7), _chars(8))]
    months = [label for label in labels if label.row == 0]
    assert len(months) == len(ticks) - 1
    for label, left, right in zip(months, ticks, ticks[1:], strict=False):
        assert left < label.x < right
        assert MONTH_NAMES[day(math.floor(scale.ordinal(label.x))).month - 1] == label.text
