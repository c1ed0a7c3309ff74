"""The documents' own text searched: a phrase of one document's body finds it on SQLite and on
PostgreSQL, `body:` searches the text alone, relevance puts the document that uses a rare word
most first, the rows carry the passage they matched, and an older catalog's texts are indexed
when it is upgraded."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.text import words
from desktop_app.query.parser import parse
from desktop_app.query.text_terms import snippet, text_terms
from desktop_app.services.catalog import Catalog
from tests.conftest import SHARED_DATA, downgraded_seed_copy

VOLUME = SHARED_DATA / "frus" / "frus1961-63v06.xml"
needs_volume = pytest.mark.skipif(
    not VOLUME.is_file(), reason=f"the FRUS volume {VOLUME.name} is not in the shared data folder"
)


@pytest.fixture(scope="module")
def _frus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("text") / "frus.sqlite"
    catalog = Catalog.open(f"sqlite:///{path}")
    try:
        catalog.import_files([VOLUME])
    finally:
        catalog.close()
    return path


@pytest.fixture
def frus(_frus_file: Path, tmp_path: Path) -> Iterator[Catalog]:
    copy = tmp_path / "frus.sqlite"
    shutil.copyfile(_frus_file, copy)
    catalog = Catalog.open(f"sqlite:///{copy}")
    yield catalog
    catalog.close()


@pytest.fixture
def pg_frus(pg_url: str) -> Iterator[Catalog]:
    catalog = Catalog.open(pg_url)
    catalog.import_files([VOLUME])
    yield catalog
    catalog.close()


def _texts(catalog: Catalog) -> dict[int, tuple[list[str], list[str]]]:
    """Each document's words of its own text, and of its title, summary and names."""
    found = {}
    for document_id in catalog.search().ids:
        detail = catalog.detail(document_id)
        assert detail is not None
        row = detail.row
        described = " ".join([row.title, detail.summary, *row.authors, *row.recipients])
        found[document_id] = (words(detail.text), words(described))
    return found


def _phrase_of_one_body(texts: dict[int, tuple[list[str], list[str]]]) -> tuple[str, int]:
    """Three words in a row that only one document's text holds, none of them in any title."""
    described = {word for _, (_, around) in texts.items() for word in around}
    seen: Counter[tuple[str, ...]] = Counter()
    owner: dict[tuple[str, ...], int] = {}
    for document_id, (body, _) in texts.items():
        for phrase in {tuple(body[i : i + 3]) for i in range(len(body) - 2)}:
            seen[phrase] += 1
            owner[phrase] = document_id
    for phrase, count in sorted(seen.items()):
        if count == 1 and not set(phrase) & described and all(len(w) > 3 for w in phrase):
            return " ".join(phrase), owner[phrase]
    raise AssertionError("no phrase of one document's text alone")


def _assert_phrase_finds_its_document(catalog: Catalog) -> None:
    texts = _texts(catalog)
    assert sum(1 for body, _ in texts.values() if body) > 100  # the volume's texts are in
    phrase, document_id = _phrase_of_one_body(texts)
    assert list(catalog.search(f'"{phrase}"').ids) == [document_id]
    assert list(catalog.search(f'body:"{phrase}"').ids) == [document_id]
    assert list(catalog.search(f'text:"{phrase}"').ids) == [document_id]
    assert not catalog.search(f'title:"{phrase}"').ids
    assert not catalog.search(f'summary:"{phrase}"').ids


@needs_volume
def test_a_phrase_of_one_documents_text_finds_it_on_sqlite(frus: Catalog) -> None:
    _assert_phrase_finds_its_document(frus)


@needs_volume
def test_a_phrase_of_one_documents_text_finds_it_on_postgresql(pg_frus: Catalog) -> None:
    _assert_phrase_finds_its_document(pg_frus)


def _rare_word_used_most_by_one(texts: dict[int, tuple[list[str], list[str]]]) -> tuple[str, int]:
    """A word of a few documents' texts, in no title or name, one document using it most often
    without being longer than the others that use it (so every ranking puts it first)."""
    described = {word for _, (_, around) in texts.items() for word in around}
    uses: dict[str, Counter[int]] = {}
    for document_id, (body, _) in texts.items():
        for word in body:
            if len(word) > 4 and word.isalpha() and word not in described:
                uses.setdefault(word, Counter())[document_id] += 1
    for word, counts in sorted(uses.items()):
        if not 3 <= len(counts) <= 8:
            continue
        (top, most), (_, next_most) = counts.most_common(2)
        shortest = min(len(texts[document_id][0]) for document_id in counts)
        if most >= 3 * next_most and len(texts[top][0]) == shortest:
            return word, top
    raise AssertionError("no rare word one document uses most")


@needs_volume
@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_relevance_puts_the_document_using_a_rare_word_most_first(
    engine: str, request: pytest.FixtureRequest
) -> None:
    catalog: Catalog = request.getfixturevalue("frus" if engine == "sqlite" else "pg_frus")
    word, top = _rare_word_used_most_by_one(_texts(catalog))
    by_date = catalog.search(word).ids
    by_relevance = catalog.search(word, sort="relevance").ids
    assert sorted(by_relevance) == sorted(by_date) and len(by_date) >= 3
    assert by_relevance[0] == top
    assert catalog.search(word, sort="relevance", descending=True).ids[-1] == top


@needs_volume
def test_relevance_without_words_is_date_order(frus: Catalog) -> None:
    assert frus.search("type:letter", sort="relevance").ids == frus.search("type:letter").ids
    # Words under a NOT are no measure of relevance either.
    query = "type:letter -berlin"
    assert frus.search(query, sort="relevance").ids == frus.search(query).ids


@needs_volume
def test_the_command_line_sorts_by_relevance(
    _frus_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{_frus_file}"
    assert main(["--database", url, "search", "berlin", "--sort", "relevance"]) == 0
    by_relevance = capsys.readouterr().out.splitlines()
    assert main(["--database", url, "search", "berlin"]) == 0
    by_date = capsys.readouterr().out.splitlines()
    assert sorted(by_relevance) == sorted(by_date) and by_relevance != by_date


def test_a_catalog_of_schema_0004_has_its_texts_indexed_when_upgraded(
    _seed_catalog_file: Path, tmp_path: Path
) -> None:
    path = downgraded_seed_copy(_seed_catalog_file, tmp_path, "0004")
    # A 0004 catalog: texts stored, its index without them.
    with sqlite3.connect(path) as connection:
        document_id = connection.execute("SELECT min(id) FROM documents").fetchone()[0]
        connection.execute(
            "INSERT INTO document_texts(document_id, body, footnotes) VALUES (?, ?, ?)",
            (document_id, "The quartermaster's ledger was found.", "Ledger kept in Harbin."),
        )
        connection.execute("DROP TABLE documents_fts")
        connection.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5(title, summary, names, places, "
            "subjects, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
        )
        connection.execute(
            "INSERT INTO documents_fts(rowid, title) SELECT id, lower(title) FROM documents"
        )

    catalog = Catalog.open(f"sqlite:///{path}")
    try:
        assert list(tmp_path.glob("seed.sqlite.schema-0004.*.bak"))
        assert list(catalog.search("quartermaster").ids) == [document_id]
        # The footnotes are the document's text too.
        assert list(catalog.search("body:harbin").ids) == [document_id]
        assert catalog.count() == 20
        assert catalog.count("author:Stalin") == 5  # the rest of the index was made again
    finally:
        catalog.close()


# -- snippets ------------------------------------------------------------------------------


@needs_volume
def test_rows_of_a_query_with_words_carry_the_passage_they_matched(frus: Catalog) -> None:
    texts = _texts(frus)
    phrase, document_id = _phrase_of_one_body(texts)
    (row,) = frus.rows([document_id], f'"{phrase}"')
    assert row.snippet is not None
    marked = [row.snippet.text[start:end].lower() for start, end in row.snippet.marks]
    assert marked == phrase.split()
    assert len(row.snippet.text) <= 170
    # Without words in the query there is nothing to show a passage for.
    assert frus.rows([document_id])[0].snippet is None
    assert frus.rows([document_id], "type:letter OR type:telegram")[0].snippet is None


def test_a_snippet_is_cut_between_words_and_says_where_it_was_cut() -> None:
    text = " ".join(f"word{n}" for n in range(200)) + " armistice " + "tail " * 200
    found = snippet(text, text_terms(parse("armistice")))
    assert found is not None
    assert found.text.startswith("…word") and found.text.endswith("…")
    assert all(
        piece.startswith(("word", "…word", "armistice", "tail")) for piece in found.text.split()
    )
    ((start, end),) = found.marks
    assert found.text[start:end] == "armistice"
    assert snippet("nothing here", text_terms(parse("armistice"))) is None


def test_a_snippet_of_hostile_text_is_the_text_itself() -> None:
    text = 'Before <img src=x onerror="alert(1)"> the \u202eevil\u202c armistice'
    found = snippet(text, text_terms(parse("armistice")))
    assert found is not None and found.text == text


@needs_volume
def test_the_command_line_shows_each_documents_passage(
    _frus_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{_frus_file}"
    assert main(["--database", url, "search", "novosibirsk"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "[Novosibirsk]" in lines[1]
    assert main(["--database", url, "search", "novosibirsk", "--format", "json"]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    text, marks = found["snippet"]["text"], found["snippet"]["marks"]
    assert [text[start:end] for start, end in marks] == ["Novosibirsk"]
