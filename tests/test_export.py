"""Exporting to CSV and JSON: the command line, round trips, formula guard, and failures."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.cli import main
from desktop_app.domain.columns import (
    DEFAULT_EXPORT_COLUMNS,
    EXPORT_COLUMNS,
    ExportColumn,
    guard_formula,
    needs_formula_guard,
    unguard_formula,
)
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import ExportCancelled, ExportError, InputError
from desktop_app.domain.records import DocumentRecord, ImportBatch
from desktop_app.services import exporting
from desktop_app.services.catalog import Catalog
from desktop_app.storage.export_rows import whole_catalog_sql

from .conftest import SEED

Run = Callable[..., tuple[int, str, str]]

ALL_COLUMNS = [column.key for column in EXPORT_COLUMNS]


@pytest.fixture
def run(catalog_url: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """`dossier ARGS --database <a fresh catalog>`; returns (status, stdout, stderr)."""

    def invoke(*arguments: str) -> tuple[int, str, str]:
        status = main([*arguments, "--database", catalog_url])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return invoke


@pytest.fixture
def seeded(run: Run) -> Run:
    status, _, err = run("import", str(SEED))
    assert status == 0, err
    return run


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as stream:
        return stream.read()


# -- the command line ------------------------------------------------------------------------


def test_export_to_standard_output_prints_a_header_and_the_rows(seeded: Run) -> None:
    status, out, err = seeded(
        "export", "-", "--query", "author:Stalin", "--columns", "date,title,recipients"
    )
    assert status == 0, err
    rows = _csv_rows(out)
    assert rows[0] == ["Date", "Title", "Recipients"]
    assert len(rows) == 6
    assert rows[1] == [
        "September 10, 1951",
        "Ciphered Telegram, Filippov [Stalin] to Mao Zedong",
        "Mao Zedong",
    ]
    assert out.count("\r\n") == 6


def test_export_default_columns_are_the_tables(seeded: Run, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    status, printed, err = seeded("export", str(out))
    assert status == 0, err
    assert f"{out}: 20 documents exported" in printed
    rows = _csv_rows(_read(out))
    assert rows[0] == [
        "Date",
        "Title",
        "Type",
        "Number",
        "Authors",
        "Recipients",
        "Origin",
        "Collections",
        "Record ID",
        "Language",
        "Archive",
    ]
    assert len(rows) == 21
    assert [row[0] for row in rows[1:3]] == ["September 10, 1951", "October 07, 1951"]


def test_export_sorts_and_descends(seeded: Run) -> None:
    status, out, _ = seeded(
        "export", "-", "--columns", "date", "--sort", "date", "--descending", "--query", "year:1951"
    )
    assert status == 0
    dates = [row[0] for row in _csv_rows(out)[1:]]
    assert len(dates) == 7
    starts = [parse_date(text).start for text in dates]
    assert starts == sorted(starts, reverse=True)  # type: ignore[type-var]


def test_export_json_is_an_array_of_objects_with_arrays(seeded: Run) -> None:
    status, out, _ = seeded(
        "export",
        "-",
        "--format",
        "json",
        "--query",
        "via:Krasovsky",
        "--columns",
        "date,authors,via,record_id",
    )
    assert status == 0
    items = json.loads(out)
    assert len(items) == 3
    assert items[0] == {
        "date": "October 07, 1951",
        "authors": ["Stalin"],
        "via": ["Krasovsky"],
        "record_id": "",
    }


def test_export_json_is_chosen_by_the_extension(seeded: Run, tmp_path: Path) -> None:
    out = tmp_path / "found.json"
    assert seeded("export", str(out), "--query", "armistice")[0] == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 3


def test_export_with_a_byte_order_mark(seeded: Run, tmp_path: Path) -> None:
    out = tmp_path / "excel.csv"
    assert seeded("export", str(out), "--bom", "--columns", "title")[0] == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfTitle\r\n")
    assert data.count(b"\xef\xbb\xbf") == 1


def test_an_unknown_column_is_exit_2_naming_it(seeded: Run, tmp_path: Path) -> None:
    out = tmp_path / "never.csv"
    status, printed, err = seeded("export", str(out), "--columns", "date,colour,title")
    assert status == 2
    assert printed == ""
    assert "'colour'" in err and "unknown column" in err
    assert not out.exists()


def test_columns_may_be_named_by_their_headings(seeded: Run) -> None:
    status, out, _ = seeded("export", "-", "--columns", "Record ID,Date start", "--query", "x")
    assert status == 0
    assert _csv_rows(out)[0] == ["Record ID", "Date start"]


def test_a_bad_query_is_exit_2(seeded: Run, tmp_path: Path) -> None:
    status, _, err = seeded("export", str(tmp_path / "x.csv"), "--query", "colour:red")
    assert status == 2
    assert "'colour' is not a field" in err
    assert not (tmp_path / "x.csv").exists()


# -- round trips -----------------------------------------------------------------------------

ROUND_TRIP_QUERIES = [
    "",
    'type:"Ciphered Telegram"',
    'type:="Telegram"',
    "year:1951",
    "author:Stalin",
    "author:Filippov",
    "recipient:Stalin",
    'author:"Mao Zedong"',
    'author:"Zhou Enlai"',
    "via:Krasovsky",
    "participant:Zhou",
    "origin:Beijing",
    "armistice",
    "Filippov",
    "date:1951-11..1952-02",
    'collection:"Sino-Soviet Relations"',
]


@pytest.mark.parametrize("file_format", ["csv", "json"])
@pytest.mark.parametrize("columns", ["all", "default"])
def test_the_whole_seed_round_trips(
    seed_catalog: Catalog, tmp_path: Path, file_format: str, columns: str
) -> None:
    keys = ALL_COLUMNS if columns == "all" else list(DEFAULT_EXPORT_COLUMNS)
    # The table's columns leave out the summary, so a word search cannot find the same; what the
    # title says (via, participants, the date's interval) is read from it again.
    compared = ALL_COLUMNS if columns == "all" else [*keys, *DERIVED_FROM_TITLE]
    queries = [q for q in ROUND_TRIP_QUERIES if columns == "all" or q not in ("armistice",)]
    out = tmp_path / f"seed.{file_format}"
    result = seed_catalog.export(out, columns=keys, file_format=file_format)
    assert result.rows == 20
    copy = Catalog.open(f"sqlite:///{tmp_path / 'copy.sqlite'}")
    try:
        (report,) = copy.import_files([out])
        assert (report.added, report.updated, report.skipped) == (20, 0, 0)
        assert _everything(copy, compared) == _everything(seed_catalog, compared)
        for query in queries:
            assert copy.count(query) == seed_catalog.count(query), query
        # Importing the export again finds every document as it is.
        (again,) = copy.import_files([out])
        assert (again.added, again.updated, again.skipped) == (0, 0, 20)
    finally:
        copy.close()


DERIVED_FROM_TITLE = ["via", "participants", "mentioned", "date_start", "date_end", "precision"]


def _everything(catalog: Catalog, columns: list[str]) -> list[tuple[object, ...]]:
    """Those fields of every document, and the dates named in its title, in date order."""
    ids = catalog.search().ids
    values = catalog.export_values(ids, columns)
    details = [catalog.detail(i) for i in ids]
    return [
        (*row, detail.title_dates if detail else None)
        for row, detail in zip(values, details, strict=True)
    ]


def test_explicit_ids_export_in_the_order_given(seed_catalog: Catalog, tmp_path: Path) -> None:
    ids = list(seed_catalog.search("author:Stalin").ids)[::-1]
    out = tmp_path / "picked.csv"
    seed_catalog.export(out, ids=ids, columns=["date"])
    dates = [row[0] for row in _csv_rows(_read(out))[1:]]
    assert dates == [row.date_text for row in seed_catalog.rows(ids)]
    assert dates[0] == "July 16, 1952"


def test_progress_reports_pages_up_to_the_total(
    seed_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporting, "PAGE_SIZE", 6)
    calls: list[tuple[int, int]] = []
    seed_catalog.export(
        tmp_path / "p.csv", progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(0, 20), (6, 20), (12, 20), (18, 20), (20, 20)]


def test_pages_are_read_with_one_call_each(
    seed_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporting, "PAGE_SIZE", 8)
    sizes: list[int] = []
    original = seed_catalog.export_values

    def counted(ids: list[int], columns: list[str], **kw: str) -> list[tuple[str, ...]]:
        sizes.append(len(ids))
        return original(ids, columns, **kw)

    monkeypatch.setattr(seed_catalog, "export_values", counted)
    seed_catalog.export(tmp_path / "p.json", file_format="json")
    assert sizes == [8, 8, 4]
    assert len(json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))) == 20


# -- any text, and the formula guard ---------------------------------------------------------

FORMULA_CASES = [
    ("=1+1", "'=1+1"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd", "'-2+3+cmd"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ('   =HYPERLINK("x")', '\'   =HYPERLINK("x")'),
    ("＝1+1", "'＝1+1"),
    ("＋1", "'＋1"),
    ("－1", "'－1"),
    ("＠x", "'＠x"),
    ("'=1", "''=1"),
    ("-", "'-"),
    ("-5", "-5"),
    ("+1.5e3", "+1.5e3"),
    ("300653", "300653"),
    ("a=1", "a=1"),
    ("Letter, Mao to Stalin", "Letter, Mao to Stalin"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "guarded"), FORMULA_CASES)
def test_the_formula_guard(text: str, guarded: str) -> None:
    assert guard_formula(text) == guarded
    assert unguard_formula(guarded) == text


@pytest.fixture(scope="module")
def text_catalogs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Catalog, Catalog]]:
    folder = tmp_path_factory.mktemp("text")
    source = Catalog.open(f"sqlite:///{folder / 'source.sqlite'}")
    target = Catalog.open(f"sqlite:///{folder / 'target.sqlite'}")
    yield source, target
    source.close()
    target.close()


_ODD_TEXT = st.sampled_from(
    [
        '"',
        '""',
        ",",
        ";",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "'",
        "=",
        "+",
        "-",
        "@",
        " ",
        "＝",
        "😀",
        "👩‍👩‍👧",
        "مرحبا بالعالم",
        "שלום",
        "\u202e",
        "Satō",
        "\ufeff",
    ]
)
TEXT = st.lists(
    st.one_of(
        _ODD_TEXT, st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"))
    ),
    max_size=6,
).map("".join)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=TEXT, summary=TEXT, notes=TEXT, protect=st.booleans())
def test_any_text_is_exported_and_read_back(
    text_catalogs: tuple[Catalog, Catalog],
    tmp_path_factory: pytest.TempPathFactory,
    title: str,
    summary: str,
    notes: str,
    protect: bool,
) -> None:
    source, target = text_catalogs
    title = title if title.strip() else "x" + title
    record_id = str(source.count() + 1)
    source.import_batches(
        [
            ImportBatch(
                "hypothesis",
                documents=(
                    DocumentRecord(
                        title=title,
                        date=parse_date("1951"),
                        summary=summary,
                        notes=notes,
                        record_id=record_id,
                    ),
                ),
                # Examples share dates and titles; their record IDs tell them apart.
                update_existing=True,
            )
        ]
    )
    (document_id,) = source.search(f"record:={record_id}").ids
    folder = tmp_path_factory.mktemp("out")
    out = folder / "one.csv"
    source.export(
        out,
        ids=[document_id],
        columns=["title", "summary", "notes", "record_id"],
        formula_protection=protect,
    )
    rows = _csv_rows(_read(out))
    assert rows[0] == ["Title", "Summary", "Notes", "Record ID"]

    def shown(text: str) -> str:
        return "'" + text if protect and needs_formula_guard(text) else text

    assert rows[1] == [shown(title), shown(summary), shown(notes), record_id]

    # The JSON export holds the text exactly, whatever the guard.
    source.export(folder / "one.json", ids=[document_id], columns=["title", "summary"])
    # …and importing the CSV gives the same document back, the guard undone. The importer takes
    # every leading `'` before a would-be formula for Dossier's own guard, so only a guarded
    # export comes back exactly; carriage returns are left out, as CSV readers fold them.
    if not protect or any("\r" in value for value in (title, summary, notes)):
        return
    target.import_files([out])
    (copy_id,) = target.search(f"record:={record_id}").ids
    detail = target.detail(copy_id)
    assert detail is not None
    assert detail.row.title == title.strip()
    assert detail.summary == (summary if summary.strip() else "")
    assert detail.notes == (notes if notes.strip() else "")


def test_json_keeps_text_exactly(seed_catalog: Catalog, tmp_path: Path) -> None:
    seed_catalog.import_batches(
        [
            ImportBatch(
                "odd",
                documents=(
                    DocumentRecord(
                        title='=cmd|"/C calc"!A0', date=parse_date("1950"), record_id="9"
                    ),
                ),
            )
        ]
    )
    out = tmp_path / "odd.json"
    seed_catalog.export(out, query="record:=9", columns=["title"], file_format="json")
    assert json.loads(out.read_text(encoding="utf-8")) == [{"title": '=cmd|"/C calc"!A0'}]


def test_the_header_row_is_guarded_too() -> None:
    stream = io.StringIO(newline="")
    sink = exporting._CsvSink(stream, (ExportColumn("x", "=HYPERLINK()"),), protect=True)
    sink.start()
    sink.write([("@x",)])
    assert stream.getvalue() == "'=HYPERLINK()\r\n'@x\r\n"


def test_protection_off_leaves_formulas(seed_catalog: Catalog, tmp_path: Path) -> None:
    seed_catalog.import_batches(
        [
            ImportBatch(
                "odd",
                documents=(DocumentRecord(title="=1+1", date=parse_date("1950"), record_id="-7"),),
            )
        ]
    )
    guarded, plain = tmp_path / "guarded.csv", tmp_path / "plain.csv"
    seed_catalog.export(guarded, query="record:=-7", columns=["title", "record_id"])
    seed_catalog.export(
        plain, query="record:=-7", columns=["title", "record_id"], formula_protection=False
    )
    assert _csv_rows(_read(guarded))[1] == ["'=1+1", "-7"]
    assert _csv_rows(_read(plain))[1] == ["=1+1", "-7"]


# -- nothing half-written --------------------------------------------------------------------


def _leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_a_parent_that_is_a_file_is_exit_1_and_writes_nothing(seeded: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine", encoding="utf-8")
    out = blocker / "export.csv"
    status, printed, err = seeded("export", str(out))
    assert status == 1
    assert printed == ""
    assert str(out) in err and "is not a folder" in err
    assert len(err.strip().splitlines()) == 1
    assert blocker.read_text(encoding="utf-8") == "mine"
    assert _leftovers(tmp_path) == []


def test_a_missing_folder_is_exit_1(seeded: Run, tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "export.csv"
    status, _, err = seeded("export", str(out))
    assert status == 1
    assert str(out) in err and "does not exist" in err
    assert not (tmp_path / "nowhere").exists()


def test_a_folder_as_the_target_is_refused(seed_catalog: Catalog, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        seed_catalog.export(tmp_path)


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root writes into read-only folders; permissions cannot be tested as root",
)
def test_a_read_only_folder_is_exit_1(seeded: Run, tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    (folder / "old.csv").write_text("old", encoding="utf-8")
    folder.chmod(0o500)
    try:
        status, _, err = seeded("export", str(folder / "old.csv"))
    finally:
        folder.chmod(0o700)
    assert status == 1
    assert "permission denied" in err
    assert (folder / "old.csv").read_text(encoding="utf-8") == "old"
    assert _leftovers(folder) == []


def test_a_cancelled_export_keeps_the_old_file(
    seed_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporting, "PAGE_SIZE", 5)
    out = tmp_path / "kept.csv"
    out.write_text("the old export", encoding="utf-8")
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) == 3

    with pytest.raises(ExportCancelled) as caught:
        seed_catalog.export(out, cancelled=cancelled)
    assert str(out) in str(caught.value) and "cancelled after 10 of 20" in str(caught.value)
    assert caught.value.exit_status == 1
    assert not isinstance(caught.value, ExportError)
    assert out.read_text(encoding="utf-8") == "the old export"
    assert _leftovers(tmp_path) == []


def test_a_cancelled_new_export_leaves_no_file(seed_catalog: Catalog, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(ExportCancelled):
        seed_catalog.export(folder / "new.csv", cancelled=lambda: True)
    assert list(folder.iterdir()) == []


def test_a_full_disk_keeps_the_old_file(
    seed_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "kept.csv"
    out.write_text("the old export", encoding="utf-8")

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exporting.os, "fsync", full)
    with pytest.raises(ExportError) as caught:
        seed_catalog.export(out)
    assert str(caught.value).startswith(f"{out}: ")
    assert "the disk is full" in str(caught.value)
    assert caught.value.exit_status == 1
    assert out.read_text(encoding="utf-8") == "the old export"
    assert _leftovers(tmp_path) == []


def test_a_folder_that_vanishes_midway(
    seed_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporting, "PAGE_SIZE", 5)
    folder = tmp_path / "usb-stick"
    folder.mkdir()

    def progress(done: int, _total: int) -> None:
        if done == 10:
            shutil.rmtree(folder)

    with pytest.raises(ExportError) as caught:
        seed_catalog.export(folder / "out.csv", progress=progress)
    assert "does not exist" in str(caught.value)
    assert not folder.exists()


def test_an_existing_file_is_replaced_whole_with_its_mode(
    seed_catalog: Catalog, tmp_path: Path
) -> None:
    out = tmp_path / "shared.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    seed_catalog.export(out, columns=["title"])
    assert _read(out).startswith("Title\r\n")
    assert out.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []


def test_an_unknown_format_is_input_error(seed_catalog: Catalog, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(InputError, match="unknown export format 'xml'"):
        seed_catalog.export(folder / "x.xml", file_format="xml")
    assert list(folder.iterdir()) == []


def test_the_benchmarks_sql_reads_what_the_export_writes(
    seed_catalog: Catalog, tmp_path: Path
) -> None:
    out = tmp_path / "seed.csv"
    seed_catalog.export(out, columns=ALL_COLUMNS, formula_protection=False)
    with sqlite3.connect(tmp_path / "seed.sqlite") as connection:
        rows = [list(row) for row in connection.execute(whole_catalog_sql(ALL_COLUMNS))]
    assert rows == _csv_rows(_read(out))[1:]
