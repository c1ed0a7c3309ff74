"""Collections of one's own: made empty or from a search, renamed, moved, given a period and
deleted with their sub-collections — each undone; bad requests refused, nothing changed."""

from __future__ import annotations

import pytest

from desktop_app.domain.errors import InputError
from desktop_app.domain.views import CollectionNode
from desktop_app.services.catalog import Catalog


def _tree(catalog: Catalog) -> dict[str, tuple[str | None, str, int]]:
    """Each collection: its parent's title, its period, how many documents it and its
    sub-collections hold."""
    found: dict[str, tuple[str | None, str, int]] = {}

    def walk(nodes: tuple[CollectionNode, ...] | list[CollectionNode], parent: str | None) -> None:
        for node in nodes:
            found[node.title] = (parent, node.period_label, node.document_count)
            walk(node.children, node.title)

    walk(catalog.collections(), None)
    return found


def test_a_collection_from_a_search_and_its_undoing(seed_catalog: Catalog) -> None:
    catalog = seed_catalog
    stalin = catalog.count("author:Stalin")
    change = catalog.new_collection("Chapter 3", period=(1950, 1953), documents="author:Stalin")
    assert _tree(catalog)["Chapter 3"] == (None, "1950–1953", stalin)
    assert catalog.count('collection:"Chapter 3"') == stalin
    ids = list(catalog.search("author:Stalin").ids)
    assert "Chapter 3" in catalog.rows(ids[:1])[0].collections
    catalog.revert(change)
    assert "Chapter 3" not in _tree(catalog)
    assert catalog.count('collection:"Chapter 3"') == 0


def test_collections_renamed_moved_given_a_period_and_deleted_then_undone(
    seed_catalog: Catalog,
) -> None:
    catalog = seed_catalog
    catalog.new_collection("My book")
    catalog.new_collection("Chapter 1", parent="My book", documents="author:Mao")
    mao = catalog.count("author:Mao")
    assert _tree(catalog)["My book"] == (None, "", mao)
    rename = catalog.change_collection("Chapter 1", title="Chapter One")
    assert catalog.count('collection:"Chapter One"') == mao
    assert catalog.search("author:Mao", sort="collection").ids  # sorts by the new title
    catalog.revert(rename)
    assert catalog.count('collection:"Chapter 1"') == mao
    move = catalog.change_collection("Chapter 1", parent_title=None)
    assert _tree(catalog)["Chapter 1"][0] is None and _tree(catalog)["My book"][2] == 0
    catalog.revert(move)
    period = catalog.change_collection("My book", period_start=1949, period_end=1969)
    assert _tree(catalog)["My book"][1] == "1949–1969"
    catalog.revert(period)
    before = _tree(catalog)
    deletion = catalog.delete_collection("My book")
    assert "My book" not in _tree(catalog) and "Chapter 1" not in _tree(catalog)
    assert catalog.count("author:Mao") == mao  # the documents stay
    catalog.revert(deletion)
    assert _tree(catalog) == before
    assert catalog.count('collection:"Chapter 1"') == mao


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (lambda c: c.new_collection("Sino-Soviet Relations"), "exists already"),
        (lambda c: c.new_collection("   "), "needs a title"),
        (lambda c: c.new_collection("X", parent="Nowhere"), "no collection “Nowhere”"),
        (lambda c: c.new_collection("X", period=(1960, 1950)), r"cannot end \(1950\) before"),
        (lambda c: c.change_collection("Nowhere", title="Y"), "no collection “Nowhere”"),
        (
            lambda c: c.change_collection(
                "Sino-Soviet Relations", parent_title="Sino-Soviet Relations"
            ),
            "cannot go inside itself",
        ),
    ],
)
def test_a_collection_request_that_makes_no_sense_changes_nothing(
    seed_catalog: Catalog, act: object, message: str
) -> None:
    before = _tree(seed_catalog)
    with pytest.raises(InputError, match=message):
        act(seed_catalog)  # type: ignore[operator]
    assert _tree(seed_catalog) == before


def test_a_collection_cannot_move_into_its_own_sub_collection(seed_catalog: Catalog) -> None:
    seed_catalog.new_collection("Book")
    seed_catalog.new_collection("Part", parent="Book")
    with pytest.raises(InputError, match="cannot go inside itself or its own sub-collections"):
        seed_catalog.change_collection("Book", parent_title="Part")
