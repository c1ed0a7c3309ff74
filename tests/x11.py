"""A private X server (Xvfb) for the tests that run the real window, and real input sent to it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

#: The tools these tests need, from Debian's xvfb, xdotool and x11-utils (.ci/run installs them).
X_TOOLS = ("Xvfb", "xdotool", "xwininfo")


@dataclass(frozen=True)
class XServer:
    """A running X server: its display name, and xdotool to send it real input events."""

    display: str

    def env(self) -> dict[str, str]:
        """This process's environment pointed at the server, with no platform forced on Qt."""
        environ = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
        environ.pop("WAYLAND_DISPLAY", None)
        environ["DISPLAY"] = self.display
        return environ

    def xdotool(self, *arguments: str, timeout: float = 30.0) -> str:
        completed = subprocess.run(
            ["xdotool", *arguments],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
        return completed.stdout.strip()

    def wait_for_window(self, title_pattern: str, timeout: float = 60.0) -> str:
        """The id of the first visible window whose title matches, once the server maps it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", title_pattern],
                env=self.env(),
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
            ids = found.stdout.split()
            if ids:
                return ids[0]
            time.sleep(0.1)
        raise AssertionError(f"no window titled {title_pattern!r} was mapped in {timeout:.0f} s")

    def map_state(self, window_id: str) -> str:
        """What xwininfo says of the window: IsViewable once it is mapped and shown."""
        info = subprocess.run(
            ["xwininfo", "-id", window_id],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
        for line in info.splitlines():
            if "Map State:" in line:
                return line.split(":", 1)[1].strip()
        return ""


def require_x_tools() -> None:
    """Skip, saying why, without the X tools; under CI fail instead, as .ci/run installs them."""
    missing = [tool for tool in X_TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"the real-window tests need {', '.join(missing)} (Debian: xvfb xdotool x11-utils)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def running_x_server(size: str = "1600x1000x24") -> Iterator[XServer]:
    """Start Xvfb on a free display number (it picks one and says which), stop it after."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", size, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            number = announced.readline().strip()
        if not number:
            _, errors = server.communicate(timeout=10)
            raise AssertionError(f"Xvfb did not start: {errors.decode(errors='replace')}")
        yield XServer(f":{number}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def dossier_command(*arguments: str) -> list[str]:
    """The installed `dossier` program beside this Python, else `python -m desktop_app`."""
    program = Path(sys.executable).with_name("dossier")
    if program.exists():
        return [str(program), *arguments]
    return [sys.executable, "-m", "desktop_app", *arguments]


def process_output(process: subprocess.Popen[str], timeout: float) -> tuple[int, str]:
    """Wait for `process` to end; its status and what it wrote on stderr."""
    try:
        _, errors = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, errors = process.communicate()
        raise AssertionError(f"the program did not end within {timeout:.0f} s: {errors}") from None
    return process.returncode, errors or ""


def started(command: Sequence[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        list(command),
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
