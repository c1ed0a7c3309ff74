"""`dossier copy`: a whole catalog into a new or empty one, between SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from desktop_app.domain.errors import CatalogError, InputError, ReadOnlyCatalogError
from desktop_app.storage import copying
from desktop_app.storage.engine import (
    OpenedCatalog,
    failure_reason,
    head_revision,
    open_catalog,
    refresh_statistics,
)

_log = logging.getLogger(__name__)

#: Reports a table's name, the rows copied so far and the table's total.
CopyProgress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class CopyResult:
    """A finished, verified copy: where from and to (fit to show), rows per table, seconds."""

    source: str
    target: str
    counts: dict[str, int]
    seconds: float


def copy_catalog(
    source_url: str, target_url: str, progress: CopyProgress | None = None
) -> CopyResult:
    """Copy the catalog at `source_url` into a new or empty one at `target_url`.

    The target is created and migrated first if need be; a target that holds anything is
    refused (InputError), so nothing is ever merged or overwritten. The source is read in one
    snapshot, the target written in one transaction: a failure leaves it empty. Before that
    transaction commits, every table's rows and the full-text entries are counted on both
    sides; CatalogError (and nothing kept) if any count differs.
    """
    started = time.perf_counter()
    source = open_catalog(source_url, create=False)
    try:
        if source.schema_version != head_revision():
            raise CatalogError(
                f"{source.location}: written by a newer version of Dossier (schema "
                f"{source.schema_version}); copy it with that version"
            )
        target = open_catalog(target_url)
        try:
            if target.read_only:
                raise ReadOnlyCatalogError(
                    f"{target.location}: cannot copy into it: {target.read_only_reason}"
                )
            counts = _copy(source, target, progress or _quiet)
        finally:
            target.engine.dispose()
    finally:
        source.engine.dispose()
    return CopyResult(source.location, target.location, counts, time.perf_counter() - started)


def _copy(source: OpenedCatalog, target: OpenedCatalog, progress: CopyProgress) -> dict[str, int]:
    try:
        with source.engine.connect() as reading:
            if reading.dialect.name == "postgresql":
                # One snapshot for every table, however long the copy takes and whoever writes.
                reading = reading.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with reading.begin():
                totals = copying.row_counts(reading)
                with target.engine.begin() as writing:
                    _require_empty(target, copying.row_counts(writing))
                    copying.copy_rows(reading, writing, totals, progress)
                    copying.rebuild_full_text(writing, totals["documents"], progress)
                    copying.reset_sequences(writing)
                    # Counted before the commit, so that a copy that differs is not kept.
                    _verify(target, totals, copying.row_counts(writing))
    except SQLAlchemyError as error:
        raise CatalogError(
            f"{target.location}: the copy failed, and none of it was kept: "
            f"{failure_reason(error, source.url, target.url)}"
        ) from None
    try:
        refresh_statistics(target.engine)
    except SQLAlchemyError as error:
        reason = failure_reason(error, target.url)
        _log.warning("%s: could not refresh statistics: %s", target.location, reason)
    return totals


def _verify(target: OpenedCatalog, totals: dict[str, int], copied: dict[str, int]) -> None:
    expected = {**totals, copying.FULL_TEXT: totals["documents"]}
    differences = [
        f"{name} {expected[name]} in the source, {copied.get(name, 0)} in the copy"
        for name in expected
        if copied.get(name, 0) != expected[name]
    ]
    if differences:
        raise CatalogError(
            f"{target.location}: the copy differs, so none of it was kept: "
            + "; ".join(differences)
        )


def _require_empty(target: OpenedCatalog, counts: dict[str, int]) -> None:
    held = sorted(
        ((name, number) for name, number in counts.items() if number),
        key=lambda item: item[0] != "documents",  # documents first: what a person looks for
    )
    if held:
        what = ", ".join(f"{number} {name}" for name, number in held[:3])
        raise InputError(
            f"{target.location}: already holds a catalog ({what}); copy into a new or empty one"
        )


def _quiet(table: str, done: int, total: int) -> None:
    pass
