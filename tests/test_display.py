"""Whether the window can start: the display, Qt's platform plugin and its system libraries."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from desktop_app import display
from desktop_app.display import WindowUnavailableError, window_platform
from tests.x11 import XServer, dossier_command

pytestmark = pytest.mark.skipif(
    not display.platform_libraries_are_the_systems(),
    reason="Qt's platform libraries are the system's on Linux only",
)

#: Two of the libraries PySide6's X11 plugin leaves to the system (issue: fresh Debian lacks
#: them), each with the Debian package that ships it.
HIDDEN = {"libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1"}


def _without_display() -> dict[str, str]:
    environ = dict(os.environ)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE"):
        environ.pop(name, None)
    return environ


def test_an_asked_for_platform_that_can_start_is_left_to_qt_with_its_options() -> None:
    # None: Qt reads QT_QPA_PLATFORM itself, options and fallbacks included.
    assert window_platform({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert window_platform({"QT_QPA_PLATFORM": "minimal:enable_fonts"}) is None
    assert window_platform({"QT_QPA_PLATFORM": "nonesuch;offscreen"}) is None


def test_an_asked_for_platform_this_qt_lacks_is_named_not_an_abort() -> None:
    with pytest.raises(WindowUnavailableError) as raised:
        window_platform({"QT_QPA_PLATFORM": "nonesuch"})
    message = str(raised.value)
    assert "QT_QPA_PLATFORM asks for nonesuch, which this Qt does not have" in message
    assert "xcb" in message and "offscreen" in message


def test_a_wayland_first_list_starts_on_x_where_only_x_answers(x_server: XServer) -> None:
    if display.check_platform("xcb").missing_libraries:
        pytest.skip("the X11 plugin lacks libraries here (make window-libraries)")
    environ = {**_without_display(), "DISPLAY": x_server.display, "QT_QPA_PLATFORM": "wayland;xcb"}
    assert window_platform(environ) is None  # Qt tries Wayland, then X11, as asked
    del environ["QT_QPA_PLATFORM"]
    assert window_platform(environ) == "xcb"


def test_every_wayland_name_finds_the_wayland_plugin() -> None:
    plugin = display.platform_plugin("wayland")
    if plugin is None:
        pytest.skip("this PySide6 has no Wayland plugin")
    assert display.platform_plugin("wayland-egl") is not None
    assert display.platform_plugin("wayland-generic") is not None


def test_without_any_display_the_message_says_so_and_points_at_the_command_line() -> None:
    with pytest.raises(WindowUnavailableError) as raised:
        window_platform(_without_display())
    message = str(raised.value)
    assert "DISPLAY is not set" in message
    assert "WAYLAND_DISPLAY is not set" in message
    assert "dossier --help" in message
    assert "\n" not in message
    assert raised.value.exit_status == 1


def test_an_x_display_that_does_not_answer_is_named(tmp_path: Path) -> None:
    if not display.check_platform("xcb").plugin:
        pytest.skip("this PySide6 has no X11 plugin")
    environ = {**_without_display(), "DISPLAY": ":4242"}
    if display.check_platform("xcb", environ).missing_libraries:
        pytest.skip("the X11 plugin lacks libraries here; the display is not asked then")
    with pytest.raises(WindowUnavailableError, match="the X display :4242 refuses the connection"):
        window_platform(environ)


def test_a_wayland_session_without_x_uses_qts_wayland_plugin(tmp_path: Path) -> None:
    check = display.check_platform("wayland")
    if check.plugin is None or check.missing_libraries:
        pytest.skip(f"Qt's Wayland plugin cannot load here: {check.missing_libraries}")
    socket = tmp_path / "wayland-0"
    socket.touch()  # only its presence is read before Qt connects
    environ = {
        **_without_display(),
        "WAYLAND_DISPLAY": "wayland-0",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    assert window_platform(environ) == "wayland"


def test_missing_libraries_are_read_from_the_librarys_own_dependencies(tmp_path: Path) -> None:
    """A library built against another that is then removed: ldd names the removed one."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("needs a C compiler to build the libraries")
    (tmp_path / "gone.c").write_text("int gone(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text("int gone(void);\nint plugin(void) { return gone(); }\n")
    gone = tmp_path / "libdossiergone.so.3"
    plugin = tmp_path / "libplugin.so"
    shared = [compiler, "-shared", "-fPIC"]
    soname = "-Wl,-soname,libdossiergone.so.3"
    subprocess.run([*shared, soname, "-o", str(gone), str(tmp_path / "gone.c")], check=True)
    rpath = f"-Wl,-rpath,{tmp_path}"
    sources = [str(tmp_path / "plugin.c"), str(gone)]
    subprocess.run([*shared, "-o", str(plugin), *sources, rpath], check=True)
    assert display.missing_libraries(plugin) == []
    gone.unlink()
    assert display.missing_libraries(plugin) == ["libdossiergone.so.3"]


@pytest.mark.parametrize(
    ("library", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libGL.so.1", "libgl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
    ],
)
def test_debian_package_names_follow_the_soname(library: str, package: str) -> None:
    assert package in display._debian_names(library)


def test_debian_packages_are_checked_against_the_package_lists() -> None:
    if shutil.which("apt-cache") is None:
        pytest.skip("needs apt-cache (Debian or Ubuntu)")
    packages, unknown = display.debian_packages(
        ["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libdossier-nonesuch.so.7"]
    )
    assert packages == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert unknown == ["libdossier-nonesuch.so.7"]


def test_fedora_and_arch_are_told_their_own_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(display, "_os_release", lambda: {"ID": "fedora"})
    fedora = display.install_advice(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "dnf install 'libxcb-icccm.so.4()(64bit)' 'libxcb-keysyms.so.1()(64bit)'" in fedora
    monkeypatch.setattr(display, "_os_release", lambda: {"ID": "arch"})
    arch = display.install_advice(["libxcb-icccm.so.4"])
    assert "pacman -S --needed $(pacman -Fq usr/lib/libxcb-icccm.so.4)" in arch
    monkeypatch.setattr(display, "_os_release", lambda: {"ID": "gentoo"})
    other = display.install_advice(["libxcb-icccm.so.4"])
    assert "apt-get install libxcb-icccm4" in other
    assert "dnf install" in other
    assert "pacman" in other


def test_the_command_line_never_needs_a_display(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    completed = subprocess.run(
        dossier_command("search", "--count", "--database", url, "anything"),
        env=_without_display(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "0"


def test_the_window_without_a_display_is_one_line_and_status_1(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    completed = subprocess.run(
        dossier_command("--database", url),
        env=_without_display(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith("dossier: cannot open the window: no X display")


# -- a library really taken away ---------------------------------------------------------------


def _library_paths(names: Sequence[str]) -> list[Path]:
    """Where the loader finds these libraries for the X11 plugin, as ldd resolves them."""
    plugin = display.platform_plugin("xcb")
    assert plugin is not None
    listing = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    found = {}
    for line in listing.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == "=>" and parts[0] in names:
            found[parts[0]] = Path(parts[2])
    return [found[name] for name in names if name in found]


def _hiding(libraries: Sequence[Path], scratch: Path, command: Sequence[str]) -> list[str]:
    """`command` run where `libraries` are gone: a mount namespace of its own, with an
    overlay over their folder in which they are deleted. The machine's files stay as they are.
    """
    lines = ["set -e"]
    for number, folder in enumerate(sorted({path.resolve().parent for path in libraries})):
        upper, work = scratch / f"upper{number}", scratch / f"work{number}"
        upper.mkdir()
        work.mkdir()
        options = shlex.quote(f"lowerdir={folder},upperdir={upper},workdir={work}")
        lines.append(f"mount -t overlay overlay -o {options} {shlex.quote(str(folder))}")
    for path in libraries:
        targets = (path.resolve(), path.parent.resolve() / path.name)
        lines.append("rm -f " + " ".join(shlex.quote(str(target)) for target in targets))
    lines.append('exec "$@"')
    return ["unshare", "--mount", "sh", "-c", "\n".join(lines), "sh", *command]


def test_a_library_taken_away_gives_the_message_not_an_abort(
    x_server: XServer, tmp_path: Path
) -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("taking a library away needs root and unshare (a mount namespace)")
    libraries = _library_paths(list(HIDDEN))
    if len(libraries) != len(HIDDEN):
        pytest.skip("the X11 plugin's libraries are not all installed here (make window-libraries)")
    probe_scratch = tmp_path / "probe"
    probe_scratch.mkdir()
    probe = subprocess.run(
        _hiding(libraries, probe_scratch, ["true"]), capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip(f"no mount namespace with an overlay here: {probe.stderr.strip()}")
    scratch = tmp_path / "run"
    scratch.mkdir()
    url = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    completed = subprocess.run(
        _hiding(libraries, scratch, dossier_command("--database", url)),
        env=x_server.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    message = lines[0]
    assert "Qt's X11 platform plugin needs system libraries" in message
    for library, package in HIDDEN.items():
        assert library in message
        assert package in message
    assert "apt-get install" in message
    # The machine's own libraries are untouched.
    assert all(path.exists() for path in libraries)


class _Apt:
    """apt as a fresh machine has it: no package lists until `apt-get update` has run, then
    the install makes the libraries appear. It records every command it is given."""

    def __init__(self) -> None:
        self.commands: list[list[str]] = []
        self.lists_read = False
        self.installed = False

    def run(self, command: Sequence[str], **options: object) -> subprocess.CompletedProcess[str]:
        self.commands.append(list(command))
        if list(command[:2]) == ["apt-get", "update"]:
            self.lists_read = True
        elif list(command[:2]) == ["apt-get", "install"]:
            self.installed = True
        return subprocess.CompletedProcess(list(command), 0, "", "")

    def knows(self, package: str) -> bool:
        return self.lists_read and package in HIDDEN.values()

    def check(self, platform: str) -> display.PlatformCheck:
        missing = () if self.installed else tuple(HIDDEN)
        return display.PlatformCheck(platform, Path("libqxcb.so"), missing)


def test_as_root_the_package_lists_are_read_then_the_packages_installed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    apt = _Apt()
    monkeypatch.setattr(display.os, "geteuid", lambda: 0)
    monkeypatch.setattr(display.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(display.subprocess, "run", apt.run)
    monkeypatch.setattr(display, "_apt_knows", apt.knows)
    monkeypatch.setattr(display, "check_platform", apt.check)
    assert display.install_missing("xcb") == 0
    assert apt.commands == [
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", *HIDDEN.values()],
    ]
    assert "installing what Qt's window needs: libxcb-icccm4 libxcb-keysyms1" in (
        capsys.readouterr().err
    )


def test_without_package_lists_the_advice_reads_them_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(display, "_os_release", lambda: {"ID": "debian"})
    monkeypatch.setattr(display.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(display, "_apt_knows", lambda package: False)
    advice = display.install_advice(list(HIDDEN))
    assert advice == (
        "Install them with: sudo apt-get update && sudo apt-get install "
        "libxcb-icccm4 libxcb-keysyms1"
    )


def test_an_unknown_platform_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        display.main(["--platform", "x64"])
    assert exited.value.code == 2
    assert "no Qt platform 'x64' here" in capsys.readouterr().err


def test_a_non_root_person_is_told_the_sudo_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if shutil.which("apt-cache") is None:
        pytest.skip("needs apt-cache (Debian or Ubuntu)")
    missing = display.PlatformCheck("xcb", Path("libqxcb.so"), tuple(HIDDEN))
    monkeypatch.setattr(display, "check_platform", lambda platform: missing)
    monkeypatch.setattr(display.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(display, "_os_release", lambda: {"ID": "debian"})
    assert display.install_missing("xcb") == 1
    printed = capsys.readouterr().err
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in printed
    assert printed.strip().count("\n") == 0, printed
