"""A document's full text and footnotes: imported, updated, read, exported, migrated, copied."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_app.cli import main
from desktop_app.domain.columns import (
    COLUMNS_BY_KEY,
    DEFAULT_EXPORT_COLUMNS,
    EXPORT_COLUMNS,
    export_columns,
)
from desktop_app.domain.dates import parse_date
from desktop_app.domain.records import Credit, DocumentRecord, ImportBatch, PersonName, Role
from desktop_app.domain.views import DocumentDetail
from desktop_app.services.catalog import Catalog
from desktop_app.storage.engine import SCHEMA_HEAD, head_revision, open_catalog
from tests.conftest import downgraded_seed_copy

Run = Callable[..., tuple[int, str, str]]

BODY = (
    'The Soviet Government agrees to the proposal of "the Chinese comrades".\n\n'
    "It asks that 50% of the line be fixed before the talks resume."
)
FOOTNOTES = "1. See the telegram of 7 October.\n\n2. Not printed."
HEADER = ["record_id", "date", "title", "transcript", "footnotes"]


def _csv(path: Path, header: list[str], *rows: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _two_reports(path: Path, first: str = BODY, footnotes: str = FOOTNOTES) -> Path:
    """A file of two reports; the first one's text and footnotes as given."""
    return _csv(
        path,
        HEADER,
        ["101", "October 7, 1951", "Report on the Grain Harvest", first, footnotes],
        ["102", "October 9, 1951", "Report on the Rice Harvest", "The rice is in.", ""],
    )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty catalog: an SQLite file, or a database on the PostgreSQL test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def run(database: str, capsys: pytest.CaptureFixture[str]) -> Run:
    """`dossier ARGS --database <the catalog>`; returns (status, stdout, stderr)."""

    def invoke(*arguments: str) -> tuple[int, str, str]:
        status = main([*arguments, "--database", database])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return invoke


@pytest.fixture
def catalog(database: str) -> Iterator[Catalog]:
    opened = Catalog.open(database)
    yield opened
    opened.close()


def _detail(catalog: Catalog, query: str) -> DocumentDetail:
    (document_id,) = catalog.search(query).ids
    detail = catalog.detail(document_id)
    assert detail is not None
    return detail


def _imported(run: Run, path: Path) -> str:
    status, out, err = run("import", str(path))
    assert status == 0, err
    return out


# -- import ----------------------------------------------------------------------------------


def test_a_transcript_column_is_the_documents_text(
    run: Run, catalog: Catalog, tmp_path: Path
) -> None:
    out = _imported(run, _two_reports(tmp_path / "reports.csv"))
    assert "2 documents added, 0 already in the catalog, 0 updated" in out
    grain = _detail(catalog, "record:=101")
    assert grain.text == BODY
    assert grain.footnotes == FOOTNOTES
    rice = _detail(catalog, "record:=102")
    assert (rice.text, rice.footnotes) == ("The rice is in.", "")


@pytest.mark.parametrize(
    "heading", ["text", "Text", "body", "Text body", "full_text", "Full text", "translation"]
)
def test_every_name_of_the_text_column_is_read(
    heading: str, catalog_url: str, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "one.csv", ["title", "date", heading], ["Letter on Tea", "1950", BODY])
    catalog = Catalog.open(catalog_url)
    (report,) = catalog.import_files([path])
    assert report.added == 1
    assert not report.warnings
    assert _detail(catalog, "title:tea").text == BODY
    catalog.close()


def test_json_lines_give_text_and_footnotes(catalog_url: str, tmp_path: Path) -> None:
    path = tmp_path / "letters.jsonl"
    lines = [
        {"title": "Letter on Tea", "date": "1950", "full_text": BODY, "footnote": FOOTNOTES},
        {"title": "Letter on Coffee", "date": "1950"},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    catalog = Catalog.open(catalog_url)
    catalog.import_files([path])
    tea = _detail(catalog, "title:tea")
    assert (tea.text, tea.footnotes) == (BODY, FOOTNOTES)
    coffee = _detail(catalog, "title:coffee")
    assert (coffee.text, coffee.footnotes) == ("", "")
    catalog.close()
    # Only the document that has text has a row of text.
    with sqlite3.connect(tmp_path / "catalog.sqlite") as connection:
        assert connection.execute("SELECT count(*) FROM document_texts").fetchone() == (1,)


# -- updates ---------------------------------------------------------------------------------


def test_changed_text_is_an_update_and_the_same_text_is_not(
    run: Run, catalog: Catalog, tmp_path: Path
) -> None:
    _imported(run, _two_reports(tmp_path / "reports.csv"))
    out = _imported(run, _two_reports(tmp_path / "again.csv"))
    assert "0 documents added, 2 already in the catalog, 0 updated" in out

    revised = BODY.replace("agrees to", "rejects")
    out = _imported(run, _two_reports(tmp_path / "revised.csv", first=revised))
    assert "0 documents added, 1 already in the catalog, 1 updated" in out
    grain = _detail(catalog, "record:=101")
    assert grain.text == revised
    assert grain.footnotes == FOOTNOTES
    assert grain.version == 2
    assert _detail(catalog, "record:=102").text == "The rice is in."

    out = _imported(run, _two_reports(tmp_path / "notes.csv", revised, "1. Printed at last."))
    assert "0 documents added, 1 already in the catalog, 1 updated" in out
    assert _detail(catalog, "record:=101").footnotes == "1. Printed at last."


def test_a_file_without_the_text_column_leaves_the_text(
    run: Run, catalog: Catalog, tmp_path: Path
) -> None:
    _imported(run, _two_reports(tmp_path / "reports.csv"))
    summaries = _csv(
        tmp_path / "summaries.csv",
        ["record_id", "title", "summary"],
        ["101", "Report on the Grain Harvest", "The harvest, as Moscow sees it."],
    )
    out = _imported(run, summaries)
    assert "0 documents added, 0 already in the catalog, 1 updated" in out
    grain = _detail(catalog, "record:=101")
    assert grain.summary == "The harvest, as Moscow sees it."
    assert (grain.text, grain.footnotes) == (BODY, FOOTNOTES)
    # The text the catalog keeps does not make the same file look changed.
    out = _imported(run, summaries)
    assert "0 documents added, 1 already in the catalog, 0 updated" in out


def test_an_empty_text_cell_clears_the_text(run: Run, catalog: Catalog, tmp_path: Path) -> None:
    _imported(run, _two_reports(tmp_path / "reports.csv"))
    out = _imported(run, _two_reports(tmp_path / "cleared.csv", first="", footnotes=""))
    assert "0 documents added, 1 already in the catalog, 1 updated" in out
    grain = _detail(catalog, "record:=101")
    assert (grain.text, grain.footnotes) == ("", "")
    out = _imported(run, _two_reports(tmp_path / "cleared-again.csv", first="", footnotes=""))
    assert "0 documents added, 2 already in the catalog, 0 updated" in out


def test_making_two_people_one_keeps_their_documents_texts(catalog: Catalog) -> None:
    def letter(title: str, when: str, author: str, body: str | None) -> ImportBatch:
        record = DocumentRecord(
            title=title,
            date=parse_date(when),
            credits=(Credit(PersonName(author), Role.AUTHOR),),
            text=body,
            footnotes="1. Not printed." if body else None,
        )
        return ImportBatch("test", documents=(record,))

    catalog.import_batches([letter("Letter on Tea", "1961", "Ragulin", BODY)])
    catalog.import_batches([letter("Letter on Coffee", "1962", "Gennady Ragulin", None)])
    # The first letter was written again to name the one person both names are.
    assert [(v.value, v.count) for v in catalog.facets("author")] == [("Gennady Ragulin", 2)]
    tea = _detail(catalog, "title:tea")
    assert tea.row.authors == ("Gennady Ragulin",)
    assert (tea.text, tea.footnotes) == (BODY, "1. Not printed.")
    assert _detail(catalog, "title:coffee").text == ""


# -- export ----------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("https://example.org/x","Read me")\n\nThe second paragraph.'
FORMULA_NOTES = "+1 more note, not printed"


def _rows(printed: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(printed, newline="")))


def test_export_holds_the_text_only_when_asked_and_guards_it(
    run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _imported(run, _two_reports(tmp_path / "reports.csv", FORMULA, FORMULA_NOTES))

    status, out, err = run("export", "-", "--sort", "title")
    assert status == 0, err
    assert _rows(out)[0] == [COLUMNS_BY_KEY[key].label for key in DEFAULT_EXPORT_COLUMNS]
    assert "second paragraph" not in out

    status, out, err = run("export", "-", "--columns", "record_id,Text,footnotes")
    assert status == 0, err
    assert _rows(out) == [
        ["Record ID", "Text", "Footnotes"],
        ["101", "'" + FORMULA, "'" + FORMULA_NOTES],
        ["102", "The rice is in.", ""],
    ]
    status, out, _ = run(
        "export", "-", "--columns", "record_id,text,footnotes", "--no-formula-protection"
    )
    assert _rows(out)[1] == ["101", FORMULA, FORMULA_NOTES]

    status, out, _ = run("export", "-", "--columns", "record_id,text", "--format", "json")
    assert json.loads(out) == [
        {"record_id": "101", "text": FORMULA},
        {"record_id": "102", "text": "The rice is in."},
    ]

    # A guarded export imports into another catalog with the text as it was.
    exported = tmp_path / "texts.csv"
    status, _, err = run("export", str(exported), "--columns", "record_id,date,title,text")
    assert status == 0, err
    other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    assert main(["import", str(exported), "--database", other]) == 0
    capsys.readouterr()
    copy = Catalog.open(other)
    assert _detail(copy, "record:=101").text == FORMULA
    copy.close()


def test_the_text_columns_are_named_in_errors_and_help(
    run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run("export", str(tmp_path / "x.csv"), "--columns", "title,colour")
    assert status == 2
    assert "unknown column 'colour'" in err and "notes" in err and "footnotes" in err
    status, _, err = run("export", str(tmp_path / "x.csv"), "--columns", "text,Text")
    assert status == 2
    assert "'text' is named twice" in err
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert "footnotes" in capsys.readouterr().out


def test_the_text_columns_are_export_columns_never_among_the_defaults() -> None:
    # One list of columns for the command line, the window's Export dialog and the importer.
    texts = [(column.key, column.label) for column in EXPORT_COLUMNS if column.long]
    assert texts == [("text", "Text"), ("footnotes", "Footnotes")]
    assert [column.key for column in EXPORT_COLUMNS[-2:]] == ["text", "footnotes"]
    assert COLUMNS_BY_KEY["text"].label == "Text"
    assert export_columns(["Text", "FOOTNOTES"]) == (
        COLUMNS_BY_KEY["text"],
        COLUMNS_BY_KEY["footnotes"],
    )
    assert not {"text", "footnotes"} & set(DEFAULT_EXPORT_COLUMNS)


def test_the_import_help_names_each_field_once(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    printed = " ".join(capsys.readouterr().out.split())
    fields = printed.split("fields: ", 1)[1].split(", ignore", 1)[0].split(", ")
    assert "text" in fields and "footnotes" in fields
    assert len(fields) == len(set(fields)), fields


# -- the schema ------------------------------------------------------------------------------


def test_a_catalog_of_schema_0003_is_backed_up_and_upgraded_keeping_its_documents(
    _seed_catalog_file: Path, tmp_path: Path
) -> None:
    path = downgraded_seed_copy(_seed_catalog_file, tmp_path, "0003")
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "document_texts" not in tables

    catalog = Catalog.open(f"sqlite:///{path}")
    (backup,) = tmp_path.glob("seed.sqlite.schema-0003.*.bak")
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (20,)
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    assert catalog.info().schema_version == head_revision() == SCHEMA_HEAD
    assert catalog.count() == 20
    assert (catalog.count("author:Stalin"), catalog.count("recipient:Stalin")) == (5, 10)

    # The upgraded catalog takes a text for one of its documents, which keeps all it had.
    (document_id,) = catalog.search('title:"Filippov [Stalin] to Mao Zedong" date:1951-09-10').ids
    before = catalog.detail(document_id)
    assert before is not None and before.text == ""
    texts = _csv(
        tmp_path / "texts.csv",
        ["date", "title", "transcript"],
        [before.row.date_text, before.row.title, BODY],
    )
    (report,) = catalog.import_files([texts])
    assert (report.added, report.updated) == (0, 1)
    after = catalog.detail(document_id)
    assert after is not None
    assert after.text == BODY
    assert (after.summary, after.row.authors) == (before.summary, before.row.authors)
    catalog.close()


def test_a_document_removed_takes_its_text_with_it(
    database: str, catalog: Catalog, tmp_path: Path
) -> None:
    catalog.import_files([_two_reports(tmp_path / "reports.csv")])
    opened = open_catalog(database)
    with opened.engine.begin() as connection:
        connection.execute(text("DELETE FROM documents WHERE record_id = '101'"))
        remaining = connection.execute(text("SELECT body FROM document_texts")).scalars().all()
    opened.engine.dispose()
    assert remaining == ["The rice is in."]


@pytest.mark.postgres
def test_a_copy_between_sqlite_and_postgresql_keeps_the_texts(
    catalog_url: str, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = Catalog.open(catalog_url)
    catalog.import_files([_two_reports(tmp_path / "reports.csv")])
    catalog.close()
    assert main(["copy", catalog_url, pg_url]) == 0
    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    assert main(["copy", pg_url, back]) == 0
    capsys.readouterr()
    for url in (pg_url, back):
        copy = Catalog.open(url)
        grain = _detail(copy, "record:=101")
        assert (grain.text, grain.footnotes) == (BODY, FOOTNOTES)
        assert _detail(copy, "record:=102").text == "The rice is in."
        copy.close()
