"""Runs catalog calls on a thread pool and hands their results back on the GUI thread."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop_app.domain.errors import DossierError
from desktop_app.services.cancellation import Cancellation, cancellable

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Outcome:
    task: int
    result: Any = None
    error: BaseException | None = None


@dataclass(slots=True)
class _Pending:
    channel: str
    generation: int
    on_result: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    task: _Task


class _Task(QRunnable):
    def __init__(self, runner: TaskRunner, task: int, function: Callable[[], Any]) -> None:
        super().__init__()
        # Kept alive by the runner until its outcome is handled, so that a queued task can still
        # be taken back from the pool (the pool reads this flag before it runs the task).
        self.setAutoDelete(False)
        self._runner = runner
        self._task = task
        self._function = function
        #: Stops the task's catalog reads once a newer request supersedes it.
        self.cancellation = Cancellation()

    def run(self) -> None:
        try:
            with cancellable(self.cancellation):
                outcome = _Outcome(self._task, result=self._function())
        except Exception as error:  # every failure goes back to the GUI thread, none is lost
            # A bug, not a message, keeps its traceback; a superseded read (QueryCancelled, a
            # DossierError) is dropped on arrival.
            if not isinstance(error, DossierError):
                _log.error("a background task failed: %s", error, exc_info=True)
            outcome = _Outcome(self._task, error=error)
        # The runner lives on the GUI thread, so this emission is queued to it. If the window
        # closed while the task ran, the runner is gone and no one is left to want the outcome.
        with contextlib.suppress(RuntimeError):
            self._runner.task_done.emit(outcome)


class TaskRunner(QObject):
    """Runs callables off the GUI thread, one channel per kind of request.

    A newer request on a channel supersedes the older ones: those still queued never run, the
    catalog reads of those running are stopped (see `services.cancellation`), and their
    results and errors are dropped, so a slow old search can never overwrite the rows of a
    newer one, nor keep a core busy for nothing.
    """

    #: Internal: an outcome crossing from a worker thread to the GUI thread.
    task_done = Signal(object)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._generations: dict[str, int] = {}
        self._pending: dict[int, _Pending] = {}
        self._next_task = 0
        self.task_done.connect(self._on_task_done)

    def run(
        self,
        channel: str,
        function: Callable[[], Any],
        on_result: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> int:
        """Run `function` on the pool; call `on_result` or `on_error` on the GUI thread.

        Returns the task's generation on its channel.
        """
        self._take_queued(channel)
        generation = self._generations.get(channel, 0) + 1
        self._generations[channel] = generation
        self._next_task += 1
        task = _Task(self, self._next_task, function)
        self._pending[self._next_task] = _Pending(channel, generation, on_result, on_error, task)
        self._pool.start(task)
        return generation

    def cancel(self, channel: str) -> None:
        """Drop the channel's queued tasks, stop its running ones and drop what they deliver."""
        self._take_queued(channel)
        self._generations[channel] = self._generations.get(channel, 0) + 1

    def _take_queued(self, channel: str) -> None:
        # Superseded work that has not started is taken off the queue; work that has is
        # stopped: at a million documents a stale query would keep a core busy for nothing.
        for number, pending in list(self._pending.items()):
            if pending.channel != channel:
                continue
            if self._pool.tryTake(pending.task):
                del self._pending[number]
            else:
                pending.task.cancellation.cancel()

    def is_idle(self) -> bool:
        """No task is running, and none has a result still on its way to the GUI thread."""
        return not self._pending

    def shutdown(self) -> None:
        """Drop every result and wait for the running tasks (before their catalog closes)."""
        for channel in self._generations:
            self.cancel(channel)
        self._pool.waitForDone()
        self._pending.clear()

    @Slot(object)
    def _on_task_done(self, outcome: _Outcome) -> None:
        pending = self._pending.pop(outcome.task, None)
        if pending is not None and pending.generation == self._generations.get(pending.channel):
            if outcome.error is None:
                pending.on_result(outcome.result)
            elif pending.on_error is not None:
                pending.on_error(outcome.error)
