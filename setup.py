"""Build hook: ships the checkout's `data/` and `resources/` folders inside the wheel.

They stay at the top of the checkout, where people and tests find them; a wheel carries them as
`desktop_app/_bundled/data` and `desktop_app/_bundled/resources`, where `desktop_app.bundled`
looks first. Everything else about the package is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("data", "resources")
TARGET = ("desktop_app", "_bundled")


class BuildWithBundledFiles(build_py):
    """`build_py` that also copies the bundled folders into the built package."""

    def run(self) -> None:
        super().run()
        # An editable install reads the checkout's own folders; nothing to copy there.
        if getattr(self, "editable_mode", False):
            return
        here = Path(__file__).resolve().parent
        target = Path(self.build_lib).joinpath(*TARGET)
        for name in BUNDLED:
            shutil.copytree(here / name, target / name, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithBundledFiles})
