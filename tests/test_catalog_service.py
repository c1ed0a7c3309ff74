"""The catalog facade on hand-made batches: identity of people, re-imports, trees, details."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.dates import HistoricalDate, Precision, parse_date
from desktop_app.domain.errors import CatalogError
from desktop_app.domain.records import (
    CollectionRecord,
    Credit,
    DocumentRecord,
    ImportBatch,
    PersonName,
    Role,
)
from desktop_app.services.catalog import Catalog
from desktop_app.storage.writer import BatchWriter


def _document(title: str, when: str, *credits: Credit, **fields: object) -> DocumentRecord:
    return DocumentRecord(title=title, date=parse_date(when), credits=credits, **fields)  # type: ignore[arg-type]


def _author(name: str, *aliases: str) -> Credit:
    return Credit(PersonName(name, aliases), Role.AUTHOR)


@pytest.fixture
def catalog(catalog_url: str):  # type: ignore[no-untyped-def]
    opened = Catalog.open(catalog_url)
    yield opened
    opened.close()


def test_both_forms_of_a_name_are_one_person(catalog: Catalog) -> None:
    catalog.import_batches(
        [
            ImportBatch(
                "test",
                documents=(
                    _document("Letter A", "1967", _author("Satō Eisaku", "Eisaku Sato")),
                    _document("Letter B", "1968", _author("Sato Eisaku")),
                ),
            )
        ]
    )
    assert catalog.facets("author") == [_value("Satō Eisaku", 2)]
    assert catalog.count("author:Sato") == 2
    assert catalog.count('author:"eisaku sato"') == 2
    assert catalog.count("person:satō") == 2


def _value(name: str | None, count: int):  # type: ignore[no-untyped-def]
    from desktop_app.domain.views import FacetValue

    return FacetValue(name, count)


def test_record_ids_keep_re_imports_out(catalog: Catalog) -> None:
    batch = ImportBatch("test", documents=(_document("Cable", "1951", record_id="300653"),))
    first = catalog.import_batches([batch])[0]
    renamed = ImportBatch(
        "test", documents=(_document("Cable (retitled)", "1951", record_id="300653"),)
    )
    second = catalog.import_batches([renamed])[0]
    assert (first.added, second.added, second.skipped) == (1, 0, 1)
    assert catalog.count() == 1


def test_a_failing_batch_leaves_nothing_behind(catalog: Catalog, tmp_path: Path) -> None:
    # The database itself refuses the second chunk's document, as a full disk would.
    with sqlite3.connect(tmp_path / "catalog.sqlite") as connection:
        connection.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.title = 'Broken' "
            "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
        )
    good = [_document(f"Good {n}", "1950") for n in range(BatchWriter.CHUNK + 5)]
    broken = _document("Broken", "1950")
    with pytest.raises(CatalogError, match="disk full"):
        catalog.import_batches(
            [ImportBatch("test", collections=(CollectionRecord("New"),), documents=(*good, broken))]
        )
    assert catalog.count() == 0
    assert catalog.collections() == []


def test_collection_counts_include_sub_collections(catalog: Catalog) -> None:
    catalog.import_batches(
        [
            ImportBatch(
                "test",
                collections=(
                    CollectionRecord("Cold War"),
                    CollectionRecord(
                        "Korean War", parent_title="Cold War", period_start=1950, period_end=1953
                    ),
                ),
                documents=(
                    _document("One", "1950", collections=("Cold War",)),
                    _document("Two", "1951", collections=("Korean War",)),
                    _document("Three", "1952", collections=("Cold War", "Korean War")),
                ),
            )
        ]
    )
    (root,) = catalog.collections()
    assert (root.title, root.document_count) == ("Cold War", 3)
    (child,) = root.children
    assert (child.title, child.document_count, child.period_label) == ("Korean War", 2, "1950–1953")
    assert catalog.count('collection:="Cold War"') == 3
    assert catalog.count('collection:="Korean War"') == 2


def test_dates_sort_by_interval_then_width(catalog: Catalog) -> None:
    catalog.import_batches(
        [
            ImportBatch(
                "test",
                documents=(
                    _document("Day", "November 5, 1951"),
                    _document("First day", "November 1, 1951"),
                    _document("Month", "November 1951"),
                    _document("Year", "1951"),
                    _document("Undated", "undated"),
                    _document("Circa", "c. 1952"),
                ),
            )
        ]
    )
    titles = [row.title for row in catalog.rows(catalog.search().ids)]
    # c. 1952 covers 1951..1953: it starts with 1951 and is wider, so it comes first.
    assert titles == ["Circa", "Year", "Month", "First day", "Day", "Undated"]
    # Overlap: the year, the circa year and the month all may fall in November 1951.
    assert catalog.count("date:1951-11") == 5
    assert catalog.count("date:1951-11-03") == 3
    assert catalog.count("date:1950") == 0
    assert catalog.count("date:1953") == 1
    assert catalog.count("missing:date") == 1
    assert catalog.facets("year")[-1] == _value(None, 1)


def test_detail_has_everything(catalog: Catalog) -> None:
    record = DocumentRecord(
        title="Memorandum of Conversation, Roshchin with Luo Ruiqing, 24 December 1951",
        date=parse_date("January 18, 1952"),
        summary="In the course of the discussion…",
        record_id="111",
        doc_type="Memorandum of Conversation",
        origin="Beijing",
        credits=(
            Credit(PersonName("N.V. Roshchin", ("Roshchin",)), Role.PARTICIPANT),
            Credit(PersonName("Luo Ruiqing"), Role.PARTICIPANT),
        ),
        title_dates=(parse_date("24 December 1951"),),
        places=("Manchuria",),
        subjects=("Korean War, 1950-1953",),
        languages=("Russian",),
        archive="AVPRF",
        classification="Secret",
        url="https://example.org/document/111",
        tags=("purge",),
    )
    catalog.import_batches([ImportBatch("test", documents=(record,))])
    (document_id,) = catalog.search().ids
    detail = catalog.detail(document_id)
    assert detail is not None
    assert detail.row.precision is Precision.DAY
    assert detail.participants == ("N.V. Roshchin", "Luo Ruiqing")
    assert detail.title_dates == ("24 December 1951",)
    assert detail.places == ("Manchuria",)
    assert detail.subjects == ("Korean War, 1950-1953",)
    assert detail.row.languages == ("Russian",)
    assert detail.tags == ("purge",)
    assert catalog.count("participant:Roshchin place:Manchuria subject:korean") == 1
    assert catalog.count('subject:="Korean War, 1950-1953" language:russian tag:purge') == 1
    assert catalog.count("archive:avprf classification:secret record:111") == 1
    assert catalog.detail(document_id + 1000) is None


def test_historical_dates_keep_their_text() -> None:
    value = parse_date("June, 1934")
    assert value == HistoricalDate(
        "June, 1934", Precision.MONTH, date(1934, 6, 1), date(1934, 6, 30)
    )


def test_a_listing_imported_again_replaces_an_older_reading_of_its_titles(
    catalog: Catalog, tmp_path: Path
) -> None:
    """A listing read by an older reader left a person made of title words; importing the
    same listing again leaves the right people, and none of the old links."""
    title = "Record of a Meeting Between T. V. Soong and Stalin"
    listing = tmp_path / "soong.txt"
    listing.write_text(
        f"Soviet Foreign Policy\n\n  • August 27, 1945\n\n    {title}\n\n"
        "  • August 28, 1945\n\n    Letter, Stalin to Chiang Kai-shek\n",
        encoding="utf-8",
    )
    catalog.import_files([listing])
    older = _document(
        title,
        "August 27, 1945",
        Credit(PersonName("Meeting Between T. V. Soong"), Role.PARTICIPANT),
        Credit(PersonName("Stalin"), Role.PARTICIPANT),
        collections=("Soviet Foreign Policy", "Kept Elsewhere"),
        summary="A summary the listing does not have.",
    )
    catalog.import_batches([ImportBatch("older reader", documents=(older,), update_existing=True)])
    assert catalog.count('participant:"Meeting Between"') == 1

    (again,) = catalog.import_files([listing])
    assert (again.added, again.updated, again.skipped) == (0, 1, 1)
    assert catalog.count('participant:"Meeting Between"') == 0
    participants = [value.value for value in catalog.facets("participant") if value.value]
    assert participants == ["Stalin", "T. V. Soong"]
    # What the listing does not say stays: the summary, the other collection.
    assert catalog.count('summary:"does not have"') == 1
    assert catalog.count('collection:="Kept Elsewhere"') == 1
    # Once right, the same listing changes nothing.
    (third,) = catalog.import_files([listing])
    assert (third.added, third.updated, third.skipped) == (0, 0, 2)
