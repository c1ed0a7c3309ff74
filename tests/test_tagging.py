"""Tags added to and taken from every document a query finds, in one transaction, and undone
exactly; from the command line too, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.errors import ConflictError, InputError, ReadOnlyCatalogError
from desktop_app.services.catalog import Catalog
from desktop_app.storage import linking


def _tags(catalog: Catalog, document_id: int) -> tuple[str, ...]:
    detail = catalog.detail(document_id)
    assert detail is not None
    return detail.tags


def _tag_one(catalog: Catalog, query: str, tags: list[str]) -> int:
    (document_id, *_) = catalog.search(query).ids
    detail = catalog.detail(document_id)
    assert detail is not None
    catalog.update_document(document_id, detail.version, tags=tags)
    return document_id


def test_tags_go_only_where_they_are_missing_and_undo_takes_back_only_those(
    seed_catalog: Catalog,
) -> None:
    had = _tag_one(seed_catalog, "author:Stalin", ["read", "korea"])
    change = seed_catalog.retag("author:Stalin", add=["korea", "chapter 3"])
    assert len(change.added["korea"]) == 4 and had not in change.added["korea"]
    assert len(change.added["chapter 3"]) == 5
    assert seed_catalog.count("tag:korea") == seed_catalog.count("author:Stalin") == 5
    # A new tag goes after the ones a document has.
    assert _tags(seed_catalog, had) == ("read", "korea", "chapter 3")
    redo = seed_catalog.revert(change)
    assert seed_catalog.count("tag:korea") == 1 and seed_catalog.count('tag:"chapter 3"') == 0
    assert _tags(seed_catalog, had) == ("read", "korea")
    seed_catalog.revert(redo)  # redo: the same documents tagged again
    assert seed_catalog.count("tag:korea") == 5 and seed_catalog.count('tag:"chapter 3"') == 5


def test_taking_a_tag_away_and_putting_it_back(seed_catalog: Catalog) -> None:
    seed_catalog.retag("type:cable OR type:letter", add=["check"])
    before = seed_catalog.count("tag:check")
    change = seed_catalog.retag("type:cable", remove=["check", "never there"])
    assert seed_catalog.count("tag:check") == before - len(change.removed["check"]) > 0
    assert change.removed["never there"] == ()
    seed_catalog.revert(change)
    assert seed_catalog.count("tag:check") == before


def test_a_dry_run_says_what_would_change_and_writes_nothing(seed_catalog: Catalog) -> None:
    planned = seed_catalog.retag("author:Mao", add=["draft"], dry_run=True)
    assert len(planned.added["draft"]) == seed_catalog.count("author:Mao") > 0
    assert seed_catalog.count("tag:draft") == 0


def test_a_retagged_document_refuses_an_editors_older_copy(seed_catalog: Catalog) -> None:
    (document_id, *_) = seed_catalog.search("author:Stalin").ids
    copy = seed_catalog.detail(document_id)
    assert copy is not None
    seed_catalog.retag("author:Stalin", add=["x"])
    with pytest.raises(ConflictError):
        seed_catalog.update_document(document_id, copy.version, title="Edited meanwhile")
    untouched = seed_catalog.search("author:Zhou").ids[0]
    fresh = seed_catalog.detail(untouched)
    assert fresh is not None and fresh.version == 1  # a document no tag changed keeps its version


@pytest.mark.parametrize(
    ("add", "remove", "message"),
    [
        (["  "], [], "a tag needs a name"),
        (["korea"], ["korea"], "both added and taken away"),
    ],
)
def test_bad_changes_are_refused_and_change_nothing(
    seed_catalog: Catalog, add: list[str], remove: list[str], message: str
) -> None:
    with pytest.raises(InputError, match=message):
        seed_catalog.retag("author:Stalin", add=add, remove=remove)
    assert seed_catalog.count("has:tag") == 0


def test_a_read_only_catalog_refuses_a_change_of_tags(
    _seed_catalog_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "seed.sqlite"
    shutil.copyfile(_seed_catalog_file, path)
    catalog = Catalog.open(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with pytest.raises(ReadOnlyCatalogError):
            catalog.retag("author:Stalin", add=["korea"])
        assert catalog.count("tag:korea") == 0
    finally:
        catalog.close()


def test_hostile_tag_names_are_kept_as_written(seed_catalog: Catalog) -> None:
    name = '<img src=x onerror="alert(1)"> =cmd|calc'
    seed_catalog.retag("author:Stalin", add=[name])
    (facet,) = [value for value in seed_catalog.facets("tag") if value.value]
    assert (facet.value, facet.count) == (name, 5)


def test_many_documents_are_changed_in_chunks_all_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linking, "CHUNK", 7)  # many chunks even for a small catalog
    catalog = Catalog.open(f"sqlite:///{tmp_path / 'many.sqlite'}")
    try:
        catalog.generate(300, seed=2)
        change = catalog.retag("", add=["all"])
        assert len(change.added["all"]) == 300 == catalog.count("tag:all")
        catalog.revert(change)
        assert catalog.count("tag:all") == 0
    finally:
        catalog.close()


def test_tags_change_the_same_way_on_postgresql(pg_seed_catalog: Catalog) -> None:
    change = pg_seed_catalog.retag("author:Stalin", add=["korea"])
    assert pg_seed_catalog.count("tag:korea") == 5
    pg_seed_catalog.revert(change)
    assert pg_seed_catalog.count("tag:korea") == 0


def test_the_command_line_tags_and_untags(
    seed_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", seed_url, "tag", "--dry-run", "author:Stalin", "+korea"]) == 0
    assert capsys.readouterr().out == "would add “korea” to 5 documents\n"
    assert main(["--database", seed_url, "tag", "author:Stalin", "+korea", "+draft"]) == 0
    assert main(["--database", seed_url, "tag", "year:1951", "-draft"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "added “korea” to 5 documents"
    assert printed[-1].startswith("took “draft” from ")
    assert main(["--database", seed_url, "search", "tag:korea", "--count"]) == 0
    assert capsys.readouterr().out.strip() == "5"


@pytest.mark.parametrize("changes", [["korea"], []])
def test_the_command_line_refuses_what_is_no_change_of_tags(
    seed_url: str, changes: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", seed_url, "tag", "author:Stalin", *changes]) == 2
    assert "+TAG to add" in capsys.readouterr().err


def test_listed_documents_are_tagged_a_chunk_at_a_time(
    seed_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linking, "CHUNK", 2)
    chosen = list(seed_catalog.search("author:Mao").ids)[:5]
    change = seed_catalog.retag([*chosen, chosen[0]], add=["chosen"])
    assert change.added["chosen"] == tuple(sorted(chosen))
    assert sorted(seed_catalog.search("tag:chosen").ids) == sorted(chosen)


def test_notes_are_searched_by_their_words(seed_catalog: Catalog) -> None:
    (document_id, *_) = seed_catalog.search("author:Stalin").ids
    detail = seed_catalog.detail(document_id)
    assert detail is not None
    seed_catalog.update_document(
        document_id, detail.version, notes="Compare with the Kaesong minutes; ask the archive."
    )
    assert list(seed_catalog.search("note:kaesong").ids) == [document_id]
    # Every word of the value, each as a word or the start of one.
    assert list(seed_catalog.search('note:"kaes archi"').ids) == [document_id]
    assert not seed_catalog.search("note:minute-taker").ids
    assert seed_catalog.count("has:notes") == 1
