"""The catalog's document generation: a counter that every change of documents moves on."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop_app.storage.models import CatalogState

_ROW = 1


def document_generation(session: Session) -> int:
    """The counter as the session's snapshot sees it (0 before the first change)."""
    value = session.execute(
        select(CatalogState.document_generation).where(CatalogState.id == _ROW)
    ).scalar_one_or_none()
    return int(value) if value is not None else 0


def advance_generation(session: Session) -> None:
    """Move the counter on, inside the transaction that changes documents."""
    moved = session.execute(
        update(CatalogState)
        .where(CatalogState.id == _ROW)
        .values(document_generation=CatalogState.document_generation + 1)
    )
    if not moved.rowcount:  # type: ignore[attr-defined]
        session.add(CatalogState(id=_ROW, document_generation=1))
        session.flush()


#: Where a write transaction's session keeps the ids of the documents it changed.
_CHANGED = "changed_documents"


def note_documents_changed(session: Session, ids: Iterable[int]) -> None:
    """Remember that this transaction changed documents `ids` that were there before it.

    Every path that rewrites a document or its links says so here (new documents and removed
    ones need not: the ids a reader holds tell them apart). Other desktops' windows follow the
    change by reading these documents again instead of the whole catalog's.
    """
    session.info.setdefault(_CHANGED, set()).update(int(i) for i in ids)


def documents_changed(session: Session) -> list[int]:
    """The ids `note_documents_changed` was told of in this session's transaction, ascending."""
    return sorted(session.info.get(_CHANGED, ()))
