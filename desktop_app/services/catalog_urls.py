"""Catalog URLs as the window remembers them: written out without a password."""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from desktop_app.storage.engine import url_to_remember


def remembered_url(url: str) -> str:
    """`url` without its password, to keep in settings; "" when it is not a database URL."""
    try:
        return url_to_remember(make_url(url))
    except ArgumentError:
        return ""
