"""Mouse actions as query edits, chips in words, filter-builder rows, saved searches."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.domain.dates import Precision
from desktop_app.domain.errors import ConflictError, InputError, QueryError
from desktop_app.domain.views import DocumentRow
from desktop_app.query.ast import Term, to_text
from desktop_app.query.describe import describe, suggested_name
from desktop_app.query.editing import (
    DATE_FIELDS,
    add_alternative,
    clauses,
    date_span,
    date_term,
    exclude,
    facet_marks,
    only,
    remove_clause,
    replace_field,
    selected_values,
    single_choice,
    value_term,
    without_field,
)
from desktop_app.query.operators import FilterRow, Operator, operators_for, row_to_query
from desktop_app.query.parser import parse
from desktop_app.services.catalog import Catalog


def test_the_issue_walkthrough_on_the_seed(seed_catalog: Catalog) -> None:
    """Click Cable (4), Ctrl+click Letter (5), exclude Mao Zedong (3); years then show 1952: 3."""
    query = only(None, "type", "Cable")
    assert to_text(query) == "type:=Cable"
    assert seed_catalog.count(query) == 4
    query = add_alternative(query, "type", "Letter")
    assert to_text(query) == "type:=Cable OR type:=Letter"
    assert seed_catalog.count(query) == 5
    query = exclude(query, "author", "Mao Zedong")
    assert to_text(query) == '(type:=Cable OR type:=Letter) -author:="Mao Zedong"'
    assert seed_catalog.count(query) == 3
    years = seed_catalog.facets("year", query)
    assert [(v.value, v.count) for v in years] == [("1952", 3)]
    # The type facet ignores its own selection, so the other types keep their counts.
    types = seed_catalog.facets("type", without_field(query, "type"))
    assert ("Ciphered Telegram", 6) in [(v.value, v.count) for v in types]
    assert selected_values(query, "type") == ({"Cable", "Letter"}, set())
    assert selected_values(query, "author") == (set(), {"Mao Zedong"})


def test_a_second_click_on_a_chosen_value_takes_it_out() -> None:
    query = add_alternative(only(None, "type", "Cable"), "type", "Letter")
    assert to_text(add_alternative(query, "type", "Cable")) == "type:=Letter"


def test_only_replaces_the_fields_selection_and_keeps_the_rest() -> None:
    query = parse("armistice type:=Cable year:1952")
    assert to_text(only(query, "type", "Letter")) == "armistice year:1952 type:=Letter"


def test_the_none_bucket_and_years() -> None:
    assert to_text(only(None, "author", None)) == "missing:author"
    assert to_text(only(None, "decade", "1950")) == "year:1950..1959"
    assert to_text(exclude(None, "year", "1951")) == "-year:1951"


def test_remove_a_clause() -> None:
    query = parse('type:=Cable -author:="Mao Zedong" date:1951-11..1952-02')
    assert to_text(remove_clause(query, 1)) == "type:=Cable date:1951-11..1952-02"
    assert remove_clause(parse("armistice"), 0) is None


DATE_REPLACEMENTS = [
    ("", "date:1951-11", "date:1951-11"),
    ("armistice", "date:1951-11", "armistice date:1951-11"),
    # The new term stands where the old one did, so that its chip does not move.
    ("date:1952 type:=Cable", "date:1951-11..1952-02", "date:1951-11..1952-02 type:=Cable"),
    (
        "type:=Cable year:1951 author:=Stalin",
        "date:1952-03",
        "type:=Cable date:1952-03 author:=Stalin",
    ),
    ("has:date armistice missing:date", "missing:date", "missing:date armistice"),
    ("(date:1951 OR missing:date) armistice", "date:1952", "date:1952 armistice"),
    # Negations and date terms inside other clauses are the person's own: they stay.
    (
        "-date:1951 (date:1952 OR type:=Cable)",
        "date:1953",
        "-date:1951 (date:1952 OR type:=Cable) date:1953",
    ),
    ("has:summary missing:author", "date:1951", "has:summary missing:author date:1951"),
]


@pytest.mark.parametrize(("before", "term", "after"), DATE_REPLACEMENTS)
def test_a_timeline_term_replaces_the_date_clauses(before: str, term: str, after: str) -> None:
    assert to_text(replace_field(parse(before), DATE_FIELDS, parse(term))) == after


def test_replacing_with_nothing_drops_the_date_clauses() -> None:
    query = parse("date:1951-11 type:=Cable missing:date")
    assert to_text(replace_field(query, DATE_FIELDS, None)) == "type:=Cable"
    assert replace_field(parse("year:1951"), DATE_FIELDS, None) is None
    assert replace_field(None, DATE_FIELDS, None) is None


SPANS = [
    ("date:1951-11..1952-02", (date(1951, 11, 1), date(1952, 2, 29))),
    ("armistice date:1951-11", (date(1951, 11, 1), date(1951, 11, 30))),
    ("year:1950..1959", (date(1950, 1, 1), date(1959, 12, 31))),
    ("date:1952-03-07", (date(1952, 3, 7), date(1952, 3, 7))),
    ("date:..1950", None),
    ("date:1951 date:1952", None),
    ("date:1951 OR type:=Cable", None),
    ("-date:1951", None),
    ("missing:date", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "span"), SPANS)
def test_the_date_span_of_a_query(text: str, span: tuple[date, date] | None) -> None:
    assert date_span(parse(text)) == span


CHIPS = [
    ("author:=Stalin", "Author is Stalin"),
    ("author:stalin", "Author contains stalin"),
    ("date:1951-11..1952-02", "Date 1951-11 – 1952-02"),
    ("date:..1950", "Date until 1950"),
    ("-type:=Cable", "Not type is Cable"),
    ("-type:cable", "Not type contains cable"),
    ("type:=Cable OR type:=Letter", "Type is Cable or Letter"),
    ("has:summary", "Has summary"),
    ("missing:date", "Missing date"),
    ('"demarcation line"', "“demarcation line”"),
    ("armistice", "Text has armistice"),
    ("(armistice OR korea)", "Text has armistice or Text has korea"),
]


@pytest.mark.parametrize(("text", "words"), CHIPS)
def test_each_clause_has_words(text: str, words: str) -> None:
    (clause,) = clauses(parse(text))
    assert describe(clause) == words


ROWS = [
    (FilterRow("author", Operator.IS, "Stalin"), "author:=Stalin"),
    (FilterRow("author", Operator.CONTAINS, "mao zedong"), 'author:"mao zedong"'),
    (FilterRow("type", Operator.IS_NOT, "Cable"), "-type:=Cable"),
    (FilterRow("date", Operator.BETWEEN, "1951-11", "1952-02"), "date:1951-11..1952-02"),
    (FilterRow("date", Operator.BEFORE, "1950"), "date:..1950"),
    (FilterRow("date", Operator.AFTER, "1985"), "date:1985.."),
    (FilterRow("summary", Operator.IS_EMPTY), "missing:summary"),
    (FilterRow("origin", Operator.IS_NOT_EMPTY), "has:origin"),
]


@pytest.mark.parametrize(("row", "text"), ROWS)
def test_filter_builder_rows_make_query_text(row: FilterRow, text: str) -> None:
    assert to_text(row_to_query(row)) == text
    parse(text)


def test_rows_without_values_make_nothing() -> None:
    assert row_to_query(FilterRow("author", Operator.IS, "  ")) is None
    assert row_to_query(FilterRow("date", Operator.BETWEEN, "1950", "")) is None


def test_operators_fit_their_fields() -> None:
    assert Operator.BETWEEN in operators_for("date")
    assert Operator.BETWEEN not in operators_for("author")
    assert operators_for("title") == (Operator.CONTAINS,)


def test_completion_values(seed_catalog: Catalog) -> None:
    assert seed_catalog.values("author", "mao ze") == ["Mao Zedong"]
    assert seed_catalog.values("type", "tel") == ["Ciphered Telegram", "Telegram"]
    assert seed_catalog.values("year", "195") == ["1951", "1952"]
    assert "Sino-Soviet Split" in seed_catalog.values("collection", "split")
    assert seed_catalog.values("author", "%") == seed_catalog.values("author", "")[:20]


def test_saved_searches_round_trip(seed_catalog: Catalog) -> None:
    saved = seed_catalog.save_search("Stalin's telegrams", 'author:Stalin type:"Ciphered Telegram"')
    assert [s.name for s in seed_catalog.saved_searches()] == ["Stalin's telegrams"]
    renamed = seed_catalog.rename_search(saved, "Stalin, telegrams")
    assert renamed.version == saved.version + 1
    with pytest.raises(ConflictError, match="changed meanwhile"):
        seed_catalog.rename_search(saved, "stale copy")
    with pytest.raises(ConflictError):
        seed_catalog.delete_search(saved)
    seed_catalog.delete_search(renamed)
    assert seed_catalog.saved_searches() == []


def test_a_saved_search_must_parse_and_have_a_name(seed_catalog: Catalog) -> None:
    with pytest.raises(QueryError):
        seed_catalog.save_search("broken", "author:(")
    with pytest.raises(InputError):
        seed_catalog.save_search("   ", "armistice")
    assert seed_catalog.saved_searches() == []


BAD_TEXT = ["NEAR(armistice korea)", "armistice*", '"', "a:b", "x" * 10_000, "((((", "*", ":"]


@pytest.mark.parametrize("text", BAD_TEXT)
def test_fts_operators_and_long_text_never_reach_the_database(
    seed_catalog: Catalog, text: str
) -> None:
    try:
        seed_catalog.count(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)


def test_where_a_term_was_written_is_no_part_of_its_value() -> None:
    assert without_field(parse("author:x type:cable"), "author") == parse("type:cable")
    assert parse("type:cable") == parse("   type:cable")
    assert hash(parse("a (b OR c)")) == hash(parse("a  (b OR  c)"))
    assert parse("type:cable") != parse("type:=cable")


def test_a_single_chosen_collection_and_the_marks_of_years_and_decades() -> None:
    assert single_choice(parse('collection:="Korean War"'), "collection") == "Korean War"
    assert single_choice(parse('collection:="A" OR collection:="B"'), "collection") is None
    assert single_choice(parse("korea"), "collection") is None
    decade = parse("year:1950..1959 -year:1951")
    assert facet_marks(decade, "decade") == ({"1950"}, set())
    assert facet_marks(decade, "year") == (set(), {"1951"})


def test_the_terms_a_document_s_links_filter_by() -> None:
    assert to_text(value_term("author", "Mao Zedong")) == 'author:="Mao Zedong"'
    row = DocumentRow(
        1, "November 1951", Precision.MONTH, "1951-11-01", "1951-11-30", "A cable", "Cable",
        "", (), (), "", (), "", (), "",
    )  # fmt: skip
    assert date_term(row) == Term("date", "1951-11")
    assert date_term(replace(row, precision=Precision.YEAR)) == Term("date", "1951")
    assert date_term(replace(row, precision=Precision.UNDATED, date_start=None)) is None


def test_a_saved_search_s_suggested_name_is_its_chips_words_cut_short() -> None:
    assert suggested_name(parse('type:=Cable -author:="Mao Zedong"')) == (
        "Type is Cable; Not author is Mao Zedong"
    )
    long = suggested_name(parse(" ".join(f"word{n}" for n in range(40))))
    assert len(long) == 80 and long.endswith("…")
    assert suggested_name(None) == ""
