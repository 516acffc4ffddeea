"""admin page indexes: case list sorting, search, due windows

Revision ID: 0004_admin
Revises: 0001_initial
"""
from alembic import op


revision = '0004_admin'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_cases_received_at', ['received_at', 'id']),
    ('ix_cases_unit_received', ['unit_code', 'received_at', 'id']),
    ('ix_cases_status_due', ['status', 'due_date']),
    ('ix_cases_unit_due', ['unit_code', 'due_date']),
    ('ix_cases_first_name', ['first_name']),
    ('ix_cases_last_name', ['last_name']),
    ('ix_cases_hospital', ['hospital_id', 'received_at']),
)


def upgrade() -> None:
    for name, columns in INDEXES:
        op.create_index(name, 'cases', columns, unique=False)


def downgrade() -> None:
    for name, _ in INDEXES:
        op.drop_index(name, table_name='cases')
