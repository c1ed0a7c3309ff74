"""Importing with progress and Cancel: progress rises to the total; a cancel changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.domain.errors import ImportCancelled
from desktop_app.services.catalog import Catalog

ROWS = 3000
COLUMNS = ["title", "date", "type", "authors", "recipients", "summary", "record_id"]


def generated_csv(folder: Path, rows: int = ROWS) -> Path:
    """A CSV of `rows` generated documents, exported from a scratch catalog."""
    scratch = Catalog.open(f"sqlite:///{folder / 'scratch.sqlite'}")
    try:
        scratch.generate(rows)
        path = folder / "generated.csv"
        scratch.export(path, columns=COLUMNS)
    finally:
        scratch.close()
    return path


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    return generated_csv(tmp_path)


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Catalog]:
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'target.sqlite'}")
    yield catalog
    catalog.close()


def test_progress_rises_to_the_total_of_bytes(csv_file: Path, target: Catalog) -> None:
    calls: list[tuple[int, int]] = []

    reports = target.import_files(
        [csv_file], progress=lambda done, total: calls.append((done, total))
    )

    assert sum(report.added for report in reports) == ROWS
    size = csv_file.stat().st_size
    assert len(calls) > 2
    assert {total for _, total in calls} == {size}
    done = [value for value, _ in calls]
    assert done == sorted(set(done))  # strictly rising
    assert done[-1] == size


def test_cancelling_raises_and_imports_nothing(csv_file: Path, target: Catalog) -> None:
    calls: list[int] = []

    with pytest.raises(ImportCancelled):
        target.import_files(
            [csv_file],
            progress=lambda done, _total: calls.append(done),
            cancelled=lambda: bool(calls),
        )

    assert len(calls) == 1
    assert target.count() == 0


def test_cancelling_keeps_what_the_catalog_held(csv_file: Path, tmp_path: Path) -> None:
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'held.sqlite'}")
    try:
        catalog.generate(10)
        with pytest.raises(ImportCancelled):
            catalog.import_files([csv_file], cancelled=lambda: True)
        assert catalog.count() == 10
    finally:
        catalog.close()
