"""Exports for citation managers — CSL-JSON, RIS, BibLaTeX — read back by parsers that are not
ours (rispy, bibtexparser) with every field where those formats keep it, and hostile titles
inert in each."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy

from desktop_app.cli import main
from desktop_app.domain.citing import bibtex_entry, csl_item, date_parts, ris_record
from desktop_app.services.catalog import Catalog
from desktop_app.services.exporting import ExportSpec, export_documents, format_for

HOSTILE = '=cmd|" /C calc"!A0 } \\end{document} @misc{x,\nER  - {evil}'


def _values(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "record_id": "111111",
        "title": "Ciphered Telegram, Filippov [Stalin] to Mao Zedong",
        "date": "September 10, 1951",
        "precision": "day",
        "date_start": "1951-09-10",
        "date_end": "1951-09-10",
        "type": "Ciphered Telegram",
        "number": "25025",
        "authors": ["Stalin"],
        "recipients": ["Mao Zedong"],
        "via": ["Krasovsky"],
        "participants": [],
        "origin": "Moscow",
        "places": ["Korea"],
        "subjects": [],
        "languages": ["Russian"],
        "archive": "Archive of the President of the Russian Federation (APRF)",
        "source": "APRF, Fond 45, Opis 1, Delo 342, List 16-17",
        "classification": "Top secret",
        "collections": ["Sino-Soviet Relations"],
        "url": "https://digitalarchive.wilsoncenter.org/document/111111",
        "summary": "Stalin agrees to send military advisors.",
        "notes": "Compare with the Chinese text.",
        "tags": ["chapter 3", "advisors"],
    }
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("precision", "start", "end", "expected"),
    [
        ("day", "1951-09-10", "1951-09-10", {"date-parts": [[1951, 9, 10]]}),
        ("month", "1967-11-01", "1967-11-30", {"date-parts": [[1967, 11]]}),
        ("year", "1952-01-01", "1952-12-31", {"date-parts": [[1952]]}),
        ("circa", "1951-01-01", "1953-12-31", {"date-parts": [[1952]], "circa": True}),
        ("undated", "", "", None),
    ],
)
def test_a_dates_precision_is_kept(precision: str, start: str, end: str, expected: object) -> None:
    values = _values(precision=precision, date_start=start, date_end=end)
    assert date_parts(values) == expected


def test_ris_read_back_by_rispy_keeps_every_field() -> None:
    (entry,) = rispy.loads(ris_record(_values(), "dossier-111111"))
    assert entry["type_of_reference"] == "MANSCPT"
    assert entry["title"] == "Ciphered Telegram, Filippov [Stalin] to Mao Zedong"
    assert entry["authors"] == ["Stalin"]
    # The fourth part of the date, "other information", is the date as the archive wrote it.
    assert entry["year"] == "1951" and entry["date"] == "1951/09/10/September 10, 1951"
    assert entry["name_of_database"].startswith("Archive of the President")
    assert entry["call_number"] == "APRF, Fond 45, Opis 1, Delo 342, List 16-17"
    assert entry["accession_number"] == "111111"
    assert entry["urls"] == ["https://digitalarchive.wilsoncenter.org/document/111111"]
    assert entry["keywords"] == ["chapter 3", "advisors"]
    assert entry["language"] == "Russian"
    assert entry["abstract"] == "Stalin agrees to send military advisors."
    assert "To: Mao Zedong" in entry["notes"] and "Via: Krasovsky" in entry["notes"]
    assert "Compare with the Chinese text." in entry["notes"]


def test_bibtex_read_back_by_bibtexparser_keeps_every_field() -> None:
    library = bibtexparser.parse_string(bibtex_entry(_values(), "dossier-111111"))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert (entry.entry_type, entry.key) == ("unpublished", "dossier-111111")
    fields = {field.key: field.value for field in entry.fields}
    assert fields["title"] == "{Ciphered Telegram, Filippov [Stalin] to Mao Zedong}"
    assert fields["author"] == "{Stalin}"
    assert fields["date"] == "1951-09-10"
    assert fields["type"] == "Ciphered Telegram" and fields["number"] == "25025"
    assert fields["howpublished"].startswith("Archive of the President")
    assert fields["addendum"] == "APRF, Fond 45, Opis 1, Delo 342, List 16-17"
    assert fields["url"] == "https://digitalarchive.wilsoncenter.org/document/111111"
    assert fields["keywords"] == "chapter 3, advisors"
    assert fields["note"] == (
        "To: Mao Zedong. Via: Krasovsky. Places: Korea. Classification: Top secret"
    )
    assert fields["annotation"] == "Compare with the Chinese text."


def test_hostile_text_stays_inert_in_every_citation_format() -> None:
    values = _values(title=HOSTILE, summary=HOSTILE, notes=HOSTILE)
    # RIS: one record, its title on one line, nothing ending it early.
    (entry,) = rispy.loads(ris_record(values))
    assert entry["title"] == " ".join(HOSTILE.split())
    # BibLaTeX: one entry, its braces escaped, no second entry smuggled in.
    library = bibtexparser.parse_string(bibtex_entry(values))
    assert len(library.entries) == 1 and not library.failed_blocks
    # CSL-JSON: the text as a string value, its spaces tidied.
    assert json.loads(json.dumps(csl_item(values)))["title"] == " ".join(HOSTILE.split())
    assert csl_item(values)["type"] == "manuscript"  # its archive is known


def test_the_catalog_exports_each_format_and_they_read_back(
    seed_catalog: Catalog, tmp_path: Path
) -> None:
    total = seed_catalog.count("author:Stalin")
    for name, file_format in (("s.ris", "ris"), ("s.bib", "bibtex"), ("s.csl.json", "csl-json")):
        path = tmp_path / name
        assert format_for(str(path)) == file_format
        result = export_documents(
            seed_catalog, path, ExportSpec(query="author:Stalin", file_format=file_format)
        )
        assert result.rows == total
        text = path.read_text(encoding="utf-8")
        if file_format == "ris":
            entries = rispy.loads(text)
            assert [e["title"] for e in entries] == [
                row.title for row in seed_catalog.rows(seed_catalog.search("author:Stalin").ids)
            ]
        elif file_format == "bibtex":
            library = bibtexparser.parse_string(text)
            assert len(library.entries) == total and not library.failed_blocks
            assert len({entry.key for entry in library.entries}) == total  # keys unique
        else:
            items = json.loads(text)
            # The seed's listing names no archive: documents, not an archive's manuscripts.
            assert len(items) == total and all(item["type"] == "document" for item in items)


def test_the_command_line_exports_ris_by_the_files_suffix(
    seed_catalog: Catalog, tmp_path: Path
) -> None:
    seed_catalog.close()
    out = tmp_path / "stalin.ris"
    url = f"sqlite:///{tmp_path / 'seed.sqlite'}"
    assert main(["--database", url, "export", str(out), "--query", "author:Stalin"]) == 0
    assert len(rispy.loads(out.read_text(encoding="utf-8"))) == 5
