"""Each credit of a person keeps the name the source wrote, where the catalog names the person
otherwise (a name merged into another person's, a person renamed): so that a name merged can be
separated again with the documents that wrote it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 14:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("document_people", sa.Column("written_as", sa.String(500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("document_people") as batch:
        batch.drop_column("written_as")
