"""Real archive titles read as a historian reads them: accuracy per field, and no invented names.

The development set is `../shared/data/wilson-titles/`: listings of real Digital Archive records
(date and exact title) with `expected.json`, how a historian reads each title, and the readings
that are also acceptable where a title is ambiguous. The listings go through the importer as a
person's would; each field is counted right when it is the expected reading or an accepted one.
People compare as the same person when the set's own names list puts them together
(`S. V. Chervonenko` is Stepan Chervonenko) or when they differ in accents and case only.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.records import DocumentRecord, Role
from desktop_app.domain.text import identity_key
from desktop_app.importers.listing import parse_listing
from desktop_app.importers.people import PeopleRegistry
from tests.conftest import SEED, SHARED_DATA

TITLES = SHARED_DATA / "wilson-titles"
EXPECTED = TITLES / "expected.json"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(
        not EXPECTED.exists(),
        reason=f"the development set {TITLES} is not there (it lives outside the project)",
    ),
]

#: The fields the issue measures, and the share of titles each must read right.
MEASURED = ("type", "number", "authors", "recipients", "via", "participants", "origin")
TARGET = 0.95
ROLES = {
    "authors": Role.AUTHOR,
    "recipients": Role.RECIPIENT,
    "via": Role.VIA,
    "participants": Role.PARTICIPANT,
    "mentioned": Role.MENTIONED,
}


@dataclass(frozen=True)
class Reading:
    """One title of the set: what the importer made of it, and what a historian reads."""

    title: str
    got: dict[str, Any]
    expected: dict[str, Any]
    alternatives: dict[str, list[Any]]

    def right(self, field: str) -> bool:
        accepted = [self.expected[field], *self.alternatives.get(field, [])]
        return any(_same(field, self.got[field], value) for value in accepted)


@pytest.fixture(scope="module")
def people() -> PeopleRegistry:
    return PeopleRegistry.load()


@pytest.fixture(scope="module")
def development_set() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def readings(people: PeopleRegistry, development_set: dict[str, Any]) -> list[Reading]:
    documents = {
        document.title: document
        for part in sorted(TITLES.glob("*.txt"))
        for document in parse_listing(
            part.read_text(encoding="utf-8"), source=part.name, people=people
        ).documents
    }
    found = []
    for entry in development_set["entries"]:
        document = documents.get(" ".join(entry["title"].split()))
        assert document is not None, f"the listings do not hold {entry['title']!r}"
        found.append(
            Reading(
                entry["title"], _fields(document), entry["expected"], entry.get("alternatives", {})
            )
        )
    return found


def _fields(document: DocumentRecord) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "type": document.doc_type or "",
        "number": document.number or "",
        "origin": document.origin or "",
        "date_precision": document.date.precision.value if document.date else "",
    }
    for field, role in ROLES.items():
        fields[field] = [credit.person.name for credit in document.credits if credit.role is role]
    return fields


@functools.cache
def _names_of_the_set() -> dict[str, str]:
    """The set's own names list: every alias of a person keys as the person."""
    people = json.loads(EXPECTED.read_text(encoding="utf-8"))["convention"]["people"]
    return {
        identity_key(written): identity_key(name)
        for name, aliases in people.items()
        for written in (name, *aliases)
    }


def _person_key(name: str) -> str:
    key = identity_key(name)
    return _names_of_the_set().get(key, key)


def _same(field: str, got: Any, wanted: Any) -> bool:
    if isinstance(wanted, list):
        return sorted(map(_person_key, got)) == sorted(map(_person_key, wanted))
    return str(got).casefold() == str(wanted).casefold()


def _report(readings: list[Reading], fields: tuple[str, ...]) -> str:
    lines = []
    for field in fields:
        right = sum(reading.right(field) for reading in readings)
        lines.append(f"{field:15} {right:3}/{len(readings)}  {right / len(readings):6.1%}")
    whole = sum(all(reading.right(f) for f in MEASURED) for reading in readings)
    lines.append(f"{'every field':15} {whole:3}/{len(readings)}  {whole / len(readings):6.1%}")
    return "\n".join(lines)


def test_each_field_reads_right_for_at_least_95_percent_of_the_titles(
    readings: list[Reading], capsys: pytest.CaptureFixture[str]
) -> None:
    report = _report(readings, (*MEASURED, "date_precision", "mentioned"))
    with capsys.disabled():
        print(f"\nTitles of the development set, read right:\n{report}")
    for field in (*MEASURED, "date_precision"):
        right = sum(reading.right(field) for reading in readings) / len(readings)
        wrong = [
            f"{reading.title!r}: {reading.got[field]!r}, not {reading.expected[field]!r}"
            for reading in readings
            if not reading.right(field)
        ]
        assert right >= TARGET, f"{field}: {right:.0%}\n" + "\n".join(wrong)


def test_every_field_of_at_least_95_percent_of_the_titles_reads_right(
    readings: list[Reading],
) -> None:
    wrong = [reading for reading in readings if not all(reading.right(f) for f in MEASURED)]
    share = 1 - len(wrong) / len(readings)
    details = "\n".join(
        f"{r.title!r}: " + ", ".join(f for f in MEASURED if not r.right(f)) for r in wrong
    )
    assert share >= TARGET, f"{share:.0%} of the titles wholly right\n{details}"


# -- never a garbage name ----------------------------------------------------------------------

#: What a name read off a title never holds: an editorial bracket, a quote mark, the words of
#: the title's frame (`between`, `Excerpt`, `via`), a possessive (`Mao's Comments`).
_FRAME = re.compile(
    r"[\[\]\"“”‘]|^['’]|['’]$|['’]s\b|\b(?:between|excerpts?|extracts?|via|conveying|"
    r"transmitting)\b",
    re.IGNORECASE,
)


def _names(people: PeopleRegistry, listing: Path) -> Iterator[tuple[str, str, Role, bool]]:
    batch = parse_listing(listing.read_text(encoding="utf-8"), source=listing.name, people=people)
    for document in batch.documents:
        for credit in document.credits:
            reading = people.read(credit.person.name)
            is_person = reading is None or reading.is_person
            yield document.title, credit.person.name, credit.role, is_person


def _listings() -> list[Path]:
    return [SEED, *sorted(TITLES.glob("*.txt"))]


def test_no_name_read_off_a_title_is_a_piece_of_the_title(people: PeopleRegistry) -> None:
    vocabulary = people.vocabulary
    offices = vocabulary.office_words | vocabulary.honorifics
    garbage = []
    for listing in _listings():
        for title, name, role, is_person in _names(people, listing):
            if _FRAME.search(name.replace("Worker’s Party", "Workers Party")):
                garbage.append(f"{listing.name}: {title!r} -> {role.value} {name!r}")
            # A person's name holds no office or courtesy word (`Governor`, `Comrade`).
            words = [word.strip(".,").casefold() for word in name.split()]
            if is_person and any(word in offices for word in words):
                garbage.append(f"{listing.name}: {title!r} -> {role.value} {name!r} (office)")
    assert garbage == []


A, R, V, P = Role.AUTHOR, Role.RECIPIENT, Role.VIA, Role.PARTICIPANT


@pytest.mark.parametrize(
    ("title", "invented", "credits"),
    [
        # Names the reader once invented from real archive titles, and the right reading.
        (
            "Record of a Meeting Between T. V. Soong and Stalin",
            "Meeting Between T. V. Soong",
            [("T. V. Soong", P), ("Stalin", P)],
        ),
        ("Excerpts from the Minutes of the Politburo Meeting", "Excerpts", []),
        (
            "Telegram from [Politburo Members] Comrade Walter Ulbricht to Khrushchev",
            "[Politburo Members] Comrade Walter Ulbricht",
            [("Walter Ulbricht", A), ("Nikita Khrushchev", R)],
        ),
        (
            "Letter from Governer Shicai Sheng to Stalin",
            "Governer Shicai Sheng",
            [("Sheng Shicai", A), ("Stalin", R)],
        ),
        (
            "Telegram from Mao Zedong [via Terebin] to Stalin",
            "Mao Zedong [via Terebin]",
            [("Mao Zedong", A), ("Stalin", R), ("Terebin", V)],
        ),
        (
            "Letter from Chairman of the Central People's Government of the People's Republic "
            "of China Mao Zedong to Stalin",
            "Chairman of the Central People Government of the People Republic of China Mao Zedong",
            [("Mao Zedong", A), ("Stalin", R)],
        ),
        ("Letter from the CC VKP(b) to Mao Zedong", "VKP", [("CC VKP(b)", A), ("Mao Zedong", R)]),
        (
            "Letter from the Central Committee of the Romanian Worker’s Party to the CPSU",
            "Central Committee of the Romanian Worker Party",
            [("Central Committee of the Romanian Worker’s Party", A), ("CPSU", R)],
        ),
        (
            # An office is kept as written, as a body: the addressee's post, not a person.
            "Cable from Apresov to the Consul General in Urumqi",
            "Urumqi",
            [("Garegin Apresov", A), ("Consul General in Urumqi", R)],
        ),
        (
            "Telegram from Savel'yev in Urumchi to Stalin",
            "Savel'yev in Urumchi",
            [("Savel'yev", A), ("Stalin", R)],
        ),
    ],
)
def test_the_names_once_invented_are_read_right(
    people: PeopleRegistry, title: str, invented: str, credits: list[tuple[str, Role]]
) -> None:
    from desktop_app.importers.titles import parse_title

    read = [(credit.person.name, credit.role) for credit in parse_title(title, people).credits]
    assert invented not in [name for name, _ in read]
    assert read == credits


def test_a_plural_body_is_never_read_as_a_person(people: PeopleRegistry) -> None:
    from desktop_app.importers.titles import parse_title

    for title in (
        "Record of the Talks between the Czechoslovak and Soviet Delegations",
        "Notes of Meeting between Chinese and Soviet Border Negotiators",
    ):
        for credit in parse_title(title, people).credits:
            reading = people.read(credit.person.name)
            assert reading is not None and not reading.is_person, (title, credit.person.name)
