"""One person, one name, by a person's decision: people merged and separated again with the
documents each had, renamed, given other names; each undone, and honoured by the next import."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import ConflictError, InputError
from desktop_app.domain.records import Credit, DocumentRecord, ImportBatch, PersonName, Role
from desktop_app.services.catalog import Catalog


def _facet(catalog: Catalog, field: str = "person") -> dict[str, int]:
    return {str(value.value): value.count for value in catalog.facets(field)}


def _people(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    return {person.name: person.aliases for person in catalog.people()}


def _letter(title: str, day: str, *names: str) -> DocumentRecord:
    credits = tuple(Credit(PersonName(name), Role.AUTHOR) for name in names)
    return DocumentRecord(title=title, date=parse_date(day), credits=credits)


@pytest.fixture
def two_roshchins(seed_catalog: Catalog) -> Catalog:
    """The seed, with letters by "The Soviet Ambassador" (a person of their own), one with
    N.V. Roshchin."""
    seed_catalog.import_batches(
        [
            ImportBatch(
                "letters.txt",
                documents=(
                    _letter("A letter from the embassy", "May 1, 1950", "The Soviet Ambassador"),
                    _letter("Another letter", "May 2, 1950", "The Soviet Ambassador"),
                    _letter(
                        "A joint letter", "May 3, 1950", "N.V. Roshchin", "The Soviet Ambassador"
                    ),
                ),
            )
        ]
    )
    assert "The Soviet Ambassador" in _people(seed_catalog)
    return seed_catalog


def test_merge_two_people_into_one_facet_entry_then_separate_them_again(
    two_roshchins: Catalog,
) -> None:
    catalog = two_roshchins
    before = _facet(catalog)
    people_before = _people(catalog)
    merge = catalog.merge_people("The Soviet Ambassador", "N.V. Roshchin")
    after = _facet(catalog)
    assert "The Soviet Ambassador" not in after
    # The joint letter is one of N.V. Roshchin's documents already: counted once.
    assert after["N.V. Roshchin"] == before["N.V. Roshchin"] + before["The Soviet Ambassador"] - 1
    assert "The Soviet Ambassador" in _people(catalog)["N.V. Roshchin"]
    assert catalog.count('person:"The Soviet Ambassador"') == after["N.V. Roshchin"]
    assert catalog.count("ambassador") >= 3  # the other name is in the full-text index
    joint = catalog.search('"joint letter"').ids[0]
    assert catalog.rows([joint])[0].authors == ("N.V. Roshchin",)

    catalog.revert(merge)
    assert _facet(catalog) == before
    assert _people(catalog) == people_before
    assert catalog.rows([joint])[0].authors == ("N.V. Roshchin", "The Soviet Ambassador")


def test_a_name_merged_is_separated_by_name_with_the_documents_that_wrote_it(
    two_roshchins: Catalog,
) -> None:
    catalog = two_roshchins
    before = _facet(catalog)
    catalog.merge_people("The Soviet Ambassador", "N.V. Roshchin")
    separation = catalog.separate_person("The Soviet Ambassador", "N.V. Roshchin")
    assert separation.document_ids  # found by the names their sources wrote
    assert _facet(catalog)["The Soviet Ambassador"] == 2  # the joint letter: credited once
    assert "The Soviet Ambassador" not in _people(catalog)["N.V. Roshchin"]
    catalog.revert(separation)
    assert "The Soviet Ambassador" not in _facet(catalog)
    assert _facet(catalog)["N.V. Roshchin"] == before["N.V. Roshchin"] + 2


def test_the_next_import_honours_a_merge(two_roshchins: Catalog) -> None:
    catalog = two_roshchins
    catalog.merge_people("The Soviet Ambassador", "N.V. Roshchin")
    catalog.import_batches(
        [
            ImportBatch(
                "more.txt",
                documents=(_letter("A late letter", "June 1, 1950", "The Soviet Ambassador"),),
            )
        ]
    )
    late = catalog.search('"late letter"').ids[0]
    assert catalog.rows([late])[0].authors == ("N.V. Roshchin",)
    assert "The Soviet Ambassador" not in _facet(catalog)


def test_the_next_import_honours_a_separation(two_roshchins: Catalog) -> None:
    catalog = two_roshchins
    catalog.merge_people("The Soviet Ambassador", "N.V. Roshchin")
    catalog.separate_person("The Soviet Ambassador", "N.V. Roshchin")
    catalog.import_batches(
        [
            ImportBatch(
                "more.txt",
                documents=(_letter("A late letter", "June 1, 1950", "The Soviet Ambassador"),),
            )
        ]
    )
    late = catalog.search('"late letter"').ids[0]
    assert catalog.rows([late])[0].authors == ("The Soviet Ambassador",)


def test_a_person_renamed_keeps_the_old_name_and_the_rename_is_undone(
    seed_catalog: Catalog,
) -> None:
    catalog = seed_catalog
    count = _facet(catalog)["Krasovsky"]
    rename = catalog.rename_person("Krasovsky", "Stepan Akimovich Krasovsky")
    assert _facet(catalog)["Stepan Akimovich Krasovsky"] == count
    assert "Krasovsky" in _people(catalog)["Stepan Akimovich Krasovsky"]
    assert catalog.count("akimovich") == count  # the new name is searched
    assert catalog.count("person:Krasovsky") == count  # the old one still finds them
    catalog.revert(rename)
    assert _people(catalog)["Krasovsky"] == ("S. A. Krasovsky", "Stepan Krasovsky")
    assert catalog.count("akimovich") == 0


def test_other_names_given_and_taken(seed_catalog: Catalog) -> None:
    catalog = seed_catalog
    change = catalog.change_aliases("Su Yu", add=["General Su"])
    assert _people(catalog)["Su Yu"] == ("General Su",)
    catalog.revert(change)
    assert _people(catalog)["Su Yu"] == ()


@pytest.mark.parametrize(
    ("act", "message"),
    [
        (lambda c: c.merge_people("Stalin", "Stalin"), "are one person already"),
        (lambda c: c.merge_people("Filippov", "Stalin"), "“Filippov” is another name of “Stalin”"),
        (lambda c: c.merge_people("Nobody at all", "Stalin"), "no person called “Nobody at all”"),
        (lambda c: c.rename_person("Su Yu", "Mao"), "is a name of another person already"),
        (lambda c: c.rename_person("Su Yu", "  "), "a person needs a name"),
        (lambda c: c.change_aliases("Su Yu", add=["Mao"]), "merge the two people instead"),
        (lambda c: c.separate_person("Stalin", "Stalin"), "the person's own name"),
    ],
)
def test_a_people_change_that_makes_no_sense_changes_nothing(
    seed_catalog: Catalog, act: object, message: str
) -> None:
    before = _people(seed_catalog)
    with pytest.raises(InputError, match=message):
        act(seed_catalog)  # type: ignore[operator]
    assert _people(seed_catalog) == before


def test_separating_a_name_the_person_no_longer_has_is_refused(seed_catalog: Catalog) -> None:
    with pytest.raises(ConflictError, match="no longer a name of “Stalin”"):
        seed_catalog.separate_person("Nobody", "Stalin")


def test_people_merge_and_delete_from_the_command_line(
    seed_catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_catalog.close()
    url = f"sqlite:///{tmp_path / 'seed.sqlite'}"
    assert main(["--database", url, "people", "merge", "--dry-run", "Su Yu", "Zhu De"]) == 0
    assert "would merge “Su Yu” into “Zhu De”" in capsys.readouterr().out
    assert main(["--database", url, "people", "merge", "Su Yu", "Zhu De"]) == 0
    assert "merged “Su Yu” into “Zhu De”" in capsys.readouterr().out
    assert main(["--database", url, "people", "merge", "Su Yu", "Zhu De"]) == 2
    assert "“Su Yu” is another name of “Zhu De”" in capsys.readouterr().err
    catalog = Catalog.open(url)
    try:
        assert "Su Yu" in _people(catalog)["Zhu De"]
    finally:
        catalog.close()
