"""LINE edge: the local-mode fake LINE API's messages and content

Revision ID: 0002_bot
Revises: 0001_initial
"""
from alembic import op
import sqlalchemy as sa

revision = '0002_bot'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'fake_line_messages',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('to_id', sa.String(length=64), nullable=False),
        sa.Column('reply_token', sa.String(length=120), nullable=True),
        sa.Column('retry_key', sa.String(length=64), nullable=True),
        sa.Column('messages', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('reply_token'),
        sa.UniqueConstraint('retry_key'),
    )
    op.create_index('ix_fake_line_messages_to', 'fake_line_messages', ['to_id', 'id'])
    op.create_table(
        'fake_line_content',
        sa.Column('message_id', sa.String(length=40), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('message_id'),
    )


def downgrade() -> None:
    op.drop_table('fake_line_content')
    op.drop_index('ix_fake_line_messages_to', table_name='fake_line_messages')
    op.drop_table('fake_line_messages')
