"""Files made to break an import — JSON nested a hundred thousand levels deep, a CSV cell that
looks like such a list — are refused by file and line (or read as text), never with a
traceback, and leave the catalog as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.errors import InputError
from desktop_app.services.catalog import Catalog

DEEP = 100_000


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("nested.json", "[" * DEEP + "]" * DEEP, ":1:"),
        ("field.json", '[{"title": "x", "authors": ' + "[" * DEEP + "]" * DEEP + "}]", ":1:"),
        ("nested.jsonl", '{"title": "a"}\n' + "[" * DEEP + "]" * DEEP + "\n", ":2:"),
        ("nested.csl.json", "[" * DEEP + "]" * DEEP, ":1:"),
    ],
)
def test_deeply_nested_json_is_refused_by_file_and_line(
    seed_catalog: Catalog,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
    where: str,
) -> None:
    before = seed_catalog.count()
    seed_catalog.close()
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'seed.sqlite'}"
    file_format = ["--format", "csl-json"] if name.endswith(".csl.json") else []
    status = main(["--database", url, "import", str(path), *file_format])
    err = capsys.readouterr().err
    assert status == 2, err
    assert f"{path}{where}" in err and "too deeply" in err
    assert "RecursionError" not in err and "unexpected" not in err
    catalog = Catalog.open(url)
    try:
        assert catalog.count() == before
    finally:
        catalog.close()


def test_a_csv_cell_nested_like_a_list_is_read_as_its_text(
    catalog_url: str, tmp_path: Path
) -> None:
    """Read as text (not a list of names), it is one value too long for a tag: said so."""
    path = tmp_path / "cells.csv"
    path.write_text(
        "title,date,tags\n" + f'A title,1951,"{"[" * 30_000 + "]" * 30_000}"\n', encoding="utf-8"
    )
    catalog = Catalog.open(catalog_url)
    try:
        with pytest.raises(InputError, match=r":2: a value of tags is 60,000 characters long"):
            catalog.import_files([path])
        assert catalog.count() == 0
    finally:
        catalog.close()


def test_utf8_with_one_bad_byte_is_refused_by_its_line_never_imported_garbled(
    catalog_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "title,date\nCafé in Пекин,1951\n".encode()
        + b"A bad \xff byte,1952\n"
        + "毛泽东 again,1953\n".encode()
    )
    catalog = Catalog.open(catalog_url)
    try:
        with pytest.raises(InputError, match=r"mixed.csv:3: is UTF-8 text but for the byte 0xff"):
            catalog.import_files([path])
        assert catalog.count() == 0
    finally:
        catalog.close()


def test_a_legacy_file_is_read_in_its_encoding_and_the_report_says_which(
    catalog_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("title,date\nCafé crème à Genève,1951\n".encode("cp1252"))
    catalog = Catalog.open(catalog_url)
    try:
        (report,) = catalog.import_files([path])
        assert any("read as Windows-1252" in warning for warning in report.warnings)
        (document_id,) = catalog.search("").ids
        assert catalog.rows([document_id])[0].title == "Café crème à Genève"
    finally:
        catalog.close()


def test_two_large_imports_at_once_both_succeed_one_after_the_other(tmp_path: Path) -> None:
    """The second waits for the first (and says so) instead of failing on a locked catalog."""
    import subprocess
    import sys

    from tests.test_import_progress import generated_csv

    whole = generated_csv(tmp_path, 20_000).read_text(encoding="utf-8").splitlines(True)
    header, rows = whole[0], whole[1:]
    halves = []
    for number, part in enumerate((rows[: len(rows) // 2], rows[len(rows) // 2 :])):
        half = tmp_path / f"half{number}.csv"
        half.write_text(header + "".join(part), encoding="utf-8")
        halves.append(half)
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    assert main(["--database", url, "info"]) == 0  # made before both start
    imports = [
        subprocess.Popen(
            [sys.executable, "-m", "desktop_app", "--database", url, "import", str(half)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    results = [process.communicate(timeout=600) for process in imports]
    assert [process.returncode for process in imports] == [0, 0], results
    assert any("waits for it to finish" in err for _, err in results), results
    catalog = Catalog.open(url)
    try:
        assert catalog.count() == len(rows)
    finally:
        catalog.close()


def test_a_catalog_opened_while_another_writes_is_writable_and_searches(
    seed_catalog: Catalog, tmp_path: Path
) -> None:
    """Opening asks whether the file can be written without waiting for the writer."""
    import sqlite3

    writer = sqlite3.connect(tmp_path / "seed.sqlite")
    try:
        writer.execute("BEGIN IMMEDIATE")  # as an import holds the catalog while it writes
        reader = Catalog.open(f"sqlite:///{tmp_path / 'seed.sqlite'}")
        try:
            assert not reader.read_only
            assert reader.count("author:Stalin") == 5
        finally:
            reader.close()
    finally:
        writer.rollback()
        writer.close()


def test_an_export_of_a_damaged_catalog_says_so_and_writes_nothing(
    seed_catalog: Catalog, tmp_path: Path
) -> None:
    """A catalog missing a table (damaged by another program) is told as a catalog's problem,
    naming it, never as a driver's traceback."""
    import sqlite3

    from desktop_app.domain.errors import CatalogError

    seed_catalog.close()
    path = tmp_path / "seed.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TABLE document_texts")
    catalog = Catalog.open(f"sqlite:///{path}")
    target = tmp_path / "out.csv"
    try:
        with pytest.raises(CatalogError, match="no such table: document_texts") as raised:
            catalog.export(target, columns=["title", "text"])
        assert str(path) in str(raised.value)
        assert not target.exists()
    finally:
        catalog.close()
