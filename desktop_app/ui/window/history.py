"""The window's changes to the catalog, written one at a time off the GUI thread, and the undo
stack that Edit ▸ Undo and Redo walk (each naming the change it will undo or redo)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.domain.edits import DocumentChange
from desktop_app.domain.errors import ChangeCancelled
from desktop_app.services.progress import CancelCheck, Progress
from desktop_app.ui.icons import icon
from desktop_app.ui.status_progress import CancellableProgress
from desktop_app.ui.window.context import PartContext, WindowPart
from desktop_app.ui.window.messages import failure_reason, open_message_box


class ChangeProgress(CancellableProgress):
    """How many documents a change has written, with Cancel; hidden while none is written."""

    #: Documents written so far and in all; emitted on the worker thread, hence queued.
    progressed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            name="changeProgress",
            cancel_name="cancelChangeButton",
            accessible_name="Change progress",
            bar_name="Documents changed",
            cancel_description="Cancel the change",
            cancel_tip="Stop the change; nothing is changed",
            parent=parent,
        )
        self.progressed.connect(self._on_progressed)

    def start(self, text: str, cancellable: bool) -> None:
        self.begin(text, text)
        self.cancel_button.setVisible(cancellable)

    def _on_progressed(self, done: int, total: int) -> None:
        if not self._running or total <= 0:
            return
        self.bar.setRange(0, 1000)
        self.bar.setValue(min(1000, done * 1000 // total))
        self.bar.setFormat(f"{done:,} of {total:,}")


@dataclass(frozen=True, slots=True)
class ChangeJob:
    """What a change of many documents reports to as it is written, and asks whether to stop
    (the catalog's `progress` and `cancelled`)."""

    progress: Progress
    cancelled: CancelCheck


@dataclass(slots=True)
class _Write:
    """One write waiting its turn: what it does, what the window says meanwhile, what to call
    with the change written, and whether Cancel may stop it."""

    work: Callable[[ChangeJob], DocumentChange]
    busy: str
    done: Callable[[DocumentChange], None]
    title: str
    cancellable: bool = True


class _ChangeCommand(QUndoCommand):
    """One change on the undo stack. Undoing writes its reverse; redoing writes it again. The
    change is replaced by each write's own account of it (documents put back get new ids)."""

    def __init__(self, change: DocumentChange, history: ChangeHistory) -> None:
        super().__init__(change.describe())
        self.change = change
        self._history = history
        self._done = True  # pushed once written: the stack's first redo has nothing to do

    # The change is read when its turn comes, not when asked for: an undo asked while the
    # redo before it is still being written undoes what that redo wrote.

    def undo(self) -> None:
        self._history.write_again(lambda: self.change.reversed(), self._undone)

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._history.write_again(lambda: self.change, self._redone)

    def _undone(self, written: DocumentChange) -> None:
        self.change = written.reversed()

    def _redone(self, written: DocumentChange) -> None:
        self.change = written


class ChangeHistory(WindowPart):
    """Writes the window's changes in the order made, one at a time, and keeps each on the
    undo stack. `changed` carries every change written, for the panes to follow it."""

    changed = Signal(object)

    def __init__(self, context: PartContext) -> None:
        super().__init__(context)
        self.undo_stack = QUndoStack(self)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(icon("back"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        for action in (self.undo_action, self.redo_action):
            context.window.addAction(action)
        #: Shown in the status bar while a change is written: its documents, and Cancel.
        self.progress = ChangeProgress(context.window)
        self._queue: deque[_Write] = deque()
        self._writing = False
        self._written = 0

    def set_catalog(self) -> None:
        self._queue.clear()
        self.undo_stack.clear()  # the changes were another catalog's

    @property
    def busy(self) -> bool:
        """Whether a change is being written or waits to be."""
        return self._writing or bool(self._queue)

    def make(
        self,
        work: Callable[[ChangeJob], DocumentChange],
        busy: str,
        *,
        title: str,
        unchanged: str = "Nothing needed changing.",
        done: Callable[[DocumentChange], None] | None = None,
    ) -> None:
        """Write a new change (`work`, run off the GUI thread and given the `ChangeJob` to
        report to), saying `busy` meanwhile; once written it goes on the undo stack. A change
        that changed nothing says `unchanged`. A failure opens a message box titled `title`;
        `done` hears of a change written."""

        def written(change: DocumentChange) -> None:
            if not change:
                self._status.showMessage(unchanged, 8000)
                return
            self.undo_stack.push(_ChangeCommand(change, self))
            if done is not None:
                done(change)

        self._enqueue(_Write(work, busy, written, title))

    def write_again(
        self, change: Callable[[], DocumentChange], done: Callable[[DocumentChange], None]
    ) -> None:
        """Write a change made before, or its reverse (undo, redo), in its turn: `change`
        gives it then."""
        catalog = self._session.catalog
        if catalog is None:
            return
        busy = f"{change().describe()}…"
        # Not cancellable: the undo stack has moved on already, and would only mislead.
        self._enqueue(
            _Write(
                lambda job: catalog.apply(change(), progress=job.progress),
                busy,
                done,
                "Undo",
                cancellable=False,
            )
        )

    def _enqueue(self, write: _Write) -> None:
        self._queue.append(write)
        if not self._writing:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self._writing = False
            return
        self._writing = True
        write = self._queue.popleft()
        self._status.clearMessage()
        self.progress.start(write.busy, write.cancellable)
        job = ChangeJob(self.progress.progressed.emit, self.progress.is_cancelled)
        self._written += 1
        # A channel of its own: a write is never superseded, as reads of one channel are.
        self._runner.run(
            f"change-{self._written}",
            lambda: write.work(job),
            lambda change: self._on_written(write, change),
            lambda error: self._on_failed(write, error),
        )

    def _on_written(self, write: _Write, change: DocumentChange) -> None:
        self.progress.stop()
        if change:
            self._status.showMessage(change.describe(), 10_000)
        write.done(change)
        if change:
            self.changed.emit(change)
        self._next()

    def _on_failed(self, write: _Write, error: BaseException) -> None:
        self.progress.stop()
        if isinstance(error, ChangeCancelled):
            self._status.showMessage("Cancelled: nothing was changed.", 10_000)
            self._next()
            return
        # What was undone or redone is unknown now: the stack would only mislead.
        self.undo_stack.clear()
        self._queue.clear()
        self._status.clearMessage()
        open_message_box(
            self._window,
            QMessageBox.Icon.Warning,
            write.title,
            "Nothing was changed.",
            [failure_reason(error)],
            name="changeProblem",
        )
        self.changed.emit(None)
        self._next()
