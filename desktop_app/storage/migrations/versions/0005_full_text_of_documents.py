"""The full-text index holds each document's own text (body and footnotes) beside its title,
summary, names, places and subjects: the index is made again with the new column and every
document indexed anew.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 07:20:00.000000
"""

from __future__ import annotations

from alembic import op

from desktop_app.storage import fulltext
from desktop_app.storage.copying import rebuild_full_text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    fulltext.drop_index(connection)
    fulltext.create_index(connection)
    total = int(connection.exec_driver_sql("SELECT count(*) FROM documents").scalar_one())
    rebuild_full_text(connection, total, lambda _what, _done, _total: None)


def downgrade() -> None:
    # The older schema names the columns it writes and reads, so the index with the text's
    # column serves it as it is; its entries' texts simply go unsearched by name.
    pass
