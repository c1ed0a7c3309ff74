"""Importing what citation managers export — RIS, BibTeX, CSL-JSON — as documents: Dossier's own
exports come back as the documents they held, and a broken file is refused by file and line,
leaving the catalog as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.domain.errors import InputError
from desktop_app.services.catalog import Catalog
from desktop_app.services.importing import source_format

FIELDS = (
    "title",
    "date_text",
    "date_start",
    "date_end",
    "doc_type",
    "number",
    "authors",
    "recipients",
    "collections",
)


def _documents(catalog: Catalog) -> list[tuple[object, ...]]:
    """What a historian compares: each document's title, date, type, people, collections,
    tags and notes, in date order."""
    found = []
    for document_id in catalog.search("").ids:
        detail = catalog.detail(document_id)
        assert detail is not None
        row = detail.row
        found.append(
            (
                *(getattr(row, name) for name in FIELDS if hasattr(row, name)),
                row.precision,
                detail.tags,
                detail.notes,
                detail.via,
                detail.participants,
                detail.mentioned,
                detail.places,
                detail.subjects,
                detail.summary,
                row.record_id,
                row.archive,
                row.languages,
            )
        )
    return sorted(found, key=str)


@pytest.mark.parametrize(
    ("name", "file_format"),
    [
        ("seed.ris", "ris"),
        ("seed.bib", "bibtex"),
        ("seed.csl.json", "csl-json"),
    ],
)
def test_an_export_imports_back_as_the_documents_it_held(
    seed_catalog: Catalog, tmp_path: Path, name: str, file_format: str
) -> None:
    seed_catalog.retag("author:Stalin", add=["chapter 3"])
    document_id = next(iter(seed_catalog.search("author:Mao").ids))
    seed_catalog.edit_document(document_id, 1, {"notes": "Compare with the Chinese text."})
    path = tmp_path / name
    seed_catalog.export(path, query="", file_format=file_format)
    assert source_format(path) == file_format
    copy = Catalog.open(f"sqlite:///{tmp_path / 'copy.sqlite'}")
    try:
        (report,) = copy.import_files([path])
        assert report.added == seed_catalog.count()
        assert _documents(copy) == _documents(seed_catalog)
        # Imported again, nothing is added: the same documents, found by date and title.
        (again,) = copy.import_files([path])
        assert again.added == 0
    finally:
        copy.close()
    (home,) = seed_catalog.import_files([path])  # into the catalog it came from
    assert home.added == 0


def test_a_zotero_style_csl_json_file_imports(tmp_path: Path, catalog_url: str) -> None:
    path = tmp_path / "zotero.json"
    path.write_text(
        '[{"id": "http://zotero.org/users/1/items/ABC", "type": "manuscript",'
        ' "title": "Letter, Jawaharlal Nehru to All Provincial Premiers",'
        ' "author": [{"family": "Nehru", "given": "Jawaharlal"}],'
        ' "issued": {"date-parts": [["1949", "4", "1"]]},'
        ' "archive": "Nehru Memorial Museum and Library",'
        ' "archive_location": "File No. JNSG, vol. 21-1"}]',
        encoding="utf-8",
    )
    assert source_format(path) == "csl-json"
    catalog = Catalog.open(catalog_url)
    try:
        catalog.import_files([path])
        (document_id,) = catalog.search("").ids
        row = catalog.rows([document_id])[0]
        assert (row.title, row.date_start, row.archive) == (
            "Letter, Jawaharlal Nehru to All Provincial Premiers",
            "1949-04-01",
            "Nehru Memorial Museum and Library",
        )
        assert row.authors and "Nehru" in row.authors[0]
    finally:
        catalog.close()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "broken.ris",
            "TY  - MANSCPT\nTI  - One\nER  - \n\nTY  - MANSCPT\nTI  - Two\n",
            ":5: is not a RIS file as written",
        ),
        (
            "broken.bib",
            "@unpublished{a,\n  title = {One}\n}\n\n@unpublished{b,\n  title = {Two\n",
            ":5: is not a BibTeX entry",
        ),
        (
            "broken.json",
            '[{"id": "a", "type": "document", "title": "One"},\n {"id": "b", "type": ',
            ":2: is not JSON",
        ),
        ("untitled.ris", "TY  - MANSCPT\nAU  - Stalin\nER  - \n", ":1: has no title"),
        ("latin1.ris", "TY  - MANSCPT\nTI  - Caf\xe9\nER  - \n", ":2: is not UTF-8 text here"),
    ],
)
def test_a_broken_file_is_refused_by_its_line_and_nothing_is_imported(
    seed_catalog: Catalog, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("latin-1" if "latin1" in name else "utf-8"))
    before = seed_catalog.count()
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as raised:
        seed_catalog.import_files([path])
    assert str(path) in str(raised.value)
    assert seed_catalog.count() == before
