"""The task runner: results arrive on the GUI thread, and only the newest of a channel."""

from __future__ import annotations

import threading
import time

from pytestqt.qtbot import QtBot

from desktop_app.domain.errors import CatalogError
from desktop_app.services.catalog import Catalog
from desktop_app.ui.worker import TaskRunner


def test_results_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[tuple[str, bool]] = []
    gui = threading.current_thread()
    runner.run(
        "search",
        lambda: threading.current_thread() is not gui,
        lambda off_gui: seen.append(("result", off_gui and threading.current_thread() is gui)),
    )
    qtbot.waitUntil(runner.is_idle)
    assert seen == [("result", True)]


def test_a_newer_request_supersedes_an_older_one(qtbot: QtBot) -> None:
    runner = TaskRunner()
    delivered: list[str] = []

    def slow() -> str:
        time.sleep(0.3)
        return "old"

    runner.run("search", slow, delivered.append)
    runner.run("search", lambda: "new", delivered.append)
    runner.run("detail", lambda: "other channel", delivered.append)
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert sorted(delivered) == ["new", "other channel"]


def test_errors_are_delivered_and_superseded_errors_dropped(qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[str] = []

    def fail() -> None:
        raise CatalogError("the disk is gone")

    runner.run("search", fail, print, lambda error: errors.append(str(error)))
    qtbot.waitUntil(runner.is_idle)
    assert errors == ["the disk is gone"]

    def fail_slowly() -> None:
        time.sleep(0.2)
        raise CatalogError("stale")

    runner.run("search", fail_slowly, print, lambda error: errors.append(str(error)))
    runner.cancel("search")
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert errors == ["the disk is gone"]


def test_a_superseded_task_that_has_not_started_never_runs(qtbot: QtBot) -> None:
    runner = TaskRunner(max_threads=1)
    ran: list[str] = []

    def busy() -> str:
        time.sleep(0.3)
        ran.append("busy")
        return "busy"

    def counted(name: str) -> str:
        ran.append(name)
        return name

    delivered: list[str] = []
    runner.run("search", busy, delivered.append)
    runner.run("facet", lambda: counted("stale"), delivered.append)  # queued behind busy()
    runner.run("facet", lambda: counted("fresh"), delivered.append)
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert ran == ["busy", "fresh"]
    assert delivered == ["busy", "fresh"]


def test_a_superseded_running_read_is_stopped(qtbot: QtBot, seed_catalog: Catalog) -> None:
    """A task still reading when a newer request comes stops at its next statement."""
    runner = TaskRunner()
    reads: list[int] = []

    def endless() -> None:
        while True:
            reads.append(seed_catalog.count())

    delivered: list[object] = []
    runner.run("search", endless, delivered.append, delivered.append)
    qtbot.waitUntil(lambda: len(reads) > 3, timeout=5000)
    runner.run("search", lambda: "newer", delivered.append, delivered.append)
    qtbot.waitUntil(runner.is_idle, timeout=5000)
    assert delivered == ["newer"]
    runner.shutdown()
