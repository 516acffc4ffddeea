"""cases.kpi_closed_date: the closing a month's KPI counted, kept when a case is reopened

Revision ID: 0006_kpi_closed_date
Revises: 0005_admin_counts
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_kpi_closed_date'
down_revision = '0005_admin_counts'
branch_labels = None
depends_on = None

OLD = (
    ('ix_cases_kpi_due', ['due_date', 'closed_date', 'unit_code']),
    ('ix_cases_kpi_closed', ['closed_date', 'due_date', 'unit_code']),
)
NEW = (
    ('ix_cases_kpi_due', ['due_date', 'kpi_closed_date', 'unit_code']),
    ('ix_cases_kpi_closed', ['kpi_closed_date', 'due_date', 'unit_code']),
)


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch:
        batch.add_column(sa.Column('kpi_closed_date', sa.Date(), nullable=True))
    op.execute("UPDATE cases SET kpi_closed_date = closed_date")
    for name, _ in OLD:
        op.drop_index(name, table_name='cases')
    for name, columns in NEW:
        op.create_index(name, 'cases', columns, unique=False)


def downgrade() -> None:
    for name, _ in NEW:
        op.drop_index(name, table_name='cases')
    for name, columns in OLD:
        op.create_index(name, 'cases', columns, unique=False)
    with op.batch_alter_table('cases') as batch:
        batch.drop_column('kpi_closed_date')
