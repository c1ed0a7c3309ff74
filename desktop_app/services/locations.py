"""Where Dossier finds its bundled data and keeps the user's catalog and files."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

from desktop_app.bundled import bundled_path as bundled_path  # the one lookup, re-exported

APP_NAME = "Dossier"
#: The reverse-DNS name of the desktop entry, the AppStream metainfo and the installed icons.
APP_ID = "org.dossier.Dossier"
DATABASE_ENV = "DOSSIER_DATABASE_URL"
SAMPLE_LISTING = "sino-soviet-relations-listing.txt"
#: The square sizes, in pixels, of the application icon's PNG renderings in `resources/icons/`.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

_dirs = PlatformDirs(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """The bundled `data/` folder (the sample listing, the people registry)."""
    return bundled_path("data")


def resources_dir() -> Path:
    """The bundled `resources/` folder (icons and artwork)."""
    return bundled_path("resources")


def sample_listing() -> Path:
    """The bundled sample: the archive's Sino-Soviet Relations collection page."""
    return bundled_path("data", SAMPLE_LISTING)


def icon_files() -> list[tuple[int, Path]]:
    """The application icon's PNG renderings that exist, as (size, path), smallest first."""
    icons = bundled_path("resources", "icons")
    found = ((size, icons / f"dossier-{size}.png") for size in ICON_SIZES)
    return [(size, path) for size, path in found if path.is_file()]


def user_log_dir() -> Path:
    """Where Dossier writes its log files (not created here)."""
    return Path(_dirs.user_log_dir)


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
