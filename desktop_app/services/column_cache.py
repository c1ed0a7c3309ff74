"""Keeps the catalog's columns in memory while they hold, reading them again after a change,
or following a change of many documents' values that this catalog made itself, or another
desktop's change that its notice describes.

The columns (`storage.columns`) are read on a thread of their own — a few seconds at a million
documents — and used only while the catalog's document generation, read in the same snapshot
as each query, is the one they were read at. Until then, and whenever they are stale, callers
fall back to SQL, so an answer is never wrong, only slower.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from desktop_app.domain.edits import LinkChange, ValueChange
from desktop_app.query.ast import Node
from desktop_app.query.columnar import matching_positions
from desktop_app.query.compiler import SORT_COLUMNS
from desktop_app.storage.columns import (
    EAGER_ORDERS,
    CatalogColumns,
    SmallArray,
    date_order,
    date_order_tells,
    read_columns,
    read_order,
    value_ids,
    with_documents_followed,
    with_documents_read_again,
    with_links_changed,
    with_lookup_set,
)
from desktop_app.storage.generation import document_generation

_log = logging.getLogger(__name__)

#: The most documents an edit may have changed for the columns to follow it (beyond, reading
#: the whole catalog's columns again is about as fast).
_FOLLOWED_DOCUMENTS = 1000

#: How long following a change waits for a read of the columns under way (a sort order read
#: after the last change, half a second at a million documents).
_FOLLOW_WAIT_SECONDS = 2.0

#: Results whose positions are kept: the table's, and the facet sections' that leave out their
#: own selection, for the last few queries.
_KEPT_RESULTS = 12


class ColumnCache:
    """The columns of one catalog, read in the background once `keep()` is called."""

    def __init__(self, sessions: Callable[[], Session]) -> None:
        self._sessions = sessions
        self._lock = threading.Lock()
        self._kept = False
        self._columns: CatalogColumns | None = None
        self._loading = False
        # Set when something asked for a read that the running one may not cover.
        self._stale = False
        self._idle = threading.Event()
        self._idle.set()
        self._results: OrderedDict[tuple[int, Node | None], SmallArray] = OrderedDict()
        self._orders_asked: set[str] = set()
        self._reads = 0
        self._follows = 0
        self._order_reads = 0
        self._following = False  # a change is being followed (not read in whole) right now
        # Whether the columns make the date order themselves, once a read showed that it comes
        # out as the database orders it (a server's collation decides; None: not known yet):
        # after a follow it is then made in a tenth of a second instead of read for seconds.
        self._date_order_made: bool | None = None
        # Generation -> the documents there before that its change rewrote (None: unknown), as
        # the notices of PostgreSQL catalogs tell them.
        self._notices: dict[int, tuple[int, ...] | None] = {}

    def keep(self) -> None:
        """Read the columns now and keep them current from here on."""
        with self._lock:
            self._kept = True
        self._load_later()

    def stop(self) -> None:
        """Keep no columns from now on (the catalog is closing); a read under way is dropped."""
        with self._lock:
            self._kept = False
            self._columns = None
            self._results.clear()

    def note_change(self, generation: int | None, changed: tuple[int, ...] | None) -> None:
        """Hear of a committed change (a notice): the generation it left and the documents it
        rewrote. The columns follow it — reading only those documents and any new ones — as
        soon as every change since they were read is known so; otherwise they are read again.
        """
        if generation is None:
            return
        with self._lock:
            self._notices[generation] = changed
            if not self._kept:
                return
        self._load_later()

    def _followed_elsewhere(
        self, session: Session, columns: CatalogColumns, generation: int
    ) -> CatalogColumns | None:
        """The columns brought to `generation` from the notices of the changes since they
        were read, if every one is known and says which documents it rewrote."""
        with self._lock:
            for old in [g for g in self._notices if g <= columns.generation]:
                del self._notices[old]
            heard = [self._notices.get(g) for g in range(columns.generation + 1, generation + 1)]
        if not heard or any(changed is None for changed in heard):
            return None
        rewritten = sorted({i for changed in heard if changed is not None for i in changed})
        return with_documents_followed(session, columns, generation, rewritten)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no read is running (or `timeout` seconds); whether columns are held."""
        return self._idle.wait(timeout) and self._columns is not None

    def current(self, session: Session, wait: float = 0.0) -> CatalogColumns | None:
        """The columns, if they hold in the session's snapshot; else None, and a fresh read.

        With `wait`, a read under way is waited for, up to that many seconds, before the
        session's first statement (which fixes its snapshot); a change being followed is
        waited for in any case.
        """
        if not self._kept:
            return None
        if self._loading and (wait or self._following):
            # Following a change takes a fraction of a second, where SQL would order a
            # million ids for seconds: it is always worth the wait.
            self._idle.wait(wait or _FOLLOW_WAIT_SECONDS)
        columns = self._columns
        if columns is not None and columns.generation == document_generation(session):
            return columns
        self._load_later()
        return None

    def _followable(self) -> CatalogColumns | None:
        """The columns a change may be followed in: held, and no read of them under way (one
        that reads a sort order is waited for, a moment; a full read is not)."""
        if self._loading:
            self._idle.wait(_FOLLOW_WAIT_SECONDS)
        with self._lock:
            if not self._kept or self._loading:
                return None
            return self._columns

    def follow_documents(self, document_ids: list[int]) -> bool:
        """Make the columns follow an edit of a few documents this catalog just wrote (every
        value of theirs read again) instead of reading all the catalog's again: whether they
        could, as for `follow`."""
        if not document_ids or len(document_ids) > _FOLLOWED_DOCUMENTS:
            return False
        columns = self._followable()
        if columns is None:
            return False
        with self._sessions() as session:
            generation = document_generation(session)
            if generation != columns.generation + 1:
                return False
            followed = with_documents_read_again(session, columns, generation, document_ids)
        if followed is None:
            return False
        self._check_made_orders(columns)
        self._make_orders(followed)
        with self._lock:
            if self._columns is not columns or self._loading:
                return False
            self._columns = followed
            self._results.clear()
        # The eager orders (the table's date order) not made above are read again at once,
        # in the background.
        if set(EAGER_ORDERS) - set(followed.ranks):
            self._load_later()
        return True

    def follow(self, change: LinkChange | ValueChange) -> bool:
        """Make the columns follow a change this catalog just wrote (tags, collections,
        languages, a type or an archive set on many documents) instead of reading them all
        again: whether they could (they are held, current but for this one write, and hold
        every document it changed)."""
        columns = self._followable()
        if columns is None:
            return False
        with self._sessions() as session:
            generation = document_generation(session)
            if generation != columns.generation + 1:
                return False  # another write came between: read them all again
            if isinstance(change, LinkChange):
                names = [*change.added, *change.removed]
                ids = value_ids(session, change.field, names)
                if any(name not in ids for name in change.added):
                    return False
                followed = with_links_changed(
                    columns,
                    change.field,
                    generation,
                    {ids[n]: np.asarray(d, dtype=np.int64) for n, d in change.added.items() if d},
                    {
                        ids[n]: np.asarray(d, dtype=np.int64)
                        for n, d in change.removed.items()
                        if d and n in ids
                    },
                    {value_id: name for name, value_id in ids.items()},
                )
            else:
                named = [value for value in change.assigned if value is not None]
                ids = value_ids(session, change.field, named)
                if any(value not in ids for value in named):
                    return False
                followed = with_lookup_set(
                    columns,
                    change.field,
                    generation,
                    {
                        (None if value is None else ids[value]): np.asarray(d, dtype=np.int64)
                        for value, d in change.assigned.items()
                        if d
                    },
                    {value_id: name for name, value_id in ids.items()},
                )
        if followed is None:
            return False
        with self._lock:
            if self._columns is not columns or self._loading:
                return False  # read again meanwhile: that read is the current one
            self._columns = followed
            self._results.clear()
        return True

    def positions(
        self, session: Session, columns: CatalogColumns, node: Node | None
    ) -> SmallArray | None:
        """Positions of the documents `node` matches (kept for a few queries); None if stale."""
        if node is None:
            return columns.everything()  # made in a millisecond: not worth keeping
        key = (columns.generation, node)
        with self._lock:
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
                return found
        found = matching_positions(session, columns, node)
        if found is None:
            return None
        with self._lock:
            self._results[key] = found
            while len(self._results) > _KEPT_RESULTS:
                self._results.popitem(last=False)
        return found

    def has_order(self, columns: CatalogColumns, sort_key: str) -> bool:
        """Whether results can be ordered by `sort_key` from memory; if not, it is read next."""
        if sort_key in columns.ranks:
            return True
        if sort_key in SORT_COLUMNS:
            with self._lock:
                self._orders_asked.add(sort_key)
            self._load_later()
        return False

    # -- reading -----------------------------------------------------------------------------

    def _load_later(self) -> None:
        with self._lock:
            self._stale = True
            if not self._kept or self._loading:
                return
            self._loading = True
            self._idle.clear()
        reader = threading.Thread(target=self._load_until_current, name="columns", daemon=True)
        reader.start()

    def _load_until_current(self) -> None:
        """Read until nothing more is asked: a change or a sort order may come while reading."""
        while True:
            with self._lock:
                self._stale = False
            try:
                self._load_once()
            except Exception:
                with self._lock:
                    closing = not self._kept
                    self._kept = False
                    self._stale = False
                if not closing:
                    # The columns are an aid: without them, SQL answers every question, slower.
                    _log.exception("the catalog's columns could not be read; SQL answers alone")
            with self._lock:
                if not self._stale:
                    self._loading = False
                    self._idle.set()
                    return

    def _load_once(self) -> None:
        with self._sessions() as session:
            generation = document_generation(session)
            columns = self._columns
            if columns is not None and columns.generation != generation:
                self._check_made_orders(columns)
                self._following = True
                try:
                    followed = self._followed_elsewhere(session, columns, generation)
                    if followed is not None:
                        self._make_orders(followed)
                        with self._lock:
                            if not self._kept:
                                return
                            self._columns = columns = followed
                            self._results.clear()
                            self._follows += 1
                        _log.info("catalog columns followed to generation %d", generation)
                finally:
                    self._following = False
            if columns is None or columns.generation != generation:
                made = ("date",) if self._date_order_made else ()
                read = tuple(k for k in (*EAGER_ORDERS, *self._orders_asked) if k not in made)
                columns = read_columns(session, generation, SORT_COLUMNS, read)
                with self._lock:
                    if not self._kept:
                        return  # closed meanwhile
                    self._columns = columns
                    self._results.clear()
                    self._reads += 1
                    self._order_reads += len(read)
                _log.info(
                    "catalog columns read: %d documents, %.0f MB",
                    columns.size,
                    columns.nbytes / 1e6,
                )
            self._make_orders(columns)
            for key in sorted((set(EAGER_ORDERS) | self._orders_asked) - set(columns.ranks)):
                columns.add_order(key, read_order(session, SORT_COLUMNS[key]))
                self._order_reads += 1

    def _check_made_orders(self, columns: CatalogColumns) -> None:
        """Whether the columns may make the date order themselves from here on, if `columns`
        can tell (`date_order_tells`). Asked of the columns a change replaces, not when they
        are read: the window's memory at opening is spared the check's temporaries."""
        if self._date_order_made is not None or "date" not in columns.orders:
            return
        if not date_order_tells(columns):
            return
        self._date_order_made = np.array_equal(date_order(columns), columns.orders["date"])
        if not self._date_order_made:
            _log.info("the date order is read from the database, whose collation differs")

    def _make_orders(self, columns: CatalogColumns) -> None:
        """Add to `columns` the orders they may make themselves and lack."""
        if self._date_order_made and "date" not in columns.ranks:
            columns.keep_order("date", date_order(columns))

    def describe(self) -> dict[str, Any]:
        """For logs and benchmarks: documents held, memory, how often they were read in whole,
        and how often they followed another desktop's change instead; the sort orders held,
        and how many times one was read from the database."""
        columns = self._columns
        return {
            "documents": columns.size if columns is not None else 0,
            "megabytes": columns.nbytes / 1e6 if columns is not None else 0.0,
            "orders": sorted(columns.ranks) if columns is not None else [],
            "order_reads": self._order_reads,
            "reads": self._reads,
            "follows": self._follows,
        }
