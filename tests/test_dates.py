"""Dates as the archive writes them: each form's precision and interval, and what is refused."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.dates import (
    DateParseError,
    HistoricalDate,
    Precision,
    looks_like_date,
    parse_date,
    parse_partial_iso,
)

D = date


@pytest.mark.parametrize(
    ("text", "precision", "start", "end"),
    [
        ("September 10, 1951", Precision.DAY, D(1951, 9, 10), D(1951, 9, 10)),
        ("October 07, 1951", Precision.DAY, D(1951, 10, 7), D(1951, 10, 7)),
        ("November 5, 1949", Precision.DAY, D(1949, 11, 5), D(1949, 11, 5)),
        ("24 December 1951", Precision.DAY, D(1951, 12, 24), D(1951, 12, 24)),
        ("Sept. 10, 1951", Precision.DAY, D(1951, 9, 10), D(1951, 9, 10)),
        ("March 1st, 1952", Precision.DAY, D(1952, 3, 1), D(1952, 3, 1)),
        ("1951-10-07", Precision.DAY, D(1951, 10, 7), D(1951, 10, 7)),
        ("June, 1934", Precision.MONTH, D(1934, 6, 1), D(1934, 6, 30)),
        ("November 1967", Precision.MONTH, D(1967, 11, 1), D(1967, 11, 30)),
        ("February 1952", Precision.MONTH, D(1952, 2, 1), D(1952, 2, 29)),
        ("1951-10", Precision.MONTH, D(1951, 10, 1), D(1951, 10, 31)),
        ("1948", Precision.YEAR, D(1948, 1, 1), D(1948, 12, 31)),
        ("c. 1952", Precision.CIRCA, D(1951, 1, 1), D(1953, 12, 31)),
        ("ca. 1952", Precision.CIRCA, D(1951, 1, 1), D(1953, 12, 31)),
        ("circa 1952", Precision.CIRCA, D(1951, 1, 1), D(1953, 12, 31)),
        ("Circa 1952", Precision.CIRCA, D(1951, 1, 1), D(1953, 12, 31)),
        ("approx. 1952", Precision.CIRCA, D(1951, 1, 1), D(1953, 12, 31)),
        ("1950-1953", Precision.RANGE, D(1950, 1, 1), D(1953, 12, 31)),
        ("1950–1953", Precision.RANGE, D(1950, 1, 1), D(1953, 12, 31)),
        ("1969-1969", Precision.RANGE, D(1969, 1, 1), D(1969, 12, 31)),
    ],
)
def test_each_date_form_has_its_precision_and_interval(
    text: str, precision: Precision, start: date, end: date
) -> None:
    parsed = parse_date(text)
    assert parsed == HistoricalDate(text, precision, start, end)
    assert parsed.is_dated


@pytest.mark.parametrize("text", ["undated", "Undated", "n.d.", "n. d.", "No date", "date unknown"])
def test_undated_forms_have_no_interval(text: str) -> None:
    parsed = parse_date(text)
    assert parsed.precision is Precision.UNDATED
    assert (parsed.start, parsed.end, parsed.is_dated) == (None, None, False)
    assert parsed.text == text


def test_the_text_is_kept_as_listed_with_its_spaces_tidied() -> None:
    assert parse_date("  September   10,\t1951 ").text == "September 10, 1951"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("October 07, 1951", "1951-10-07"),
        ("November 1967", "1967-11"),
        ("1948", "1948"),
        ("c. 1952", "1951-01-01..1953-12-31"),
        ("1950-1953", "1950-01-01..1953-12-31"),
        ("undated", ""),
    ],
)
def test_iso_label_is_as_short_as_the_precision_allows(text: str, label: str) -> None:
    assert parse_date(text).iso_label() == label


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Septembr 10, 1951", "not a month"),
        ("February 30, 1952", "does not exist"),
        ("31 April 1951", "does not exist"),
        ("1953-1950", "ends before it begins"),
        ("1951-13", "no month 13"),
        ("0000", "no year 0"),
        ("January 0000", "no year 0"),
        ("", "not a date"),
        ("Ciphered Telegram, Filippov [Stalin] to Mao Zedong", "not a date"),
        ("10/09/1951", "not a date"),
    ],
)
def test_text_that_is_no_date_is_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(DateParseError, match=reason):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "shaped"),
    [
        ("Septembr 10, 1951", True),
        ("February 30, 1952", True),
        ("September 10, 1951", True),
        ("June, 1934", True),
        ("c. 1952", True),
        ("1950-1953", True),
        ("1951-10-07", True),
        ("1951-13-45", True),
        ("Undated", True),
        ("Ciphered Telegram, Filippov [Stalin] to Mao Zedong", False),
        ("Telegram from Stalin to Mao agreeing to send the military advisors.", False),
        ("Sino-Soviet Relations", False),
        ("", False),
    ],
)
def test_looks_like_date_spots_misspelt_dates_but_not_titles(text: str, shaped: bool) -> None:
    assert looks_like_date(text) is shaped


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1951", D(1951, 1, 1), D(1951, 12, 31)),
        ("1951-10", D(1951, 10, 1), D(1951, 10, 31)),
        ("1951-1", D(1951, 1, 1), D(1951, 1, 31)),
        ("1951-10-07", D(1951, 10, 7), D(1951, 10, 7)),
    ],
)
def test_partial_iso_dates_give_their_interval(text: str, start: date, end: date) -> None:
    assert parse_partial_iso(text) == (start, end)


@pytest.mark.parametrize("text", ["1951-02-30", "1951-13", "0000", "51", "1951/10"])
def test_partial_iso_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_partial_iso(text)


_MONTH_WORDS = st.sampled_from(["September", "Sept.", "Feb", "June,", "Septembr", "circa", "c."])


@st.composite
def _date_like(draw: st.DrawFn) -> str:
    """Text in the shapes of the archive's date forms, with days, months and years out of range."""
    year = f"{draw(st.integers(0, 9999)):04d}"
    day = str(draw(st.integers(0, 40)))
    month = draw(_MONTH_WORDS)
    number = f"{draw(st.integers(0, 19)):02d}"
    template = draw(
        st.sampled_from(
            [
                "{month} {day}, {year}",
                "{day} {month} {year}",
                "{month} {year}",
                "{year}",
                "c. {year}",
                "{year}-{year}",
                "{year}-{number}",
                "{year}-{number}-{day}",
            ]
        )
    )
    return template.format(month=month, day=day, year=year, number=number)


@given(st.one_of(st.text(max_size=40), _date_like()))
def test_parse_date_raises_nothing_but_date_parse_error(text: str) -> None:
    try:
        parsed = parse_date(text)
    except DateParseError:
        return
    assert parsed.text == " ".join(text.split())
    if parsed.start is not None:
        assert parsed.end is not None and parsed.start <= parsed.end
