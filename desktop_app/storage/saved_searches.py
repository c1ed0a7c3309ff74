"""Saved searches: named queries kept in the catalog, changed only from an up-to-date copy."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop_app.domain.errors import ConflictError, InputError
from desktop_app.domain.views import SavedSearchView
from desktop_app.storage.models import SavedSearch

MAX_NAME_LENGTH = 200


def _view(row: SavedSearch) -> SavedSearchView:
    return SavedSearchView(row.id, row.name, row.query, row.version_id)


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InputError("a saved search needs a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise InputError(f"a saved search's name may be at most {MAX_NAME_LENGTH} characters")
    return cleaned


def list_saved(session: Session) -> list[SavedSearchView]:
    rows = session.execute(select(SavedSearch).order_by(SavedSearch.name)).scalars()
    return [_view(row) for row in rows]


def save(session: Session, name: str, query: str) -> SavedSearchView:
    """Keep `query` under `name`, replacing the query a search of that name had."""
    cleaned = _clean_name(name)
    row = session.execute(
        select(SavedSearch).where(SavedSearch.name == cleaned)
    ).scalar_one_or_none()
    if row is None:
        row = SavedSearch(name=cleaned, query=query)
        session.add(row)
    else:
        row.query = query
    session.flush()
    return _view(row)


def _current(session: Session, search: SavedSearchView) -> SavedSearch:
    row = session.get(SavedSearch, search.id)
    if row is None:
        raise ConflictError(f"the saved search '{search.name}' was deleted meanwhile")
    if row.version_id != search.version:
        raise ConflictError(
            f"the saved search '{search.name}' was changed meanwhile (now '{row.name}': "
            f"{row.query}); nothing was changed"
        )
    return row


def rename(session: Session, search: SavedSearchView, name: str) -> SavedSearchView:
    row = _current(session, search)
    cleaned = _clean_name(name)
    clash = session.execute(
        select(SavedSearch.id).where(SavedSearch.name == cleaned, SavedSearch.id != row.id)
    ).scalar_one_or_none()
    if clash is not None:
        raise InputError(f"there is a saved search named '{cleaned}' already")
    row.name = cleaned
    _flush(session, search)
    return _view(row)


def delete(session: Session, search: SavedSearchView) -> None:
    row = _current(session, search)
    session.delete(row)
    _flush(session, search)


def _flush(session: Session, search: SavedSearchView) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(
            f"the saved search '{search.name}' was changed by someone else meanwhile"
        ) from None
