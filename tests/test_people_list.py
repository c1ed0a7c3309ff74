"""The catalog's people listed with their other names and how many documents credit them."""

from __future__ import annotations

import pytest

from desktop_app.cli import main
from desktop_app.services.catalog import Catalog


def test_people_are_listed_most_credited_first_with_their_aliases(seed_catalog: Catalog) -> None:
    people = seed_catalog.people()
    assert people[0].name == "Stalin" and "Filippov" in people[0].aliases
    counts = [person.documents for person in people]
    assert counts == sorted(counts, reverse=True)
    for person in people[:5]:
        # The count is the documents a person: query finds, in any role.
        assert person.documents == seed_catalog.count(f'person:="{person.name}"')


def test_people_can_be_found_by_any_of_their_names(seed_catalog: Catalog) -> None:
    assert [person.name for person in seed_catalog.people("fili")] == ["Stalin"]
    assert [person.name for person in seed_catalog.people("zhou")] == ["Zhou Enlai"]
    assert seed_catalog.people("nobody-at-all") == []
    assert len(seed_catalog.people(limit=2)) == 2


def test_the_command_line_lists_people(seed_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", seed_url, "people", "list", "--match", "mao"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    count, name, aliases = line.split("\t")
    assert (name, int(count) > 0) == ("Mao Zedong", True)
    assert "Mao Tse-tung" in aliases.split("; ")
    with pytest.raises(SystemExit) as usage:  # which people command is missing
        main(["--database", seed_url, "people"])
    assert usage.value.code == 2
