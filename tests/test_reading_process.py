"""A large import read by a process of its own: the same batches, errors, progress and cancel."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.dates import HistoricalDate, Precision
from desktop_app.domain.errors import DossierError, ImportCancelled, InputError
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
from desktop_app.services import importing, reading_process
from desktop_app.services.catalog import Catalog
from desktop_app.services.reading_process import pack_batch, read_aside, unpack_batch
from tests.conftest import SHARED_DATA
from tests.test_import_progress import generated_csv

ROWS = 2500
SAMPLE = SHARED_DATA / "wilson-records-sample.json"


@pytest.fixture(scope="module")
def csv_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_csv(tmp_path_factory.mktemp("aside"), ROWS)


@pytest.fixture(scope="module")
def people() -> PeopleRegistry:
    return PeopleRegistry.load()


@pytest.fixture
def bad_csv(csv_file: Path, tmp_path: Path) -> Path:
    """The generated CSV with a row that has no title at its end."""
    path = tmp_path / "bad.csv"
    text = csv_file.read_text(encoding="utf-8")
    path.write_text(text + ",1951,Letter,,,,999999999\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_reader_left() -> Iterator[None]:
    yield
    assert multiprocessing.active_children() == []


def test_the_reader_gives_the_batches_read_here(csv_file: Path, people: PeopleRegistry) -> None:
    here = list(read_table(csv_file, people, file_format="csv"))

    aside = list(read_aside(csv_file, people, file_format="csv"))

    assert aside == here
    assert sum(len(batch.documents) for batch in aside) == ROWS


def test_a_batch_crosses_with_every_field_of_its_records() -> None:
    dated = HistoricalDate("7 October 1951", Precision.DAY, date(1951, 10, 7), date(1951, 10, 7))
    full = DocumentRecord(
        title="Ciphered Telegram No. 25465 from Beijing, Mao Zedong to Filippov [Stalin]",
        date=dated,
        line=12,
        summary="On the armistice talks.\nSecond paragraph.",
        record_id="114227",
        doc_type="Ciphered Telegram",
        number="25465",
        origin="Beijing",
        credits=(
            Credit(PersonName("Mao Zedong"), Role.AUTHOR),
            Credit(PersonName("Joseph Stalin", ("Filippov",)), Role.RECIPIENT),
            Credit(PersonName("Zhou Enlai"), Role.MENTIONED),
        ),
        title_dates=(dated, HistoricalDate("July 1952", Precision.MONTH, date(1952, 7, 1))),
        collections=("Korean War", "Sino-Soviet Relations"),
        places=("Kaesong",),
        subjects=("Armistice",),
        languages=("Russian", "Chinese"),
        archive="Archive of the President",
        source_citation="APRF, f. 45, op. 1",
        classification="Top Secret",
        url="https://example.org/document/114227",
        rights="Public domain",
        notes='=HYPERLINK("x") kept as text',
        tags=("to read",),
        given=frozenset({"title", "date", "author"}),
    )
    bare = DocumentRecord(title="Untitled note", date=HistoricalDate.undated("n.d."))
    batch = ImportBatch(
        source="records.csv",
        collections=(CollectionRecord("Korean War", "The war.", "Cold War", 1950, 1953, "u"),),
        documents=(full, bare),
        warnings=("line 3: an unknown column was left out",),
        update_existing=True,
    )

    assert unpack_batch(pack_batch(batch)) == batch


NO_SAMPLE = "the shared records sample is not beside the project"


@pytest.mark.skipif(not SAMPLE.exists(), reason=NO_SAMPLE)
def test_the_archive_records_cross_unchanged(people: PeopleRegistry) -> None:
    batches = list(read_table(SAMPLE, people, file_format="json"))

    assert [unpack_batch(pack_batch(batch)) for batch in batches] == batches
    assert sum(len(batch.documents) for batch in batches) == 11


def test_a_bad_line_is_reported_as_when_read_here(bad_csv: Path, people: PeopleRegistry) -> None:
    with pytest.raises(InputError) as here:
        list(read_table(bad_csv, people, file_format="csv"))

    with pytest.raises(InputError) as aside:
        list(read_aside(bad_csv, people, file_format="csv"))

    assert str(aside.value) == str(here.value)
    assert aside.value.path == str(bad_csv)
    assert aside.value.line == ROWS + 2  # the header, then the rows


def test_progress_rises_and_a_cancel_stops_the_reader(
    csv_file: Path, people: PeopleRegistry
) -> None:
    seen: list[int] = []

    def progress(position: int) -> None:
        seen.append(position)
        if len(seen) == 2:
            raise ImportCancelled("cancelled")

    with pytest.raises(ImportCancelled):
        list(read_aside(csv_file, people, file_format="csv", progress=progress))

    assert len(seen) == 2
    assert 0 < seen[0] < seen[1] <= csv_file.stat().st_size


def test_a_reader_that_dies_is_reported(csv_file: Path, people: PeopleRegistry) -> None:
    failures: list[BaseException] = []

    def read() -> None:
        try:
            list(read_aside(csv_file, people, file_format="csv"))
        except BaseException as error:  # handed to the test's thread
            failures.append(error)

    reading = threading.Thread(target=read)
    reading.start()
    deadline = time.monotonic() + 30
    while not multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.005)
    for reader in multiprocessing.active_children():
        reader.kill()
    reading.join(timeout=30)

    assert not reading.is_alive()
    assert len(failures) == 1
    assert isinstance(failures[0], DossierError)
    assert "stopped unexpectedly" in str(failures[0])
    assert str(csv_file) in str(failures[0])


@pytest.fixture
def read_aside_calls(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file of any size is read aside; the list gets each file so read."""
    calls: list[Path] = []

    def recorded(path: Path, *args: object, **kwargs: object) -> Iterator[ImportBatch]:
        calls.append(path)
        return read_aside(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reading_process, "MIN_BYTES", 1)
    monkeypatch.setattr(importing, "read_aside", recorded)
    return calls


def test_an_import_read_aside_makes_the_same_catalog(
    csv_file: Path, tmp_path: Path, read_aside_calls: list[Path]
) -> None:
    catalogs = {}
    for name in ("here", "aside"):
        catalog = catalogs[name] = Catalog.open(f"sqlite:///{tmp_path / f'{name}.sqlite'}")
        if name == "here":
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(reading_process, "MIN_BYTES", 1 << 40)
                catalog.import_files([csv_file])
            assert read_aside_calls == []
        else:
            catalog.import_files([csv_file])
            assert read_aside_calls == [csv_file]
    try:
        here, aside = catalogs["here"], catalogs["aside"]
        assert aside.count() == here.count() == ROWS
        for field in ("type", "author", "recipient", "year"):
            assert aside.facets(field) == here.facets(field)
        for query in ("", "year:1951", 'type:="Letter"'):
            assert [row.title for row in aside.rows(aside.search(query).ids)] == [
                row.title for row in here.rows(here.search(query).ids)
            ]
    finally:
        for catalog in catalogs.values():
            catalog.close()


def test_an_import_read_aside_with_a_bad_line_changes_nothing(
    bad_csv: Path, tmp_path: Path, read_aside_calls: list[Path]
) -> None:
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'target.sqlite'}")
    try:
        catalog.generate(10)
        with pytest.raises(InputError, match=f"{bad_csv}:{ROWS + 2}"):
            catalog.import_files([bad_csv])
        assert read_aside_calls == [bad_csv]
        assert catalog.count() == 10
    finally:
        catalog.close()


def test_without_a_process_to_be_had_the_file_is_read_here(
    csv_file: Path, people: PeopleRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused: list[object] = []

    def refuse(process: object) -> None:
        refused.append(process)
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "start", refuse)

    assert list(read_aside(csv_file, people, file_format="csv")) == list(
        read_table(csv_file, people, file_format="csv")
    )
    assert len(refused) == 1


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid`, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie waiting for its reaper is not)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
def test_no_process_of_an_import_outlives_its_importer_killed(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    big = generated_csv(tmp_path, 20_000)
    script = (
        "import sys\n"
        "from desktop_app.services import reading_process\n"
        "reading_process.MIN_BYTES = 1\n"
        "from desktop_app.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    importer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            script,
            "--database",
            f"sqlite:///{tmp_path / 'c.sqlite'}",
            "import",
            str(big),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        readers: list[int] = []
        while time.monotonic() < deadline and importer.poll() is None:
            readers = _children(importer.pid)
            if readers and any(_children(child) == [] for child in readers):
                time.sleep(0.5)  # the reader is reading
                readers = _children(importer.pid)
                break
            time.sleep(0.05)
        assert readers, "the import started no reader"
        os.kill(importer.pid, signal.SIGKILL)
        importer.wait(10)
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and any(_running(pid) for pid in readers):
            time.sleep(0.05)
        assert [pid for pid in readers if _running(pid)] == []
    finally:
        if importer.poll() is None:
            importer.kill()
