"""The catalog's reads are answered from the columns in memory once they are held, else by SQL."""

from __future__ import annotations

from typing import Any

import pytest

from desktop_app.services import answers
from desktop_app.services.catalog import Catalog


def _record_sql(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the SQL answers asked for, each still given."""
    asked: list[str] = []

    def spy(name: str, function: Any) -> Any:
        def recorded(*arguments: Any, **keywords: Any) -> Any:
            if name != "timeline_data" or keywords.get("result") is None:
                asked.append(name)
            return function(*arguments, **keywords)

        return recorded

    for name in ("fetch_ids", "facet_counts", "timeline_data"):
        monkeypatch.setattr(answers, name, spy(name, getattr(answers, name)))
    monkeypatch.setattr(answers.Answers, "_count", spy("count", answers.Answers._count))
    return asked


def _ask(catalog: Catalog) -> tuple[object, ...]:
    return (
        list(catalog.search("type:letter").ids),
        catalog.search_first(page=2).total,
        catalog.count("type:letter"),
        catalog.facets("type", "year:1950..1970"),
        catalog.timeline("type:letter").bins,
    )


def test_without_columns_every_answer_comes_from_sql(
    seed_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _record_sql(monkeypatch)
    _ask(seed_catalog)
    assert asked == ["fetch_ids", "fetch_ids", "count", "count", "facet_counts", "timeline_data"]


def test_with_columns_held_no_answer_comes_from_sql_and_each_is_the_same(
    seed_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_sql = _ask(seed_catalog)
    seed_catalog.keep_columns()
    assert seed_catalog.wait_for_columns(30)
    asked = _record_sql(monkeypatch)
    assert _ask(seed_catalog) == from_sql
    assert asked == []
