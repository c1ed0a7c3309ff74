"""Finds the files shipped with Dossier (`data/`, `resources/`) however Dossier was installed."""

from __future__ import annotations

import sys
from pathlib import Path

# Where a wheel (setup.py) and a frozen bundle (packaging/dossier.spec) put the checkout's
# `data/` and `resources/` folders, relative to the folder that holds the `desktop_app` package.
# This module sits outside the layers so that the importers, too, can find their data files.
BUNDLED_DIR = ("desktop_app", "_bundled")


def bundle_roots() -> list[Path]:
    """The folders that may hold `data/` and `resources/`, the most specific first."""
    package_parent = Path(__file__).resolve().parents[1]
    roots: list[Path] = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        roots.append(Path(frozen_root).joinpath(*BUNDLED_DIR))
    roots.append(package_parent.joinpath(*BUNDLED_DIR))  # an installed wheel
    roots.append(package_parent)  # a source checkout, installed editable or not at all
    return roots


def bundled_path(*parts: str) -> Path:
    """A file or folder shipped with Dossier, e.g. `bundled_path("data", "people.json")`.

    The same call works in a source checkout, an installed wheel and a frozen bundle. The first
    root holding the top folder (`data`, `resources`) wins; when none does, the checkout's path
    comes back, so that an error message names a sensible place.
    """
    if not parts:
        raise ValueError("bundled_path needs at least a top folder, such as 'data'")
    roots = bundle_roots()
    for root in roots:
        if (root / parts[0]).is_dir():
            return root.joinpath(*parts)
    return roots[-1].joinpath(*parts)
