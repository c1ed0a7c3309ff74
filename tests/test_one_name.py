"""One person, one name, per catalog: `Ragulin`, `G. Ragulin` and `Gennady Ragulin` are one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.domain.dates import parse_date
from desktop_app.domain.names import fullest, same_person, written_name
from desktop_app.domain.records import Credit, DocumentRecord, ImportBatch, PersonName, Role
from desktop_app.services.catalog import Catalog


def _letter(title: str, when: str, author: str, recipient: str = "Stalin") -> DocumentRecord:
    return DocumentRecord(
        title=title,
        date=parse_date(when),
        doc_type="Letter",
        credits=(
            Credit(PersonName(author), Role.AUTHOR),
            Credit(PersonName(recipient), Role.RECIPIENT),
        ),
    )


def _import(catalog: Catalog, *documents: DocumentRecord) -> None:
    catalog.import_batches([ImportBatch("test", documents=documents)])


def _authors(catalog: Catalog) -> list[tuple[str | None, int]]:
    return [(value.value, value.count) for value in catalog.facets("author")]


@pytest.fixture
def catalog(catalog_url: str) -> Iterator[Catalog]:
    opened = Catalog.open(catalog_url)
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Ragulin", "G. Ragulin", True),
        ("G. Ragulin", "Gennady Ragulin", True),
        ("N.V. Roshchin", "Nikolai Roshchin", True),
        ("N.V. Roshchin", "Nikolai Vasilyevich Roshchin", True),
        ("R. Sh. Kudashev", "Rafael Kudashev", True),
        ("Gennady Ragulin", "Boris Ragulin", False),
        ("G. Ragulin", "B. Ragulin", False),
        ("N.V. Roshchin", "N.A. Roshchin", False),
        ("Ragulin", "Ragulina", False),
    ],
)
def test_names_agree_where_both_give_them(first: str, second: str, same: bool) -> None:
    one, other = written_name(first), written_name(second)
    assert one is not None and other is not None
    assert same_person(one, other) is same
    assert same_person(other, one) is same


def test_the_fullest_name_is_kept() -> None:
    assert fullest(["Ragulin", "G. Ragulin", "Gennady Ragulin"]) == "Gennady Ragulin"
    assert fullest(["N.V. Roshchin", "Nikolai Roshchin"]) == "Nikolai Roshchin"
    assert fullest(["Nikolai Roshchin", "Nikolai V. Roshchin"]) == "Nikolai V. Roshchin"


def test_three_ways_of_writing_one_man_are_one_person(catalog: Catalog) -> None:
    _import(catalog, _letter("Letter One", "1961", "Ragulin"))
    _import(catalog, _letter("Letter Two", "1962", "G. Ragulin"))
    _import(catalog, _letter("Letter Three", "1963", "Gennady Ragulin"))
    assert ("Gennady Ragulin", 3) in _authors(catalog)
    assert not any(name in ("Ragulin", "G. Ragulin") for name, _ in _authors(catalog))
    # Every name he was written with still finds his documents, in the fields and full text.
    assert catalog.count('author:"G. Ragulin"') == 3
    assert catalog.count("author:=Ragulin") == 3
    assert catalog.count("Gennady") == 3
    # The rows show the name he now has.
    rows = catalog.rows(catalog.search("author:Ragulin").ids)
    assert {row.authors for row in rows} == {("Gennady Ragulin",)}


def test_a_name_that_could_be_either_of_two_people_stays_apart(catalog: Catalog) -> None:
    _import(
        catalog,
        _letter("Letter One", "1961", "Gennady Ragulin"),
        _letter("Letter Two", "1962", "Boris Ragulin"),
    )
    _import(catalog, _letter("Letter Three", "1963", "Ragulin"))
    assert sorted(_authors(catalog)) == [
        ("Boris Ragulin", 1),
        ("Gennady Ragulin", 1),
        ("Ragulin", 1),
    ]


def test_names_written_surname_first_and_bodies_are_left_as_they_are(catalog: Catalog) -> None:
    _import(
        catalog,
        _letter("Letter One", "1961", "Wang Ming"),
        _letter("Letter Two", "1962", "Wang"),
        _letter("Letter Three", "1963", "Central Committee of the Romanian Worker’s Party"),
        _letter("Letter Four", "1964", "Romanian Worker’s Party"),
    )
    names = {name for name, _ in _authors(catalog)}
    assert {"Wang Ming", "Wang", "Central Committee of the Romanian Worker’s Party"} <= names
    assert "Romanian Worker’s Party" in names


def test_one_import_that_writes_a_man_two_ways_has_him_once(catalog: Catalog) -> None:
    _import(
        catalog,
        _letter("Letter One", "1961", "R. Sh. Kudashev"),
        _letter("Letter Two", "1962", "Rafael Kudashev", recipient="R. Sh. Kudashev"),
    )
    assert _authors(catalog) == [("Rafael Kudashev", 2)]
    assert catalog.count("recipient:Kudashev") == 1


@pytest.mark.postgres
def test_the_same_on_postgresql(pg_url: str) -> None:
    catalog = Catalog.open(pg_url)
    try:
        _import(catalog, _letter("Letter One", "1961", "Ragulin"))
        _import(catalog, _letter("Letter Two", "1962", "Gennady Ragulin"))
        assert _authors(catalog) == [("Gennady Ragulin", 2)]
        assert catalog.count("Ragulin") == 2
    finally:
        catalog.close()


def test_a_son_is_not_merged_into_the_father_the_registry_knows(catalog: Catalog) -> None:
    """The registry knows Gromyko as Andrei Andreyevich Gromyko and Stalin as Iosif: a son
    of either, written with his own given name, stays his own person."""
    _import(
        catalog,
        _letter("Letter One", "1961", "Gromyko"),
        _letter("Letter Two", "1962", "Stalin", "Mao"),
    )
    _import(
        catalog,
        _letter("Letter Three", "1963", "Anatoly Gromyko"),
        _letter("Letter Four", "1964", "Vasily Stalin", "Mao"),
    )
    names = dict(_authors(catalog))
    assert names["Gromyko"] == 1 and names["Anatoly Gromyko"] == 1
    assert names["Stalin"] == 1 and names["Vasily Stalin"] == 1


def test_a_name_written_more_fully_joins_the_registrys_person(catalog: Catalog) -> None:
    _import(catalog, _letter("Letter One", "1951", "Roshchin"))
    _import(catalog, _letter("Letter Two", "1952", "Nikolai V. Roshchin"))
    # The registry's own name stays the person's; the new form is an alias.
    assert _authors(catalog) == [("N.V. Roshchin", 2)]
    assert catalog.count('author:"Nikolai V. Roshchin"') == 2


def test_a_merge_keeps_every_name_of_the_person_in_the_full_text(catalog: Catalog) -> None:
    catalog.import_batches(
        [
            ImportBatch(
                "first",
                documents=(
                    DocumentRecord(
                        title="Letter One",
                        date=parse_date("1961"),
                        credits=(
                            Credit(PersonName("Gennady Ragulin", ("Genya Ragulin",)), Role.AUTHOR),
                        ),
                    ),
                ),
            )
        ]
    )
    assert catalog.count("Genya") == 1
    _import(catalog, _letter("Letter Two", "1962", "G. Ragulin"))
    assert _authors(catalog) == [("Gennady Ragulin", 2)]
    assert catalog.count("Genya") == 2  # the old alias, now on both documents
