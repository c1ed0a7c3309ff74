"""A typed query is parsed once: the table, facets, timeline and history share its value."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.query import parser
from tests.ui.conftest import OpenWindow

TYPED = "author:stalin type:cable"


class _ParseCounter:
    """Counts the parser's runs, whichever module's name for `parse` was called.

    Every parse reads its text through the lexer, so counting `_Lexer.tokens` misses no call
    path; each module's own `parse` name is wrapped too, so the two counts can be compared.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._lock = threading.Lock()
        self.lexed: list[str] = []
        self.called: list[str] = []
        original_tokens = parser._Lexer.tokens
        original_parse = parser.parse

        def tokens(lexer: Any) -> Any:
            with self._lock:
                self.lexed.append(lexer.text)
            return original_tokens(lexer)

        def parse(text: str) -> Any:
            with self._lock:
                self.called.append(text)
            return original_parse(text)

        monkeypatch.setattr(parser._Lexer, "tokens", tokens)
        for name, module in list(sys.modules.items()):
            if name.startswith(("desktop_app", "tests")) and _binds(module, original_parse):
                monkeypatch.setattr(module, "parse", parse)

    def runs_of(self, text: str) -> int:
        with self._lock:
            return self.lexed.count(text)


def _binds(module: object, function: Callable[..., Any]) -> bool:
    return getattr(module, "parse", None) is function


def test_a_typed_query_is_parsed_once(
    qtbot: QtBot, open_window: OpenWindow, seed_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(seed_url)
    catalog = window.catalog
    assert catalog is not None
    # Facets count every section they show, and the timeline draws its bars, as people see.
    for section in window.facet_panel.sections():
        section.set_expanded(True)
    qtbot.waitUntil(window.is_idle, timeout=10_000)
    counter = _ParseCounter(monkeypatch)

    window.search_field.setFocus()
    qtbot.keyClicks(window.search_field, TYPED)
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.query == TYPED, timeout=10_000)
    qtbot.waitUntil(window.is_idle, timeout=10_000)

    runs, every_run, calls = counter.runs_of(TYPED), list(counter.lexed), list(counter.called)

    assert window.model.rowCount() == catalog.count(TYPED) > 0
    assert window.timeline.isVisible()
    assert runs == 1, f"{TYPED!r} was parsed {runs} times"
    assert every_run == [TYPED]
    # Each module's own `parse` counts no more than the lexer under it sees.
    assert calls in ([], [TYPED])
