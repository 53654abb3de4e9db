"""offline sync: applied client changes

Revision ID: 0007_sync
Revises: 0006_imports
Create Date: 2026-12-03 18:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_sync'
down_revision = '0006_imports'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sync_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('change_id', sa.String(length=36), nullable=False),
        sa.Column('op', sa.String(length=32), nullable=False),
        sa.Column('applied_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sync_changes_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_changes')),
        sa.UniqueConstraint('user_id', 'change_id', name=op.f('uq_sync_changes_user_id')),
    )


def downgrade():
    op.drop_table('sync_changes')
