"""The real window on a real X server (Xvfb): started as `dossier` is, driven by X input events.

Every other window test runs offscreen, which never loads Qt's X11 plugin: these are the tests
that catch a window that cannot start on a desktop.
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.x11 import (
    XServer,
    dossier_command,
    process_output,
    started,
)

DRIVER = Path(__file__).with_name("x11_driver.py")
REPO = Path(__file__).resolve().parents[2]


def _wait_for(condition: Callable[[], object], what: str, timeout: float = 60.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout:.0f} s")


def test_dossier_opens_its_window_on_x_and_quits_cleanly(x_server: XServer, seed_url: str) -> None:
    process = started(dossier_command("--database", seed_url), x_server.env())
    try:
        window = x_server.wait_for_window("^Dossier")
        assert x_server.map_state(window) == "IsViewable"
        assert x_server.xdotool("getwindowname", window) == "Dossier — seed"
        # Ctrl+Q, typed on the window's keyboard focus, ends the program.
        x_server.xdotool("windowfocus", "--sync", window)
        x_server.xdotool("key", "--clearmodifiers", "ctrl+q")
        status, errors = process_output(process, timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert status == 0, errors
    assert "Aborted" not in errors and "qt.qpa" not in errors, errors


class Driven:
    """The window run by the driver, and the questions the test asks it."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process

    def ask(self, question: str, timeout: float = 30.0) -> dict[str, object]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(question + "\n")
        self.process.stdin.flush()
        # A window that hangs must fail the test, not stop the suite.
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        assert ready, f"the window gave no answer to {question!r} within {timeout:.0f} s"
        line = self.process.stdout.readline()
        assert line, f"the window ended: {self.process.stderr and self.process.stderr.read()}"
        answer: dict[str, object] = json.loads(line)
        return answer

    def settled(self) -> dict[str, object]:
        """The window's state once it is shown on the screen and has finished searching."""

        def ready() -> dict[str, object] | None:
            state = self.ask("state")
            return state if state["idle"] and state["exposed"] else None

        state = _wait_for(ready, "the window shows its first search")
        assert isinstance(state, dict)
        return state


@pytest.fixture
def driven(x_server: XServer, seed_url: str) -> Iterator[Driven]:
    command = [sys.executable, str(DRIVER), "--database", seed_url]
    environ = {**x_server.env(), "PYTHONPATH": str(REPO)}
    process = started(command, environ)
    try:
        yield Driven(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_real_click_on_a_facet_value_narrows_the_table(x_server: XServer, driven: Driven) -> None:
    before = driven.settled()
    assert before["rows"] == 20  # the seed
    where = driven.ask("where type Cable")
    assert "error" not in where, where
    x_server.xdotool("mousemove", "--sync", str(where["x"]), str(where["y"]))
    x_server.xdotool("click", "1")

    def narrowed() -> dict[str, object] | None:
        state = driven.ask("state")
        return state if state["idle"] and state["rows"] != before["rows"] else None

    after = _wait_for(narrowed, "the table follows the click")
    assert isinstance(after, dict)
    assert after["rows"] == 4  # the seed's four cables
    assert after["query"] == "type:=Cable"

    window = x_server.wait_for_window("^Dossier")
    x_server.xdotool("windowfocus", "--sync", window)
    x_server.xdotool("key", "--clearmodifiers", "ctrl+q")
    status, errors = process_output(driven.process, timeout=30)
    assert status == 0, errors
