"""One person, one name, by a person's decision: people merged, separated, renamed, and given
other names — each undone exactly, and each honoured by the imports that follow.

An import finds a person by any of their names (see `PeopleLookup`), so a name merged into
another person's is credited to that person the next time a source writes it, and a name
separated is its own person's. Every credit keeps the name its source wrote where the person
is named otherwise (`document_people.written_as`), so that a separation knows which documents
wrote the name it takes back. The documents a change touches are written again from their
records (row, sort keys, links, full-text entry with every name), as an edit writes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from desktop_app.domain.edits import PeopleChange, PersonAliases, PersonLink, PersonRename
from desktop_app.domain.errors import ConflictError, InputError
from desktop_app.domain.records import Credit, PersonName, Role
from desktop_app.domain.text import search_key
from desktop_app.storage import models as m
from desktop_app.storage.concurrency import insert_new
from desktop_app.storage.lookups import identity_of, in_parts
from desktop_app.storage.updating import stored_records
from desktop_app.storage.writer import BatchWriter


def planned_merge(session: Session, name: str, into: str) -> PeopleChange:
    """What merging the person `name` into the person `into` would do, without doing it."""
    drop_id, drop_name = _person(session, name)
    keep_id, keep_name = _person(session, into)
    if drop_id == keep_id:
        raise InputError(f"“{drop_name}” and “{keep_name}” are one person already")
    aliases = _aliases(session, drop_id)
    return PeopleChange(True, drop_name, keep_name, tuple(aliases), tuple(_links(session, drop_id)))


def merge_people(session: Session, name: str, into: str) -> PeopleChange:
    """Make the person `name` one with the person `into`: every name of the first becomes one
    of the second's, every document crediting the first credits the second. What it did, with
    the credits it moved, so that its reverse separates them exactly."""
    change = planned_merge(session, name, into)
    drop_id, _ = _person(session, change.name)
    keep_id, _ = _person(session, change.into)
    BatchWriter(session).merge_people(keep_id, drop_id, change.into)
    return change


def separate_person(session: Session, change: PeopleChange) -> PeopleChange:
    """Take `change.name` (and `change.aliases`) from the person `change.into` back into a
    person of their own, credited where `change.links` say — or, for a separation asked for
    by name, on the documents whose sources wrote one of those names. What it did."""
    keep_id, keep_name = _person(session, change.into)
    names = (change.name, *change.aliases)
    identities = {identity_of(written) for written in names}
    if identity_of(keep_name) in identities:
        raise InputError(f"“{keep_name}” is the person's own name: separate another of theirs")
    theirs = {identity_of(alias) for alias in _aliases(session, keep_id)}
    missing = [written for written in names if identity_of(written) not in theirs]
    if missing:
        raise ConflictError(
            f"“{missing[0]}” is no longer a name of “{keep_name}”; nothing was separated"
        )
    links = list(change.links) or [
        link
        for link in _links(session, keep_id)
        if link[3] is not None and identity_of(link[3]) in identities
    ]
    session.execute(
        delete(m.PersonAlias).where(
            m.PersonAlias.person_id == keep_id, m.PersonAlias.identity.in_(identities)
        )
    )
    person = PersonName(change.name, tuple(change.aliases))
    writer = BatchWriter(session)
    writer.people.add([person])
    by_document: dict[int, list[PersonLink]] = {}
    for link in links:
        by_document.setdefault(link[0], []).append(link)
    records = stored_records(session, sorted(by_document))
    for document_id, record in records.items():
        credits = list(record.credits)
        for _, role, position, written in sorted(by_document[document_id], key=lambda x: x[2]):
            credit = Credit(person, Role(role), written)
            # The credit the merge folded into the kept person's, where it still is; else the
            # credit goes back where it was (the document credited both).
            index = next(
                (
                    i
                    for i, c in enumerate(credits)
                    if c.role.value == role
                    and c.person.name == keep_name
                    and c.written is not None
                    and identity_of(c.written) in identities
                ),
                None,
            )
            if index is None:
                credits.insert(min(position, len(credits)), credit)
            else:
                credits[index] = credit
        records[document_id] = replace(record, credits=tuple(credits))
    writer.rewrite(records)
    return PeopleChange(False, change.name, keep_name, tuple(change.aliases), tuple(links))


def rename_person(session: Session, change: PersonRename) -> PersonRename:
    """Call the person `change.before` `change.after`; the name they had stays one of theirs
    (`keep_alias`), and their documents are written again under the new name."""
    person_id, name = _person(session, change.before)
    after = " ".join(change.after.split())
    if not after:
        raise InputError("a person needs a name")
    owner = _owner(session, after)
    if owner is not None and owner != person_id:
        raise InputError(
            f"“{after}” is a name of another person already: merge the two people instead"
        )
    session.execute(
        update(m.Person)
        .where(m.Person.id == person_id)
        .values(name=after, key=search_key(after), identity=identity_of(after))
    )
    session.execute(
        delete(m.PersonAlias).where(
            m.PersonAlias.person_id == person_id, m.PersonAlias.identity == identity_of(after)
        )
    )
    if change.keep_alias and identity_of(name) != identity_of(after):
        _add_aliases(session, person_id, [name])
    else:
        session.execute(
            delete(m.PersonAlias).where(
                m.PersonAlias.person_id == person_id, m.PersonAlias.identity == identity_of(name)
            )
        )
    ids = _rewrite_documents(session, person_id, written=name if change.keep_alias else None)
    return PersonRename(name, after, change.keep_alias, tuple(ids))


def change_aliases(session: Session, change: PersonAliases) -> PersonAliases:
    """Give the person `change.person` the other names `added` and take `removed` from them."""
    person_id, name = _person(session, change.person)
    added = [" ".join(alias.split()) for alias in change.added if alias.strip()]
    for alias in added:
        owner = _owner(session, alias)
        if owner == person_id:
            raise InputError(f"“{alias}” is a name of “{name}” already")
        if owner is not None:
            raise InputError(f"“{alias}” is a name of another person: merge the two people instead")
    removed = [identity_of(alias) for alias in change.removed]
    if identity_of(name) in removed:
        raise InputError(f"“{name}” is the person's own name: rename them instead")
    session.execute(
        delete(m.PersonAlias).where(
            m.PersonAlias.person_id == person_id, m.PersonAlias.identity.in_(removed)
        )
    )
    _add_aliases(session, person_id, added)
    ids = _rewrite_documents(session, person_id, written=None)
    return PersonAliases(name, tuple(added), tuple(change.removed), tuple(ids))


def _person(session: Session, name: str) -> tuple[int, str]:
    """The id and name of the person called `name`; InputError naming whose name it is, when
    it is someone's other name, or that there is no one of that name."""
    identity = identity_of(" ".join(name.split()))
    found = session.execute(
        select(m.Person.id, m.Person.name).where(m.Person.identity == identity)
    ).first()
    if found is not None:
        return found[0], found[1]
    alias_of = session.execute(
        select(m.Person.name)
        .join(m.PersonAlias, m.PersonAlias.person_id == m.Person.id)
        .where(m.PersonAlias.identity == identity)
    ).scalar_one_or_none()
    if alias_of is not None:
        raise InputError(f"“{name}” is another name of “{alias_of}”: use that name")
    raise InputError(f"the catalog has no person called “{name}”")


def _owner(session: Session, name: str) -> int | None:
    """The person who has `name` as their name or one of their others, if anyone does."""
    identity = identity_of(name)
    found = session.execute(
        select(m.Person.id).where(m.Person.identity == identity)
    ).scalar_one_or_none()
    if found is None:
        found = session.execute(
            select(m.PersonAlias.person_id).where(m.PersonAlias.identity == identity)
        ).scalar_one_or_none()
    return found


def _aliases(session: Session, person_id: int) -> list[str]:
    return list(
        session.execute(
            select(m.PersonAlias.alias)
            .where(m.PersonAlias.person_id == person_id)
            .order_by(m.PersonAlias.id)
        ).scalars()
    )


def _add_aliases(session: Session, person_id: int, aliases: Sequence[str]) -> None:
    rows = [
        {"person_id": person_id, "alias": a, "key": search_key(a), "identity": identity_of(a)}
        for a in dict.fromkeys(aliases)
    ]
    if rows:
        session.execute(insert_new(session, m.PersonAlias), rows)


def _links(session: Session, person_id: int) -> list[PersonLink]:
    """Every credit of a person: document, role, its place among the document's credits,
    and the name as written."""
    link = m.DocumentPerson
    return [
        (document_id, role, position, written)
        for document_id, role, position, written in session.execute(
            select(link.document_id, link.role, link.position, link.written_as)
            .where(link.person_id == person_id)
            .order_by(link.document_id, link.position)
        )
    ]


def _rewrite_documents(session: Session, person_id: int, written: str | None) -> list[int]:
    """Write every document crediting a person again, as it now is (their name, their other
    names in the full-text entry); `written`: the name their credits were written with until
    now, kept on those that had none of their own."""
    ids = sorted({link[0] for link in _links(session, person_id)})
    records = {}
    (name,) = session.execute(select(m.Person.name).where(m.Person.id == person_id)).scalars()
    for part in in_parts(ids):
        for document_id, record in stored_records(session, part).items():
            credits = tuple(
                Credit(c.person, c.role, c.written or written) if c.person.name == name else c
                for c in record.credits
            )
            records[document_id] = replace(record, credits=credits)
    BatchWriter(session).rewrite(records)
    return ids
