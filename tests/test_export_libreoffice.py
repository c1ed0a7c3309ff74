"""Exported CSV survives a round trip through LibreOffice Calc (skipped without LibreOffice)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app.domain.dates import parse_date
from desktop_app.domain.records import DocumentRecord, ImportBatch
from desktop_app.services.catalog import Catalog

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)",
)

COLUMNS = ["record_id", "title", "summary", "authors"]
# LibreOffice's CSV filter: comma, double quote, UTF-8, from line 1, every column read as text
# (so that nothing is turned into a number or a date on the way through).
FILTER = "44,34,76,1,1/2/2/2/3/2/4/2"


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8-sig") as stream:
        return [row for row in csv.reader(stream)]


def _convert(source: Path, target_format: str, folder: Path, profile: Path) -> Path:
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--infilter=CSV:{FILTER}",
            "--convert-to",
            target_format,
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (converted,) = folder.iterdir()
    return converted


def test_quotes_commas_and_line_breaks_survive_libreoffice(
    seed_catalog: Catalog, tmp_path: Path
) -> None:
    seed_catalog.import_batches(
        [
            ImportBatch(
                "odd",
                documents=(
                    DocumentRecord(
                        title='Quotes "inside", commas, and; semicolons',
                        date=parse_date("1950"),
                        summary='Line one\nline two, "quoted" — Ünïcödé 毛泽东 עברית',
                        record_id="777",
                    ),
                ),
            )
        ]
    )
    exported = tmp_path / "export.csv"
    seed_catalog.export(exported, columns=COLUMNS, formula_protection=False)
    profile = tmp_path / "profile"
    spreadsheet = _convert(exported, "ods", tmp_path / "ods", profile)
    back = _convert(
        spreadsheet, f"csv:Text - txt - csv (StarCalc):{FILTER}", tmp_path / "back", profile
    )
    assert _rows(back) == _rows(exported)
    assert len(_rows(back)) == 22  # the header and 21 documents
    assert _rows(back)[1][:2] == ["777", 'Quotes "inside", commas, and; semicolons']


def test_a_workbook_opens_in_libreoffice_with_its_cells_and_no_formulas(
    seed_catalog: Catalog, tmp_path: Path
) -> None:
    hostile = '=HYPERLINK("http://evil.example","click")'
    seed_catalog.import_batches(
        [
            ImportBatch(
                "hostile",
                documents=(DocumentRecord(title=hostile, date=parse_date("1950"), record_id="9"),),
            )
        ]
    )
    workbook = tmp_path / "export.xlsx"
    seed_catalog.export(workbook, columns=["record_id", "date", "title"], file_format="xlsx")
    assert SOFFICE is not None
    folder = tmp_path / "csv"
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--convert-to",
            "csv",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = _rows(folder / "export.csv")
    assert rows[0] == ["Record ID", "Date", "Title"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["9"] == ["9", "1950", hostile]  # shown as written, never run
    days = [row[1] for row in rows[1:] if row[0] != "9"]
    assert "1951-09-10" in days  # a day is a date, in the workbook's date format
