"""Changes to a query that mouse actions make: only this value, add as OR, exclude, remove.

A query is read as a list of clauses joined by AND (the chips). A facet selection of a field is
a clause that is an exact term of that field, or an OR of such terms; `without_field` drops it so
that a facet's counts show the alternatives to its own selection. Menus and links (a table
cell's value, a name in the detail pane) narrow by a term or leave it out (`only_term`,
`exclude_term`).
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterator
from datetime import date

from desktop_app.domain.dates import Precision
from desktop_app.domain.errors import QueryError
from desktop_app.domain.timeline import FIRST_DAY, LAST_DAY, BinSize, bin_end, bin_start
from desktop_app.domain.views import DocumentRow
from desktop_app.query.ast import And, Node, Not, Or, Term
from desktop_app.query.fields import FIELDS, Kind, date_range

#: Facets whose values are matched by a term other than `field:="value"`.
_YEAR_FACETS = ("year", "decade")

#: Fields whose terms say when a document was written; the timeline brushes them.
DATE_FIELDS = frozenset({"date", "year"})

#: Presence tests, which name the field they test in their value (`missing:date`).
_PRESENCE = ("has", "missing")

#: Fields whose values a menu or link filters by exact value (`field:="value"`).
VALUE_FIELDS = frozenset(
    name
    for name, field in FIELDS.items()
    if field.kind in (Kind.PEOPLE, Kind.LOOKUP, Kind.LINKED, Kind.COLLECTION, Kind.COLUMN)
)


def clauses(node: Node | None) -> list[Node]:
    """The clauses joined by AND at the top of a query (one chip each)."""
    if node is None:
        return []
    if isinstance(node, And):
        return list(node.operands)
    return [node]


def join(parts: list[Node]) -> Node | None:
    """The query made of `parts` joined by AND; None when there are none."""
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    flat: list[Node] = []
    for part in parts:
        flat.extend(part.operands if isinstance(part, And) else [part])
    return And(tuple(flat))


def facet_term(field: str, value: str | None) -> Term:
    """The term a facet value stands for; None is the "(none)" bucket (`missing:field`)."""
    if value is None:
        return Term("missing", "date" if field in _YEAR_FACETS else field)
    if field == "year":
        return Term("year", value)
    if field == "decade":
        start = int(value)
        return Term("year", f"{start}..{start + 9}")
    return Term(field, value, exact=True, phrase=" " in value)


def _same(a: Term, b: Term) -> bool:
    return _key(a) == _key(b)


def _selection_terms(clause: Node, field: str) -> list[Term] | None:
    """The terms of a clause that selects values of `field`, or None for any other clause."""
    fields = {field, "missing"} if field not in _YEAR_FACETS else {"year", "missing"}
    terms = list(clause.operands) if isinstance(clause, Or) else [clause]
    if not all(isinstance(t, Term) and t.field in fields for t in terms):
        return None
    selected = [t for t in terms if isinstance(t, Term)]
    if any(t.field == "missing" and t.value != facet_term(field, None).value for t in selected):
        return None
    return selected


def only(node: Node | None, field: str, value: str | None) -> Node | None:
    """Replace any selection of `field` by this one value."""
    term = facet_term(field, value)
    kept = [c for c in clauses(node) if _selection_terms(c, field) is None]
    return join([*kept, term])


def add_alternative(node: Node | None, field: str, value: str | None) -> Node | None:
    """Add a value to the field's selection as OR; a value already there is taken out."""
    term = facet_term(field, value)
    parts = clauses(node)
    for index, clause in enumerate(parts):
        selected = _selection_terms(clause, field)
        if selected is None:
            continue
        if any(_same(t, term) for t in selected):
            remaining = [t for t in selected if not _same(t, term)]
        else:
            remaining = [*selected, term]
        replacement: list[Node] = []
        if len(remaining) == 1:
            replacement = [remaining[0]]
        elif remaining:
            replacement = [Or(tuple(remaining))]
        return join(parts[:index] + replacement + parts[index + 1 :])
    return join([*parts, term])


def exclude(node: Node | None, field: str, value: str | None) -> Node | None:
    """Add `-field:="value"`, unless it is excluded already."""
    negated = Not(facet_term(field, value))
    parts = clauses(node)
    if any(
        isinstance(c, Not) and isinstance(c.operand, Term) and _same(c.operand, negated.operand)
        for c in parts
        if isinstance(negated.operand, Term)
    ):
        return node
    return join([*parts, negated])


def remove_clause(node: Node | None, index: int) -> Node | None:
    parts = clauses(node)
    if 0 <= index < len(parts):
        del parts[index]
    return join(parts)


def replace_field(node: Node | None, fields: Collection[str], term: Node | None) -> Node | None:
    """Put `term` in place of every top-level clause about `fields`; None only removes them.

    A clause is about them when it is a term of one of them, a `has:`/`missing:` test of one, or
    an OR of such terms. `term` takes the place of the first one removed, so that its chip stays
    where it was; negated clauses (`-date:1951`) say what to leave out and are kept.
    """
    result: list[Node] = []
    placed = term is None
    for clause in clauses(node):
        if not _about(clause, fields):
            result.append(clause)
        elif not placed and term is not None:
            result.append(term)
            placed = True
    if not placed and term is not None:
        result.append(term)
    return join(result)


def _about(clause: Node, fields: Collection[str]) -> bool:
    terms = clause.operands if isinstance(clause, Or) else (clause,)
    return all(
        isinstance(t, Term)
        and (t.field in fields or (t.field in _PRESENCE and t.value.casefold() in fields))
        for t in terms
    )


def date_span(node: Node | None) -> tuple[date, date] | None:
    """The days that the query's one top-level `date:` or `year:` term spans, else None.

    An open range (`date:..1950`), two such terms, or one inside an OR name no single span.
    """
    terms = [c for c in clauses(node) if isinstance(c, Term) and c.field in DATE_FIELDS]
    if len(terms) != 1:
        return None
    try:
        low, high = date_range(terms[0], "")
    except QueryError:
        return None
    if low is None or high is None:
        return None
    return date.fromisoformat(low), date.fromisoformat(high)


def without_field(node: Node | None, field: str) -> Node | None:
    """The query less its selection of `field`, for that facet's own counts."""
    return join([c for c in clauses(node) if _selection_terms(c, field) is None])


def selected_values(node: Node | None, field: str) -> tuple[set[str | None], set[str | None]]:
    """The values of `field` the query selects and those it excludes (None: "(none)")."""
    chosen: set[str | None] = set()
    excluded: set[str | None] = set()
    for clause in clauses(node):
        selected = _selection_terms(clause, field)
        if selected is not None:
            chosen.update(_facet_value(t) for t in selected)
        elif (
            isinstance(clause, Not)
            and isinstance(clause.operand, Term)
            and _selection_terms(clause.operand, field) is not None
        ):
            excluded.add(_facet_value(clause.operand))
    return chosen, excluded


def _facet_value(term: Term) -> str | None:
    if term.field == "missing":
        return None
    if term.field == "year" and ".." in term.value:
        return term.value.split("..", 1)[0]
    return term.value


def single_choice(node: Node | None, field: str) -> str | None:
    """The value when the query chooses exactly one value of `field` (not "(none)"), else None."""
    chosen, _ = selected_values(node, field)
    if len(chosen) == 1:
        return next(iter(chosen))
    return None


def facet_marks(node: Node | None, field: str) -> tuple[set[str | None], set[str | None]]:
    """The values of a facet section the query chooses and excludes.

    Years and decades share `year:` terms (a decade is `year:1950..1959`), so each of those two
    sections keeps the values written as it writes them.
    """
    chosen, excluded = selected_values(node, field)
    if field not in _YEAR_FACETS:
        return chosen, excluded
    written = {_key(term) for term in _terms(node)}

    def mine(value: str | None) -> bool:
        return _key(facet_term(field, value)) in written

    return {v for v in chosen if mine(v)}, {v for v in excluded if mine(v)}


def _key(term: Term) -> tuple[str | None, str, bool]:
    # Quotes and case aside, as the query language reads them: `type:="Cable"` is `type:=cable`.
    return term.field, term.value.casefold(), term.exact


def _terms(node: Node | None) -> Iterator[Term]:
    if isinstance(node, Term):
        yield node
    elif isinstance(node, Not):
        yield from _terms(node.operand)
    elif isinstance(node, And | Or):
        for operand in node.operands:
            yield from _terms(operand)


def value_term(field: str, value: str) -> Term:
    """The exact-match term a click on a value produces: `author:="Mao Zedong"`."""
    return Term(field, value, exact=True, phrase=True)


def date_term(row: DocumentRow) -> Term | None:
    """The `date:` term for the period a document's date stands for, or None if undated."""
    if row.date_start is None or row.date_end is None:
        return None
    if row.precision is Precision.DAY:
        return Term("date", row.date_start)
    if row.precision is Precision.MONTH:
        return Term("date", row.date_start[:7])
    if row.precision is Precision.YEAR:
        return Term("date", row.date_start[:4])
    return Term("date", f"{row.date_start}..{row.date_end}")


def only_term(node: Node | None, term: Term) -> Node | None:
    """Narrow `node` to documents matching `term`, replacing what it said of the same field."""
    if term.field is not None and (term.exact and term.field in VALUE_FIELDS):
        return only(node, term.field, term.value)
    kept = [
        clause
        for clause in clauses(node)
        if not (isinstance(clause, Term) and clause.field == term.field)
    ]
    return join([*kept, term])


def exclude_term(node: Node | None, term: Term) -> Node | None:
    """Leave out the documents matching `term`; a value chosen before is unchosen first."""
    if term.field is not None and (term.exact and term.field in VALUE_FIELDS):
        return exclude_value(node, term.field, term.value)
    if any(isinstance(c, Not) and _same_term(c.operand, term) for c in clauses(node)):
        return node
    return join([*clauses(node), Not(term)])


def exclude_value(node: Node | None, field: str, value: str | None) -> Node | None:
    """`exclude`, after taking the value out of the field's selection if it was in it.

    Otherwise the query would ask for the value and against it at once and find nothing.
    """
    if is_chosen(node, field, value):
        node = add_alternative(node, field, value)
    return exclude(node, field, value)


def include_value(node: Node | None, field: str, value: str | None) -> Node | None:
    """Take back the exclusion of a value (the clause `-field:="value"`)."""
    wanted = facet_term(field, value)
    kept = [
        clause
        for clause in clauses(node)
        if not (isinstance(clause, Not) and _same_term(clause.operand, wanted))
    ]
    return join(kept)


def _same_term(node: Node, term: Term) -> bool:
    return isinstance(node, Term) and _key(node) == _key(term)


def is_chosen(node: Node | None, field: str, value: str | None) -> bool:
    """Whether the query's selection of `field` holds `value` (case aside, as the query does)."""
    chosen, _ = selected_values(node, field)
    if value is None:
        return None in chosen
    return value.casefold() in {v.casefold() for v in chosen if v is not None}


#: The term the timeline's undated box stands for.
UNDATED_TERM = Term("missing", "date")


def bin_term(start: date, size: BinSize) -> Term:
    """The `date:` term for a timeline bin: `date:1951-11-14`, `date:1951-11`, `date:1950..1959`."""
    first = bin_start(start, size)
    if size is BinSize.DECADE:
        return Term("date", f"{first.year:04d}..{bin_end(first, size).year:04d}")
    return Term("date", _iso_prefix(first, size))


def within_bin(start: date, size: BinSize) -> Node:
    """The documents dated inside a bin, not merely reaching into it.

    `date:` matches overlapping intervals, so a year-precision document answers `date:1952-07`;
    this excludes what begins before the bin or ends after it: the documents the bar counts.
    """
    first, last = bin_start(start, size), bin_end(start, size)
    parts: list[Node] = [bin_term(first, size)]
    if first > FIRST_DAY:
        parts.append(Not(Term("date", f"..{date.fromordinal(first.toordinal() - 1).isoformat()}")))
    if last < LAST_DAY:
        parts.append(Not(Term("date", f"{date.fromordinal(last.toordinal() + 1).isoformat()}..")))
    joined = join(parts)
    assert joined is not None
    return joined


def range_term(first: date, last: date) -> Term:
    """The shortest `date:` term for `first`..`last`: whole years, whole months, or days."""
    if first > last:
        first, last = last, first
    if (first.month, first.day) == (1, 1) and (last.month, last.day) == (12, 31):
        size = BinSize.YEAR
    elif first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]:
        size = BinSize.MONTH
    else:
        size = BinSize.DAY
    low, high = _iso_prefix(first, size), _iso_prefix(last, size)
    return Term("date", low if low == high else f"{low}..{high}")


def _iso_prefix(day: date, size: BinSize) -> str:
    text = f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    if size is BinSize.DAY:
        return text
    return text[:7] if size is BinSize.MONTH else text[:4]
