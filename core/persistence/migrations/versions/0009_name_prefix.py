"""cases: the name indexes serve a search by the start of a name

Revision ID: 0009_name_prefix
Revises: 0008_inflight_markers

The case list finds a complainant by the start of a first or last name (`LIKE 'สมศ%'` on
PostgreSQL, `GLOB 'สมศ*'` on SQLite), or of both. Each name index now carries the other
name too, (first_name, last_name) and (last_name, first_name), so a search by both starts
checks the second inside the index instead of reading every row the first one matches. On
PostgreSQL they are built with varchar_pattern_ops: a plain btree index serves a prefix
`LIKE` only under the C collation, these under any (th_TH, en_US), and they still serve
equality.
"""
from alembic import op


revision = '0009_name_prefix'
down_revision = '0008_inflight_markers'
branch_labels = None
depends_on = None

INDEXES = (('ix_cases_first_name', 'first_name', 'last_name'),
           ('ix_cases_last_name', 'last_name', 'first_name'))


def upgrade() -> None:
    for name, lead, other in INDEXES:
        op.drop_index(name, table_name='cases')
        op.create_index(name, 'cases', [lead, other], unique=False, postgresql_ops={
            lead: 'varchar_pattern_ops', other: 'varchar_pattern_ops'})


def downgrade() -> None:
    for name, lead, _ in INDEXES:
        op.drop_index(name, table_name='cases')
        op.create_index(name, 'cases', [lead], unique=False)
