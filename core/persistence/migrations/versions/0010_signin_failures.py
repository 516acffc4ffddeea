"""signin_failures: the per-address sign-in limit, shared by every web process

Revision ID: 0010_signin_failures
Revises: 0009_name_prefix

The limit of 20 failed sign-ins per client address in 15 minutes was counted in each web
process's memory, so with four workers a guesser had 80 tries. The failures are now rows,
keyed by a digest of the address made with the app's secret (not the address itself), and
deleted once they are older than the window.
"""
from alembic import op
import sqlalchemy as sa


revision = '0010_signin_failures'
down_revision = '0009_name_prefix'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'signin_failures',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('address_key', sa.String(64), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_signin_failures_key_at', 'signin_failures', ['address_key', 'at'])
    op.create_index('ix_signin_failures_at', 'signin_failures', ['at'])


def downgrade() -> None:
    op.drop_table('signin_failures')
