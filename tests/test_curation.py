"""Curating a catalog: every field of a document edited and the edit undone, values set on and
added to a selection, documents deleted and put back — on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.dates import parse_date
from desktop_app.domain.edits import LinkChange, RecordEdit, Removal, ValueChange
from desktop_app.domain.errors import ConflictError, InputError, ReadOnlyCatalogError
from desktop_app.domain.records import DocumentRecord, ImportBatch
from desktop_app.services.catalog import Catalog


def _only(catalog: Catalog, query: str) -> int:
    ids = list(catalog.search(query).ids)
    assert len(ids) == 1, f"{query!r} finds {len(ids)} documents"
    return ids[0]


def _version(catalog: Catalog, document_id: int) -> int:
    detail = catalog.detail(document_id)
    assert detail is not None
    return detail.version


def test_every_field_of_a_document_is_edited_and_the_edit_undone(seed_catalog: Catalog) -> None:
    catalog = seed_catalog
    document_id = catalog.search("armistice").ids[0]
    before = catalog.detail(document_id)
    assert before is not None
    edit = catalog.edit_document(
        document_id,
        before.version,
        {
            "title": "  Aardvark   plan: a telegram ",
            "date": "March 3, 1953",
            "type": "Memorandum",
            "number": "No. 17",
            "authors": ["Zhou Enlai", "Nikolai Roshchin"],
            "recipients": ["Kim Il Sung"],
            "via": ["The Soviet Embassy"],
            "participants": ["Mao Zedong"],
            "origin": "Pyongyang",
            "places": ["Kaesong", "Panmunjom"],
            "subjects": ["Armistice"],
            "languages": ["Russian", "Korean"],
            "archive": "An Archive of My Own",
            "source": "Copied from the microfilm.",
            "classification": "Top secret",
            "record_id": "my-17",
            "url": "https://example.org/17",
            "summary": "About the plan.",
            "notes": "Check against the Chinese original.",
            "tags": ["chapter 3"],
        },
    )
    assert isinstance(edit, RecordEdit) and "title" in edit.fields and "credits" in edit.fields
    after = catalog.detail(document_id)
    assert after is not None
    row = after.row
    assert (row.title, row.date_text, row.date_start) == (
        "Aardvark plan: a telegram",
        "March 3, 1953",
        "1953-03-03",
    )
    assert (row.doc_type, row.number, row.origin, row.archive, row.record_id) == (
        "Memorandum",
        "No. 17",
        "Pyongyang",
        "An Archive of My Own",
        "my-17",
    )
    # "Nikolai Roshchin" is an alias in the seed catalog: the person is shown by their name.
    assert row.authors == ("Zhou Enlai", "N.V. Roshchin") and row.recipients == ("Kim Il Sung",)
    assert after.via == ("The Soviet Embassy",) and after.participants == ("Mao Zedong",)
    assert after.places == ("Kaesong", "Panmunjom") and after.subjects == ("Armistice",)
    assert row.languages == ("Russian", "Korean") and after.tags == ("chapter 3",)
    assert (after.source_citation, after.classification, after.url) == (
        "Copied from the microfilm.",
        "Top secret",
        "https://example.org/17",
    )
    assert (after.summary, after.notes, after.version) == (
        "About the plan.",
        "Check against the Chinese original.",
        before.version + 1,
    )
    # Searched, counted and sorted as it now is.
    assert list(catalog.search("aardvark").ids) == [document_id]
    assert list(catalog.search("note:chinese").ids) == [document_id]
    assert list(catalog.search("place:Kaesong").ids) == [document_id]
    assert catalog.count("type:Memorandum") >= 1 and catalog.count("year:1953") >= 1
    assert catalog.search("", sort="title").ids[0] == document_id
    # Undone: the document as it was, found as it was.
    redo = catalog.revert(edit)
    undone = catalog.detail(document_id)
    assert undone is not None
    assert (undone.row, undone.summary, undone.notes, undone.tags, undone.places) == (
        before.row,
        before.summary,
        before.notes,
        before.tags,
        before.places,
    )
    assert catalog.count("aardvark") == 0 and catalog.count("place:Kaesong") == 0
    catalog.revert(redo)  # redone
    assert list(catalog.search("aardvark").ids) == [document_id]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "title: a document needs a title"),
        ({"date": "the thirty-first of Smarch"}, "date: 'the thirty-first of Smarch' is not"),
        ({"authors": "Zhou Enlai"}, "authors: a list of names"),
        ({"tags": "Korea"}, "tags: a list of names"),
        ({"colour": "red"}, "'colour' cannot be edited"),
    ],
)
def test_an_edit_that_cannot_be_stored_names_its_field_and_changes_nothing(
    seed_catalog: Catalog, changes: dict[str, object], message: str
) -> None:
    document_id = seed_catalog.search("armistice").ids[0]
    before = seed_catalog.detail(document_id)
    with pytest.raises(InputError, match=message):
        seed_catalog.edit_document(document_id, 1, {"notes": "kept?", **changes})
    assert seed_catalog.detail(document_id) == before


def test_a_record_id_another_document_has_is_refused(seed_catalog: Catalog) -> None:
    first, second = list(seed_catalog.search("author:Stalin").ids)[:2]
    seed_catalog.edit_document(first, 1, {"record_id": "117"})
    with pytest.raises(InputError, match="record ID: 117 is already the ID of"):
        seed_catalog.edit_document(second, 1, {"record_id": "117"})


def test_a_person_typed_under_an_alias_is_the_person_the_catalog_knows(
    seed_catalog: Catalog,
) -> None:
    people = {person.name: person for person in seed_catalog.people()}
    person = next(p for p in people.values() if p.aliases)
    document_id = seed_catalog.search("armistice").ids[0]
    seed_catalog.edit_document(document_id, 1, {"recipients": [person.aliases[0]]})
    detail = seed_catalog.detail(document_id)
    assert detail is not None and detail.row.recipients == (person.name,)
    assert person.name not in people or all(
        p.name != person.aliases[0] for p in seed_catalog.people()
    )


def test_undoing_an_edit_after_another_change_of_the_same_field_is_refused(
    seed_catalog: Catalog,
) -> None:
    document_id = seed_catalog.search("armistice").ids[0]
    edit = seed_catalog.edit_document(document_id, 1, {"title": "Mine"})
    seed_catalog.edit_document(document_id, 2, {"title": "Theirs"})
    with pytest.raises(ConflictError, match="title of “Theirs” was changed since"):
        seed_catalog.revert(edit)
    assert seed_catalog.detail(document_id).row.title == "Theirs"  # type: ignore[union-attr]


def test_undoing_an_edit_after_a_change_of_other_fields_keeps_that_change(
    seed_catalog: Catalog,
) -> None:
    document_id = seed_catalog.search("armistice").ids[0]
    edit = seed_catalog.edit_document(document_id, 1, {"title": "Mine"})
    seed_catalog.retag([document_id], add=["kept"])
    seed_catalog.revert(edit)
    detail = seed_catalog.detail(document_id)
    assert detail is not None and detail.row.title != "Mine" and detail.tags == ("kept",)


def test_a_type_and_an_archive_set_on_a_selection_and_undone_value_by_value(
    seed_catalog: Catalog,
) -> None:
    catalog = seed_catalog
    types_before = {f.value: f.count for f in catalog.facets("type")}
    selection = "author:Stalin OR author:Mao"
    count = catalog.count(selection)
    letters = catalog.count(f"({selection}) AND type:Letter")
    change = catalog.assign("type", selection, "Letter")
    assert isinstance(change, ValueChange)
    assert catalog.count(f"({selection}) AND type:Letter") == count
    # Only the documents that were not letters already were changed.
    assert len(change.document_ids) == count - letters > 0
    assert "Letter" not in change.previous
    # The table sorts by the new type.
    by_type = catalog.search(selection, sort="type").ids
    assert [catalog.rows([i])[0].doc_type for i in by_type] == ["Letter"] * count
    catalog.revert(change)
    assert {f.value: f.count for f in catalog.facets("type")} == types_before
    archive = catalog.assign("archive", [1, 2], "Archive of My Own")
    assert catalog.count('archive:"Archive of My Own"') == 2
    catalog.revert(archive)
    assert catalog.count('archive:"Archive of My Own"') == 0
    cleared = catalog.assign("type", [1], None)
    assert catalog.rows([1])[0].doc_type == "" and cleared.document_ids == [1]


def test_languages_set_on_a_selection_replace_the_ones_it_had(seed_catalog: Catalog) -> None:
    catalog = seed_catalog
    ids = list(catalog.search("author:Stalin").ids)
    before = {i: catalog.rows([i])[0].languages for i in ids}
    change = catalog.relink("language", ids, add=["Georgian"], remove=["*"])
    assert all(catalog.rows([i])[0].languages == ("Georgian",) for i in ids)
    catalog.revert(change)
    assert {i: catalog.rows([i])[0].languages for i in ids} == before


def test_a_selection_added_to_a_collection_and_taken_out_again(seed_catalog: Catalog) -> None:
    catalog = seed_catalog
    (collection, *_) = [node.title for node in catalog.collections()]
    outside = list(catalog.search(f'NOT collection:"{collection}"').ids)[:3]
    if not outside:
        outside = list(catalog.search("").ids)[:3]
    change = catalog.relink("collection", outside, add=[collection])
    assert isinstance(change, LinkChange)
    assert all(collection in catalog.rows([i])[0].collections for i in outside)
    catalog.revert(change)
    with pytest.raises(InputError, match="no collection 'Never made'; create it first"):
        catalog.relink("collection", outside, add=["Never made"])
    with pytest.raises(InputError, match="'place' cannot be added to many documents"):
        catalog.relink("place", outside, add=["Moscow"])
    with pytest.raises(InputError, match="'title' cannot be set on many documents"):
        catalog.assign("title", outside, "Same for all")


def test_documents_deleted_and_put_back_whole(seed_catalog: Catalog) -> None:
    catalog = seed_catalog
    total = catalog.count()
    ids = list(catalog.search("author:Stalin").ids)
    catalog.retag(ids[:1], add=["mine"])
    before = {catalog.detail(i).row.title: catalog.detail(i) for i in ids}  # type: ignore[union-attr]
    removal = catalog.delete_documents("author:Stalin")
    assert isinstance(removal, Removal) and removal.document_ids == sorted(ids)
    assert catalog.count() == total - len(ids) and catalog.count("author:Stalin") == 0
    assert catalog.count("tag:mine") == 0 and catalog.detail(ids[0]) is None
    restored = catalog.revert(removal)
    assert catalog.count() == total and catalog.count("tag:mine") == 1
    assert sorted(catalog.search("author:Stalin").ids) == sorted(ids)  # under the same ids
    for document_id in catalog.search("author:Stalin").ids:
        detail = catalog.detail(document_id)
        assert detail is not None
        was = before[detail.row.title]
        assert (detail.summary, detail.tags, detail.row.authors, detail.row.collections) == (
            was.summary,
            was.tags,
            was.row.authors,
            was.row.collections,
        )
    catalog.revert(restored)  # deleted again: redo
    assert catalog.count("author:Stalin") == 0


def test_an_edit_of_a_read_only_catalog_is_refused_and_changes_nothing(
    seed_catalog: Catalog, tmp_path: Path
) -> None:
    before = seed_catalog.detail(1)
    catalog = Catalog.open(f"sqlite:///file:{tmp_path / 'seed.sqlite'}?mode=ro&uri=true")
    try:
        assert catalog.read_only
        with pytest.raises(ReadOnlyCatalogError, match="read-only"):
            catalog.edit_document(1, 1, {"title": "No"})
        with pytest.raises(ReadOnlyCatalogError, match="read-only"):
            catalog.assign("type", [1], "Letter")
        with pytest.raises(ReadOnlyCatalogError, match="read-only"):
            catalog.delete_documents([1])
    finally:
        catalog.close()
    assert seed_catalog.detail(1) == before


def test_on_postgresql_edits_set_values_and_deletions_are_undone(pg_seed_catalog: Catalog) -> None:
    catalog = pg_seed_catalog
    document_id = catalog.search("armistice").ids[0]
    edit = catalog.edit_document(
        document_id, 1, {"date": "1953", "authors": ["Zhou Enlai"], "places": ["Kaesong"]}
    )
    assert catalog.detail(document_id).row.date_text == "1953"  # type: ignore[union-attr]
    assert catalog.count("place:Kaesong") == 1
    catalog.revert(edit)
    assert catalog.count("place:Kaesong") == 0
    letters = catalog.count("type:Letter")
    change = catalog.assign("type", "author:Stalin", "Letter")
    assert catalog.count("type:Letter") == letters + len(change.document_ids) > letters
    catalog.revert(change)
    assert catalog.count("type:Letter") == letters
    total = catalog.count()
    removal = catalog.delete_documents("author:Mao")
    assert catalog.count() < total
    catalog.revert(removal)
    assert catalog.count() == total


def test_a_document_put_back_after_its_id_was_taken_gets_a_new_one(seed_catalog: Catalog) -> None:
    catalog = seed_catalog
    last = max(catalog.search("").ids)
    title = catalog.detail(last).row.title  # type: ignore[union-attr]
    removal = catalog.delete_documents([last])
    # On SQLite the next document imported takes the freed id.
    record = DocumentRecord(title="A new telegram", date=parse_date("May 1, 1960"))
    catalog.import_batches([ImportBatch("new.txt", documents=(record,))])
    assert catalog.detail(last).row.title == "A new telegram"  # type: ignore[union-attr]
    restored = catalog.revert(removal)
    (new_id,) = restored.document_ids
    assert new_id != last and catalog.detail(new_id).row.title == title  # type: ignore[union-attr]
    assert catalog.detail(last).row.title == "A new telegram"  # type: ignore[union-attr]
    catalog.revert(restored)
    assert catalog.detail(new_id) is None and catalog.detail(last) is not None


def test_set_and_delete_from_the_command_line(
    seed_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stalin = seed_catalog.count("author:Stalin")
    seed_catalog.close()
    url = f"sqlite:///{tmp_path / 'seed.sqlite'}"

    def run(*arguments: str) -> tuple[int, str, str]:
        status = main(["--database", url, *arguments])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    assert run("set", "--dry-run", "author:Stalin", "type=Letter")[1].startswith("would set type")
    assert run("set", "author:Stalin", "type=Letter")[0] == 0
    assert run("set", "author:Stalin", "tags=chapter 3; stalin")[0] == 0
    assert run("set", "author:Stalin", "notes=Read twice.")[1] == (
        f"set notes on {stalin} documents (of {stalin} found)\n"
    )
    status, _, err = run("set", "author:Stalin", "date=Smarch 1951")
    assert status == 2 and "date: 'Smarch' in 'Smarch 1951' is not a month" in err
    status, _, err = run("set", "author:Stalin", "colour")
    assert status == 2 and "'colour' is no FIELD=VALUE" in err
    status, _, err = run("delete", "")
    assert status == 2 and "an empty query finds every document" in err
    assert run("delete", "--dry-run", "author:Stalin")[1] == f"would delete {stalin} documents\n"
    catalog = Catalog.open(url)
    try:
        assert catalog.count("type:Letter AND tag:stalin AND note:twice") == stalin
    finally:
        catalog.close()
    assert run("delete", "author:Stalin")[1] == f"deleted {stalin} documents\n"
    catalog = Catalog.open(url)
    try:
        assert catalog.count("author:Stalin") == 0
    finally:
        catalog.close()


def test_a_change_of_many_documents_reports_its_progress_and_can_be_cancelled(
    seed_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.domain.errors import ChangeCancelled
    from desktop_app.storage import linking

    monkeypatch.setattr(linking, "CHUNK", 3)  # several chunks even for the seed
    reports: list[tuple[int, int]] = []
    change = seed_catalog.retag("", add=["all"], progress=lambda d, t: reports.append((d, t)))
    total = seed_catalog.count()
    assert len(change.document_ids) == total and reports[-1] == (2 * total, 2 * total)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    asked: list[int] = []

    def cancel_on_the_third_chunk() -> bool:
        asked.append(1)
        return len(asked) >= 3

    for attempt in (
        lambda: seed_catalog.retag("", add=["never"], cancelled=cancel_on_the_third_chunk),
        lambda: seed_catalog.assign("type", "", "Letter", cancelled=lambda: True),
        lambda: seed_catalog.delete_documents("", cancelled=lambda: True),
        lambda: seed_catalog.apply(change.reversed(), cancelled=lambda: True),
    ):
        asked.clear()
        with pytest.raises(ChangeCancelled, match="nothing was changed"):
            attempt()
    assert seed_catalog.count("tag:never") == 0 and seed_catalog.count("type:Letter") == 1
    assert seed_catalog.count() == total and seed_catalog.count("tag:all") == total
