"""progress: body metrics and photos

Revision ID: 0003_progress
Revises: 0002_training
Create Date: 2026-12-03 18:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_progress'
down_revision = '0002_training'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('body_metrics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=False),
    sa.Column('weight_kg', sa.Numeric(precision=10, scale=4), nullable=True),
    sa.Column('waist_cm', sa.Numeric(precision=8, scale=4), nullable=True),
    sa.Column('chest_cm', sa.Numeric(precision=8, scale=4), nullable=True),
    sa.Column('arms_cm', sa.Numeric(precision=8, scale=4), nullable=True),
    sa.Column('thighs_cm', sa.Numeric(precision=8, scale=4), nullable=True),
    sa.Column('hips_cm', sa.Numeric(precision=8, scale=4), nullable=True),
    sa.Column('body_fat_pct', sa.Numeric(precision=4, scale=1), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_body_metrics_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body_metrics')),
    sa.UniqueConstraint('user_id', 'measured_on', name='uq_body_metrics_user_date'),
    sa.UniqueConstraint('user_id', 'uuid', name='uq_body_metrics_user_uuid')
    )
    op.create_table('progress_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('pose', sa.String(length=5), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('image_key', sa.String(length=128), nullable=False),
    sa.Column('thumb_key', sa.String(length=128), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('thumb_width', sa.Integer(), nullable=False),
    sa.Column('thumb_height', sa.Integer(), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('uuid', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_progress_photos_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_photos')),
    sa.UniqueConstraint('image_key', name=op.f('uq_progress_photos_image_key')),
    sa.UniqueConstraint('thumb_key', name=op.f('uq_progress_photos_thumb_key')),
    sa.UniqueConstraint('user_id', 'uuid', name='uq_progress_photos_user_uuid')
    )
    with op.batch_alter_table('progress_photos', schema=None) as batch_op:
        batch_op.create_index('ix_progress_photos_user_taken', ['user_id', 'taken_on'], unique=False)


def downgrade():
    with op.batch_alter_table('progress_photos', schema=None) as batch_op:
        batch_op.drop_index('ix_progress_photos_user_taken')

    op.drop_table('progress_photos')
    op.drop_table('body_metrics')
