"""inflight: the order gate's markers in a table of their own (UNLOGGED on PostgreSQL)

Revision ID: 0008_inflight_markers
Revises: 0007_outbox_first_try

A marker is a hint written at every event of a person: losing it in a crash only lets a
later event go first, as if there were none. In `kv` each was a JSON document written with
full durability, and one row per person stayed for ever. On PostgreSQL the table is
UNLOGGED: no WAL for its rows and no wait for the disk at commit; after a crash it comes
back empty. The daily pass deletes markers older than a day.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_inflight_markers'
down_revision = '0007_outbox_first_try'
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        'inflight',
        sa.Column('line_user_id', sa.String(80), primary_key=True),
        sa.Column('event_id', sa.String(64), nullable=False),
        sa.Column('sent_ms', sa.BigInteger(), nullable=False),
        sa.Column('at_ms', sa.BigInteger(), nullable=False),
        prefixes=['UNLOGGED'] if postgres else [],
    )
    op.execute("DELETE FROM kv WHERE key LIKE 'inflight:%'")


def downgrade() -> None:
    op.drop_table('inflight')
