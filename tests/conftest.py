"""Test configuration: offscreen Qt, private user folders, and catalogs built from the seed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from desktop_app.services.catalog import Catalog

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
def seed_catalog(_seed_catalog_file: Path, tmp_path: Path) -> Iterator[Catalog]:
    """A catalog holding the seed listing, a fresh copy per test."""
    import shutil

    from desktop_app.services.catalog import Catalog

    copy = tmp_path / "seed.sqlite"
    shutil.copyfile(_seed_catalog_file, copy)
    catalog = Catalog.open(f"sqlite:///{copy}")
    yield catalog
    catalog.close()
