"""The filter builder's operators: what each is called and the query term it makes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from desktop_app.query.ast import Node, Not, Term
from desktop_app.query.fields import FIELDS, PRESENCE_FIELDS, Kind


class Operator(Enum):
    """An operator of a filter-builder row; the value is its label."""

    CONTAINS = "contains"
    IS = "is"
    IS_NOT = "is not"
    BEFORE = "before"
    AFTER = "after"
    BETWEEN = "between"
    IS_EMPTY = "is empty"
    IS_NOT_EMPTY = "is not empty"

    @property
    def needs_value(self) -> bool:
        return self not in (Operator.IS_EMPTY, Operator.IS_NOT_EMPTY)

    @property
    def needs_second_value(self) -> bool:
        return self is Operator.BETWEEN


@dataclass(frozen=True, slots=True)
class FilterRow:
    """One row of the filter builder: field, operator and one or two values."""

    field: str
    operator: Operator
    value: str = ""
    second_value: str = ""


#: Fields the filter builder offers, in its menu's order.
BUILDER_FIELDS: tuple[str, ...] = (
    "text",
    "title",
    "summary",
    "date",
    "type",
    "number",
    "author",
    "recipient",
    "via",
    "participant",
    "person",
    "origin",
    "place",
    "collection",
    "subject",
    "tag",
    "language",
    "archive",
    "classification",
    "record",
)


def operators_for(field: str) -> tuple[Operator, ...]:
    """The operators that make sense for a field."""
    kind = FIELDS[field].kind
    empty = (Operator.IS_EMPTY, Operator.IS_NOT_EMPTY) if field in PRESENCE_FIELDS else ()
    if kind is Kind.DATE:
        return (Operator.IS, Operator.BEFORE, Operator.AFTER, Operator.BETWEEN, *empty)
    if kind is Kind.FULL_TEXT:
        return (Operator.CONTAINS, *empty)
    return (Operator.CONTAINS, Operator.IS, Operator.IS_NOT, *empty)


def row_to_query(row: FilterRow) -> Node | None:
    """The query term a complete row stands for; None while its values are still empty."""
    value = row.value.strip()
    if row.operator is Operator.IS_EMPTY:
        return Term("missing", row.field)
    if row.operator is Operator.IS_NOT_EMPTY:
        return Term("has", row.field)
    if not value:
        return None
    phrase = " " in value
    if row.operator is Operator.CONTAINS:
        return Term(row.field, value, phrase=phrase)
    if row.operator is Operator.IS:
        if FIELDS[row.field].kind is Kind.DATE:
            return Term(row.field, value)
        return Term(row.field, value, exact=True, phrase=phrase)
    if row.operator is Operator.IS_NOT:
        return Not(Term(row.field, value, exact=True, phrase=phrase))
    if row.operator is Operator.BEFORE:
        return Term(row.field, f"..{value}")
    if row.operator is Operator.AFTER:
        return Term(row.field, f"{value}..")
    second = row.second_value.strip()
    if not second:
        return None
    return Term(row.field, f"{value}..{second}")
