"""Whether the window can open here: a display, and Qt's platform plugin with its system libraries.

Asked before Qt is imported. Qt aborts the whole process when no platform plugin can load, and
PySide6's wheels leave some of the X11 plugin's libraries to the system (libxcb-cursor0,
libxcb-icccm4, libxcb-keysyms1 are missing from fresh Debian and Ubuntu desktops). So the
launcher reads the plugin's own dependencies, picks a platform that can start, and otherwise
says in one line what is missing and how to install it. `make run` calls this module's
`main()` to install what is missing before the first launch.

Only Linux and the BSDs are checked; elsewhere Qt brings all it needs.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.errors import DossierError

#: The platforms that draw on a desktop, by the names Qt gives their plugins, and what people
#: call them.
DESKTOP_PLATFORMS = {"xcb": "X11", "wayland": "Wayland"}

#: How long reading a plugin's dependencies (or asking apt) may take before the check gives up
#: and lets Qt try.
_COMMAND_TIMEOUT_S = 10.0

# `ldd` prints one line per library: "libxcb-icccm.so.4 => not found" for one it cannot find.
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)
# A library that is there but cannot be loaded (truncated, the wrong architecture) stops ldd:
# "…: error while loading shared libraries: /lib/…/libxcb-icccm.so.4: file too short".
_UNLOADABLE = re.compile(r"error while loading shared libraries: ([^:\s]+): ")


class WindowUnavailableError(DossierError):
    """The window cannot start here; the message says what is missing and how to fix it."""


@dataclass(frozen=True)
class PlatformCheck:
    """What one platform plugin needs here, and what of it is missing."""

    platform: str
    plugin: Path | None
    missing_libraries: tuple[str, ...] = ()
    display_problem: str = ""

    @property
    def usable(self) -> bool:
        return self.plugin is not None and not self.missing_libraries and not self.display_problem


def platform_libraries_are_the_systems() -> bool:
    """Whether Qt's platform plugins here load libraries of the system's own (Linux).

    PySide6 has wheels for Linux, macOS and Windows only; on the last two it brings all that
    its plugins need.
    """
    return sys.platform.startswith("linux")


def window_platform(environ: Mapping[str, str] | None = None) -> str | None:
    """The Qt platform the window should start on, or None to leave the choice to Qt.

    Raises `WindowUnavailableError` with a one-line message when no platform can start: no
    display, a display that refuses or does not answer, a platform that this Qt lacks, or
    system libraries that the plugin needs and lacks. A Wayland session without X uses Qt's
    Wayland plugin; an X display whose plugin lacks libraries falls back to Wayland when that
    can start. Where QT_QPA_PLATFORM names platforms and one of them can start, None: Qt reads
    the variable itself, with its options and its fallbacks in order.
    """
    environ = os.environ if environ is None else environ
    if not platform_libraries_are_the_systems():
        return None
    requested = _requested_platforms(environ)
    candidates = requested or _desktop_candidates(environ)
    checks: list[PlatformCheck] = []
    for name in candidates:
        # Each check reads a plugin's libraries (ldd, some 20 ms): the first that can start
        # ends the search.
        check = check_platform(name, environ)
        if check.usable:
            return None if requested else check.platform
        checks.append(check)
    if all(check.plugin is None for check in checks):
        available = available_platforms()
        if not available:
            return None  # a Qt laid out otherwise (a system Qt): let it say for itself
        if requested:
            raise WindowUnavailableError(
                f"cannot open the window: QT_QPA_PLATFORM asks for {' or '.join(requested)}, "
                f"which this Qt does not have (it has {', '.join(available)})"
            )
        return None
    raise WindowUnavailableError(_problem_message(checks, environ))


def check_platform(platform: str, environ: Mapping[str, str] | None = None) -> PlatformCheck:
    """Read what `platform`'s plugin needs: its file, its missing libraries, its display."""
    environ = os.environ if environ is None else environ
    plugin = platform_plugin(platform)
    if plugin is None:
        return PlatformCheck(platform, None)
    missing = tuple(missing_libraries(plugin))
    return PlatformCheck(platform, plugin, missing, _display_problem(platform, environ))


def platform_plugin(platform: str) -> Path | None:
    """The file of PySide6's plugin for `platform` (e.g. xcb), or None where there is none.

    One Wayland plugin serves every `wayland-…` platform name in Qt 6.5 and later; earlier
    releases had one file per name.
    """
    folder = _platforms_folder()
    if folder is None:
        return None
    names = [f"libq{platform}.so"]
    if platform.startswith("wayland"):
        names += ["libqwayland.so", "libqwayland-generic.so", "libqwayland-egl.so"]
    return next((folder / name for name in names if (folder / name).is_file()), None)


def available_platforms() -> list[str]:
    """The platforms PySide6 has plugins for, by their file names (xcb, wayland, offscreen…)."""
    folder = _platforms_folder()
    if folder is None:
        return []
    return sorted(path.name[len("libq") : -len(".so")] for path in folder.glob("libq*.so"))


def _platforms_folder() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for package in spec.submodule_search_locations:
        for plugins in (Path(package) / "Qt" / "plugins", Path(package) / "plugins"):
            if (plugins / "platforms").is_dir():
                return plugins / "platforms"
    return None


def missing_libraries(library: Path) -> list[str]:
    """The shared libraries that `library` needs, directly or through others, and none has.

    Read with the system's `ldd`, which resolves them as the loader will, through every
    library they pull in. Without `ldd` the library is loaded for a try, which names only the
    first missing one.
    """
    ldd = shutil.which("ldd")
    if ldd is None:
        return _first_missing_by_loading(library)
    output = _output([ldd, str(library)])
    missing = _NOT_FOUND.findall(output)
    missing += [Path(path).name for path in _UNLOADABLE.findall(output)]
    return list(dict.fromkeys(missing))


def _first_missing_by_loading(library: Path) -> list[str]:
    try:
        ctypes.CDLL(str(library), mode=os.RTLD_LAZY)
    except OSError as error:
        # The loader's words: "libxcb-icccm.so.4: cannot open shared object file: …".
        name = str(error).split(":", 1)[0].strip()
        return [name] if name and name != str(library) else []
    return []


def _requested_platforms(environ: Mapping[str, str]) -> list[str]:
    """The platforms QT_QPA_PLATFORM names, in order ("wayland;xcb", "offscreen:options")."""
    named = environ.get("QT_QPA_PLATFORM", "").split(";")
    return [name.split(":")[0].strip() for name in named if name.split(":")[0].strip()]


def _desktop_candidates(environ: Mapping[str, str]) -> list[str]:
    """X11 and Wayland, in the order Qt itself prefers them in this session."""
    on_wayland = environ.get("XDG_SESSION_TYPE") == "wayland" or (
        bool(environ.get("WAYLAND_DISPLAY")) and not environ.get("DISPLAY")
    )
    return ["wayland", "xcb"] if on_wayland else ["xcb", "wayland"]


def _display_problem(platform: str, environ: Mapping[str, str]) -> str:
    """Why `platform` has no display to draw on here, or "" when it has one."""
    if platform == "xcb":
        display = environ.get("DISPLAY", "")
        if not display:
            return "no X display (DISPLAY is not set)"
        if not _x_display_answers(display):
            return f"the X display {display} refuses the connection or does not answer"
        return ""
    if platform == "wayland":
        socket = _wayland_socket(environ)
        if socket is None:
            return "no Wayland display (WAYLAND_DISPLAY is not set)"
        if not socket.exists():
            return f"the Wayland display {socket} does not exist"
        return ""
    return ""


def _x_display_answers(display: str) -> bool:
    """Whether the X server `display` names accepts a connection, asked through libxcb."""
    name = ctypes.util.find_library("xcb")
    if name is None:
        return True  # cannot ask; Qt will say for itself
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    # xcb_connect always gives a connection object, in an error state when the server refused.
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)


def _wayland_socket(environ: Mapping[str, str]) -> Path | None:
    name = environ.get("WAYLAND_DISPLAY", "")
    if not name:
        return None
    path = Path(name)
    if path.is_absolute():
        return path
    return Path(environ.get("XDG_RUNTIME_DIR", f"/run/user/{os.getuid()}")) / name


# -- what to tell the person -------------------------------------------------------------------


def _problem_message(checks: Sequence[PlatformCheck], environ: Mapping[str, str]) -> str:
    """One line on why no platform can start, about the one this session would use first."""
    present = [check for check in checks if check.plugin is not None]
    # Missing libraries matter on a platform that has a display to draw on; without any
    # display, that is what to say first.
    for check in present:
        if not check.display_problem:
            return _missing_message(check)
    reasons = "; ".join(dict.fromkeys(check.display_problem for check in present))
    return (
        f"cannot open the window: {reasons}. Start Dossier from a desktop session, or "
        "use its command line, which needs no display (dossier --help)"
    )


def _missing_message(check: PlatformCheck) -> str:
    kind = DESKTOP_PLATFORMS.get(check.platform, check.platform)
    libraries = ", ".join(check.missing_libraries)
    return (
        f"cannot open the window: Qt's {kind} platform plugin needs system libraries that are "
        f"missing or broken: {libraries}. {install_advice(check.missing_libraries)}"
    )


def install_advice(libraries: Sequence[str]) -> str:
    """The command that installs `libraries` on this system, as a sentence."""
    system = _os_release()
    family = {system.get("ID", ""), *system.get("ID_LIKE", "").split()}
    if family & {"debian", "ubuntu"} and shutil.which("apt-get"):
        packages, unknown = debian_packages(libraries)
        if not unknown:
            return f"Install them with: {_as_root()}apt-get install {' '.join(packages)}"
        # Package lists not read yet (a fresh machine), or a name Debian spells otherwise: the
        # name Debian's policy gives the soname, after reading the lists.
        guessed = [*packages, *(_debian_names(library)[0] for library in unknown)]
        return (
            f"Install them with: {_as_root()}apt-get update && "
            f"{_as_root()}apt-get install {' '.join(guessed)}"
        )
    fedora = f"{_as_root()}dnf install " + " ".join(f"'{_rpm_provide(lib)}'" for lib in libraries)
    paths = " ".join(f"usr/lib/{lib}" for lib in libraries)
    arch = f"{_as_root()}pacman -Fy && {_as_root()}pacman -S --needed $(pacman -Fq {paths})"
    if family & {"fedora", "rhel", "centos"}:
        return f"Install them with: {fedora}"
    if family & {"arch"}:
        return f"Install them with: {arch}"
    debian = " ".join(_debian_names(library)[0] for library in libraries)
    return (
        "Install the packages that provide them; on Debian or Ubuntu: "
        f"{_as_root()}apt-get install {debian}; on Fedora: {fedora}; on Arch: {arch}"
    )


def debian_packages(libraries: Sequence[str]) -> tuple[list[str], list[str]]:
    """Debian's packages for these sonames, and the sonames no known package has.

    Debian names a shared library's package after its soname (libxcb-icccm.so.4 is
    libxcb-icccm4, libxkbcommon-x11.so.0 is libxkbcommon-x11-0); each name is checked against
    the package lists, with the spellings Debian and Ubuntu also use (libglib2.0-0, …t64).
    """
    packages: list[str] = []
    unknown: list[str] = []
    for library in libraries:
        found = next((name for name in _debian_names(library) if _apt_knows(name)), None)
        if found is None:
            unknown.append(library)
        elif found not in packages:
            packages.append(found)
    return packages, unknown


def _debian_names(library: str) -> list[str]:
    match = re.fullmatch(r"(lib[^/]*?)\.so\.(\d+)(?:\..*)?", library)
    if match is None:
        return [library]
    stem, version = match.group(1).lower(), match.group(2)
    policy = f"{stem}-{version}" if stem[-1].isdigit() else f"{stem}{version}"
    names = [policy, f"{policy}t64"]
    # libglib-2.0.so.0 ships as libglib2.0-0: the stem's own hyphen before a version dropped.
    joined = re.sub(r"-(?=\d)", "", stem)
    if joined != stem:
        names.append(f"{joined}-{version}")
        names.append(f"{joined}-{version}t64")
    return names


def _apt_knows(package: str) -> bool:
    policy = _output(["apt-cache", "policy", package])
    candidate = re.search(r"Candidate:\s*(\S+)", policy)
    return candidate is not None and candidate.group(1) != "(none)"


def _output(command: Sequence[str]) -> str:
    """What a command prints, stdout then stderr, in the C locale ("" if it cannot run)."""
    try:
        completed = subprocess.run(
            list(command),
            capture_output=True,
            text=True,
            timeout=_COMMAND_TIMEOUT_S,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return completed.stdout + completed.stderr


def _rpm_provide(library: str) -> str:
    """The name under which Fedora's packages provide a soname (`dnf install` takes it)."""
    return f"{library}()(64bit)" if sys.maxsize > 2**32 else library


def _as_root() -> str:
    return "" if os.geteuid() == 0 else "sudo "


def _os_release() -> dict[str, str]:
    for path in (Path("/etc/os-release"), Path("/usr/lib/os-release")):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
        return {key.strip(): value.strip().strip("\"'") for key, value in pairs}
    return {}


# -- `make run`: install what is missing -------------------------------------------------------


def install_missing(platform: str) -> int:
    """Install the system libraries `platform`'s plugin lacks; the exit status for `make`.

    As root on Debian or Ubuntu they are installed with apt-get (the package lists read first
    where they do not name them yet); otherwise the command that installs them is printed and
    the status is 1, so that nothing half-works.
    """
    check = check_platform(platform)
    if check.plugin is None or not check.missing_libraries:
        return 0
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"dossier: {_missing_message(check)}", file=sys.stderr)
        return 1
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    packages, unknown = debian_packages(check.missing_libraries)
    if unknown:
        # A fresh machine has not read its package lists yet.
        subprocess.run(["apt-get", "update", "-q"], env=environment, check=False)
        packages, unknown = debian_packages(check.missing_libraries)
    if unknown:
        print(f"dossier: {_missing_message(check)}", file=sys.stderr)
        return 1
    print(f"dossier: installing what Qt's window needs: {' '.join(packages)}", file=sys.stderr)
    command = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]
    if subprocess.run(command, env=environment, check=False).returncode != 0:
        print(f"dossier: could not install {' '.join(packages)}", file=sys.stderr)
        return 1
    still_missing = check_platform(platform).missing_libraries
    if still_missing:
        print(
            f"dossier: still missing after the install: {', '.join(still_missing)}", file=sys.stderr
        )
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m desktop_app.display",
        description="Check, and as root install, the system libraries Dossier's window needs.",
    )
    parser.add_argument(
        "--platform",
        default=None,
        help="the Qt platform to check (default: the one this session would use: xcb or wayland)",
    )
    arguments = parser.parse_args(argv)
    if not platform_libraries_are_the_systems():
        return 0
    platform = arguments.platform
    if platform is None:
        platform = (_requested_platforms(os.environ) or _desktop_candidates(os.environ))[0]
    if platform_plugin(platform) is None and available_platforms():
        parser.error(
            f"no Qt platform '{platform}' here; there are: {', '.join(available_platforms())}"
        )
    return install_missing(platform)


if __name__ == "__main__":
    sys.exit(main())
