"""The catalog's facet values, dates and sort orders read into arrays, to count results in memory.

A facet section or a timeline over a third of a million documents needs one value per document
of the result. Asking SQL for it means visiting every one of their rows again for every section;
holding the values (a type id, a year, a date, the people linked…) as arrays of a few megabytes
lets the result's positions pick them in microseconds. The filter itself stays in SQL: only the
ids a query matches cross over, and `CatalogColumns.positions` turns them into array positions.

Each column is read grouped by its value, along the value's index, as lists of document ids
(never by walking the wide documents table), and placed by the documents' positions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import String, cast, false, func, or_, select, true
from sqlalchemy.orm import Session

from desktop_app.storage import models as m
from desktop_app.storage.fields import LINKED_FIELDS, LOOKUP_FIELDS, PEOPLE_FIELDS
from desktop_app.storage.ids import fetch_ids

IntArray = npt.NDArray[np.int64]
SmallArray = npt.NDArray[np.int32]
Flags = npt.NDArray[np.bool_]

#: No value: a document without a type, origin, archive, year or classification.
MISSING = -1

#: Sort orders read with the rest; the others are read the first time a table is sorted by them.
EAGER_ORDERS = ("date",)


@dataclass(frozen=True, slots=True)
class Links:
    """One link table (or one role of people) as parallel arrays of pairs."""

    positions: SmallArray  # the document's position, for each pair
    values: SmallArray  # the linked value's id, for each pair
    linked: Flags  # per document position: has at least one pair


@dataclass(slots=True)
class CatalogColumns:
    """Every document's facet values and dates as arrays indexed by its position.

    A document's position is its index in `ids` (ascending document ids). `generation` is the
    catalog's document generation they were read at (see `storage.generation`).
    """

    generation: int
    ids: IntArray
    lookups: dict[str, SmallArray]  # type, origin, archive: the value's id or MISSING
    years: SmallArray  # the year, or MISSING
    classifications: SmallArray  # an index into `classification_names`, or MISSING
    classification_names: tuple[str, ...]
    date_starts: SmallArray  # first day as YYYYMMDD, 0 when undated
    date_ends: SmallArray  # last day as YYYYMMDD, 0 when undated
    links: dict[str, Links]  # the link tables, the people by role, and "person" (any role)
    names: dict[str, dict[int, str]]  # per field: value id -> the name shown
    orders: dict[str, SmallArray] = field(default_factory=dict)  # sort key -> positions in order
    ranks: dict[str, SmallArray] = field(default_factory=dict)  # sort key -> rank by position

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays."""
        arrays: list[np.ndarray[Any, Any]] = [
            self.ids,
            self.years,
            self.classifications,
            self.date_starts,
            self.date_ends,
            *self.lookups.values(),
            *self.orders.values(),
            *self.ranks.values(),
        ]
        for links in self.links.values():
            arrays.extend((links.positions, links.values, links.linked))
        return sum(array.nbytes for array in arrays)

    @property
    def dense(self) -> bool:
        """Whether the ids run without gaps, so that a position is an id less the first id.

        A catalog only ever adds documents, so its ids usually do; one that lost some does not,
        and its positions are searched for instead.
        """
        return not self.size or int(self.ids[-1]) - int(self.ids[0]) + 1 == self.size

    def everything(self) -> SmallArray:
        """Every document's position."""
        return np.arange(self.size, dtype=np.int32)

    def positions(self, document_ids: IntArray) -> SmallArray | None:
        """Positions of documents by id; None if any is unknown (the catalog changed since)."""
        if not len(document_ids):
            return np.empty(0, dtype=np.int32)
        found = self.place(document_ids)
        inside = (found >= 0) & (found < self.size)
        if not inside.all() or not (self.ids[found] == document_ids).all():
            return None
        return found.astype(np.int32)

    def place(self, document_ids: IntArray) -> IntArray:
        """Where documents known to be in the columns are (no check that they are)."""
        if self.dense:
            first = int(self.ids[0]) if self.size else 0
            return document_ids - first
        found: IntArray = np.searchsorted(self.ids, document_ids)
        return found

    def add_order(self, key: str, ordered_ids: IntArray) -> bool:
        """Keep a sort order read by `read_order`; False if its ids no longer match."""
        order = self.positions(ordered_ids)
        if order is None or len(order) != self.size:
            return False
        self.keep_order(key, order)
        return True

    def keep_order(self, key: str, order: SmallArray) -> None:
        """Keep a sort order given as every position, in order."""
        rank = np.empty(self.size, dtype=np.int32)
        rank[order] = np.arange(self.size, dtype=np.int32)
        self.orders[key] = order
        self.ranks[key] = rank


def date_order(columns: CatalogColumns) -> SmallArray:
    """Every position in the table's date order, made from the dates held: by first day, the
    wider interval first, undated last, ties by id — the order of `sort_date`
    (`domain.dates.date_sort_key`) where the database compares its text byte by byte.

    One stable sort of a composite key, which numpy does without holding the interpreter:
    about 0.1 s at a million documents, against seconds to read the order again.
    """
    # Days as YYYYMMDD take 27 bits; a later last day gives a smaller key. Made in place: a
    # million documents' temporaries would add tens of megabytes to the window's peak memory.
    key = columns.date_starts.astype(np.int64)
    key <<= 27
    key |= (1 << 27) - 1 - columns.date_ends
    key[(columns.date_starts == 0) | (columns.date_ends == 0)] |= 1 << 60
    ordered = np.argsort(key, kind="stable")
    del key
    order: SmallArray = ordered.astype(np.int32)
    return order


def date_order_tells(columns: CatalogColumns) -> bool:
    """Whether comparing `date_order` with the order read shows how the database orders
    `sort_date`: only where there are dated and undated documents. Dated keys all have the
    same shape, and any collation orders them by their digits; the undated key (`~`) is where
    one that is not byte by byte differs."""
    undated = (columns.date_starts == 0) | (columns.date_ends == 0)
    return bool(undated.any()) and not bool(undated.all())


def with_links_changed(
    columns: CatalogColumns,
    field: str,
    generation: int,
    added: dict[int, IntArray],
    removed: dict[int, IntArray],
    names: dict[int, str],
) -> CatalogColumns | None:
    """The columns as they are once the values (by id) of `field` were added to the documents
    `added[value]` and taken from `removed[value]` (a change of tags or collections made by
    this catalog); None when a document is not in them (it came or went since: read them all
    again). New arrays throughout: readers holding the old ones go on counting with them."""
    links = columns.links[field]
    positions, values = links.positions, links.values
    for value_id, ids in removed.items():
        at = columns.positions(ids)
        if at is None:
            return None
        gone = (values == value_id) & np.isin(positions, at)
        positions, values = positions[~gone], values[~gone]
    new_positions = [positions]
    new_values = [values]
    for value_id, ids in added.items():
        at = columns.positions(ids)
        if at is None:
            return None
        new_positions.append(at)
        new_values.append(np.full(len(at), value_id, dtype=np.int32))
    positions = np.concatenate(new_positions).astype(np.int32)
    values = np.concatenate(new_values).astype(np.int32)
    linked = np.zeros(columns.size, dtype=np.bool_)
    linked[positions] = True
    changed = dict(columns.links)
    changed[field] = Links(positions, values, linked)
    field_names = {**columns.names, field: {**columns.names.get(field, {}), **names}}
    # A field that sorts the table (collections, languages) sorts it otherwise now: its order
    # is read again when the table asks for it.
    sorted_by = _SORTED_BY.get(field, frozenset())
    orders = {key: order for key, order in columns.orders.items() if key not in sorted_by}
    ranks = {key: rank for key, rank in columns.ranks.items() if key in orders}
    return replace(
        columns,
        generation=generation,
        links=changed,
        names=field_names,
        orders=orders,
        ranks=ranks,
    )


def with_lookup_set(
    columns: CatalogColumns,
    field: str,
    generation: int,
    assigned: dict[int | None, IntArray],
    names: dict[int, str],
) -> CatalogColumns | None:
    """The columns once the documents `assigned[value]` were given the value (by id; None:
    none) of the one-value field `field` (a type, an archive); None as `with_links_changed`."""
    values = columns.lookups[field].copy()
    for value_id, ids in assigned.items():
        at = columns.positions(ids)
        if at is None:
            return None
        values[at] = MISSING if value_id is None else value_id
    lookups = {**columns.lookups, field: values}
    field_names = {**columns.names, field: {**columns.names.get(field, {}), **names}}
    orders = {key: order for key, order in columns.orders.items() if key != field}
    ranks = {key: rank for key, rank in columns.ranks.items() if key in orders}
    return replace(
        columns,
        generation=generation,
        lookups=lookups,
        names=field_names,
        orders=orders,
        ranks=ranks,
    )


def with_documents_read_again(
    session: Session, columns: CatalogColumns, generation: int, document_ids: list[int]
) -> CatalogColumns | None:
    """The columns with a few documents' every value read again (a person's edit of them);
    None when one is not in them, or no longer in the catalog. New arrays throughout, as
    `with_links_changed`; the sort orders are dropped, to be read again when the table asks."""
    ids = np.asarray(sorted(set(document_ids)), dtype=np.int64)
    within = _id_condition(ids)
    if columns.positions(ids) is None or within is None:
        return None
    if len(document_ids_where(session, within(m.Document.id))) != len(ids):
        return None  # one was deleted meanwhile
    part = read_columns(session, generation, {}, (), documents=ids)
    return _merged(columns, part, columns.ids, ~_among(columns.ids, ids))


#: The sort keys (table columns) a linked field's values sort; the others sort none.
_SORTED_BY = {"collection": frozenset({"collections"}), "language": frozenset({"languages"})}


def value_ids(session: Session, field: str, names: list[str]) -> dict[str, int]:
    """The ids of a facet field's values by name (those the catalog has)."""
    if field in LOOKUP_FIELDS:
        table, name = LOOKUP_FIELDS[field].names, LOOKUP_FIELDS[field].names.name
    else:
        table, name = LINKED_FIELDS[field].names, LINKED_FIELDS[field].name_column
    if not names:
        return {}
    rows = session.execute(select(name, table.id).where(name.in_(names)).order_by(table.id))
    found: dict[str, int] = {}
    for value, value_id in rows:
        found.setdefault(str(value), int(value_id))
    return found


def read_columns(
    session: Session,
    generation: int,
    sort_columns: dict[str, Any],
    eager: tuple[str, ...],
    documents: IntArray | None = None,
) -> CatalogColumns:
    """Read every column of the catalog in the session's one snapshot.

    With `documents` (ascending ids, each in the catalog), only theirs, and no sort orders:
    the part of the columns that `with_documents_followed` puts in place of theirs.
    """
    within = None if documents is None else _id_condition(documents)
    if documents is not None and within is None:
        raise ValueError("too many runs of ids to name in a statement")
    ids = _all_ids(session) if documents is None else documents
    columns = CatalogColumns(
        generation=generation,
        ids=ids,
        lookups={},
        years=np.full(len(ids), MISSING, dtype=np.int32),
        classifications=np.full(len(ids), MISSING, dtype=np.int32),
        classification_names=(),
        date_starts=np.zeros(len(ids), dtype=np.int32),
        date_ends=np.zeros(len(ids), dtype=np.int32),
        links={},
        names={},
    )
    columns.lookups = {
        name: _by_value(session, columns, field.column, within)
        for name, field in LOOKUP_FIELDS.items()
    }
    columns.years = _by_value(session, columns, m.Document.year, within)
    _read_dates(session, columns, within)
    _read_classifications(session, columns, within)
    for name, linked in LINKED_FIELDS.items():
        columns.links[name] = _links(
            session, columns, linked.link.document_id, (linked.value_column,), within
        )
    people = m.DocumentPerson
    by_role = _grouped(session, (people.role, people.person_id), people.document_id, within)
    roles = {
        role: _pairs(columns, [((person,), ids) for (held, person), ids in by_role if held == role])
        for role in {held for (held, _), _ in by_role}
    }
    del by_role  # a million ids as 64-bit integers, no longer needed
    empty = _pairs(columns, [])
    for name, role in PEOPLE_FIELDS.items():
        if role is not None:
            columns.links[name] = roles.get(role.value, empty)
    # "person" is any role, those without a facet of their own ("mentioned") too.
    columns.links["person"] = _once_per_document(columns, list(roles.values()))
    columns.names = _names(session)
    for key in eager:
        columns.add_order(key, read_order(session, sort_columns[key]))
    return columns


#: The most runs of consecutive ids a partial read names in its statements (see `_id_condition`):
#: as many as the documents an edit made here may change for the columns to follow it.
_MAX_ID_RUNS = 1000


def with_documents_followed(
    session: Session, columns: CatalogColumns, generation: int, changed: Sequence[int]
) -> CatalogColumns | None:
    """The columns as the session's snapshot (at `generation`) has them, when what changed
    since they were read is known: documents added, documents removed, and documents `changed`
    (every document that was there before and was rewritten since). Only the added and changed
    documents are read, and the rest of the columns kept; None when that would not be cheaper
    than reading them all (most documents to read, or ids too scattered to name).
    """
    now = _all_ids(session)
    held = _among(columns.ids, now)
    added = now[~_among(now, columns.ids)]
    rewritten = np.asarray(sorted(set(changed)), dtype=np.int64)
    rewritten = rewritten[_among(rewritten, columns.ids) & _among(rewritten, now)]
    again = np.union1d(added, rewritten)
    if len(again) > len(now) // 2 or _id_condition(again) is None:
        return None
    part = read_columns(session, generation, {}, (), documents=again)
    return _merged(columns, part, now, held & ~_among(columns.ids, part.ids))


def _among(ids: IntArray, others: IntArray) -> Flags:
    """Which of ascending `ids` are in ascending `others`.

    A binary search of each: `np.isin` sorts both arrays together, holding the interpreter
    (and the window's GUI thread) for a quarter of a second at a million documents.
    """
    if not len(others):
        return np.zeros(len(ids), dtype=np.bool_)
    at = np.minimum(np.searchsorted(others, ids), len(others) - 1)
    found: Flags = others[at] == ids
    return found


def _all_ids(session: Session) -> IntArray:
    """Every document's id, ascending."""
    return np.sort(document_ids_where(session, true()))


def _id_condition(ids: IntArray) -> Callable[[Any], Any] | None:
    """A condition on an id column that holds for ascending `ids` alone: the new documents of
    an import are one run of ids (`BETWEEN`, along the index), a few edited ones are named
    (`IN`); None when there are more than `_MAX_ID_RUNS` of either to name."""
    if not len(ids):
        return lambda column: false()
    breaks = np.flatnonzero(np.diff(ids) != 1) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(ids)])) - 1
    singles = [int(ids[a]) for a, b in zip(starts, ends, strict=True) if a == b]
    runs = [(int(ids[a]), int(ids[b])) for a, b in zip(starts, ends, strict=True) if a != b]
    if len(singles) > _MAX_ID_RUNS or len(runs) > _MAX_ID_RUNS:
        return None

    def condition(column: Any) -> Any:
        parts = [column.between(first, last) for first, last in runs]
        if singles:
            parts.append(column.in_(singles))
        return or_(*parts)

    return condition


def _merged(
    old: CatalogColumns, part: CatalogColumns, ids: IntArray, kept: Flags
) -> CatalogColumns:
    """The columns of documents `ids`: those of `part` as read, those `kept` (by position in
    `old`) as `old` has them."""
    size = len(ids)
    kept_at = np.flatnonzero(kept)
    old_to_new = np.full(old.size, -1, dtype=np.int64)
    old_to_new[kept_at] = np.searchsorted(ids, old.ids[kept_at])
    part_to_new = np.searchsorted(ids, part.ids)

    def per_document(before: SmallArray, read: SmallArray, empty: int) -> SmallArray:
        merged = np.full(size, empty, dtype=np.int32)
        merged[old_to_new[kept_at]] = before[kept_at]
        merged[part_to_new] = read
        return merged

    names = list(old.classification_names)
    codes = np.empty(len(part.classification_names) + 1, dtype=np.int32)
    codes[-1] = MISSING  # a MISSING code (-1) picks the last entry
    for code, name in enumerate(part.classification_names):
        if name not in names:
            names.append(name)
        codes[code] = names.index(name)
    links = {}
    for name, before in old.links.items():
        held = kept[before.positions]
        read = part.links[name]
        positions = np.concatenate(
            (old_to_new[before.positions[held]], part_to_new[read.positions])
        ).astype(np.int32)
        linked = np.zeros(size, dtype=np.bool_)
        linked[positions] = True
        values = np.concatenate((before.values[held], read.values)).astype(np.int32)
        links[name] = Links(positions, values, linked)
    return CatalogColumns(
        generation=part.generation,
        ids=ids,
        lookups={
            name: per_document(values, part.lookups[name], MISSING)
            for name, values in old.lookups.items()
        },
        years=per_document(old.years, part.years, MISSING),
        classifications=per_document(old.classifications, codes[part.classifications], MISSING),
        classification_names=tuple(names),
        date_starts=per_document(old.date_starts, part.date_starts, 0),
        date_ends=per_document(old.date_ends, part.date_ends, 0),
        links=links,
        names=part.names,
    )


def distinct_counts(values: IntArray) -> tuple[IntArray, IntArray]:
    """The distinct values, ascending, and how often each occurs.

    What `np.unique(values, return_counts=True)` gives, by one sort: numpy 2's `unique` takes
    about 1.8 s for two million integers, a sort 0.02 s.
    """
    ordered = np.sort(values)
    if not len(ordered):
        return ordered, np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    counts = np.diff(np.append(starts, len(ordered)))
    return ordered[starts], counts


def read_order(session: Session, sort_column: Any) -> IntArray:
    """Every document id in the order of a sort column, ties by id (as the table sorts)."""
    statement = select(m.Document.id).order_by(sort_column, m.Document.id)
    return np.frombuffer(fetch_ids(session, statement), dtype=np.int64)


# -- reading ids a group at a time ---------------------------------------------------------------
#
# A million rows through the driver cost about 0.7 s of Python objects. Grouped by the value
# they carry, the same ids come as a few long comma-separated texts that numpy parses in C:
# 0.15 s for a document column read along its index.


def document_ids_where(session: Session, where: Any) -> IntArray:
    """The ids of the documents meeting an SQL condition, unordered, as one array."""
    return _id_list(session.execute(select(_id_text(m.Document.id)).where(where)).scalar_one())


def _id_text(column: Any) -> Any:
    """The ids of a group as one text, `1,5,9` (`group_concat`, `string_agg`)."""
    return func.aggregate_strings(cast(column, String), ",")


def _id_list(text: str | None) -> IntArray:
    if not text:
        return np.empty(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


#: A condition on an id column that picks the documents a partial read is of (None: all).
_Within = Callable[[Any], Any] | None


def _grouped(
    session: Session, keys: tuple[Any, ...], id_column: Any, within: _Within = None
) -> list[tuple[tuple[Any, ...], IntArray]]:
    """(key values, ids) for each distinct combination of `keys` (among the documents
    `within` picks)."""
    statement = select(*keys, _id_text(id_column)).group_by(*keys)
    if within is not None:
        statement = statement.where(within(id_column))
    width = len(keys)
    return [(tuple(row[:width]), _id_list(row[width])) for row in session.execute(statement)]


def _by_value(
    session: Session, columns: CatalogColumns, column: Any, within: _Within = None
) -> SmallArray:
    """A document column's integer value at each document's position, MISSING where NULL."""
    values = np.full(columns.size, MISSING, dtype=np.int32)
    for (value,), found in _grouped(session, (column,), m.Document.id, within):
        if value is not None:
            values[columns.place(found)] = int(value)
    return values


def _read_dates(session: Session, columns: CatalogColumns, within: _Within = None) -> None:
    """First and last days as YYYYMMDD numbers, read a distinct interval at a time."""
    document = m.Document
    groups = [
        (int(str(first).replace("-", "")), int(str(last).replace("-", "")), found)
        for (first, last), found in _grouped(
            session, (document.date_start, document.date_end), document.id, within
        )
        if first is not None and last is not None
    ]
    if not groups:
        return
    sizes = [len(found) for _, _, found in groups]
    at = columns.place(np.concatenate([found for _, _, found in groups]))
    columns.date_starts[at] = np.repeat([first for first, _, _ in groups], sizes)
    columns.date_ends[at] = np.repeat([last for _, last, _ in groups], sizes)


def _read_classifications(
    session: Session, columns: CatalogColumns, within: _Within = None
) -> None:
    """Classifications are free text: the distinct values get numbers, in their sorted order."""
    groups = sorted(
        (str(value), found)
        for (value,), found in _grouped(
            session, (m.Document.classification,), m.Document.id, within
        )
        if value
    )
    for code, (_, found) in enumerate(groups):
        columns.classifications[columns.place(found)] = code
    columns.classification_names = tuple(name for name, _ in groups)


def _links(
    session: Session,
    columns: CatalogColumns,
    document_column: Any,
    keys: tuple[Any, ...],
    within: _Within = None,
) -> Links:
    """A table of (document, value) pairs as positions and values."""
    return _pairs(columns, _grouped(session, keys, document_column, within))


def _pairs(columns: CatalogColumns, groups: list[tuple[tuple[Any, ...], IntArray]]) -> Links:
    """Links from (value id, document ids) groups."""
    found = [ids for _, ids in groups]
    documents = np.concatenate(found) if found else np.empty(0, dtype=np.int64)
    values = np.repeat(
        np.array([int(key[0]) for key, _ in groups], dtype=np.int32),
        [len(ids) for ids in found],
    )
    positions = columns.place(documents).astype(np.int32)
    linked = np.zeros(columns.size, dtype=np.bool_)
    linked[positions] = True
    return Links(positions, values.astype(np.int32), linked)


def _once_per_document(columns: CatalogColumns, parts: list[Links]) -> Links:
    """Links of several kinds as one, each (document, value) pair once: a person who is both
    author and recipient of a document counts once for it."""
    if not parts:
        return _pairs(columns, [])
    width = max((int(links.values.max()) + 1 for links in parts if len(links.values)), default=1)
    keys = np.concatenate([links.positions for links in parts]).astype(np.int64) * width
    keys += np.concatenate([links.values for links in parts])
    pairs, _ = distinct_counts(keys)
    del keys
    linked = np.zeros(columns.size, dtype=np.bool_)
    for links in parts:
        linked |= links.linked
    return Links((pairs // width).astype(np.int32), (pairs % width).astype(np.int32), linked)


def _names(session: Session) -> dict[str, dict[int, str]]:
    """The names each facet field's value ids stand for."""

    def table(model: Any, name: Any) -> dict[int, str]:
        return {int(row[0]): str(row[1]) for row in session.execute(select(model.id, name))}

    names = {name: table(field.names, field.names.name) for name, field in LOOKUP_FIELDS.items()}
    for name, linked in LINKED_FIELDS.items():
        names[name] = table(linked.names, linked.name_column)
    people = table(m.Person, m.Person.name)
    for name in PEOPLE_FIELDS:
        names[name] = people
    return names
