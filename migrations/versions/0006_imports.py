"""imports: workout sources and import batches

Revision ID: 0006_imports
Revises: 0004_coach
Create Date: 2026-12-03 18:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_imports'
down_revision = '0004_coach'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workouts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=16), nullable=True))

    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('unit', sa.String(length=2), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=True),
    sa.Column('workouts_created', sa.Integer(), nullable=False),
    sa.Column('workouts_skipped', sa.Integer(), nullable=False),
    sa.Column('sets_created', sa.Integer(), nullable=False),
    sa.Column('exercises_created', sa.Integer(), nullable=False),
    sa.Column('error', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_import_batches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches')),
    sa.UniqueConstraint('token', name=op.f('uq_import_batches_token'))
    )
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.create_index('ix_import_batches_user_created', ['user_id', 'created_at'], unique=False)

    op.create_table('set_measures',
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('distance_m', sa.Numeric(precision=12, scale=3), nullable=True),
    sa.Column('duration_seconds', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['set_id'], ['sets.id'], name=op.f('fk_set_measures_set_id_sets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_set_measures_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('set_id', name=op.f('pk_set_measures'))
    )
    with op.batch_alter_table('set_measures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_set_measures_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('set_measures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_set_measures_user_id'))
    op.drop_table('set_measures')

    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_index('ix_import_batches_user_created')
    op.drop_table('import_batches')

    with op.batch_alter_table('workouts', schema=None) as batch_op:
        batch_op.drop_column('source')
