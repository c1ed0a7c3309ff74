"""One person, one name, per catalog: the people an import adds, merged into whom they must be.

`Roshchin`, `N.V. Roshchin` and `Nikolai Roshchin` in one catalog are one person with aliases
once the catalog can tell: the same surname, given names or initials that agree, and no other
person of that surname they could as well be. Names written surname first (Chinese, Korean,
Japanese: `Zhou`, `Kim`) and bodies are left as they are, as is anything the people registry
decides itself (its aliases are read when the names are).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from desktop_app.domain.names import WrittenName, fullest, same_person, surname_of, written_name
from desktop_app.importers.people import PeopleRegistry, word_key
from desktop_app.storage.writer import BatchWriter


@dataclass(slots=True)
class _Known:
    person_id: int
    name: str
    written: WrittenName


def merge_new_people(writer: BatchWriter, registry: PeopleRegistry) -> int:
    """Merge each person `writer` added into the one catalog person they are; how many merged.

    Runs in the import's transaction, after its documents are written: a merge that fails
    takes the import with it.
    """
    added = dict(writer.people.added)
    if not added:
        return 0
    # Grouped first by the written surname alone, which costs nothing: only people who share
    # one with someone else are read (most of a large import's new people share none).
    groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
    new_surnames = {surname_of(name) for name in added.values()} - {""}
    if not new_surnames:
        return 0
    for person_id, name in writer.people.every_name():
        surname = surname_of(name)
        if surname in new_surnames:
            groups[surname].append((person_id, name))
    shared = [group for group in groups.values() if len(group) > 1]
    # People whose documents an import rewrote away are no one to merge into. Asked only when
    # it rewrote some, of the few who share a surname: a large import builds the links'
    # indexes at its end, so a question of every person would read every link.
    candidates = [person_id for group in shared for person_id, _ in group]
    linked = writer.people.with_documents(candidates) if writer.rewrote else set(candidates)
    shape = _Shape(registry)
    by_surname: dict[str, list[_Known]] = defaultdict(list)
    for sharing in shared:
        for person_id, name in sharing:
            if person_id not in linked:
                continue
            read = shape(name)
            if read is not None:
                by_surname[read.surname].append(_Known(person_id, name, read))
    merged = 0
    for person_id in sorted(added):
        people: list[_Known] = by_surname.get(surname_of(added[person_id]), [])
        newcomer = next((known for known in people if known.person_id == person_id), None)
        if newcomer is None:
            continue  # no one else of that surname, or merged into someone already
        read = newcomer.written
        others = [known for known in people if known is not newcomer]
        matching = [known for known in others if same_person(read, known.written)]
        if len(matching) != 1:
            continue  # nobody to be, or several: the catalog cannot tell
        kept = matching[0]
        rivals = [k for k in others if k is not kept and same_person(kept.written, k.written)]
        if rivals:
            continue  # the one it matches could as well be someone else
        name = _kept_name(registry, kept.name, newcomer.name)
        writer.merge_people(kept.person_id, person_id, name)
        people.remove(newcomer)
        kept.name = name
        kept.written = shape(name) or kept.written
        merged += 1
    return merged


def _kept_name(registry: PeopleRegistry, first: str, second: str) -> str:
    """The registry's own name for the person where it knows them, else the fullest."""
    for name in (first, second):
        known = registry.lookup(name)
        if known is not None:
            return known.name
    return fullest([first, second])


class _Shape:
    """A catalog name as a person's name written given names first, or None."""

    def __init__(self, registry: PeopleRegistry) -> None:
        self._registry = registry
        self._east_asian = registry.vocabulary.east_asian_surnames

    def __call__(self, name: str) -> WrittenName | None:
        tokens = name.split()
        if not tokens or word_key(tokens[0]) in self._east_asian:
            return None  # surname first: `Zhou` alone names too many people to merge
        reading = self._registry.read(name)
        if reading is None or not reading.is_person:
            return None
        if not reading.known:
            return written_name(reading.person.name)  # `Ambassador Roshchin` is Roshchin
        # A person the registry knows is as fully named as its fullest form: `Gromyko` is
        # Andrei Andreyevich Gromyko, whom Anatoly Gromyko is not. Known by a surname alone,
        # the registry cannot say who else shares it: nobody is merged into them.
        forms = [reading.person.name, *reading.person.aliases]
        fullest_form = written_name(fullest(forms))
        if fullest_form is None or not fullest_form.given:
            return None
        return fullest_form
