"""SQLAlchemy 2 typed models of the catalog (PRODUCT.md §2).

Every name-like value (person, place, type, archive, …) lives in a small table with its display
`name` and a folded `key` (see `domain.text.search_key`), so that filters resolve words against a
few thousand names and then select documents by id. Documents carry folded `sort_*` copies of
their multi-valued and looked-up columns so that sorting a million rows walks one index.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: The documents whose date can cross a year boundary: only circa years and ranges of years do
#: (a day, a month or a year lies within its year). Queries must repeat this text word for word
#: for SQLite to use the partial index below.
MULTI_YEAR_DATES = "date_precision IN ('circa', 'range')"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """For Alembic: leave the full-text tables, which these models do not describe, alone.

    SQLite's FTS5 table comes with shadow tables (`documents_fts_*`); PostgreSQL's is
    `document_search`, with its GIN index.
    """
    if type_ == "table" and name is not None:
        return not (name.startswith("documents_fts") or name == "document_search")
    if type_ == "index" and name is not None:
        return not name.startswith("ix_document_search_")
    return True


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Collection(Base):
    __tablename__ = "collections"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(600), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("collections.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    source_url: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    # Identifies a record that has no archive record ID, so that importing it again adds nothing.
    import_key: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    date_text: Mapped[str] = mapped_column(String(200), default="")
    date_precision: Mapped[str] = mapped_column(String(10), default="undated")
    date_start: Mapped[str | None] = mapped_column(String(10))
    date_end: Mapped[str | None] = mapped_column(String(10))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    # Orders by interval start, then wider intervals first, undated last (see `date_sort_key`).
    sort_date: Mapped[str] = mapped_column(String(20), default="~", index=True)
    title_dates: Mapped[str] = mapped_column(Text, default="")
    doc_type_id: Mapped[int | None] = mapped_column(ForeignKey("doc_types.id"), index=True)
    number: Mapped[str] = mapped_column(String(200), default="")
    origin_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    archive_id: Mapped[int | None] = mapped_column(ForeignKey("archives.id"), index=True)
    source_citation: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[str] = mapped_column(String(200), default="", index=True)
    url: Mapped[str] = mapped_column(Text, default="")
    rights: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_title: Mapped[str] = mapped_column(String(200), default="", index=True)
    sort_type: Mapped[str] = mapped_column(String(200), default="", index=True)
    sort_number: Mapped[str] = mapped_column(String(200), default="", index=True)
    sort_authors: Mapped[str] = mapped_column(String(200), default="", index=True)
    sort_recipients: Mapped[str] = mapped_column(String(200), default="", index=True)
    sort_origin: Mapped[str] = mapped_column(String(200), default="", index=True)
    sort_collections: Mapped[str] = mapped_column(String(200), default="", index=True)
    sort_languages: Mapped[str] = mapped_column(String(200), default="", index=True)
    sort_archive: Mapped[str] = mapped_column(String(200), default="", index=True)
    sort_record: Mapped[str] = mapped_column(String(100), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(default=_now)
    updated_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        # Date filters test overlap: start <= asked end and end >= asked start.
        Index("ix_documents_date", "date_start", "date_end"),
        # The timeline counts most documents from the year index or a range of the date index;
        # the few whose dates cross a year boundary it finds here instead of in a full scan.
        Index(
            "ix_documents_multi_year",
            "date_start",
            "date_end",
            sqlite_where=text(MULTI_YEAR_DATES),
            postgresql_where=text(MULTI_YEAR_DATES),
        ),
    )


class DocumentText(Base):
    """A document's own words and their footnotes, for the documents that have them.

    Kept out of `documents`, which a million-row scan reads whole, so that its rows stay short.
    """

    __tablename__ = "document_texts"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    footnotes: Mapped[str] = mapped_column(Text, default="")


class _NamedMixin:
    """A looked-up name: display form and folded search key."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500), unique=True)
    key: Mapped[str] = mapped_column(String(600), index=True)


class DocType(_NamedMixin, Base):
    __tablename__ = "doc_types"


class Place(_NamedMixin, Base):
    __tablename__ = "places"


class Archive(_NamedMixin, Base):
    __tablename__ = "archives"


class Language(_NamedMixin, Base):
    __tablename__ = "languages"


class Subject(_NamedMixin, Base):
    __tablename__ = "subjects"


class Tag(_NamedMixin, Base):
    __tablename__ = "tags"


class Person(Base):
    """A person or organisation; `identity` makes `Mao, Zedong` and `Mao Zedong` one person."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(600), index=True)
    identity: Mapped[str] = mapped_column(String(600), unique=True)


class PersonAlias(Base):
    __tablename__ = "person_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(500))
    key: Mapped[str] = mapped_column(String(600), index=True)
    identity: Mapped[str] = mapped_column(String(600), unique=True)


class DocumentPerson(Base):
    __tablename__ = "document_people"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: The name the source wrote, where the person is credited under another (None: theirs).
    written_as: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (Index("ix_document_people_person_role", "person_id", "role", "document_id"),)


class DocumentCollection(Base):
    __tablename__ = "document_collections"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    collection_id: Mapped[int] = mapped_column(
        ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        Index("ix_document_collections_collection_id", "collection_id", "document_id"),
    )


class DocumentPlace(Base):
    __tablename__ = "document_places"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    place_id: Mapped[int] = mapped_column(
        ForeignKey("places.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_document_places_place_id", "place_id", "document_id"),)


class DocumentSubject(Base):
    __tablename__ = "document_subjects"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_document_subjects_subject_id", "subject_id", "document_id"),)


class DocumentLanguage(Base):
    __tablename__ = "document_languages"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    language_id: Mapped[int] = mapped_column(
        ForeignKey("languages.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_document_languages_language_id", "language_id", "document_id"),)


class DocumentTag(Base):
    __tablename__ = "document_tags"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_document_tags_tag_id", "tag_id", "document_id"),)


class SavedSearch(Base):
    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    query: Mapped[str] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}


class CatalogState(Base):
    """One row of catalog-wide facts: a counter every change of documents moves on.

    Readers that keep documents' values in memory (`storage.columns`) compare it with the
    counter they read them at, in the same snapshot as their query, to know they still hold.
    """

    __tablename__ = "catalog_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_generation: Mapped[int] = mapped_column(Integer, default=0)
