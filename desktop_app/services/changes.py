"""Live refresh: a listener thread that reports changes other desktops make to a catalog.

Writers send a `notice` inside their transaction (see `Catalog._write`); a `ChangeListener`
hands each one to a callback as a `CatalogChange`, on its own thread: a window must move it to
its GUI thread before touching widgets.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from desktop_app.storage.notifications import ChangeFeed

_log = logging.getLogger(__name__)

#: Documents named one by one in a notice, at most; with more, the notice names none (refresh all).
MAX_NOTICE_IDS = 200

#: Documents a notice lists as changed, at most (with `MAX_NOTICE_IDS` well inside PostgreSQL's
#: 8,000-byte payload); with more, it says nothing of them and a reader reads everything again.
MAX_CHANGED_IDS = 500


@dataclass(frozen=True, slots=True)
class CatalogChange:
    """Something changed in the catalog: what to refresh.

    `kind` is `import`, `edit` or `saved_searches` (named by the writer), `changed` (an SQLite
    catalog says only that something changed), or `reconnected` (news may have been missed
    while the connection was down: refresh everything). `document_ids` are the documents an
    edit changed, when known; `own` is True for changes made through the same `Catalog`.
    `generation` is the catalog's document generation the change left (PostgreSQL's notices),
    and `changed` every document that was there before and that it rewrote — new and removed
    documents aside — or None when the notice does not say (too many, or an SQLite catalog).
    """

    kind: str
    document_ids: tuple[int, ...] = ()
    own: bool = False
    generation: int | None = None
    changed: tuple[int, ...] | None = None


def notice(
    source: str,
    kind: str,
    document_ids: Sequence[int] = (),
    *,
    generation: int | None = None,
    changed: Sequence[int] | None = None,
) -> str:
    """The payload a writer sends: who wrote (`source`), what kind of change, which documents;
    the generation it leaves and the documents it rewrote, where known."""
    data: dict[str, object] = {
        "source": source,
        "kind": kind,
        "documents": list(document_ids) if len(document_ids) <= MAX_NOTICE_IDS else [],
    }
    if generation is not None:
        data["generation"] = generation
        if changed is not None and len(changed) <= MAX_CHANGED_IDS:
            data["changed"] = list(changed)
    return json.dumps(data, separators=(",", ":"))


def read_notice(payload: str, own_source: str) -> CatalogChange:
    """The change a payload describes; anything unreadable is news that something changed."""
    try:
        data = json.loads(payload)
        ids = tuple(int(i) for i in data.get("documents", ()))
        generation = data.get("generation")
        changed = data.get("changed")
        return CatalogChange(
            str(data["kind"]),
            ids,
            data.get("source") == own_source,
            int(generation) if generation is not None else None,
            tuple(int(i) for i in changed) if changed is not None else None,
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return CatalogChange("changed")


class ChangeListener:
    """Waits for changes on its own connection and thread until `stop()`.

    A lost connection is opened again every `retry_interval` seconds; once it is back the
    callback gets a `reconnected` change. The callback's own errors are logged and ignored, so
    one bad refresh does not end live refresh.
    """

    def __init__(
        self,
        open_feed: Callable[[], ChangeFeed],
        callback: Callable[[CatalogChange], None],
        own_source: str,
        *,
        wait_interval: float = 0.5,
        retry_interval: float = 2.0,
    ) -> None:
        self._open_feed = open_feed
        self._callback = callback
        self._own_source = own_source
        self._wait_interval = wait_interval
        self._retry_interval = retry_interval
        self._stopping = threading.Event()
        self._feed: ChangeFeed | None = None
        self._thread = threading.Thread(target=self._run, name="dossier-changes", daemon=True)

    def start(self) -> ChangeListener:
        """Connect (raising the driver's error if the catalog cannot be reached) and listen."""
        self._feed = self._open_feed()
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening and close the connection; returns within about `wait_interval`."""
        self._stopping.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                if self._feed is None:
                    self._reconnect()
                    continue
                try:
                    payloads = self._feed.wait(self._wait_interval)
                except Exception as error:  # the driver's own error types differ by database
                    _log.warning("lost the catalog's change feed: %s", str(error).splitlines()[0])
                    self._close_feed()
                    continue
                for payload in payloads:
                    self._deliver(read_notice(payload, self._own_source) if payload else None)
        finally:
            self._close_feed()

    def _reconnect(self) -> None:
        if self._stopping.wait(self._retry_interval):
            return
        try:
            self._feed = self._open_feed()
        except Exception as error:
            _log.info("the catalog's change feed is still down: %s", str(error).splitlines()[0])
            return
        self._deliver(CatalogChange("reconnected"))

    def _deliver(self, change: CatalogChange | None) -> None:
        try:
            self._callback(change or CatalogChange("changed"))
        except Exception:
            _log.exception("a change listener's callback failed")

    def _close_feed(self) -> None:
        if self._feed is not None:
            feed, self._feed = self._feed, None
            try:
                feed.close()
            except Exception as error:
                _log.debug("closing the change feed: %s", error)
