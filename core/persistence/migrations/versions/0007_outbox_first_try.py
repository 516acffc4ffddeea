"""outbox.first_tried_at: when a push was first handed to LINE (its retry key's age)

Revision ID: 0007_outbox_first_try
Revises: 0006_kpi_closed_date
"""
from alembic import op
import sqlalchemy as sa


revision = '0007_outbox_first_try'
down_revision = '0006_kpi_closed_date'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('first_tried_at', sa.DateTime(timezone=True), nullable=True))
    # Rows tried before this column existed: their first try was at their queueing or later,
    # so the queueing time makes their retry key look older than it is, never younger.
    op.execute("UPDATE outbox SET first_tried_at = created_at "
               "WHERE attempts > 0 OR status = 'sending'")


def downgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.drop_column('first_tried_at')
