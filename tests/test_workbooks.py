"""Excel workbooks and the provenance of exports: opened by openpyxl, the cells are what the
catalog holds — days as dates, other dates as written, formulas inert — and a second sheet (or
a file beside a CSV) says how the export was made."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from desktop_app.cli import main
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import InputError
from desktop_app.domain.records import DocumentRecord, ImportBatch
from desktop_app.services.catalog import Catalog

HOSTILE = '=HYPERLINK("http://evil.example","click")'


def test_a_workbook_holds_the_documents_as_values(seed_catalog: Catalog, tmp_path: Path) -> None:
    seed_catalog.import_batches(
        [
            ImportBatch(
                "hostile.txt",
                documents=(
                    DocumentRecord(title=HOSTILE, date=parse_date("November 1967")),
                    DocumentRecord(
                        title="+1-2", date=parse_date("c. 1952"), languages=("Russian", "Chinese")
                    ),
                ),
            )
        ]
    )
    path = tmp_path / "all.xlsx"
    result = seed_catalog.export(path, query="", file_format="xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Documents", "Export"]
    sheet = book["Documents"]
    headings = [cell.value for cell in sheet[1]]
    assert headings[:3] == ["Date", "Title", "Type"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["C"].width
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == result.rows == seed_catalog.count()
    by_title = {row[1]: row for row in rows}
    # A day is a real date; a month or a circa year stays as the archive wrote it.
    stalin = by_title["Ciphered Telegram, Filippov [Stalin] to Mao Zedong"]
    assert stalin[0] == datetime(1951, 9, 10)
    assert by_title[HOSTILE][0] == "November 1967" and by_title["+1-2"][0] == "c. 1952"
    # Every cell a value: no formula anywhere, the hostile title kept as text.
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
    assert by_title[HOSTILE][1] == HOSTILE
    # Several values in one cell, joined as the table shows them.
    assert by_title["+1-2"][headings.index("Language")] == "Russian; Chinese"
    record = {row[0]: row[1] for row in book["Export"].iter_rows(values_only=True)}
    assert record["Documents"] == str(result.rows) and record["Format"] == "xlsx"
    assert record["Catalog"] == seed_catalog.location
    assert record["Columns"].startswith("date, title, type")


def test_a_csv_export_keeps_its_provenance_beside_it(seed_catalog: Catalog, tmp_path: Path) -> None:
    path = tmp_path / "stalin.csv"
    seed_catalog.export(path, query="author:Stalin", provenance=True, columns=["date", "title"])
    beside = tmp_path / "stalin.csv.provenance.json"
    record = json.loads(beside.read_text(encoding="utf-8"))
    assert record["query"] == "author:Stalin" and record["documents"] == 5
    assert record["columns"] == ["date", "title"] and record["format"] == "csv"
    assert record["scope"] == "every document the query finds"
    assert record["catalog"] == seed_catalog.location
    assert datetime.fromisoformat(record["exported_at"])
    assert record["exported_by"].startswith("Dossier ")


def test_a_workbook_is_written_to_a_file_only(seed_catalog: Catalog) -> None:
    with pytest.raises(InputError, match="written to a file"):
        seed_catalog.export("-", file_format="xlsx")


def test_the_command_line_writes_a_workbook_by_its_suffix(
    seed_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_catalog.close()
    url = f"sqlite:///{tmp_path / 'seed.sqlite'}"
    out = tmp_path / "mao.xlsx"
    assert (
        main(["--database", url, "export", str(out), "--query", "author:Mao", "--provenance"]) == 0
    )
    assert "documents exported" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book["Documents"].max_row == 1 + 8
    assert (tmp_path / "mao.xlsx.provenance.json").exists()
