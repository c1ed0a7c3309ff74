"""Queries as values: an edit's tree takes the form typing its text gives, without the parser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import QueryError
from desktop_app.query import parser
from desktop_app.query.ast import And, Node, Not, Or, Term, to_text
from desktop_app.query.parser import normalise, parse
from desktop_app.query.search_query import SearchQuery, Sort
from desktop_app.services.catalog import Catalog

TYPED = [
    "armistice korea",
    '"demarcation line" -type:=Cable',
    "author:stalin (type:cable OR type:letter) year:1952",
    'NOT (a OR b) NOT NOT c -"d e"',
    "date:1951-11..1952-02 missing:summary has:date",
    "(a (b OR c)) OR (d (e OR f))",
    'title:"x (y)" author:="Mao Zedong" -origin:="beijing"',
    "a | b AND c",
]

_values = st.text(alphabet='ab1 "()-:|=\t', max_size=5) | st.sampled_from(
    ["OR", "NOT", "AND", "1951", "1951-13", "..1950", "date", "summary", "Mao Zedong"]
)
_terms = st.builds(
    Term,
    st.sampled_from([None, "author", "type", "date", "year", "has", "missing", "title", "bogus"]),
    _values,
    exact=st.booleans(),
    phrase=st.booleans(),
)
_trees = st.recursive(
    _terms,
    lambda children: (
        st.builds(Not, children)
        | st.builds(And, st.lists(children, max_size=3).map(tuple))
        | st.builds(Or, st.lists(children, max_size=3).map(tuple))
    ),
    max_leaves=12,
)


def _typed(node: Node) -> Node | str | None:
    """What typing the tree's text gives: its tree, or "refused"."""
    try:
        return parse(to_text(node))
    except QueryError:
        return "refused"


def _made(node: Node) -> Node | str | None:
    try:
        return SearchQuery.of(node).node
    except QueryError:
        return "refused"


@settings(max_examples=1500, deadline=None)
@given(_trees)
def test_an_edits_tree_is_the_tree_its_text_parses_to(node: Node) -> None:
    assert _made(node) == _typed(node)


@pytest.mark.parametrize("text", TYPED)
def test_a_parsed_tree_is_kept_as_it_is(text: str) -> None:
    node = parse(text)
    assert normalise(node) is node
    assert SearchQuery.parse(text).node == node


def test_parentheses_that_group_nothing_are_read_away() -> None:
    grouped = SearchQuery.parse("((a b) c) OR (NOT NOT d)")
    assert grouped == SearchQuery.parse("a b c OR d")
    assert grouped.node == parse(to_text(parse("((a b) c) OR (NOT NOT d)")))


def test_a_query_value_is_equal_to_the_same_query_typed_otherwise() -> None:
    typed = SearchQuery.parse("type:cable   AND year:1952")
    assert typed == SearchQuery.parse("type:cable year:1952")
    assert hash(typed) == hash(SearchQuery.parse("  type:cable year:1952"))
    assert typed.text == "type:cable year:1952"
    assert typed != typed.with_sort(Sort("title", descending=True))
    assert typed.with_sort(Sort()) is typed
    assert SearchQuery.parse("") == SearchQuery() == SearchQuery.of(None)
    assert SearchQuery.of(Not(Not(Term("title", "a (b)")))).text == 'title:"a (b)"'


def test_an_edit_the_language_cannot_hold_is_refused() -> None:
    many: Node = Or(tuple(Term("year", str(year)) for year in range(1900, 1966)))
    with pytest.raises(QueryError, match="64 terms"):
        SearchQuery.of(many)
    deep: Node = Term(None, "x")
    for _ in range(parser.MAX_NESTING + 1):
        deep = Not(And((deep, Term(None, "y"))))
    with pytest.raises(QueryError, match="nest"):
        SearchQuery.of(deep)
    with pytest.raises(QueryError, match="ends before it begins"):
        SearchQuery.of(Term("date", "1952..1951"))


def test_the_catalog_takes_a_query_value_in_its_own_order(seed_catalog: Catalog) -> None:
    query = SearchQuery.parse("type:cable", Sort("title", descending=True))
    by_text = seed_catalog.search("type:cable", sort="title", descending=True)
    assert seed_catalog.search(query).ids == by_text.ids
    assert seed_catalog.search_first(query, page=2).ids[:2] == by_text.ids[:2]
    # An order given with the call is the call's.
    assert seed_catalog.search(query, sort="date", descending=False).ids == (
        seed_catalog.search("type:cable").ids
    )
    assert seed_catalog.count(query) == seed_catalog.count("type:cable") == by_text.total
    assert seed_catalog.facets("year", query) == seed_catalog.facets("year", "type:cable")
    assert seed_catalog.timeline(query) == seed_catalog.timeline("type:cable")
    saved = seed_catalog.save_search("Cables", query)
    assert saved.query == "type:cable"
