"""records: a stamp per user, renewed by every write to their training

Revision ID: 0009_training_stamps
Revises: 0008_import_keys
Create Date: 2026-12-04 19:30:00

Records are cached under it (homegym.workouts.freshness). A table of its own,
not a column of users: every insert of a workout or set takes a shared lock
on its owner's users row (the foreign key check), and two writers of one
lifter that both then updated that row would wait for each other. Existing
users share one new random stamp: cache keys name the user too.
"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_training_stamps'
down_revision = '0008_import_keys'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'training_stamps',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('stamp', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'],
            ['users.id'],
            name=op.f('fk_training_stamps_user_id_users'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_training_stamps')),
    )
    op.get_bind().execute(
        sa.text(
            "INSERT INTO training_stamps (user_id, stamp) SELECT id, :stamp FROM users"
        ),
        {"stamp": secrets.token_hex(16)},
    )


def downgrade():
    op.drop_table('training_stamps')
