"""Parses query text (PRODUCT.md §4) into the syntax tree of `query.ast`."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from enum import Enum, auto

from desktop_app.domain.errors import QueryError
from desktop_app.query.ast import TERM_STARTS, And, Node, Not, Or, Term, needs_quotes, to_text
from desktop_app.query.fields import FIELDS

_FIELD_PREFIX = re.compile(r"^([A-Za-z_]+):(=?)(.*)$", re.DOTALL)


class _Kind(Enum):
    TERM = auto()
    OPEN = auto()
    CLOSE = auto()
    OR = auto()
    NOT = auto()


@dataclass(frozen=True, slots=True)
class _Token:
    kind: _Kind
    position: int
    term: Term | None = None


#: Limits that keep any typed or pasted text within what the database answers quickly.
MAX_QUERY_LENGTH = 2000
MAX_TERMS = 64
MAX_NESTING = 16


def parse(text: str) -> Node | None:
    """The tree of `text`, or None when it has no terms (an empty query matches everything)."""
    _check_length(text)
    tokens = _Lexer(text).tokens()
    terms = [token for token in tokens if token.kind is _Kind.TERM]
    if len(terms) > MAX_TERMS:
        raise _too_many_terms(terms[MAX_TERMS].position, text)
    return _Parser(text, tokens).parse()


def normalise(node: Node | None) -> Node | None:
    """The tree that parsing `to_text(node)` gives, built from `node` without writing it out.

    An edit (a facet click, a chip's ×, a link) makes its tree by hand; this gives it the form
    a typed query has: quoted values are phrases, NOT NOT x is x, groups nest as their
    parentheses do. A tree that already has that form (every parsed one) is returned as it
    is. The few values that read back as something else (`-x`, `|`, `a:b` as words) are
    written out and parsed, so that they mean what their text says.
    """
    if node is None:
        return None
    if not _reads_back(node):
        return parse(to_text(node))
    return _normal(node)


def check(node: Node | None, text: str) -> None:
    """Raise QueryError, as `parse` does for typed text, for a tree that the query language
    cannot hold: `text` (the tree written) too long, too many terms, parentheses too deep, a
    field's value it refuses."""
    _check_length(text)
    terms = list(_terms(node))
    for term in terms:
        if term.field is not None:
            FIELDS[term.field].validate(term, text)
    if len(terms) > MAX_TERMS:
        raise _too_many_terms(terms[MAX_TERMS].position, text)
    if node is not None and _depth(node) > MAX_NESTING:
        raise QueryError(f"parentheses may nest at most {MAX_NESTING} deep", 0, text)


def _check_length(text: str) -> None:
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"a query may be at most {MAX_QUERY_LENGTH:,} characters long; this one has "
            f"{len(text):,}",
            MAX_QUERY_LENGTH,
            text,
        )


def _too_many_terms(position: int, text: str) -> QueryError:
    return QueryError(f"a query may have at most {MAX_TERMS} terms", position, text)


def _terms(node: Node | None) -> list[Term]:
    """The terms in the order `to_text` writes them."""
    if node is None:
        return []
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return _terms(node.operand)
    return [term for operand in node.operands for term in _terms(operand)]


def _depth(node: Node) -> int:
    """How deep `to_text` nests the tree's parentheses."""
    if isinstance(node, Term):
        return 0
    if isinstance(node, Not):
        inner = _depth(node.operand)
        return inner if isinstance(node.operand, Term | Not) else inner + 1
    grouped = Or if isinstance(node, And) else And
    return max(_depth(child) + isinstance(child, grouped) for child in node.operands)


def _reads_back(node: Node) -> bool:
    """Whether each term of `node`, written out, reads back as one term of the same kind."""
    if isinstance(node, Term):
        return _term_reads_back(node)
    if isinstance(node, Not):
        operand = node.operand
        # `-` makes a NOT only before a word's first letter, digit, quote or parenthesis.
        if (
            isinstance(operand, Term)
            and operand.field is None
            and not needs_quotes(operand)
            and not TERM_STARTS.match(operand.value)
        ):
            return False
        return _reads_back(operand)
    return bool(node.operands) and all(_reads_back(child) for child in node.operands)


def _term_reads_back(term: Term) -> bool:
    quoted = needs_quotes(term)
    value = term.value.replace('"', "") if quoted else term.value
    if not quoted and any(ch.isspace() for ch in value):
        return False  # a tab or a line break, unquoted, parts two words
    if term.field is None:
        return quoted or not (
            value == "|" or value.startswith("-") or _FIELD_PREFIX.match(value) is not None
        )
    if term.field not in FIELDS or not value.strip():
        return False  # the parser's own message says what is wrong
    return quoted or term.exact or not value.startswith("=")


def _normal(node: Node) -> Node:
    if isinstance(node, Term):
        quoted = needs_quotes(node)
        exact = node.exact and node.field is not None  # full text is written without `=`
        if quoted == node.phrase and exact == node.exact and '"' not in node.value:
            return node
        return dataclasses.replace(
            node, value=node.value.replace('"', ""), exact=exact, phrase=quoted
        )
    if isinstance(node, Not):
        operand = _normal(node.operand)
        # As the parser folds NOT NOT x.
        if isinstance(operand, Not):
            return operand.operand
        return node if operand is node.operand else Not(operand)
    # A child of the same kind is written without parentheses, and so read back into this one.
    items: list[Node] = []
    _inline(node, type(node), items)
    if len(items) == 1:
        return items[0]
    if len(items) == len(node.operands) and all(
        item is child for item, child in zip(items, node.operands, strict=True)
    ):
        return node
    return type(node)(tuple(items))


def _inline(node: Node, kind: type[And] | type[Or], items: list[Node]) -> None:
    if isinstance(node, kind):
        for child in node.operands:
            _inline(child, kind, items)
    else:
        items.append(_normal(node))


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def tokens(self) -> list[_Token]:
        found: list[_Token] = []
        text = self.text
        while self.at < len(text):
            ch = text[self.at]
            if ch.isspace():
                self.at += 1
            elif ch == "(":
                found.append(_Token(_Kind.OPEN, self.at))
                self.at += 1
            elif ch == ")":
                found.append(_Token(_Kind.CLOSE, self.at))
                self.at += 1
            elif ch == "-" and self._term_follows(self.at + 1):
                found.append(_Token(_Kind.NOT, self.at))
                self.at += 1
            elif (token := self._term()) is not None:
                found.append(token)
        return found

    def _term_follows(self, at: int) -> bool:
        return at < len(self.text) and bool(TERM_STARTS.match(self.text[at]))

    def _phrase(self, opening: int) -> str:
        closing = self.text.find('"', opening + 1)
        if closing < 0:
            raise QueryError("this quote is never closed", opening, self.text)
        self.at = closing + 1
        return self.text[opening + 1 : closing]

    def _word(self) -> str:
        start = self.at
        while self.at < len(self.text) and not (
            self.text[self.at].isspace() or self.text[self.at] in '()"'
        ):
            self.at += 1
        return self.text[start : self.at]

    def _term(self) -> _Token | None:
        """The term at the cursor; None for `AND`, which adjacency already means."""
        start = self.at
        if self.text[start] == '"':
            value = self._phrase(start)
            return _Token(_Kind.TERM, start, Term(None, value, phrase=True, position=start))
        word = self._word()
        if word in ("OR", "|"):
            return _Token(_Kind.OR, start)
        if word == "NOT":
            return _Token(_Kind.NOT, start)
        match = _FIELD_PREFIX.match(word)
        if match is None:
            if word == "AND":
                return None
            return _Token(_Kind.TERM, start, Term(None, word, position=start))
        name, equals, value = match.group(1).lower(), match.group(2), match.group(3)
        if name not in FIELDS:
            raise QueryError(
                f"'{match.group(1)}' is not a field; fields are {', '.join(sorted(FIELDS))}",
                start,
                self.text,
            )
        phrase = False
        if not value and self.at < len(self.text) and self.text[self.at] == '"':
            value = self._phrase(self.at)
            phrase = True
        if not value.strip():
            raise QueryError(f"'{name}:' needs a value after the colon", start, self.text)
        term = Term(name, value, exact=bool(equals), phrase=phrase, position=start)
        FIELDS[name].validate(term, self.text)
        return _Token(_Kind.TERM, start, term)


class _Parser:
    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self._or()
        if self.at < len(self.tokens):
            token = self.tokens[self.at]
            raise QueryError("this ')' has no '(' before it", token.position, self.text)
        return node

    def _peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _or(self) -> Node:
        first = self._peek()
        if first is not None and first.kind is _Kind.OR:
            raise QueryError("OR needs a term before it", first.position, self.text)
        operands = [self._and()]
        while (token := self._peek()) is not None and token.kind is _Kind.OR:
            self.at += 1
            following = self._peek()
            if following is None or following.kind in (_Kind.OR, _Kind.CLOSE):
                raise QueryError("OR needs a term after it", token.position, self.text)
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def _and(self) -> Node:
        operands: list[Node] = []
        while (token := self._peek()) is not None and token.kind not in (_Kind.OR, _Kind.CLOSE):
            operands.append(self._unary())
        if not operands:
            token = self._peek()
            position = token.position if token is not None else len(self.text)
            raise QueryError("a term is missing here", position, self.text)
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def _unary(self) -> Node:
        token = self.tokens[self.at]
        if token.kind is _Kind.NOT:
            self.at += 1
            following = self._peek()
            if following is None or following.kind in (_Kind.OR, _Kind.CLOSE):
                raise QueryError("NOT needs a term after it", token.position, self.text)
            operand = self._unary()
            # NOT NOT x is x: folding keeps a long chain from nesting deep in SQL.
            return operand.operand if isinstance(operand, Not) else Not(operand)
        if token.kind is _Kind.OPEN:
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise QueryError(
                    f"parentheses may nest at most {MAX_NESTING} deep", token.position, self.text
                )
            self.at += 1
            following = self._peek()
            if following is not None and following.kind is _Kind.CLOSE:
                raise QueryError("these parentheses hold nothing", token.position, self.text)
            if following is None:
                raise QueryError("this '(' is never closed", token.position, self.text)
            inner = self._or()
            closing = self._peek()
            if closing is None or closing.kind is not _Kind.CLOSE:
                raise QueryError("this '(' is never closed", token.position, self.text)
            self.at += 1
            self.depth -= 1
            return inner
        assert token.term is not None
        self.at += 1
        return token.term
