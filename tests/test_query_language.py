"""The query language: text in, documents of the seed out; and clear messages for bad queries."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop_app.domain.errors import DossierError, QueryError
from desktop_app.query.ast import And, Not, Or, Term, to_text
from desktop_app.query.parser import parse
from desktop_app.services.catalog import Catalog

# Input text -> number of seed documents it finds (PRODUCT.md §3 "known truth" and §4).
SEED_QUERIES = [
    ("", 20),
    ("armistice", 3),
    ("ARMISTICE", 3),
    ("armistice korea", 1),
    ('"demarcation line"', 2),
    ("demarcation line", 3),
    ('type:"Ciphered Telegram"', 12),
    ('type:="Ciphered Telegram"', 12),
    ("type:=Telegram", 1),
    ("type:telegram", 13),
    ("type:cable", 4),
    ("type:memo", 1),
    ("year:1951", 7),
    ("year:1952", 13),
    ("year:1950..1951", 7),
    ("date:1951", 7),
    ("date:1951-11..1952-02", 9),
    ("date:1951-10", 2),
    ("date:1951-10-07", 1),
    ("date:..1951-10-31", 3),
    ("date:1952-07..", 5),
    ("date:1949", 0),
    ("author:Stalin", 5),
    ("author:stalin", 5),
    ("author:Filippov", 5),
    ("recipient:Stalin", 10),
    ('author:"Mao Zedong"', 8),
    ("author:mao", 8),
    ('author:="mao zedong"', 8),
    ('author:"Zhou Enlai"', 4),
    ("origin:Beijing", 7),
    ("origin:=beijing", 7),
    ("place:Beijing", 7),
    ("via:Krasovsky", 3),
    ("participant:Roshchin", 1),
    ("participant:Luo", 1),
    ("person:Roshchin", 1),
    ("number:25025", 1),
    ('number:"Special No. 1821"', 1),
    ("type:Cable OR type:Letter", 5),
    ("(type:Cable OR type:Letter) year:1952", 4),
    ("type:Cable OR type:Letter year:1952", 5),  # AND binds tighter than OR
    ('-type:"Ciphered Telegram"', 8),
    # An exclusion keeps the documents that have no value at all (13 have no origin).
    ("-origin:=Beijing", 13),
    ("-place:=Beijing", 13),
    ("-record:=12345", 20),
    ('NOT type:"Ciphered Telegram"', 8),
    ("author:Zhou -recipient:Stalin", 2),
    ("-date:1951", 13),
    ('collection:"Sino-Soviet Relations"', 20),
    ("collection:sino", 20),
    ('collection:"Sino-Soviet Split"', 0),
    # Two collection clauses in one query: each has its own recursive sub-collection query.
    ('collection:"Sino-Soviet Split" OR collection:sino', 20),
    ("has:summary", 20),
    ("missing:date", 0),
    ("missing:author", 2),
    ("has:origin", 7),
    ("title:armistice", 0),
    ("summary:armistice", 3),
    ("stalin", 16),
    ("'; DROP TABLE documents; --", 0),
    ("mao*", 15),
]


@pytest.mark.parametrize(("query", "expected"), SEED_QUERIES)
def test_query_finds_the_expected_seed_documents(
    seed_catalog: Catalog, query: str, expected: int
) -> None:
    assert seed_catalog.count(query) == expected
    assert seed_catalog.search(query).total == expected


def test_hostile_query_leaves_the_catalog_whole(seed_catalog: Catalog) -> None:
    seed_catalog.search("'; DROP TABLE documents; --")
    seed_catalog.search('title:"\'); DELETE FROM documents; --"')
    assert seed_catalog.count() == 20


def test_search_sorts_by_date_with_wider_intervals_first(seed_catalog: Catalog) -> None:
    rows = seed_catalog.rows(seed_catalog.search("").ids)
    starts = [row.date_start for row in rows]
    assert starts == sorted(starts)
    newest_first = seed_catalog.rows(seed_catalog.search("", descending=True).ids)
    assert newest_first[0].date_text == "August 18, 1952"


def test_search_sorts_by_title(seed_catalog: Catalog) -> None:
    titles = [row.title for row in seed_catalog.rows(seed_catalog.search("", sort="title").ids)]
    assert titles == sorted(titles, key=str.casefold)


# Input text -> the position (0-based) the message must name.
BAD_QUERIES = [
    ("foo:bar", 0, "not a field"),
    ("armistice colour:red", 10, "not a field"),
    ('"demarcation line', 0, "never closed"),
    ("(type:Cable OR type:Letter", 0, "never closed"),
    ("type:Cable)", 10, "no '('"),
    ("()", 0, "hold nothing"),
    ("OR armistice", 0, "OR needs a term"),
    ("armistice OR", 10, "OR needs a term"),
    ("author:", 0, "needs a value"),
    ("date:1951-13", 0, "no month 13"),
    ("date:1952..1951", 0, "ends before"),
    ("year:abc", 0, "not a date"),
    ("has:colour", 0, "takes one of"),
    ("armistice NOT", 10, "NOT needs a term"),
]


@pytest.mark.parametrize(("query", "position", "words"), BAD_QUERIES)
def test_bad_query_names_the_position(query: str, position: int, words: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert caught.value.position == position
    assert words in str(caught.value)
    assert f"column {position + 1}" in str(caught.value)


def test_parse_builds_the_tree() -> None:
    assert parse('type:"Ciphered Telegram" -author:Gromyko OR armistice') == Or(
        (
            And(
                (
                    Term("type", "Ciphered Telegram", phrase=True, position=0),
                    Not(Term("author", "Gromyko", position=26)),
                )
            ),
            Term(None, "armistice", position=44),
        )
    )


@pytest.mark.parametrize(
    "text",
    [
        "type:Cable -author:Gromyko date:1951-11..1952-02",
        "(type:Cable OR type:Letter) year:1952",
        'author:="Mao Zedong" "demarcation line"',
        "NOT (armistice OR korea)",
        "has:summary missing:date",
    ],
)
def test_text_round_trips_through_the_tree(text: str) -> None:
    tree = parse(text)
    assert to_text(tree) == text
    assert _without_positions(parse(to_text(tree))) == _without_positions(tree)


def _without_positions(node: object) -> object:
    if isinstance(node, Term):
        return Term(node.field, node.value, node.exact, node.phrase)
    if isinstance(node, Not):
        return Not(_without_positions(node.operand))  # type: ignore[arg-type]
    if isinstance(node, And | Or):
        return type(node)(tuple(_without_positions(c) for c in node.operands))  # type: ignore[misc]
    return node


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
@example("-(:)")  # a NOT of a term that begins with no letter: `-:` would be one word
@example("-(--)")
def test_any_text_parses_or_gives_a_query_error(text: str) -> None:
    try:
        tree = parse(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        return
    if tree is not None:
        assert _without_positions(parse(to_text(tree))) == _without_positions(tree)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:\"()- OR*=%_\\'")), max_size=25))
def test_any_query_runs_or_gives_a_clear_error(
    seed_catalog_for_property: Catalog, text: str
) -> None:
    try:
        seed_catalog_for_property.count(text)
    except DossierError as error:
        assert isinstance(error, QueryError), error


@pytest.fixture(scope="module")
def seed_catalog_for_property(_seed_catalog_file: object) -> Catalog:
    return Catalog.open(f"sqlite:///{_seed_catalog_file}")
