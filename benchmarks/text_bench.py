"""Full-text figures at scale: a generated catalog whose every document has a text of its own.

    python -m benchmarks.text_bench --documents 300000 --repeat 5 [--json FILE]

Measures, as medians: a selective word, a broad word and a phrase, each ordered by relevance
with the first page's rows and snippets (what the window shows first), beside a plain FTS5
query for the same words over the same index (the floor); opening the longest document in the
reader (reading it, laying it out, and the reader's own GUI-thread work); the catalog's size
per document; the generator's rate; resident memory at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing import get_context
from pathlib import Path

from benchmarks.catalogs import CACHE, ensure_catalog
from benchmarks.timing import median_ms
from desktop_app.query.parser import parse
from desktop_app.query.text_terms import text_terms
from desktop_app.services.catalog import Catalog

PAGE = 50

TARGETS = {
    "selective_word_page_ms": 150,
    "broad_word_page_ms": 150,
    "phrase_page_ms": 150,
    "reading_view_ms": 100,
    "reader_gui_ms": 100,
    "rss_mb": 500,
}


def _words(path: Path) -> tuple[str, str, str]:
    """A selective word (in about 0.1 % of the texts), the broadest word, and a phrase of two
    words one document's text holds, read from the index's own vocabulary."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.execute(
            "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, documents_fts, 'row')"
        )
        total = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        rows = connection.execute(
            "SELECT term, doc FROM temp.vocabulary WHERE length(term) > 3 ORDER BY doc DESC"
        ).fetchall()
        words = [(term, count) for term, count in rows if term.isalpha()]
        broad = words[0][0]
        selective = min(words, key=lambda row: abs(row[1] - total / 1000))[0]
        body = connection.execute(
            "SELECT body FROM document_texts ORDER BY document_id LIMIT 1 OFFSET ?",
            (total // 2,),
        ).fetchone()[0]
        pair = [word.strip(".").lower() for word in body.split()[10:12]]
        return selective, broad, " ".join(pair)
    finally:
        connection.close()


def _floor_ms(path: Path, expression: str, repeat: int) -> float:
    """A plain FTS5 query: the best PAGE ids by BM25, nothing else."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        statement = (
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?"
        )
        return median_ms(
            lambda: connection.execute(statement, (expression, PAGE)).fetchall(), repeat
        )
    finally:
        connection.close()


def _first_page(catalog: Catalog, query: str) -> None:
    result = catalog.search_first(query, sort="relevance", page=PAGE)
    catalog.rows(result.ids[:PAGE], query)


def run(documents: int, repeat: int, seed: int = 1, cache: Path = CACHE) -> dict[str, float]:
    path, generate_s = ensure_catalog(documents, seed, cache, texts=True)
    figures: dict[str, float] = {}
    if generate_s is not None:
        figures["generate_s"] = round(generate_s, 1)
        figures["generate_documents_per_s"] = round(documents / generate_s)
    figures["kb_per_document"] = round(path.stat().st_size / documents / 1024, 1)
    # The index's vocabulary is read in a process of its own: scanning it costs memory that
    # the window never spends, and the resident size below is the catalog's and the reader's.
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        selective, broad, phrase = pool.submit(_words, path).result()
    print(f"words: selective {selective!r}, broad {broad!r}, phrase {phrase!r}", flush=True)
    catalog = Catalog.open(f"sqlite:///{path}")
    try:
        for name, query, expression in (
            ("selective_word", selective, f'"{selective}"'),
            ("broad_word", broad, f'"{broad}"'),
            ("phrase", f'"{phrase}"', f'"{phrase}"'),
        ):
            figures[f"{name}_matches"] = catalog.count(query)
            page_ms = median_ms(partial(_first_page, catalog, query), repeat)
            figures[f"{name}_page_ms"] = round(page_ms, 1)
            figures[f"{name}_floor_ms"] = round(_floor_ms(path, expression, repeat), 1)
        figures.update(_reading(catalog, path, broad, repeat))
    finally:
        catalog.close()
    figures["rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return figures


def _reading(catalog: Catalog, path: Path, word: str, repeat: int) -> dict[str, float]:
    """Opening the longest document: its detail read and laid out off the GUI thread, and the
    reader showing it on the GUI thread."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.reader import ReaderView, reading_page

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        longest, length = connection.execute(
            "SELECT document_id, length(body) FROM document_texts "
            "ORDER BY length(body) DESC LIMIT 1"
        ).fetchone()
    finally:
        connection.close()
    terms = text_terms(parse(word))

    def read() -> object:
        detail = catalog.detail(longest)
        assert detail is not None
        return reading_page(detail, terms)

    application = QApplication.instance() or QApplication(sys.argv[:1])
    reader = ReaderView()
    reader.resize(1000, 600)
    reader.show()
    page = read()
    reading_ms = median_ms(read, repeat)

    def show() -> None:
        reader.show_page(page)  # type: ignore[arg-type]
        application.processEvents()

    gui_ms = median_ms(show, repeat)
    reader.close()
    return {
        "longest_text_chars": length,
        "reading_view_ms": round(reading_ms, 1),
        "reader_gui_ms": round(gui_ms, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--cache", type=Path, default=CACHE, help="where generated catalogs are kept"
    )
    arguments = parser.parse_args(argv)
    figures = run(arguments.documents, arguments.repeat, cache=arguments.cache)
    for name, value in figures.items():
        target = TARGETS.get(name)
        print(f"{name:<28} {value:>12,}" + (f"   (target {target:,})" if target else ""))
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
