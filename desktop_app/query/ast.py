"""The syntax tree of a query: terms combined with AND, OR and NOT."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Term:
    """One condition. `field` None means full text; `exact` is `field:=value`.

    `phrase` records that the value was quoted, so that it is written back with quotes and, for
    full text, searched as a phrase. `position` is where the term starts in the query text; it
    is where the term was written, not what it asks, so equal terms at two places are equal
    (and hash alike).
    """

    field: str | None
    value: str
    exact: bool = False
    phrase: bool = False
    position: int = dataclasses.field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Not:
    operand: Node


@dataclass(frozen=True, slots=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    operands: tuple[Node, ...]


Node = Term | Not | And | Or


#: What a `-` must stand before to negate it: a word's first letter or digit, a quote or a
#: parenthesis. Before anything else it is part of a word (`-:`, `--`).
TERM_STARTS = re.compile(r'[\w"(]')


def to_text(node: Node | None) -> str:
    """Write a tree back as query text that parses to the same tree."""
    if node is None:
        return ""
    if isinstance(node, Term):
        return _term_text(node)
    if isinstance(node, Not):
        inner = to_text(node.operand)
        if isinstance(node.operand, Term):
            return f"-{inner}" if TERM_STARTS.match(inner) else f"NOT {inner}"
        return f"NOT {inner}" if isinstance(node.operand, Not) else f"NOT ({inner})"
    if isinstance(node, And):
        return " ".join(
            f"({to_text(child)})" if isinstance(child, Or) else to_text(child)
            for child in node.operands
        )
    return " OR ".join(
        f"({to_text(child)})" if isinstance(child, And) else to_text(child)
        for child in node.operands
    )


def needs_quotes(term: Term) -> bool:
    """Whether `to_text` writes the term's value in quotes (which it then holds none of)."""
    value = term.value
    return (
        term.phrase
        or not value
        or any(ch in value for ch in ' ()"')
        or (term.field is None and value in ("OR", "NOT", "AND"))
    )


def _term_text(term: Term) -> str:
    value = term.value
    written = '"' + value.replace('"', "") + '"' if needs_quotes(term) else value
    if term.field is None:
        return written
    return f"{term.field}:{'=' if term.exact else ''}{written}"
