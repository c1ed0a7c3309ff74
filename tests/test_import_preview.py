"""Previewing CSV and JSON files as an import will read them: columns, fields, rows, problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.errors import InputError
from desktop_app.importers.tabular import PreviewRow, column_field, preview_table
from desktop_app.services.catalog import Catalog
from desktop_app.services.importing import preview_source

from .conftest import SEED


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def test_a_csv_preview_names_each_columns_field_by_the_importers_matching(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "letters.csv",
        "Record ID,Headline,Author,Document Date,Mood,title\n"
        '7,"Letter, Mao to Stalin",Mao Zedong,1951,grim,x\n'
        "8,'=1+1,Zhou Enlai,1952,calm,y\n",
    )
    preview = preview_table(path, file_format="csv")
    assert preview.columns == ("Record ID", "Headline", "Author", "Document Date", "Mood", "title")
    assert preview.fields == ("record_id", None, "authors", "date", None, "title")
    assert preview.rows == (
        PreviewRow(2, ("7", "Letter, Mao to Stalin", "Mao Zedong", "1951", "grim", "x")),
        # Our own export's formula guard is undone, as the import does.
        PreviewRow(3, ("8", "=1+1", "Zhou Enlai", "1952", "calm", "y")),
    )
    assert preview.problem is None
    assert not preview.more


def test_a_mapping_and_the_first_of_two_columns_for_a_field(tmp_path: Path) -> None:
    path = _write(tmp_path, "two.csv", "Headline,Title,Name\nA,B,C\n")
    preview = preview_table(path, file_format="csv", mapping={"headline": "title"})
    # The mapped Headline gives the title, so the Title column is ignored, as on import.
    assert preview.fields == ("title", None, None)
    assert column_field("Headline", {"Headline": "ignore"}) is None
    assert column_field("Original Publication Date") == "date"


def test_a_preview_stops_at_its_rows_and_at_the_first_problem(tmp_path: Path) -> None:
    rows = "".join(f"{n},Title {n}\n" for n in range(30))
    preview = preview_table(_write(tmp_path, "many.csv", "id,title\n" + rows), file_format="csv")
    assert len(preview.rows) == 20
    assert preview.more
    assert preview.rows[-1] == PreviewRow(21, ("19", "Title 19"))

    broken = _write(tmp_path, "broken.csv", 'date,title\n1951,Fine\n1952,"Never closed\n')
    preview = preview_table(broken, file_format="csv")
    assert preview.rows == (PreviewRow(2, ("1951", "Fine")),)
    assert preview.problem is not None
    assert preview.problem.startswith("line ")
    assert "never closed" in preview.problem

    short = _write(tmp_path, "short.csv", "date,title,authors\n1951,A,Mao\n1952,B\n")
    assert (
        preview_table(short, file_format="csv").problem == "line 3: has 2 cells; the header has 3"
    )


def test_semicolons_and_an_excel_sep_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "excel.csv", "sep=;\r\ndate;title\r\n1951;A, with a comma\r\n")
    preview = preview_table(path, file_format="csv")
    assert preview.columns == ("date", "title")
    assert preview.rows == (PreviewRow(3, ("1951", "A, with a comma")),)


def test_a_json_preview_has_the_keys_in_the_order_met(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "records.json",
        '{"records": [\n'
        '{"title": "A", "language": ["Russian", "Chinese"], "page": 3},\n'
        '{"title": "B", "summary": null, "flag": true}\n'
        "]}\n",
    )
    preview = preview_table(path, file_format="json")
    assert preview.columns == ("title", "language", "page", "summary", "flag")
    assert preview.fields == ("title", "languages", None, "summary", None)
    assert preview.rows == (
        PreviewRow(2, ("A", "Russian; Chinese", "3", "", "")),
        PreviewRow(3, ("B", "", "", "", "true")),
    )


def test_json_lines_and_a_bad_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "r.jsonl", '{"title": "A"}\n{"title": "B"\n{"title": "C"}\n')
    preview = preview_table(path, file_format="json")
    assert preview.rows == (PreviewRow(1, ("A",)),)
    assert preview.problem is not None
    assert preview.problem.startswith("line 2: is not valid JSON")


def test_an_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is empty"):
        preview_table(_write(tmp_path, "empty.csv", ""), file_format="csv")
    with pytest.raises(InputError, match="binary"):
        preview_table(_write(tmp_path, "binary.csv", b"a\x00b"), file_format="csv")


def test_preview_source_picks_the_format_and_leaves_listings_out(tmp_path: Path) -> None:
    assert preview_source(SEED) is None
    path = _write(tmp_path, "export.txt", "Date,Title\n1951,A\n")
    preview = preview_source(path)  # a CSV by its content, whatever its extension
    assert preview is not None
    assert preview.file_format == "csv"
    assert preview_source(path, "listing") is None


def test_a_preview_reads_what_the_import_reads(catalog_url: str, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.csv", 'Headline,Writer,date\n"Report, on grain",Zhou Enlai,1951\n')
    preview = preview_table(path, file_format="csv", mapping={"Headline": "title"})
    mapping = {
        name: field or "ignore" for name, field in zip(preview.columns, preview.fields, strict=True)
    }
    catalog = Catalog.open(catalog_url)
    try:
        (report,) = catalog.import_files([path], mapping=mapping)
        assert report.added == 1
        assert report.warnings == ()  # every column was decided: nothing left to warn about
        (row,) = catalog.rows(catalog.search("").ids)
        assert (row.title, row.date_text, row.authors) == ("Report, on grain", "1951", ())
    finally:
        catalog.close()
