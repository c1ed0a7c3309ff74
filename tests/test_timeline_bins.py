"""Timeline bins: the rules of bins and date text, and the counts SQL gives on real catalogs."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.dates import parse_date
from desktop_app.domain.records import CollectionRecord, DocumentRecord, ImportBatch
from desktop_app.domain.timeline import (
    BinSize,
    EraBand,
    TimelineBin,
    bin_end,
    bin_label,
    bin_start,
    bin_starts,
    choose_bin,
    distribute,
    era_lanes,
    next_bin_start,
)
from desktop_app.query.editing import bin_term, range_term, within_bin
from desktop_app.query.parser import parse
from desktop_app.query.search_query import SearchQuery
from desktop_app.services.catalog import Catalog

# -- the pure rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span_days", "width", "expected"),
    [
        (60, 1200, BinSize.DAY),  # 20 px a day
        (365, 1200, BinSize.MONTH),  # 3 px a day: months of 100 px
        (40 * 365, 1200, BinSize.YEAR),
        (400 * 365, 1200, BinSize.DECADE),
        (0, 1200, BinSize.DECADE),
    ],
)
def test_the_bin_follows_the_zoom(span_days: float, width: float, expected: BinSize) -> None:
    assert choose_bin(span_days, width) is expected


def test_bin_boundaries_step_over_months_years_and_leap_days() -> None:
    assert bin_start(date(1952, 2, 14), BinSize.MONTH) == date(1952, 2, 1)
    assert bin_end(date(1952, 2, 14), BinSize.MONTH) == date(1952, 2, 29)
    assert next_bin_start(date(1951, 12, 5), BinSize.MONTH) == date(1952, 1, 1)
    assert bin_start(date(1969, 3, 2), BinSize.DECADE) == date(1960, 1, 1)
    assert bin_end(date(1969, 3, 2), BinSize.DECADE) == date(1969, 12, 31)
    assert next_bin_start(date(9999, 12, 31), BinSize.DAY) is None
    assert bin_starts(date(1951, 11, 20), date(1952, 2, 3), BinSize.MONTH) == [
        date(1951, 11, 1),
        date(1951, 12, 1),
        date(1952, 1, 1),
        date(1952, 2, 1),
    ]


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(1951, 11, 1), date(1952, 2, 29), "date:1951-11..1952-02"),
        (date(1951, 11, 1), date(1951, 11, 30), "date:1951-11"),
        (date(1951, 1, 1), date(1952, 12, 31), "date:1951..1952"),
        (date(1951, 1, 1), date(1951, 12, 31), "date:1951"),
        (date(1951, 11, 3), date(1952, 2, 29), "date:1951-11-03..1952-02-29"),
        (date(1951, 11, 14), date(1951, 11, 14), "date:1951-11-14"),
        (date(1952, 2, 29), date(1951, 11, 1), "date:1951-11..1952-02"),
    ],
)
def test_a_range_is_written_as_coarsely_as_it_aligns(
    first: date, last: date, expected: str
) -> None:
    assert range_term(first, last) == parse(expected)


def test_bins_are_named_as_query_terms_and_as_the_archive_writes_dates() -> None:
    november = date(1951, 11, 1)
    assert bin_term(november, BinSize.MONTH) == parse("date:1951-11")
    assert bin_term(date(1951, 11, 14), BinSize.DAY) == parse("date:1951-11-14")
    assert bin_term(november, BinSize.YEAR) == parse("date:1951")
    assert bin_term(november, BinSize.DECADE) == parse("date:1950..1959")
    assert bin_label(date(1951, 11, 14), BinSize.DAY) == "November 14, 1951"
    assert bin_label(november, BinSize.MONTH) == "November 1951"
    assert bin_label(november, BinSize.DECADE) == "1950–1959"


def test_a_bar_s_own_documents_are_those_inside_it(loose_catalog: Catalog) -> None:
    query = within_bin(date(1951, 11, 14), BinSize.MONTH)
    assert query == parse("date:1951-11 -date:..1951-10-31 -date:1951-12-01..")
    assert loose_catalog.count("date:1951-11") == 3  # and c. 1952, which reaches into it
    assert loose_catalog.count(SearchQuery.of(query)) == 2


def test_an_interval_inside_a_bin_counts_and_a_wider_one_spreads_by_days() -> None:
    november = (date(1951, 11, 1), date(1951, 11, 30), 3)
    bins = distribute([november], BinSize.MONTH, date(1951, 10, 1), date(1951, 12, 31))
    assert bins == (TimelineBin(date(1951, 11, 1), date(1951, 11, 30), 3),)

    days = distribute([november], BinSize.DAY, date(1951, 11, 1), date(1951, 11, 30))
    assert len(days) == 30
    assert all(b.count == 0 and b.overlapping == 3 for b in days)
    assert sum(b.spread for b in days) == pytest.approx(3)

    # Only the part inside the asked range is drawn: half of November.
    half = distribute([november], BinSize.DAY, date(1951, 11, 16), date(1951, 12, 31))
    assert sum(b.spread for b in half) == pytest.approx(1.5)


def test_a_circa_year_spreads_over_three_years_by_their_days() -> None:
    circa = parse_date("c. 1952")
    assert circa.start is not None and circa.end is not None
    bins = distribute(
        [(circa.start, circa.end, 1)], BinSize.YEAR, date(1950, 1, 1), date(1954, 1, 1)
    )
    assert [b.start.year for b in bins] == [1951, 1952, 1953]
    assert [b.spread for b in bins] == pytest.approx([365 / 1096, 366 / 1096, 365 / 1096])
    # In decade bins the same document lies inside the 1950s and counts there.
    decades = distribute([(circa.start, circa.end, 1)], BinSize.DECADE, circa.start, circa.end)
    assert decades == (TimelineBin(date(1950, 1, 1), date(1959, 12, 31), 1),)


def test_overlapping_eras_take_separate_lanes() -> None:
    eras = [
        EraBand(1, "Making of the Sino-Soviet Alliance", 1945, 1950),
        EraBand(2, "Sino-Soviet Alliance", 1950, 1959),
        EraBand(3, "Sino-Soviet Split", 1960, 1984),
        EraBand(4, "Sino-Soviet Border Conflict", 1969, 1969),
        EraBand(5, "Sino-Soviet Rapprochement", 1985, 1989),
    ]
    assert era_lanes(eras) == [0, 1, 0, 1, 0]


# -- counts from SQL on the seed -----------------------------------------------------------------

SEED_MONTHS = {
    "1951-09": 1,
    "1951-10": 2,
    "1951-11": 4,
    "1952-01": 2,
    "1952-02": 3,
    "1952-03": 3,
    "1952-07": 4,
    "1952-08": 1,
}


def test_the_seed_counts_by_month_and_fits_its_own_extent(seed_catalog: Catalog) -> None:
    data = seed_catalog.timeline(None, BinSize.MONTH)
    assert {b.start.isoformat()[:7]: b.count for b in data.bins} == SEED_MONTHS
    assert all(b.spread == 0 for b in data.bins)
    assert data.extent == (date(1951, 9, 10), date(1952, 8, 18))
    assert (data.start, data.end) == (date(1951, 9, 1), date(1952, 8, 31))
    assert data.bins == data.context
    assert data.undated == 0


def test_every_bar_of_the_seed_counts_what_its_query_finds(seed_catalog: Catalog) -> None:
    for size in BinSize:
        data = seed_catalog.timeline(None, size, "1951", "1952")
        # The seed's twenty documents are all dated to the day, 1951 to 1952: every size's
        # bars hold all of them, so a timeline of no bars (or of too few) fails here.
        assert data.bins, size
        assert sum(b.count for b in data.bins) == 20, size
        for b in data.bins:
            assert seed_catalog.count(SearchQuery.of(bin_term(b.start, size))) == b.count


def test_the_result_layer_follows_the_query_and_the_faint_layer_does_not(
    seed_catalog: Catalog,
) -> None:
    data = seed_catalog.timeline("author:Stalin", "year")
    assert [(b.start.year, b.count) for b in data.bins] == [(1951, 2), (1952, 3)]
    assert [(b.start.year, b.count) for b in data.context] == [(1951, 7), (1952, 13)]
    assert data.extent == (date(1951, 9, 10), date(1952, 7, 16))
    assert data.context_extent == (date(1951, 9, 10), date(1952, 8, 18))


def test_the_seed_era_bands_are_its_five_sub_collections(seed_catalog: Catalog) -> None:
    eras = seed_catalog.timeline(None, "decade").eras
    assert [(e.title, e.period_label) for e in eras] == [
        ("Making of the Sino-Soviet Alliance", "1945–1950"),
        ("Sino-Soviet Alliance", "1950–1959"),
        ("Sino-Soviet Split", "1960–1984"),
        ("Sino-Soviet Border Conflict", "1969"),
        ("Sino-Soviet Rapprochement", "1985–1989"),
    ]


def test_an_empty_result_has_no_bars_but_keeps_the_catalog_behind(seed_catalog: Catalog) -> None:
    data = seed_catalog.timeline("author:nobody", "month", "1951-09", "1952-08")
    assert data.bins == ()
    assert data.extent is None
    assert sum(b.count for b in data.context) == 20


# -- counts from SQL on a hand-made catalog of loose dates --------------------------------------


def _doc(title: str, when: str, *collections: str) -> DocumentRecord:
    return DocumentRecord(title=title, date=parse_date(when), collections=collections)


@pytest.fixture
def loose_catalog(catalog_url: str):  # type: ignore[no-untyped-def]
    catalog = Catalog.open(catalog_url)
    catalog.import_batches(
        [
            ImportBatch(
                "loose dates",
                collections=(
                    CollectionRecord("Relations"),
                    CollectionRecord("Alliance", "", "Relations", 1950, 1959),
                    CollectionRecord("Border Conflict", "", "Relations", 1969, None),
                ),
                documents=(
                    _doc("Cable of a day", "November 14, 1951", "Alliance"),
                    _doc("Report of a month", "November 1951", "Alliance"),
                    _doc("Letter of a month", "June, 1934"),
                    _doc("Note of a year", "1952"),
                    _doc("Memoir of about a year", "c. 1952"),
                    _doc("Survey of a range", "1958-1961"),
                    _doc("Telegram without a date", "undated"),
                    _doc("Another without a date", "n.d."),
                ),
            )
        ]
    )
    yield catalog
    catalog.close()


def _by_start(bins: tuple[TimelineBin, ...]) -> dict[str, TimelineBin]:
    return {b.start.isoformat(): b for b in bins}


def test_a_month_precision_document_is_spread_over_its_days_not_piled_on_the_first(
    loose_catalog: Catalog,
) -> None:
    data = loose_catalog.timeline(None, "day", "1951-11-01", "1951-11-30")
    days = _by_start(data.bins)
    assert days["1951-11-01"].count == 0
    assert days["1951-11-14"].count == 1
    # The month document, the year 1951 of "c. 1952", share each day with the others lighter.
    assert all(b.overlapping == 2 for b in days.values())
    assert days["1951-11-01"].spread == pytest.approx(1 / 30 + 1 / 1096)
    assert sum(b.spread for b in days.values()) == pytest.approx(1 + 30 / 1096)


def test_month_bins_count_month_dates_and_spread_year_dates(loose_catalog: Catalog) -> None:
    data = loose_catalog.timeline(None, "month", "1951-11", "1952-12")
    months = _by_start(data.bins)
    assert months["1951-11-01"].count == 2
    february = months["1952-02-01"]
    assert february.count == 0
    assert february.overlapping == 2  # "1952" and "c. 1952"
    assert february.spread == pytest.approx(29 / 366 + 29 / 1096)


def test_every_dated_document_is_drawn_once_at_every_zoom(loose_catalog: Catalog) -> None:
    for size in BinSize:
        if size is BinSize.DAY:
            continue
        data = loose_catalog.timeline(None, size)
        assert sum(b.total for b in data.bins) == pytest.approx(6), size
        assert data.undated == 2


def test_dates_crossing_years_spread_over_years_and_decades(loose_catalog: Catalog) -> None:
    years = _by_start(loose_catalog.timeline(None, "year", "1950", "1962").bins)
    assert years["1952-01-01"].count == 1  # "1952"
    assert years["1952-01-01"].spread == pytest.approx(366 / 1096)
    assert years["1959-01-01"].spread == pytest.approx(365 / 1461)
    decades = _by_start(loose_catalog.timeline(None, "decade", "1930", "1969").bins)
    assert decades["1930-01-01"].count == 1
    assert decades["1950-01-01"].count == 4  # a day, a month, a year, and c. 1952 (1951-1953)
    assert decades["1950-01-01"].spread == pytest.approx(730 / 1461)  # 1958-1959 of 1958-1961
    assert decades["1960-01-01"].spread == pytest.approx(731 / 1461)


def test_undated_documents_are_counted_apart(loose_catalog: Catalog) -> None:
    assert loose_catalog.timeline(None, "year").undated == 2
    assert loose_catalog.timeline("telegram", "year").undated == 1
    assert loose_catalog.timeline("cable", "year").undated == 0


def test_the_extent_reaches_the_end_of_the_widest_interval(loose_catalog: Catalog) -> None:
    data = loose_catalog.timeline("memoir OR survey", "year")
    assert data.extent == (date(1951, 1, 1), date(1961, 12, 31))
    assert data.context_extent == (date(1934, 6, 1), date(1961, 12, 31))


def test_a_collection_without_an_end_year_is_an_era_of_one_year(loose_catalog: Catalog) -> None:
    eras = loose_catalog.timeline(None, "year").eras
    assert [(e.title, e.start_year, e.end_year) for e in eras] == [
        ("Alliance", 1950, 1959),
        ("Border Conflict", 1969, 1969),
    ]


def test_a_request_for_too_many_bins_is_refused(loose_catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="bins"):
        loose_catalog.timeline(None, "day", "1900", "1999")


def test_an_empty_catalog_has_an_empty_timeline(catalog_url: str) -> None:
    catalog = Catalog.open(catalog_url)
    data = catalog.timeline(None, "month")
    catalog.close()
    assert data.bins == data.context == ()
    assert data.extent is None and data.undated == 0


def test_a_result_is_counted_again_after_an_import(loose_catalog: Catalog) -> None:
    before = loose_catalog.timeline("report", "year", "1950", "1960")
    assert sum(b.count for b in before.bins) == 1
    loose_catalog.import_batches([ImportBatch("more", documents=(_doc("Report", "1960"),))])
    after = loose_catalog.timeline("report", "year", "1950", "1960")
    assert sum(b.count for b in after.bins) == 2
