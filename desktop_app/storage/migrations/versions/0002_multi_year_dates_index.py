"""A partial index of the documents whose dates cross a year boundary, for the timeline.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Written out rather than imported: a migration keeps meaning what it meant when it was written.
_MULTI_YEAR_DATES = "date_precision IN ('circa', 'range')"


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_documents_multi_year",
            ["date_start", "date_end"],
            unique=False,
            sqlite_where=sa.text(_MULTI_YEAR_DATES),
            postgresql_where=sa.text(_MULTI_YEAR_DATES),
        )


def downgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_multi_year")
