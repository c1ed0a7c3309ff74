"""The versions of the libraries the catalog is stored with, for Help ▸ About."""

from __future__ import annotations

import sqlite3

import sqlalchemy


def storage_versions() -> list[tuple[str, str]]:
    """Name and version of the database toolkit and of the SQLite library it opens files with."""
    return [("SQLAlchemy", sqlalchemy.__version__), ("SQLite", sqlite3.sqlite_version)]
