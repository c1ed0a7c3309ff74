"""Where Dossier finds its bundled data and keeps the user's catalog and files."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "Dossier"
DATABASE_ENV = "DOSSIER_DATABASE_URL"
SAMPLE_LISTING = "sino-soviet-relations-listing.txt"

_dirs = PlatformDirs(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The bundled `data/` folder (the sample listing, the people registry)."""
    return Path(__file__).resolve().parents[2] / "data"


def resources_dir() -> Path:
    """The bundled `resources/` folder (icons and artwork)."""
    return Path(__file__).resolve().parents[2] / "resources"


def user_data_dir() -> Path:
    return Path(_dirs.user_data_dir)


def user_people_file() -> Path:
    """The person's own additions to the people registry (same format as `data/people.json`)."""
    return user_data_dir() / "people.json"


def default_catalog_path() -> Path:
    return user_data_dir() / "catalog.sqlite"


def default_catalog_url() -> str:
    return f"sqlite:///{default_catalog_path()}"


def chosen_catalog_url(explicit: str | None) -> tuple[str, bool]:
    """The catalog to open and whether it is the default one (which gets the sample)."""
    if explicit:
        return explicit, False
    from_environment = os.environ.get(DATABASE_ENV, "").strip()
    if from_environment:
        return from_environment, False
    return default_catalog_url(), True
