"""admin: partial indexes on open cases, covering indexes for the dashboard's counts and KPI

Revision ID: 0005_admin_counts
Revises: 0004_admin
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_admin_counts'
down_revision = '0004_admin'
branch_labels = None
depends_on = None

OPEN = sa.text("status <> 'closed'")
NEW = sa.text("status = 'new'")
PARTIAL = (
    ('ix_cases_open_due', ['due_date'], OPEN),
    ('ix_cases_open_unit_due', ['unit_code', 'due_date'], OPEN),
    ('ix_cases_new_contact', ['contact_due_at'], NEW),
    ('ix_cases_open_counts', ['status', 'unit_code', 'category', 'channel'], OPEN),
)
COVERING = (
    ('ix_cases_received_counts', ['received_date', 'status', 'unit_code', 'category',
                                  'channel']),
    ('ix_cases_kpi_due', ['due_date', 'closed_date', 'unit_code']),
    ('ix_cases_kpi_closed', ['closed_date', 'due_date', 'unit_code']),
)
REPLACED = (  # by the partial indexes above
    ('ix_cases_status_due', ['status', 'due_date']),
    ('ix_cases_unit_due', ['unit_code', 'due_date']),
)


def upgrade() -> None:
    for name, _ in REPLACED:
        op.drop_index(name, table_name='cases')
    for name, columns, where in PARTIAL:
        op.create_index(name, 'cases', columns, unique=False, sqlite_where=where,
                        postgresql_where=where)
    for name, columns in COVERING:
        op.create_index(name, 'cases', columns, unique=False)


def downgrade() -> None:
    for name, *_ in PARTIAL + COVERING:
        op.drop_index(name, table_name='cases')
    for name, columns in REPLACED:
        op.create_index(name, 'cases', columns, unique=False)
