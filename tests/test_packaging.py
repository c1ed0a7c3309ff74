"""Packaging: bundled files found however Dossier is installed, the wheel, desktop files, bundle."""

from __future__ import annotations

import logging
import os
import plistlib
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from configparser import ConfigParser
from logging.handlers import RotatingFileHandler
from pathlib import Path
from xml.etree import ElementTree

import pytest

from desktop_app import bundled, launcher
from desktop_app.services import locations, logs
from tests.conftest import REPO

LINUX = REPO / "packaging" / "linux"
DESKTOP_FILE = LINUX / f"{locations.APP_ID}.desktop"
METAINFO_FILE = LINUX / f"{locations.APP_ID}.metainfo.xml"
BUNDLE = REPO / "dist" / "dossier" / ("dossier.exe" if sys.platform == "win32" else "dossier")
IMPORTABLE_TYPES = {"text/plain", "text/csv", "application/json", "application/x-ndjson"}


def _project_version() -> str:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(project["version"])


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


# -- one lookup for bundled files ----------------------------------------------------------------


def test_a_checkout_finds_its_own_data_and_resources() -> None:
    assert bundled.bundled_path("data", "people.json") == REPO / "data" / "people.json"
    assert locations.sample_listing().is_file()
    assert locations.data_dir() == REPO / "data"
    assert locations.resources_dir() == REPO / "resources"


def test_an_installed_package_finds_the_copy_inside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site-packages"
    inside = site / "desktop_app" / "_bundled" / "data"
    inside.mkdir(parents=True)
    (inside / "people.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(bundled, "__file__", str(site / "desktop_app" / "bundled.py"))
    assert bundled.bundled_path("data", "people.json") == inside / "people.json"
    # A folder that the package does not carry falls back to the checkout layout, by name.
    assert bundled.bundled_path("resources", "icons") == site / "resources" / "icons"


def test_a_frozen_bundle_finds_the_copy_beside_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen = tmp_path / "_internal"
    (frozen / "desktop_app" / "_bundled" / "resources" / "icons").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(frozen), raising=False)
    icons = bundled.bundled_path("resources", "icons")
    assert icons == frozen / "desktop_app" / "_bundled" / "resources" / "icons"
    assert locations.icon_files() == []  # the fake bundle has no PNG renderings


def test_the_people_registry_is_found_through_the_same_lookup() -> None:
    from desktop_app.importers.people import PEOPLE_FILE

    assert bundled.bundled_path("data", "people.json") == PEOPLE_FILE
    assert PEOPLE_FILE.is_file()


def test_the_icon_is_rendered_at_every_size() -> None:
    found = locations.icon_files()
    assert [size for size, _ in found] == list(locations.ICON_SIZES)
    for size, path in found:
        assert _png_size(path) == (size, size)
    icons = REPO / "resources" / "icons"
    assert (icons / "dossier.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (icons / "dossier.icns").read_bytes()[:4] == b"icns"


def test_a_wheel_carries_the_data_and_resources(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("dossier-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for part in ("data/sino-soviet-relations-listing.txt", "data/people.json"):
        assert f"desktop_app/_bundled/{part}" in names
    for size in locations.ICON_SIZES:
        assert f"desktop_app/_bundled/resources/icons/dossier-{size}.png" in names
    assert "desktop_app/storage/migrations/script.py.mako" in names
    assert not any(name.startswith("tests/") for name in names)


# -- the installed program ---------------------------------------------------------------------


@pytest.fixture
def configured_logs() -> Iterator[None]:
    yield
    logs.shutdown()


def test_dossier_with_files_opens_the_window_to_import_them(tmp_path: Path) -> None:
    listing = tmp_path / "listing.txt"
    listing.write_text("x", encoding="utf-8")
    assert launcher.opened_files([str(listing)]) == [listing]
    assert launcher.opened_files([]) == []
    assert launcher.opened_files(["import", str(listing)]) == []
    assert launcher.opened_files(["--database", str(listing)]) == []
    assert launcher.opened_files([str(tmp_path / "missing.csv")]) == []


def test_an_unexpected_error_is_one_line_for_the_person_and_a_traceback_in_the_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], configured_logs: None
) -> None:
    def broken(argv: object) -> int:
        raise RuntimeError("the flux capacitor is empty")

    monkeypatch.setattr(launcher.cli, "main", broken)
    assert launcher.main(["info"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = err.splitlines()
    assert line.startswith("dossier: error: unexpected error: RuntimeError: the flux capacitor")
    assert str(logs.log_file()) in line
    written = logs.log_file().read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in written
    assert "the flux capacitor is empty" in written


def test_the_log_file_rolls_over_at_a_megabyte(configured_logs: None) -> None:
    path = logs.configure()
    assert path is not None and path.parent == locations.user_log_dir()
    rotating = [
        (handler.maxBytes, handler.backupCount)
        for handler in logging.getLogger().handlers
        if isinstance(handler, RotatingFileHandler)
    ]
    assert rotating == [(1_000_000, 5)]


# -- desktop integration files -----------------------------------------------------------------


def _desktop_entry() -> dict[str, str]:
    parser = ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_the_identity_is_the_same_everywhere() -> None:
    entry = _desktop_entry()
    assert entry["Icon"] == locations.APP_ID
    assert entry["Exec"].split()[0] == "dossier"
    assert set(filter(None, entry["MimeType"].split(";"))) == IMPORTABLE_TYPES
    component = ElementTree.parse(METAINFO_FILE).getroot()
    assert component.findtext("id") == locations.APP_ID
    assert component.findtext("launchable") == DESKTOP_FILE.name
    with (REPO / "packaging" / "macos" / "Info.plist").open("rb") as file:
        assert plistlib.load(file)["CFBundleIdentifier"] == locations.APP_ID
    iss = (REPO / "packaging" / "windows" / "dossier.iss").read_text(encoding="utf-8")
    assert re.search(rf"^AppId={re.escape(locations.APP_ID)}$", iss, re.MULTILINE)


def test_the_metainfo_names_the_current_version_as_its_newest_release() -> None:
    releases = ElementTree.parse(METAINFO_FILE).getroot().findall("releases/release")
    assert releases, "the metainfo lists no release"
    assert releases[0].get("version") == _project_version(), (
        "add a <release> for the version in pyproject.toml to the metainfo file"
    )


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate is not installed (Debian package desktop-file-utils)",
)
def test_the_desktop_entry_is_valid() -> None:
    checked = subprocess.run(
        ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # Hints are advice, but warnings and errors are not.
    assert "error:" not in checked.stdout and "warning:" not in checked.stdout, checked.stdout


@pytest.mark.skipif(
    shutil.which("appstreamcli") is None,
    reason="appstreamcli is not installed (Debian package appstream)",
)
def test_the_appstream_metainfo_is_valid() -> None:
    checked = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO_FILE)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_install_desktop_puts_the_files_in_the_user_data_folder(tmp_path: Path) -> None:
    target = tmp_path / "share"
    environment = {**os.environ, "XDG_DATA_HOME": str(target)}
    done = subprocess.run(
        # -o: the tests already run in the installed venv; make need not reinstall Dossier.
        ["make", "-s", "-o", ".venv/.installed", "install-desktop"],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    desktop = target / "applications" / DESKTOP_FILE.name
    exec_line = next(
        line
        for line in desktop.read_text(encoding="utf-8").splitlines()
        if line.startswith("Exec=")
    )
    assert exec_line == f'Exec="{REPO}/.venv/bin/dossier" %F'
    assert (target / "metainfo" / METAINFO_FILE.name).is_file()
    for size in locations.ICON_SIZES:
        png = target / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{locations.APP_ID}.png"
        assert _png_size(png) == (size, size)
    assert (
        target / "icons" / "hicolor" / "scalable" / "apps" / f"{locations.APP_ID}.svg"
    ).is_file()


# -- the frozen bundle (built by `make dist`, which is too slow for every run) --------------------


@pytest.mark.dist
@pytest.mark.skipif(
    os.environ.get("DOSSIER_TEST_DIST") != "1",
    reason="needs the PyInstaller bundle: run `make dist`, then the tests with DOSSIER_TEST_DIST=1",
)
def test_the_bundle_opens_the_sample_catalog_and_renders_a_screenshot(tmp_path: Path) -> None:
    assert BUNDLE.is_file(), f"{BUNDLE} is missing: run `make dist` first"
    home = tmp_path / "home"
    environment = {
        "PATH": os.defpath,  # no virtual environment, no Python of ours on the way
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    out = tmp_path / "shot.png"
    shot = subprocess.run(
        [str(BUNDLE), "screenshot", str(out), "--size", "1000x700"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shot.returncode == 0, shot.stderr
    assert _png_size(out) == (1000, 700)
    info = subprocess.run(
        [str(BUNDLE), "info"], env=environment, capture_output=True, text=True, timeout=60
    )
    assert info.returncode == 0, info.stderr
    documents = re.search(r"^documents:\s+(\d+)$", info.stdout, re.MULTILINE)
    assert documents is not None and int(documents.group(1)) > 0, info.stdout
    assert str(home / "data") in info.stdout
