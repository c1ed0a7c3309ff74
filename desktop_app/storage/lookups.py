"""Ids of the catalog's names and people for a writer: looked up, and added, a chunk at a time."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.records import CollectionRecord, PersonName
from desktop_app.domain.text import identity_key, search_key
from desktop_app.storage import models as m
from desktop_app.storage.concurrency import insert_new

#: Values bound in one `IN (…)` list: well under SQLite's and PostgreSQL's limits.
IN_LIST = 500

# The same few thousand names recur through a whole import; their keys are pure functions.
identity_of = functools.lru_cache(maxsize=1 << 16)(identity_key)


def _tidy(name: str) -> str:
    return " ".join(name.split())


_T = TypeVar("_T")


def in_parts(values: Sequence[_T]) -> Iterable[Sequence[_T]]:
    for start in range(0, len(values), IN_LIST):
        yield values[start : start + IN_LIST]


class NameLookup:
    """Ids of one looked-up table's names, remembered within the transaction.

    `add` looks up and adds a whole chunk's names in a few statements; `id_for` then answers
    from memory.
    """

    def __init__(self, session: Session, model: Any) -> None:
        self.session = session
        self.model = model
        self.ids: dict[str, int] = {}
        # The same names come back written the same way: their ids by the name as written.
        self._written: dict[str, int] = {}

    def add(self, names: Iterable[str]) -> None:
        """Give every name an id: those the table lacks are added, in one statement."""
        written = self._written
        fresh = dict.fromkeys(name for name in names if name not in written)
        wanted = list(dict.fromkeys(cleaned for cleaned in map(_tidy, fresh) if cleaned))
        unknown = [name for name in wanted if name not in self.ids]
        if not unknown:
            return
        self._find(unknown)
        missing = [name for name in unknown if name not in self.ids]
        if not missing:
            return
        # Nothing is added for a name that another writer added since (see `insert_new`).
        self.session.execute(
            insert_new(self.session, self.model),
            [{"name": name, "key": search_key(name)} for name in missing],
        )
        self._find(missing)

    def id_for(self, name: str) -> int:
        found = self._written.get(name)
        if found is None:
            cleaned = _tidy(name)
            if cleaned not in self.ids:
                self.add([cleaned])
            found = self._written[name] = self.ids[cleaned]
        return found

    def _find(self, names: Sequence[str]) -> None:
        for part in in_parts(names):
            statement = select(self.model.name, self.model.id).where(self.model.name.in_(part))
            self.ids.update(self.session.execute(statement).all())


def name_ids(session: Session, model: Any, names: Iterable[str]) -> list[int]:
    """The ids of `names` in a looked-up table (tags, places, …), adding those it lacks."""
    wanted = list(names)
    lookup = NameLookup(session, model)
    lookup.add(wanted)
    return [lookup.id_for(name) for name in wanted]


class PeopleLookup:
    """Finds people by canonical name or any alias, adding new people and aliases in bulk."""

    def __init__(self, session: Session) -> None:
        self.session = session
        #: Person ids by identity key of a name or alias.
        self.ids: dict[str, int] = {}
        # Identities looked up and not in the catalog: no need to ask the database again.
        self.absent: set[str] = set()
        #: The people this writer added to the catalog, by id: their names as written.
        self.added: dict[int, str] = {}
        #: The catalog's name of each person looked up by `names_of`, by id.
        self.names: dict[int, str] = {}

    def add(self, people: Iterable[PersonName]) -> None:
        """Give every person an id, adding those the catalog lacks and their new aliases.

        A person is the catalog's by canonical name, else by any name they are written with;
        the others are added. An alias is added unless its name is already someone's.
        The people and aliases are added with one statement each, whatever their number.
        """
        chunk = list(dict.fromkeys(people))
        self._preload(chunk)
        new_people: list[PersonName] = []
        # Ids of people not yet added are placeholders -1, -2, …: indexes into `new_people`.
        placeheld: list[str] = []
        aliases: list[tuple[int, str, str]] = []
        for person in chunk:
            identity = identity_of(person.name)
            person_id = self.ids.get(identity)
            if person_id is None:
                person_id = next(
                    (
                        self.ids[written]
                        for written in map(identity_of, person.aliases)
                        if written in self.ids
                    ),
                    None,
                )
            if person_id is None:
                new_people.append(person)
                person_id = -len(new_people)
            self._assign(identity, person_id, placeheld)
            for alias in person.aliases:
                alias_identity = identity_of(alias)
                if alias_identity and alias_identity not in self.ids:
                    aliases.append((person_id, alias, alias_identity))
                    self._assign(alias_identity, person_id, placeheld)
        if new_people:
            added = self._insert(new_people)
            self.added.update(zip(added, (person.name for person in new_people), strict=True))
            for identity in placeheld:
                placeholder = self.ids[identity]
                if placeholder < 0:  # an identity met twice is on the list twice
                    self.ids[identity] = added[-placeholder - 1]
            aliases = [
                (added[-person_id - 1] if person_id < 0 else person_id, alias, identity)
                for person_id, alias, identity in aliases
            ]
        if aliases:
            # Nothing is added if another writer gave someone this alias meanwhile.
            self.session.execute(
                insert_new(self.session, m.PersonAlias),
                [
                    {
                        "person_id": person_id,
                        "alias": alias,
                        "key": search_key(alias),
                        "identity": identity,
                    }
                    for person_id, alias, identity in aliases
                ],
            )

    def known(self, people: Sequence[PersonName]) -> dict[PersonName, int]:
        """The ids of those of `people` the catalog has, by name or alias; none is added."""
        self._preload(people)
        found: dict[PersonName, int] = {}
        for person in people:
            for written in (person.name, *person.aliases):
                person_id = self.ids.get(identity_of(written))
                if person_id is not None and person_id > 0:
                    found[person] = person_id
                    break
        return found

    def names_of(self, person_ids: Sequence[int]) -> dict[int, str]:
        """The catalog's name of each of these people (this transaction's additions too)."""
        missing = sorted(set(person_ids) - self.names.keys())
        for part in in_parts(missing):
            self.names.update(
                self.session.execute(
                    select(m.Person.id, m.Person.name).where(m.Person.id.in_(part))
                ).all()
            )
        return {person_id: self.names[person_id] for person_id in person_ids}

    def every_name(self) -> list[tuple[int, str]]:
        """Every person of the catalog, as id and name (this transaction's additions too)."""
        rows = self.session.execute(select(m.Person.id, m.Person.name))
        return [(person_id, name) for person_id, name in rows]

    def with_documents(self, person_ids: Sequence[int]) -> set[int]:
        """Which of these people some document names."""
        linked: set[int] = set()
        for part in in_parts(person_ids):
            linked.update(
                self.session.execute(
                    select(m.DocumentPerson.person_id)
                    .where(m.DocumentPerson.person_id.in_(part))
                    .distinct()
                ).scalars()
            )
        return linked

    def id_for(self, person: PersonName) -> int:
        identity = identity_of(person.name)
        if identity not in self.ids:
            self.add([person])
        return self.ids[identity]

    def merge(self, keep_id: int, drop_id: int, name: str) -> tuple[PersonName, set[str]]:
        """Make two people one in the catalog: `keep_id`, called `name`, with every name either
        was written with as an alias; `drop_id` goes, and its aliases and links with it.

        The person kept, with all their aliases, and the identities of the names that now are
        theirs (for the documents that credit one of them).
        """
        session = self.session
        both = (keep_id, drop_id)
        kept_aliases = list(
            session.execute(
                select(m.PersonAlias.alias).where(m.PersonAlias.person_id == keep_id)
            ).scalars()
        )
        names = [
            *session.execute(select(m.Person.name).where(m.Person.id.in_(both))).scalars(),
            *session.execute(
                select(m.PersonAlias.alias).where(m.PersonAlias.person_id == drop_id)
            ).scalars(),
        ]
        # The dropped person's aliases and links go with it.
        session.execute(delete(m.Person).where(m.Person.id == drop_id))
        session.execute(
            update(m.Person)
            .where(m.Person.id == keep_id)
            .values(name=name, key=search_key(name), identity=identity_of(name))
        )
        identities = {identity_of(name)}
        session.execute(
            delete(m.PersonAlias).where(
                m.PersonAlias.identity == identity_of(name), m.PersonAlias.person_id == keep_id
            )
        )
        aliases = {}
        for written in names:
            identity = identity_of(written)
            if identity and identity not in identities:
                identities.add(identity)
                aliases[identity] = written
        if aliases:
            session.execute(
                insert_new(session, m.PersonAlias),
                [
                    {
                        "person_id": keep_id,
                        "alias": alias,
                        "key": search_key(alias),
                        "identity": identity,
                    }
                    for identity, alias in aliases.items()
                ],
            )
        for identity in identities:
            self.ids[identity] = keep_id
        self.added.pop(drop_id, None)
        self.names.pop(drop_id, None)
        self.names[keep_id] = name
        # Every name the person has, for the full-text entries of their documents.
        every_alias = dict.fromkeys(alias for alias in (*kept_aliases, *aliases.values()))
        every_alias.pop(name, None)
        person = PersonName(name, tuple(every_alias))
        renamed = {identity_of(written) for written in names}
        return person, renamed

    def _assign(self, identity: str, person_id: int, placeheld: list[str]) -> None:
        self.ids[identity] = person_id
        if person_id < 0:
            placeheld.append(identity)

    def _preload(self, people: Sequence[PersonName]) -> None:
        """Look up a chunk's names and aliases in two queries per few hundred identities."""
        wanted = (
            {
                identity_of(written)
                for person in people
                for written in (person.name, *person.aliases)
            }
            - self.ids.keys()
            - self.absent
        )
        wanted.discard("")
        ordered = sorted(wanted)
        for part in in_parts(ordered):
            self.ids.update(
                self.session.execute(
                    select(m.PersonAlias.identity, m.PersonAlias.person_id).where(
                        m.PersonAlias.identity.in_(part)
                    )
                ).all()
            )
            # Canonical names win over aliases that read the same.
            self.ids.update(
                self.session.execute(
                    select(m.Person.identity, m.Person.id).where(m.Person.identity.in_(part))
                ).all()
            )
        self.absent.update(wanted - self.ids.keys())

    def _insert(self, people: Sequence[PersonName]) -> list[int]:
        """Add people (of distinct identities) and return their ids, in order."""
        identities = [identity_of(person.name) for person in people]
        # A person that another writer added meanwhile is not added again: theirs is found.
        self.session.execute(
            insert_new(self.session, m.Person),
            [
                {"name": person.name, "key": search_key(person.name), "identity": identity}
                for person, identity in zip(people, identities, strict=True)
            ],
        )
        found: dict[str, int] = {}
        for part in in_parts(identities):
            found.update(
                self.session.execute(
                    select(m.Person.identity, m.Person.id).where(m.Person.identity.in_(part))
                ).all()
            )
        return [found[identity] for identity in identities]


class CollectionLookup:
    """Ids of collections by title, remembered within the transaction, adding those it lacks."""

    def __init__(self, session: Session) -> None:
        self.session = session
        #: Collection ids by title.
        self.ids: dict[str, int] = {}
        #: How many collections were added.
        self.added = 0

    def add(self, record: CollectionRecord) -> int:
        """The id of a collection, added (and its parent, if need be) when the catalog lacks it."""
        parent_id = self.id_for(record.parent_title) if record.parent_title else None
        statement = select(m.Collection.id).where(m.Collection.title == record.title)
        statement = statement.where(
            m.Collection.parent_id.is_(None)
            if parent_id is None
            else m.Collection.parent_id == parent_id
        )
        found = self.session.execute(statement).scalars().first()
        if found is None:
            found = self.session.execute(
                insert(m.Collection)
                .values(
                    title=record.title,
                    key=search_key(record.title),
                    description=record.description,
                    parent_id=parent_id,
                    period_start=record.period_start,
                    period_end=record.period_end,
                    source_url=record.source_url,
                )
                .returning(m.Collection.id)
            ).scalar_one()
            self.added += 1
        self.ids[record.title] = found
        return found

    def id_for(self, title: str) -> int:
        """The id of the collection with this title, added at the top when the catalog lacks it."""
        if title in self.ids:
            return self.ids[title]
        found = (
            self.session.execute(select(m.Collection.id).where(m.Collection.title == title))
            .scalars()
            .first()
        )
        if found is None:
            return self.add(CollectionRecord(title=title))
        self.ids[title] = found
        return found


def person_ids(session: Session, people: Sequence[PersonName]) -> list[int]:
    """The ids of `people`, adding those the catalog lacks, in order."""
    lookup = PeopleLookup(session)
    lookup.add(people)
    return [lookup.id_for(person) for person in people]
