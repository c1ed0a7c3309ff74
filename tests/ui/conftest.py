"""Catalogs made by hand for the window's tests, and a window opened on them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.dates import parse_date
from desktop_app.domain.records import (
    CollectionRecord,
    Credit,
    DocumentRecord,
    ImportBatch,
    PersonName,
    Role,
)
from desktop_app.services.catalog import Catalog
from desktop_app.ui.main_window import MainWindow

MALICIOUS_IMG = "<img src=x onerror=alert(1)>"
MALICIOUS_LINK = '<a href="javascript:alert(1)">click</a>'

STALIN = PersonName("Stalin", ("Filippov",))
MAO = PersonName("Mao Zedong")
ZHOU = PersonName("Zhou Enlai")


def _document(
    title: str, when: str, *, authors: tuple[PersonName, ...] = (), recipients: tuple = (), **more
) -> DocumentRecord:
    credits = tuple(Credit(p, Role.AUTHOR) for p in authors) + tuple(
        Credit(p, Role.RECIPIENT) for p in recipients
    )
    return DocumentRecord(title=title, date=parse_date(when), credits=credits, **more)


def small_archive() -> ImportBatch:
    """Eight documents in two collections; November 1951 listed by month and by day."""
    relations = "Sino-Soviet Relations"
    alliance = "Sino-Soviet Alliance"
    split = "Sino-Soviet Split"
    return ImportBatch(
        "hand-made",
        collections=(
            CollectionRecord(relations, "A catch-all collection."),
            CollectionRecord(alliance, "", relations, 1950, 1959),
            CollectionRecord(split, "", relations, 1960, 1984),
        ),
        documents=(
            _document(
                "Ciphered Telegram, Filippov [Stalin] to Mao Zedong",
                "September 10, 1951",
                authors=(STALIN,),
                recipients=(MAO,),
                doc_type="Ciphered Telegram",
                collections=(relations, alliance),
                summary="Stalin agrees to send the military advisors requested by Mao.",
                languages=("Russian",),
                archive="Archive of the President, Russian Federation",
                url="https://digitalarchive.wilsoncenter.org/document/1",
                record_id="111",
            ),
            _document(
                "Cable No. 25025, Mao Zedong to Filippov [Stalin]",
                "November 14, 1951",
                authors=(MAO,),
                recipients=(STALIN,),
                doc_type="Cable",
                number="25025",
                origin="Beijing",
                collections=(relations, alliance),
                record_id="222",
            ),
            _document(
                "Report on the armistice talks",
                "November 1951",
                authors=(ZHOU,),
                doc_type="Report",
                collections=(relations,),
                record_id="333",
            ),
            _document(
                "Letter, Mao Zedong to Comrade Filippov [Stalin]",
                "November 1, 1951",
                authors=(MAO,),
                recipients=(STALIN,),
                doc_type="Letter",
                collections=(relations,),
                record_id="444",
            ),
            _document(
                "Memorandum of Conversation, Zhou Enlai with Stalin",
                "January 18, 1952",
                doc_type="Memorandum of Conversation",
                collections=(relations, alliance),
                record_id="555",
            ),
            _document(
                "Telegram on the border clashes",
                "1969",
                doc_type="Telegram",
                collections=(relations, split),
                record_id="666",
            ),
            _document(
                f"Forged telegram {MALICIOUS_IMG} and {MALICIOUS_LINK}",
                "March 7, 1952",
                authors=(PersonName(f"Agent {MALICIOUS_IMG}"),),
                doc_type="Telegram",
                summary=f"Summary with {MALICIOUS_LINK} inside.",
                url="javascript:alert(1)",
                collections=(relations,),
                record_id="777",
            ),
            _document(
                "Cable, Zhou Enlai to Filippov [Stalin]",
                "March 10, 1952",
                authors=(ZHOU,),
                recipients=(STALIN,),
                doc_type="Cable",
                collections=(relations,),
                record_id="888",
            ),
        ),
    )


def build_catalog(path: Path, batch: ImportBatch | None = None) -> str:
    """A catalog file holding `batch` (the small archive by default); returns its URL."""
    url = f"sqlite:///{path}"
    catalog = Catalog.open(url)
    try:
        if batch is None or batch.documents:
            catalog.import_batches([batch or small_archive()])
    finally:
        catalog.close()
    return url


@pytest.fixture
def archive_url(tmp_path: Path) -> str:
    return build_catalog(tmp_path / "archive.sqlite")


OpenWindow = Callable[[str | None], MainWindow]


@pytest.fixture
def open_window(qtbot: QtBot) -> Iterator[OpenWindow]:
    """Opens the window as `dossier` would, shown and with its first search done."""
    from desktop_app.app import create_window

    def opener(url: str | None) -> MainWindow:
        window = cast(MainWindow, create_window(url))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.is_idle, timeout=10_000)
        return window

    yield opener
