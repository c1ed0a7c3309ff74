"""Reading a large CSV or JSON import file in a process of its own while this one writes it.

Reading the records (their titles' structure, names and dates) and storing them are each
several seconds of work per 50,000 records, and one process does them one after the other on
one core. With a second process reading while the first writes, an import of 50,000 records
took 9 s instead of 10.5 s on two cores (measured): the writing is the slower half, so it sets
the pace. The reader hands each batch over as marshalled tuples of plain values, which the
writer turns back into records in 0.4 s per 50,000; unpickling the records took it 2 s.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import marshal
import os
import queue
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from desktop_app.domain.dates import HistoricalDate, Precision
from desktop_app.domain.errors import DossierError, InputError
from desktop_app.domain.records import (
    CollectionRecord,
    Credit,
    DocumentRecord,
    ImportBatch,
    PersonName,
    Role,
)
from desktop_app.importers.people import PeopleRegistry
from desktop_app.importers.tabular import read_table
from desktop_app.memory import fewer_collections

#: A file smaller than this is read in this process: starting another one (a new interpreter,
#: a third of a second) costs more than it saves below about 10,000 records.
MIN_BYTES = 4 * 1024 * 1024

#: Messages (batches, progress) the reader may send ahead of the writer: a few batches' memory.
_AHEAD = 32
#: The reader tells the bytes it has read at most this often.
_PROGRESS_STEP = 256 * 1024
#: How long the writer waits for a message before it checks that the reader still runs.
_POLL_SECONDS = 0.5

_log = logging.getLogger(__name__)


def worth_reading_aside(path: Path, file_format: str) -> bool:
    """Whether `read_aside` pays for `path`: a CSV or JSON file of at least `MIN_BYTES`."""
    if file_format not in ("csv", "json"):
        return False
    try:
        return path.stat().st_size >= MIN_BYTES
    except OSError:
        return False


def read_aside(
    path: Path,
    people: PeopleRegistry,
    *,
    file_format: str,
    collection: str | None = None,
    mapping: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Iterator[ImportBatch]:
    """The batches `tabular.read_table` reads from `path`, read by another process meanwhile.

    The same batches, the same InputError naming the file and lines, and `progress` told the
    bytes read (every `_PROGRESS_STEP`); an exception from `progress` (a cancel) or from the
    caller stops the reader. A reader that dies (killed, out of memory) is a DossierError.
    """
    # The same reading either way; a partial of a module's function crosses to the reader.
    reading = partial(
        read_table,
        path,
        people,
        file_format=file_format,
        collection=collection,
        mapping=dict(mapping or {}),
    )
    # Imported here, not at start-up: most imports are small and never start a reader.
    import multiprocessing

    # Spawned, not forked, on every system: the importing process has threads (the window's,
    # the database pool's), and a fork copies their locks in whatever state they are.
    spawn = multiprocessing.get_context("spawn")
    try:
        messages: Any = spawn.Queue(_AHEAD)
        reader = spawn.Process(
            target=_read,
            args=(reading, messages, os.getpid()),
            name="dossier-import-reader",
            daemon=True,
        )
        reader.start()
    except OSError as error:  # no process or queue to be had (a limit): read it here instead
        _log.warning("%s: read in the importing process, as no other could start (%s)", path, error)
        yield from reading(progress=progress)
        return
    try:
        while True:
            try:
                message = messages.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if reader.is_alive():
                    continue
                try:
                    # It may have sent its last message just before it ended.
                    message = messages.get(timeout=_POLL_SECONDS)
                except queue.Empty:
                    raise DossierError(
                        f"{path}: the import's reader stopped unexpectedly "
                        f"(exit status {reader.exitcode}); the catalog is unchanged"
                    ) from None
            kind = message[0]
            if kind == "batch":
                yield unpack_batch(message[1])
            elif kind == "progress":
                if progress is not None:
                    progress(message[1])
            elif kind == "done":
                return
            elif kind == "input":
                _, reason, where, line = message
                raise InputError(reason, path=where, line=line)
            else:
                raise RuntimeError(f"the import's reader of {path} failed:\n{message[1]}")
    finally:
        if reader.is_alive():
            reader.terminate()
        reader.join()
        messages.close()
        # A reader stopped early may leave messages unread; they are not waited for.
        messages.cancel_join_thread()


def _read(reading: Callable[..., Iterator[ImportBatch]], messages: Any, importer: int) -> None:
    """The reader process: every batch, progress now and then, and how the reading ended.

    It ends with the importing process `importer`, however that ends (killed included): a
    reader left behind would hold the file open and a core busy for nobody.
    """
    _end_with(importer)
    reported = 0

    def progress(position: int) -> None:
        nonlocal reported
        if position - reported >= _PROGRESS_STEP:
            reported = position
            messages.put(("progress", position))

    try:
        with fewer_collections():
            for batch in reading(progress=progress):
                messages.put(("batch", pack_batch(batch)))
        messages.put(("done",))
    except InputError as error:
        messages.put(("input", error.reason, error.path, error.line))
    except BaseException as error:  # a bug: its traceback goes to the importing process's log
        messages.put(("failed", "".join(traceback.format_exception(error))))


#: How often a reader looks whether its importing process is still there.
_PARENT_CHECK_SECONDS = 0.2


def _end_with(importer: int) -> None:
    """End this process as soon as the process `importer` (its parent) is gone.

    On Linux the kernel is asked to kill it then (PR_SET_PDEATHSIG); everywhere, a thread looks
    every `_PARENT_CHECK_SECONDS` whether its parent is still `importer` (an orphan is given
    another parent), which also covers a parent gone before the request was made.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    def watch() -> None:
        while os.getppid() == importer:
            time.sleep(_PARENT_CHECK_SECONDS)
        os._exit(1)  # nobody is left to read for: no clean-up is owed to anyone

    if os.getppid() != importer:
        os._exit(1)
    threading.Thread(target=watch, name="importer-watch", daemon=True).start()


#: prctl's request that the kernel signal this process when its parent ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


# -- batches as plain values --------------------------------------------------------------------

_PRECISIONS = {precision.value: precision for precision in Precision}
_ROLES = {role.value: role for role in Role}


def pack_batch(batch: ImportBatch) -> bytes:
    """A batch as marshalled tuples of strings, numbers and None (see `unpack_batch`)."""
    return marshal.dumps(
        (
            batch.source,
            tuple(_collection_values(record) for record in batch.collections),
            tuple(_record_values(record) for record in batch.documents),
            batch.warnings,
            batch.update_existing,
        )
    )


def unpack_batch(packed: bytes) -> ImportBatch:
    """The batch `pack_batch` packed, equal to the one it was given."""
    source, collections, documents, warnings, update_existing = marshal.loads(packed)
    # Within a batch the same people, dates and field sets recur: each is made once.
    shared: dict[Any, Any] = {}
    return ImportBatch(
        source=source,
        collections=tuple(CollectionRecord(*values) for values in collections),
        documents=tuple(_record(values, shared) for values in documents),
        warnings=warnings,
        update_existing=update_existing,
    )


def _collection_values(record: CollectionRecord) -> tuple[Any, ...]:
    return (
        record.title,
        record.description,
        record.parent_title,
        record.period_start,
        record.period_end,
        record.source_url,
    )


def _date_values(value: HistoricalDate) -> tuple[str, str, int, int]:
    return (
        value.text,
        str(value.precision.value),
        value.start.toordinal() if value.start else 0,
        value.end.toordinal() if value.end else 0,
    )


def _record_values(record: DocumentRecord) -> tuple[Any, ...]:
    return (
        record.title,
        _date_values(record.date),
        record.line,
        record.summary,
        record.record_id,
        record.doc_type,
        record.number,
        record.origin,
        tuple(
            (credit.person.name, credit.person.aliases, str(credit.role.value))
            for credit in record.credits
        ),
        tuple(_date_values(value) for value in record.title_dates),
        record.collections,
        record.places,
        record.subjects,
        record.languages,
        record.archive,
        record.source_citation,
        record.classification,
        record.url,
        record.rights,
        record.notes,
        record.tags,
        record.given,
    )


def _date(values: tuple[str, str, int, int], shared: dict[Any, Any]) -> HistoricalDate:
    found = shared.get(values)
    if found is None:
        text, precision, start, end = values
        found = shared[values] = HistoricalDate(
            text,
            _PRECISIONS[precision],
            date.fromordinal(start) if start else None,
            date.fromordinal(end) if end else None,
        )
    return found


def _credit(values: tuple[str, tuple[str, ...], str], shared: dict[Any, Any]) -> Credit:
    found = shared.get(values)
    if found is None:
        name, aliases, role = values
        found = shared[values] = Credit(PersonName(name, aliases), _ROLES[role])
    return found


def _record(values: tuple[Any, ...], shared: dict[Any, Any]) -> DocumentRecord:
    (title, dated, line, summary, record_id, doc_type, number, origin, credits) = values[:9]
    (title_dates, collections, places, subjects, languages, archive) = values[9:15]
    (source_citation, classification, url, rights, notes, tags, given) = values[15:]
    return DocumentRecord(
        title=title,
        date=_date(dated, shared),
        line=line,
        summary=summary,
        record_id=record_id,
        doc_type=doc_type,
        number=number,
        origin=origin,
        credits=tuple(_credit(credit, shared) for credit in credits),
        title_dates=tuple(_date(value, shared) for value in title_dates),
        collections=collections,
        places=places,
        subjects=subjects,
        languages=languages,
        archive=archive,
        source_citation=source_citation,
        classification=classification,
        url=url,
        rights=rights,
        notes=notes,
        tags=tags,
        given=shared.setdefault(given, given),
    )
