"""The catalog database: migrations, pragmas, and catalogs that are new, newer, broken or locked."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from desktop_app.domain.errors import CatalogError, ReadOnlyCatalogError
from desktop_app.services.catalog import Catalog
from desktop_app.storage.engine import (
    SCHEMA_HEAD,
    _alembic_config,
    backup_catalog,
    head_revision,
    open_catalog,
)
from desktop_app.storage.models import Base, include_object

from .conftest import SEED


def test_migration_chain_is_linear() -> None:
    scripts = ScriptDirectory.from_config(_alembic_config())
    assert len(scripts.get_heads()) == 1
    # The schema the code expects without asking Alembic is the chain's head.
    assert scripts.get_current_head() == head_revision() == SCHEMA_HEAD
    assert len(scripts.get_bases()) == 1
    for script in scripts.walk_revisions():
        assert not script.is_merge_point


def test_upgrading_an_empty_database_matches_the_models(catalog_url: str) -> None:
    opened = open_catalog(catalog_url)
    with opened.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, Base.metadata) == []
    opened.engine.dispose()


def test_every_connection_has_the_pragmas(catalog_url: str) -> None:
    opened = open_catalog(catalog_url)
    with opened.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    opened.engine.dispose()


def test_a_new_catalog_named_on_the_command_line_starts_empty(catalog_url: str) -> None:
    catalog = Catalog.open(catalog_url)
    assert catalog.count() == 0
    assert catalog.info().schema_version == head_revision()
    catalog.close()


def test_the_default_catalog_gets_the_sample_once() -> None:
    catalog = Catalog.open()
    assert catalog.count() == 20
    titles = [node.title for node in catalog.collections()]
    assert titles == ["Sino-Soviet Relations"]
    catalog.close()
    again = Catalog.open()
    assert again.count() == 20
    again.close()


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"This is a text file, not a catalog.\n" * 200)
    before = path.read_bytes()
    with pytest.raises(CatalogError, match="not a Dossier catalog") as caught:
        Catalog.open(f"sqlite:///{path}")
    assert str(path) in str(caught.value)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(CatalogError, match="not a Dossier catalog"):
        Catalog.open(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert tables == {"recipes"}


def test_a_catalog_from_a_newer_dossier_opens_read_only(catalog_url: str, tmp_path: Path) -> None:
    catalog = Catalog.open(catalog_url)
    catalog.import_files([SEED])
    catalog.close()
    path = tmp_path / "catalog.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    newer = Catalog.open(catalog_url)
    assert newer.read_only
    assert "newer version of Dossier" in newer.read_only_reason
    assert newer.count() == 20
    with pytest.raises(ReadOnlyCatalogError, match="read-only"):
        newer.import_files([SEED])
    newer.close()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)


def test_a_read_only_catalog_refuses_imports_and_stays_as_it_was(
    catalog_url: str, tmp_path: Path
) -> None:
    catalog = Catalog.open(catalog_url)
    catalog.close()
    path = tmp_path / "catalog.sqlite"
    read_only = Catalog.open(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert read_only.read_only
    with pytest.raises(ReadOnlyCatalogError, match=str(path)):
        read_only.import_files([SEED])
    assert read_only.count() == 0
    read_only.close()


def test_a_catalog_file_without_write_permission_opens_read_only(
    catalog_url: str, tmp_path: Path
) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("running as root, which may write any file whatever its permissions")
    catalog = Catalog.open(catalog_url)
    catalog.close()
    path = tmp_path / "catalog.sqlite"
    path.chmod(0o444)
    read_only = Catalog.open(catalog_url)
    assert read_only.read_only
    with pytest.raises(ReadOnlyCatalogError):
        read_only.import_files([SEED])
    read_only.close()


def test_a_backup_copy_is_a_whole_catalog(seed_catalog: Catalog, tmp_path: Path) -> None:
    opened = open_catalog(f"sqlite:///{tmp_path / 'seed.sqlite'}")
    copy = backup_catalog(opened.engine, tmp_path / "seed.sqlite", opened.schema_version)
    assert copy.exists() and copy.name.startswith("seed.sqlite.schema-")
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (20,)


def test_a_missing_folder_for_a_catalog_is_created(tmp_path: Path) -> None:
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'new' / 'folder' / 'c.sqlite'}")
    assert catalog.count() == 0
    catalog.close()
