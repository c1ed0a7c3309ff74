"""PostgreSQL catalogs for the benchmarks: made on the server, exported with `psql`, sized.

A suite run against `--database postgresql://…` generates its catalog in that database the first
time (and keeps it for later runs, as `.benchmarks/` keeps SQLite files); the export floor is
`psql`'s `\\copy` of the same statement, and the import figure writes into a scratch database
beside it, dropped afterwards.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from benchmarks.export_bench import ratio_figures
from desktop_app.services.catalog import Catalog
from desktop_app.storage.engine import catalog_url
from desktop_app.storage.export_rows import whole_catalog_sql


def _maintenance_url(url: URL) -> URL:
    """The same server's `postgres` database, where databases are created and dropped."""
    return url.set(database="postgres")


def create_database(url: URL) -> bool:
    """Create the URL's database if the server has none of that name; True if it was made."""
    engine = create_engine(_maintenance_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            ).first()
            if exists:
                return False
            quoted = connection.dialect.identifier_preparer.quote(str(url.database))
            connection.exec_driver_sql(f"CREATE DATABASE {quoted}")
            return True
    finally:
        engine.dispose()


def drop_database(url: URL) -> None:
    engine = create_engine(_maintenance_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            quoted = connection.dialect.identifier_preparer.quote(str(url.database))
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
    finally:
        engine.dispose()


def ensure_postgres_catalog(address: str, documents: int, seed: int) -> float | None:
    """Generate `documents` into the database at `address` unless it holds them already;
    the seconds it took if generated now. SystemExit if it holds a different catalog."""
    url = catalog_url(address)
    create_database(url)
    catalog = Catalog.open(address)
    try:
        held = catalog.count()
        if held == documents:
            return None
        if held:
            raise SystemExit(
                f"{url.render_as_string(hide_password=True)} holds {held:,} documents, not "
                f"{documents:,}: name another database, or drop this one"
            )
        print(f"generating {documents:,} documents into {url.database} …", flush=True)
        started = time.perf_counter()
        catalog.generate(documents, seed=seed)
        return time.perf_counter() - started
    finally:
        catalog.close()


def _libpq_address(url: URL) -> str:
    """The URL as `psql` takes it (libpq knows no `+psycopg` driver suffix)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def export_figures(address: str, columns: Sequence[str], repeat: int = 1) -> dict[str, float]:
    """Dossier's export of every document against `psql \\copy` of the same statement to CSV."""
    psql = shutil.which("psql")
    if psql is None:
        raise SystemExit("the psql program is missing: apt-get install -y postgresql-client")
    url = catalog_url(address)
    statement = whole_catalog_sql(columns, dialect="postgresql")
    catalog = Catalog.open(address)
    ours: list[float] = []
    theirs: list[float] = []
    rows = 0
    try:
        with tempfile.TemporaryDirectory() as folder:
            floor_file = Path(folder) / "psql.csv"
            command = f"\\copy ({statement}) TO '{floor_file}' WITH (FORMAT csv, HEADER)"
            for _ in range(repeat):
                started = time.perf_counter()
                subprocess.run(
                    [psql, "--no-psqlrc", "--quiet", "-d", _libpq_address(url), "-c", command],
                    check=True,
                )
                theirs.append(time.perf_counter() - started)
                started = time.perf_counter()
                rows = catalog.export(Path(folder) / "dossier.csv", columns=list(columns)).rows
                ours.append(time.perf_counter() - started)
    finally:
        catalog.close()
    return ratio_figures(ours, theirs, rows, "psql_copy_s")


@contextmanager
def scratch_database(address: str, suffix: str) -> Iterator[str]:
    """The address of a new, empty database beside `address`'s, dropped on leaving."""
    url = catalog_url(address)
    scratch = url.set(database=f"{url.database}_{suffix}")
    drop_database(scratch)
    create_database(scratch)
    try:
        yield scratch.render_as_string(hide_password=False)
    finally:
        drop_database(scratch)


def copy_floor_s(address: str) -> float:
    """Seconds PostgreSQL needs to store a catalog's rows again with `COPY`, with no Python.

    Every table's rows are copied out to memory, the tables emptied, and the rows copied back
    in one transaction with the indexes in place — the storing an import cannot do without.
    """
    import psycopg

    url = catalog_url(address)
    with psycopg.connect(_libpq_address(url)) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version'"
            )
        ]
        dumps: dict[str, bytes] = {}
        for table in tables:
            with connection.cursor().copy(f'COPY "{table}" TO STDOUT') as copy:
                dumps[table] = b"".join(bytes(chunk) for chunk in copy)
        connection.execute("TRUNCATE " + ", ".join(f'"{table}"' for table in tables))
        # Foreign keys unchecked (the tables come in no particular order), so the floor is if
        # anything lower than what an import must do.
        connection.execute("SET session_replication_role = replica")
        started = time.perf_counter()
        for table in tables:
            with connection.cursor().copy(f'COPY "{table}" FROM STDIN') as copy:
                copy.write(dumps[table])
        connection.commit()
        return time.perf_counter() - started


def database_bytes(address: str) -> int:
    """The size of the database on disk: tables, indexes, full-text index, all."""
    engine = create_engine(catalog_url(address))
    try:
        with engine.connect() as connection:
            size = connection.execute(text("SELECT pg_database_size(current_database())"))
            return int(size.scalar_one())
    finally:
        engine.dispose()


def server_version(address: str) -> str:
    engine = create_engine(catalog_url(address))
    try:
        with engine.connect() as connection:
            return str(connection.execute(text("SHOW server_version")).scalar_one())
    finally:
        engine.dispose()
