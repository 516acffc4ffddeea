"""scheduler indexes: unmet milestones by kind and due time, open cases per unit

Revision ID: 0003_scheduler
Revises: 0001_initial
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_scheduler'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

UNMET = sa.text('met_at IS NULL')


def upgrade() -> None:
    op.create_index('ix_milestones_unmet_kind_due', 'milestones',
                    ['kind', 'due_at', 'case_id', 'seq', 'due_date', 'met_at'], unique=False,
                    sqlite_where=UNMET, postgresql_where=UNMET)
    op.create_index('ix_cases_status_unit_due', 'cases', ['status', 'unit_code', 'due_date'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_cases_status_unit_due', table_name='cases')
    op.drop_index('ix_milestones_unmet_kind_due', table_name='milestones')
