"""Initial catalog schema: collections, documents, people, names, links, saved searches, full text.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 19:27:39.586439
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop_app.storage import fulltext

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archives")),
        sa.UniqueConstraint("name", name=op.f("uq_archives_name")),
    )
    with op.batch_alter_table("archives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_archives_key"), ["key"], unique=False)

    op.create_table(
        "collections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Integer(), nullable=True),
        sa.Column("period_end", sa.Integer(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["collections.id"],
            name=op.f("fk_collections_parent_id_collections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collections")),
    )
    with op.batch_alter_table("collections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_collections_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_collections_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "doc_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doc_types")),
        sa.UniqueConstraint("name", name=op.f("uq_doc_types_name")),
    )
    with op.batch_alter_table("doc_types", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_doc_types_key"), ["key"], unique=False)

    op.create_table(
        "languages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_languages")),
        sa.UniqueConstraint("name", name=op.f("uq_languages_name")),
    )
    with op.batch_alter_table("languages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_languages_key"), ["key"], unique=False)

    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.Column("identity", sa.String(length=600), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("identity", name=op.f("uq_people_identity")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_key"), ["key"], unique=False)

    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        sa.UniqueConstraint("name", name=op.f("uq_places_name")),
    )
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_places_key"), ["key"], unique=False)

    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_searches")),
        sa.UniqueConstraint("name", name=op.f("uq_saved_searches_name")),
    )
    op.create_table(
        "subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("name", name=op.f("uq_subjects_name")),
    )
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subjects_key"), ["key"], unique=False)

    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
        sa.UniqueConstraint("name", name=op.f("uq_tags_name")),
    )
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tags_key"), ["key"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=100), nullable=True),
        sa.Column("import_key", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("date_text", sa.String(length=200), nullable=False),
        sa.Column("date_precision", sa.String(length=10), nullable=False),
        sa.Column("date_start", sa.String(length=10), nullable=True),
        sa.Column("date_end", sa.String(length=10), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("sort_date", sa.String(length=20), nullable=False),
        sa.Column("title_dates", sa.Text(), nullable=False),
        sa.Column("doc_type_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=200), nullable=False),
        sa.Column("origin_id", sa.Integer(), nullable=True),
        sa.Column("archive_id", sa.Integer(), nullable=True),
        sa.Column("source_citation", sa.Text(), nullable=False),
        sa.Column("classification", sa.String(length=200), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("rights", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("sort_title", sa.String(length=200), nullable=False),
        sa.Column("sort_type", sa.String(length=200), nullable=False),
        sa.Column("sort_number", sa.String(length=200), nullable=False),
        sa.Column("sort_authors", sa.String(length=200), nullable=False),
        sa.Column("sort_recipients", sa.String(length=200), nullable=False),
        sa.Column("sort_origin", sa.String(length=200), nullable=False),
        sa.Column("sort_collections", sa.String(length=200), nullable=False),
        sa.Column("sort_languages", sa.String(length=200), nullable=False),
        sa.Column("sort_archive", sa.String(length=200), nullable=False),
        sa.Column("sort_record", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["archive_id"], ["archives.id"], name=op.f("fk_documents_archive_id_archives")
        ),
        sa.ForeignKeyConstraint(
            ["doc_type_id"], ["doc_types.id"], name=op.f("fk_documents_doc_type_id_doc_types")
        ),
        sa.ForeignKeyConstraint(
            ["origin_id"], ["places.id"], name=op.f("fk_documents_origin_id_places")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("import_key", name=op.f("uq_documents_import_key")),
        sa.UniqueConstraint("record_id", name=op.f("uq_documents_record_id")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_archive_id"), ["archive_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_documents_classification"), ["classification"], unique=False
        )
        batch_op.create_index("ix_documents_date", ["date_start", "date_end"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_doc_type_id"), ["doc_type_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_origin_id"), ["origin_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_documents_sort_archive"), ["sort_archive"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_documents_sort_authors"), ["sort_authors"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_documents_sort_collections"), ["sort_collections"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_sort_date"), ["sort_date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_documents_sort_languages"), ["sort_languages"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_sort_number"), ["sort_number"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_sort_origin"), ["sort_origin"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_documents_sort_recipients"), ["sort_recipients"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_documents_sort_record"), ["sort_record"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_sort_title"), ["sort_title"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_sort_type"), ["sort_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_year"), ["year"], unique=False)

    op.create_table(
        "person_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=500), nullable=False),
        sa.Column("key", sa.String(length=600), nullable=False),
        sa.Column("identity", sa.String(length=600), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_aliases_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_aliases")),
        sa.UniqueConstraint("identity", name=op.f("uq_person_aliases_identity")),
    )
    with op.batch_alter_table("person_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_aliases_key"), ["key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_person_aliases_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "document_collections",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["collections.id"],
            name=op.f("fk_document_collections_collection_id_collections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_collections_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "document_id", "collection_id", name=op.f("pk_document_collections")
        ),
    )
    with op.batch_alter_table("document_collections", schema=None) as batch_op:
        batch_op.create_index(
            "ix_document_collections_collection_id", ["collection_id", "document_id"], unique=False
        )

    op.create_table(
        "document_languages",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("language_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_languages_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["language_id"],
            ["languages.id"],
            name=op.f("fk_document_languages_language_id_languages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "language_id", name=op.f("pk_document_languages")),
    )
    with op.batch_alter_table("document_languages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_document_languages_language_id", ["language_id", "document_id"], unique=False
        )

    op.create_table(
        "document_people",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_people_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_document_people_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "document_id", "person_id", "role", name=op.f("pk_document_people")
        ),
    )
    with op.batch_alter_table("document_people", schema=None) as batch_op:
        batch_op.create_index(
            "ix_document_people_person_role", ["person_id", "role", "document_id"], unique=False
        )

    op.create_table(
        "document_places",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_places_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["places.id"],
            name=op.f("fk_document_places_place_id_places"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "place_id", name=op.f("pk_document_places")),
    )
    with op.batch_alter_table("document_places", schema=None) as batch_op:
        batch_op.create_index(
            "ix_document_places_place_id", ["place_id", "document_id"], unique=False
        )

    op.create_table(
        "document_subjects",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_subjects_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_document_subjects_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "subject_id", name=op.f("pk_document_subjects")),
    )
    with op.batch_alter_table("document_subjects", schema=None) as batch_op:
        batch_op.create_index(
            "ix_document_subjects_subject_id", ["subject_id", "document_id"], unique=False
        )

    op.create_table(
        "document_tags",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_tags_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tag_id"], ["tags.id"], name=op.f("fk_document_tags_tag_id_tags"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("document_id", "tag_id", name=op.f("pk_document_tags")),
    )
    with op.batch_alter_table("document_tags", schema=None) as batch_op:
        batch_op.create_index("ix_document_tags_tag_id", ["tag_id", "document_id"], unique=False)

    create_full_text_index()


def downgrade() -> None:
    fulltext.drop_index(op.get_bind())
    with op.batch_alter_table("document_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_document_tags_tag_id")

    op.drop_table("document_tags")
    with op.batch_alter_table("document_subjects", schema=None) as batch_op:
        batch_op.drop_index("ix_document_subjects_subject_id")

    op.drop_table("document_subjects")
    with op.batch_alter_table("document_places", schema=None) as batch_op:
        batch_op.drop_index("ix_document_places_place_id")

    op.drop_table("document_places")
    with op.batch_alter_table("document_people", schema=None) as batch_op:
        batch_op.drop_index("ix_document_people_person_role")

    op.drop_table("document_people")
    with op.batch_alter_table("document_languages", schema=None) as batch_op:
        batch_op.drop_index("ix_document_languages_language_id")

    op.drop_table("document_languages")
    with op.batch_alter_table("document_collections", schema=None) as batch_op:
        batch_op.drop_index("ix_document_collections_collection_id")

    op.drop_table("document_collections")
    with op.batch_alter_table("person_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_aliases_person_id"))
        batch_op.drop_index(batch_op.f("ix_person_aliases_key"))

    op.drop_table("person_aliases")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_year"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_type"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_title"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_record"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_recipients"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_origin"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_number"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_languages"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_date"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_collections"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_authors"))
        batch_op.drop_index(batch_op.f("ix_documents_sort_archive"))
        batch_op.drop_index(batch_op.f("ix_documents_origin_id"))
        batch_op.drop_index(batch_op.f("ix_documents_doc_type_id"))
        batch_op.drop_index("ix_documents_date")
        batch_op.drop_index(batch_op.f("ix_documents_classification"))
        batch_op.drop_index(batch_op.f("ix_documents_archive_id"))

    op.drop_table("documents")
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tags_key"))

    op.drop_table("tags")
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subjects_key"))

    op.drop_table("subjects")
    op.drop_table("saved_searches")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_places_key"))

    op.drop_table("places")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_key"))

    op.drop_table("people")
    with op.batch_alter_table("languages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_languages_key"))

    op.drop_table("languages")
    with op.batch_alter_table("doc_types", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_doc_types_key"))

    op.drop_table("doc_types")
    with op.batch_alter_table("collections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collections_parent_id"))
        batch_op.drop_index(batch_op.f("ix_collections_key"))

    op.drop_table("collections")
    with op.batch_alter_table("archives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_archives_key"))

    op.drop_table("archives")


def create_full_text_index() -> None:
    """The database's own full-text index (SQLite FTS5, PostgreSQL tsvector with GIN)."""
    fulltext.create_index(op.get_bind())
