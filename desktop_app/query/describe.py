"""Says a query clause in words, for chips and menus: `Author is Stalin`, `Not type Cable`."""

from __future__ import annotations

from desktop_app.query.ast import And, Node, Not, Or, Term
from desktop_app.query.fields import FIELDS, Kind

#: The longest name `suggested_name` gives.
SUGGESTED_NAME_LENGTH = 80


def suggested_name(node: Node | None) -> str:
    """A name for saving a query: its clauses' words (its chips'), cut short."""
    parts = list(node.operands) if isinstance(node, And) else [] if node is None else [node]
    words = "; ".join(describe(clause) for clause in parts)
    if len(words) <= SUGGESTED_NAME_LENGTH:
        return words
    return words[: SUGGESTED_NAME_LENGTH - 1].rstrip() + "…"


def describe(node: Node) -> str:
    """A clause in words, short enough for a chip."""
    if isinstance(node, Term):
        return _term(node)
    if isinstance(node, Not):
        inner = describe(node.operand)
        if isinstance(node.operand, Term) and node.operand.field not in (None, "has", "missing"):
            return f"Not {inner[0].lower()}{inner[1:]}"
        return f"Not ({inner})"
    if isinstance(node, Or):
        same_field = _shared_field(node)
        if same_field is not None:
            label = FIELDS[same_field].label
            values = " or ".join(_value(t) for t in node.operands if isinstance(t, Term))
            return f"{label} is {values}"
        return " or ".join(_grouped(child) for child in node.operands)
    assert isinstance(node, And)
    return " and ".join(_grouped(child) for child in node.operands)


def _grouped(node: Node) -> str:
    text = describe(node)
    return f"({text})" if isinstance(node, And | Or) else text


def _shared_field(node: Or) -> str | None:
    fields = {t.field for t in node.operands if isinstance(t, Term) and t.exact}
    if len(fields) == 1 and all(isinstance(t, Term) and t.exact for t in node.operands):
        return fields.pop()
    return None


def _value(term: Term) -> str:
    return term.value


def _term(term: Term) -> str:
    if term.field is None:
        return f"“{term.value}”" if term.phrase else f"Text has {term.value}"
    field = FIELDS[term.field]
    if field.kind is Kind.PRESENCE:
        target = FIELDS.get(term.value.lower())
        name = target.label.lower() if target is not None else term.value
        return f"{'Has' if term.field == 'has' else 'Missing'} {name}"
    if field.kind is Kind.DATE:
        return f"{field.label} {_period(term.value)}"
    if term.exact:
        return f"{field.label} is {term.value}"
    return f"{field.label} contains {term.value}"


def _period(value: str) -> str:
    low, separator, high = value.partition("..")
    if not separator:
        return value
    if low and high:
        return f"{low} – {high}"
    return f"from {low}" if low else f"until {high}"
