"""Opening a catalog: the engine with its SQLite pragmas, migrations, backups and read-only mode.

SQLite is the embedded default; PostgreSQL (psycopg 3) holds shared catalogs. Every message this
module raises names the catalog by `display_url`, never by a URL that carries a password.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError, SQLAlchemyError

from desktop_app.domain.errors import CatalogError
from desktop_app.storage import fulltext
from desktop_app.storage.models import Base

MIGRATIONS = Path(__file__).with_name("migrations")
#: The newest schema this version of Dossier knows: the head of `migrations/versions` (a test
#: holds the two together). Opening a catalog at this schema, the usual case, compares it with
#: the catalog's `alembic_version` and never imports Alembic, a tenth of a second of start-up.
SCHEMA_HEAD = "0006"
#: Where Alembic keeps a catalog's schema version.
_VERSION_TABLE = "alembic_version"
BUSY_TIMEOUT_MS = 5000
#: Each pooled connection keeps its own page cache; facet counts, sorting and the timeline read
#: the columns held in memory (storage/columns.py), so SQL needs only a modest one. No memory
#: map: every connection's map of a large catalog counted again in the window's resident memory
#: (2.1 GB at a million documents), for no measurable gain once SQL no longer scans for counts.
CACHE_KIB = 4 * 1024
#: Seconds to wait for a PostgreSQL server before saying it cannot be reached.
CONNECT_TIMEOUT_S = 10
#: Any constant that no other program on the server uses: the lock Dossier's migrations take.
MIGRATION_LOCK = 0x646F7373  # "doss"


@dataclass(frozen=True, slots=True)
class OpenedCatalog:
    """An engine on a catalog whose schema Dossier understands, and whether it may write."""

    engine: Engine
    url: URL
    location: str
    read_only: bool
    read_only_reason: str
    schema_version: str


def display_url(url: URL | str) -> str:
    """The URL to show a person: a file path for SQLite, the password masked otherwise."""
    parsed = catalog_url(url) if isinstance(url, str) else url
    path = sqlite_path(parsed)
    if path is not None:
        return str(path)
    return parsed.render_as_string(hide_password=True)


def catalog_url(url: URL | str) -> URL:
    """A catalog's URL parsed; `postgresql://` means psycopg 3, the driver Dossier installs.

    Text without `://` is the path of an SQLite file. CatalogError for text that is no URL;
    its message leaves the text out, as it may hold a password (SQLAlchemy's own message
    would repeat it).
    """
    if isinstance(url, URL):
        parsed = url
    elif "://" not in url:
        parsed = URL.create("sqlite", database=str(Path(url).expanduser().absolute()))
    else:
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError):
            raise CatalogError(
                "the catalog's address is neither a file path nor a database URL such as "
                "sqlite:///catalog.sqlite or postgresql+psycopg://user@host/database"
            ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def url_to_remember(url: URL) -> str:
    """The URL to keep in settings or a list of recent catalogs: without its password.

    Opened again, it finds the password where libpq looks for one (PGPASSWORD, ~/.pgpass, a
    service file) or asks the server for a catalog that needs none.
    """
    # `URL.set(password=None)` would keep the password: None there means "unchanged".
    without = URL.create(
        url.drivername, url.username, None, url.host, url.port, url.database, url.query
    )
    return without.render_as_string(hide_password=False)


def is_postgresql(url: URL) -> bool:
    return url.get_backend_name() == "postgresql"


def sqlite_path(url: URL) -> Path | None:
    """The file behind an SQLite URL, or None for other databases and in-memory catalogs."""
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database or ""
    if database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        database = database[len("file:") :].split("?", 1)[0]
    return Path(database)


def _alembic_config() -> Any:
    from alembic.config import Config  # imported for migrations only (see SCHEMA_HEAD)

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema this version of Dossier knows."""
    return SCHEMA_HEAD


def create_catalog_engine(url: URL | str, *, read_only: bool = False) -> Engine:
    """An engine whose every connection has the pragmas of PRODUCT.md §11 set.

    SQLite gets WAL, foreign keys, a busy timeout and synchronous=NORMAL; transactions begin
    explicitly (the pysqlite driver otherwise defers BEGIN and breaks all-or-nothing writes).
    """
    parsed = catalog_url(url)
    if is_postgresql(parsed):
        return _postgresql_engine(parsed, read_only=read_only)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    connect_args: dict[str, Any] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    path = sqlite_path(parsed)
    if read_only and path is not None:
        parsed = parsed.set(database=f"file:{path}").update_query_dict(
            {"mode": "ro", "uri": "true"}
        )
    engine = create_engine(parsed, connect_args=connect_args)
    journal_wal = not read_only and path is not None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if journal_wal:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine


def _postgresql_engine(url: URL, *, read_only: bool) -> Engine:
    """An engine on a PostgreSQL catalog that notices a lost server instead of waiting forever.

    The pre-ping replaces a pooled connection that a restart or a network drop broke. Read-only
    catalogs also run read-only transactions, so a change that slipped past the services is
    refused by the server itself.
    """
    options: dict[str, Any] = {"postgresql_readonly": True} if read_only else {}
    return create_engine(
        url,
        pool_pre_ping=True,
        connect_args=postgresql_connect_args(url),
        execution_options=options,
    )


def postgresql_connect_args(url: URL) -> dict[str, Any]:
    """libpq settings for every connection to a PostgreSQL catalog, unless the URL sets them.

    The connect timeout and TCP keepalives turn an unreachable or vanished server into an
    error within seconds (about a minute for a silent network drop) rather than a frozen
    window. Host, user, password and database are left to the URL and libpq's own sources
    (PGPASSWORD, ~/.pgpass, a service file), so no password has to be written anywhere.

    The server's JIT compiler is off for Dossier's sessions: it compiles the expressions of
    any statement whose estimate looks large, which Dossier's are at a million documents, and
    a page of 2,000 rows to export spent 52 ms compiling against 215 ms running (26 s of a
    million-row export).
    """
    defaults: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "Dossier",
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "options": "-c jit=off",
    }
    return {name: value for name, value in defaults.items() if name not in url.query}


def open_catalog(url: URL | str, *, create: bool = True) -> OpenedCatalog:
    """Open the catalog at `url`, migrating it to the current schema first.

    A file from a newer Dossier opens read-only; a file that cannot be written opens read-only;
    a file that is not a Dossier catalog raises CatalogError with a message naming it.
    The SQLite file is copied aside before any migration of an existing catalog. On PostgreSQL,
    a role that may only read opens the catalog read-only, and an empty database becomes a
    catalog (with `create`; without it, CatalogError).
    """
    parsed = catalog_url(url)
    location = display_url(parsed)
    path = sqlite_path(parsed)
    asked_read_only = parsed.query.get("mode") == "ro"
    if path is not None:
        if not path.exists() and (not create or asked_read_only):
            raise CatalogError(f"{location}: no catalog there")
        if path.is_dir():
            raise CatalogError(f"{location}: is a folder, not a catalog file")
        if not path.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise CatalogError(f"{location}: cannot create the catalog: {error}") from None
        _check_sqlite_file(path, location)
        writable = _sqlite_writable(path)
        if asked_read_only or not writable:
            reason = "opened read-only" if asked_read_only else "the file cannot be written"
            return _open_read_only(parsed, path, location, reason)
    engine = create_catalog_engine(parsed)
    try:
        current = _current_revision(engine, location)
        head = head_revision()
        if current is not None and current != head and current not in _known_revisions():
            engine.dispose()
            reason = (
                f"it was written by a newer version of Dossier (schema {current}); "
                "it opens read-only"
            )
            return _open_read_only(parsed, path, location, reason, current)
        if is_postgresql(parsed):
            if current is None and not create:
                engine.dispose()
                raise CatalogError(f"{location}: no Dossier catalog in this database")
            refusal = _postgresql_write_refusal(engine, current is not None)
            if refusal:
                engine.dispose()
                if current is None:
                    raise CatalogError(
                        f"{location}: the database is empty, and {refusal} to make a catalog"
                    )
                return _open_read_only(parsed, path, location, refusal, current)
        if current == head:
            return OpenedCatalog(engine, parsed, location, False, "", head)
        if current is not None and path is not None:
            backup_catalog(engine, path, current)
        _upgrade(engine)
        return OpenedCatalog(engine, parsed, location, False, "", head)
    except OperationalError as error:
        engine.dispose()
        raise CatalogError(
            f"{location}: cannot open the catalog: {failure_reason(error, parsed)}"
        ) from None
    except DatabaseError as error:
        engine.dispose()
        if is_postgresql(parsed):
            # A server's refusal (no rights on the schema, a failed migration), not a bad file.
            raise CatalogError(
                f"{location}: cannot open the catalog: {failure_reason(error, parsed)}"
            ) from None
        raise CatalogError(
            f"{location}: not a Dossier catalog: {failure_reason(error, parsed)}"
        ) from None


def _postgresql_write_refusal(engine: Engine, has_schema: bool) -> str:
    """Why this role may not change the catalog (empty when it may).

    Asks the server about the role's rights on the documents table, or on the schema while
    there is no catalog yet: a SELECT-only role must get a read-only catalog with a reason, not
    a permission error at its first import.
    """
    with engine.connect() as connection:
        if has_schema:
            may_write = connection.exec_driver_sql(
                "SELECT has_table_privilege('documents', 'INSERT') "
                "AND has_table_privilege('documents', 'UPDATE')"
            ).scalar()
            what = "it may read the catalog but not change it"
        else:
            may_write = connection.exec_driver_sql(
                "SELECT has_schema_privilege(current_schema(), 'CREATE')"
            ).scalar()
            what = "it may not create tables in it"
        role = connection.exec_driver_sql("SELECT current_user").scalar()
    return "" if may_write else f"the database role '{role}' has no rights to write: {what}"


def _open_read_only(
    url: URL, path: Path | None, location: str, reason: str, version: str | None = None
) -> OpenedCatalog:
    engine = create_catalog_engine(url, read_only=True)
    try:
        current = _current_revision(engine, location) if version is None else version
    except SQLAlchemyError as error:
        engine.dispose()
        raise CatalogError(
            f"{location}: cannot open the catalog: {failure_reason(error, url)}"
        ) from None
    if current is None:
        engine.dispose()
        raise CatalogError(f"{location}: an empty catalog that cannot be written ({reason})")
    if current != head_revision() and current in _known_revisions():
        engine.dispose()
        raise CatalogError(
            f"{location}: the catalog needs an upgrade to schema {head_revision()}, but {reason}"
        )
    return OpenedCatalog(engine, url, location, True, reason, current)


def _check_sqlite_file(path: Path, location: str) -> None:
    """Refuse a file that SQLite cannot read as a database, before anything writes to it."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise CatalogError(f"{location}: not a Dossier catalog ({error})") from None


def _sqlite_writable(path: Path) -> bool:
    """Whether SQLite can write the file; asks SQLite itself, as permissions can mislead."""
    if path.exists() and not os.access(path, os.W_OK):
        return False
    if not path.exists():
        return os.access(path.parent, os.W_OK)
    try:
        # Not waiting: a file another writer holds ("database is locked") is a file that can
        # be written, and waiting for the writer held every reader up for the busy timeout.
        connection = sqlite3.connect(str(path), timeout=0)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except sqlite3.OperationalError as error:
        return "readonly" not in str(error) and "read-only" not in str(error)
    return True


def _current_revision(engine: Engine, location: str) -> str | None:
    """The catalog's schema version as Alembic wrote it; None for an empty database."""
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = None
        if _VERSION_TABLE in tables:
            versions = connection.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}"))
            revision = next((str(row[0]) for row in versions), None)
        if revision is None and tables - {_VERSION_TABLE}:
            raise CatalogError(
                f"{location}: a database, but not a Dossier catalog "
                f"(it has tables such as {sorted(tables - {_VERSION_TABLE})[0]!r} and no Dossier "
                "schema)"
            )
        return revision


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def _upgrade(engine: Engine) -> None:
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Two desktops opening a new shared catalog at once: the second waits here, then
            # Alembic reads the version the first one wrote and has nothing left to do. The
            # whole migration is one transaction, so a failed one leaves the schema as it was.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def backup_catalog(engine: Engine, path: Path, revision: str) -> Path:
    """Copy the catalog beside itself before a migration, through SQLite's backup API."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.schema-{revision}.{stamp}.bak")
    engine.dispose()
    source = sqlite3.connect(str(path))
    try:
        destination = sqlite3.connect(str(target))
        try:
            source.backup(destination)
        finally:
            destination.close()
    except sqlite3.Error as error:
        raise CatalogError(
            f"{path}: cannot copy the catalog aside before upgrading: {error}"
        ) from None
    finally:
        source.close()
    return target


def failure_reason(error: BaseException, *urls: URL | None) -> str:
    """What went wrong with the database, on one line and without the URL's password.

    The driver's text of a failed connection runs over several lines and starts with words
    that say nothing (`connection failed:`, `FATAL:`); the passwords of `urls` are masked in
    case a driver ever repeats a connection string.
    """
    original = getattr(error, "orig", None)
    text = str(original if original is not None else error)
    if original is None and isinstance(error, SQLAlchemyError):
        text = text.splitlines()[0] if text else type(error).__name__
    parts = [" ".join(line.split()) for line in text.splitlines()]
    reason = " ".join(part for part in parts if part)
    reason = reason.removeprefix("connection failed: ").replace("FATAL: ", "")
    for url in urls:
        password = url.password if url is not None else None
        if password:
            reason = reason.replace(str(password), "***")
    return reason or type(error).__name__


@contextmanager
def unsynchronized_writes(engine: Engine) -> Iterator[None]:
    """SQLite commits that do not wait for the disk, for the writes inside the block only.

    For invented documents written into a catalog that had none (`Catalog.generate`): if the
    computer stops mid-way, generating again loses nothing. Waiting for the disk at each chunk's
    checkpoint is a tenth of the time (measured at 200,000 documents). A pooled connection gets
    the setting as it is taken for the block's work and its usual one back as it is returned,
    after its commit.
    """
    if engine.dialect.name != "sqlite":
        yield
        return

    def unsynchronized(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    def synchronized(dbapi_connection: Any, _record: Any) -> None:
        if dbapi_connection is not None:
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    event.listen(engine, "checkout", unsynchronized)
    event.listen(engine, "checkin", synchronized)
    try:
        yield
    finally:
        event.remove(engine, "checkout", unsynchronized)
        event.remove(engine, "checkin", synchronized)


def refresh_statistics(engine: Engine) -> None:
    """Let the query planner see the catalog's new shape after a large change.

    Without statistics SQLite may pick a selective-looking index that scans the whole table
    (seen: a 200-row page taking 190 ms at 100,000 documents instead of 0.3 ms). The analysis
    limit keeps this to a fraction of a second at a million documents.

    PostgreSQL gets VACUUM as well: until it marks the new rows' pages all-visible, the planner
    cannot count from indexes alone (measured at 100,000 documents: the timeline's years by a
    parallel table scan in 47 ms, by an index-only scan of `ix_documents_year` in 7 ms after
    VACUUM; counting all documents 28 ms -> 8 ms). VACUUM skips pages already marked, so after
    a small import it costs little; it takes 1.5 s after 100,000 new documents. A role that
    does not own the tables gets a warning from the server and nothing else.
    """
    if engine.dialect.name == "postgresql":
        # VACUUM cannot run inside a transaction block.
        tables = ", ".join([*Base.metadata.tables, fulltext.POSTGRES_TABLE])
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql(f"VACUUM (ANALYZE) {tables}")
        return
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA analysis_limit=2000")
        connection.exec_driver_sql("ANALYZE")
