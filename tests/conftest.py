"""Test configuration: offscreen Qt, private user folders, and catalogs built from the seed."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from desktop_app.services.catalog import Catalog
    from tests.x11 import XServer

# Set before Qt is imported anywhere: the tests run headless wherever they run.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "data" / "sino-soviet-relations-listing.txt"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def private_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the real user's catalog, settings and registry."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.delenv("DOSSIER_DATABASE_URL", raising=False)


@pytest.fixture
def catalog_url(tmp_path: Path) -> str:
    """A new, empty catalog file."""
    return f"sqlite:///{tmp_path / 'catalog.sqlite'}"


@pytest.fixture(scope="session")
def _seed_catalog_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop_app.services.catalog import Catalog

    path = tmp_path_factory.mktemp("seed") / "seed.sqlite"
    catalog = Catalog.open(f"sqlite:///{path}")
    catalog.import_files([SEED])
    catalog.close()
    return path


@pytest.fixture
def seed_url(_seed_catalog_file: Path, tmp_path: Path) -> str:
    """The seed listing's catalog, a fresh copy per test."""
    copy = tmp_path / "seed.sqlite"
    shutil.copyfile(_seed_catalog_file, copy)
    return f"sqlite:///{copy}"


@pytest.fixture
def seed_catalog(_seed_catalog_file: Path, tmp_path: Path) -> Iterator[Catalog]:
    """A catalog holding the seed listing, a fresh copy per test."""
    import shutil

    from desktop_app.services.catalog import Catalog

    copy = tmp_path / "seed.sqlite"
    shutil.copyfile(_seed_catalog_file, copy)
    catalog = Catalog.open(f"sqlite:///{copy}")
    yield catalog
    catalog.close()


# -- PostgreSQL ------------------------------------------------------------------------------------

#: The server the PostgreSQL tests use, as a superuser that may create databases and roles.
POSTGRES_ENV = "DOSSIER_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


class PostgresServer:
    """The test server: makes databases (and roles) with random names, and drops them all."""

    def __init__(self, admin_url: str) -> None:
        from sqlalchemy import make_url

        self.admin_url = make_url(admin_url).set(drivername="postgresql+psycopg")
        self._databases: list[str] = []
        self._roles: list[str] = []

    def execute(self, sql: str, database: str | None = None) -> list[tuple[object, ...]]:
        """Run one statement as the superuser, outside any transaction; its rows, if any."""
        import psycopg

        url = self.admin_url if database is None else self.admin_url.set(database=database)
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as connection:
            cursor = connection.execute(sql)
            return list(cursor.fetchall()) if cursor.description else []

    def url(self, database: str, user: str | None = None) -> str:
        url = self.admin_url.set(database=database)
        if user is not None:
            url = url._replace(username=user, password=None)
        return url.render_as_string(hide_password=False)

    def create_database(self, template: str | None = None) -> str:
        """A new database's name, empty or a copy of `template` (which nobody may be using)."""
        import uuid

        name = f"dossier_test_{uuid.uuid4().hex[:10]}"
        self.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        self._databases.append(name)
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if name in self._databases:
            self._databases.remove(name)

    def create_role(self) -> str:
        import uuid

        name = f"dossier_role_{uuid.uuid4().hex[:10]}"
        self.execute(f"CREATE ROLE {name} LOGIN")
        self._roles.append(name)
        return name

    def drop_role(self, name: str) -> None:
        """Drop a role, first revoking what it was granted in the databases still here."""
        for database in self._databases:
            self.execute(f"DROP OWNED BY {name}", database)
        self.execute(f"DROP ROLE IF EXISTS {name}")
        self._roles.remove(name)

    def drop_all(self) -> None:
        for role in list(self._roles):
            self.drop_role(role)
        for database in list(self._databases):
            self.drop_database(database)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The PostgreSQL server of DOSSIER_TEST_POSTGRES_URL (default: the local one, as postgres).

    When it cannot be reached the PostgreSQL tests are skipped, saying how to run them; under
    CI they fail instead, since CI provides the server and a skip would hide a broken setup.
    """
    import psycopg
    from sqlalchemy import make_url

    url = os.environ.get(POSTGRES_ENV, DEFAULT_POSTGRES_URL)
    server = PostgresServer(url)
    try:
        server.execute("SELECT 1")
    except psycopg.Error as error:
        shown = make_url(url).render_as_string(hide_password=True)
        reason = " ".join(str(error).split())
        message = (
            f"PostgreSQL is not reachable at {shown} ({reason}); start it with "
            "`pg_ctlcluster --skip-systemctl-redirect VERSION main start`, or name a server that "
            f"this user may create databases on in {POSTGRES_ENV}"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield server
    server.drop_all()


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    name = postgres_server.create_database()
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture(scope="session")
def _pg_seed_database(postgres_server: PostgresServer) -> str:
    """A PostgreSQL database holding the seed listing, kept unused as a template for copies."""
    from desktop_app.services.catalog import Catalog

    name = postgres_server.create_database()
    catalog = Catalog.open(postgres_server.url(name))
    catalog.import_files([SEED])
    catalog.close()
    return name


@pytest.fixture
def pg_seed_url(postgres_server: PostgresServer, _pg_seed_database: str) -> Iterator[str]:
    """The URL of a fresh PostgreSQL copy of the seed catalog, dropped after the test."""
    name = postgres_server.create_database(template=_pg_seed_database)
    yield postgres_server.url(name)
    postgres_server.drop_database(name)


@pytest.fixture
def pg_seed_catalog(pg_seed_url: str) -> Iterator[Catalog]:
    """A PostgreSQL catalog holding the seed listing, a fresh copy per test."""
    from desktop_app.services.catalog import Catalog

    catalog = Catalog.open(pg_seed_url)
    yield catalog
    catalog.close()


@pytest.fixture
def x_server() -> Iterator[XServer]:
    """An X server of the test's own (Xvfb) on a free display, stopped after the test."""
    from tests.x11 import require_x_tools, running_x_server

    require_x_tools()
    with running_x_server() as server:
        yield server


def downgraded_seed_copy(seed_file: Path, folder: Path, revision: str) -> Path:
    """A copy of the seed catalog in `folder`, its schema taken back to `revision` by the
    migrations' own downgrades: a catalog as an older Dossier left it."""
    from alembic import command

    from desktop_app.storage.engine import _alembic_config, open_catalog

    path = folder / "seed.sqlite"
    shutil.copyfile(seed_file, path)
    opened = open_catalog(f"sqlite:///{path}")
    config = _alembic_config()
    with opened.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    opened.engine.dispose()
    return path
