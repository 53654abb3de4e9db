"""coach: training sources, coach requests

Revision ID: 0004_coach
Revises: 0003_progress
Create Date: 2026-12-03 18:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_coach'
down_revision = '0003_progress'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('training_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('citation', sa.Text(), nullable=False),
    sa.Column('doi', sa.String(length=100), nullable=True),
    sa.Column('supports_en', sa.Text(), nullable=False),
    sa.Column('supports_de', sa.Text(), nullable=False),
    sa.Column('caution_en', sa.Text(), nullable=False),
    sa.Column('caution_de', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sources')),
    sa.UniqueConstraint('key', name=op.f('uq_training_sources_key'))
    )
    op.create_table('coach_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('feature', sa.String(length=20), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('model', sa.String(length=100), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('prompt_tokens', sa.Integer(), nullable=True),
    sa.Column('completion_tokens', sa.Integer(), nullable=True),
    sa.Column('message', sa.String(length=255), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_coach_requests_plan_id_plans'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_coach_requests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coach_requests'))
    )
    with op.batch_alter_table('coach_requests', schema=None) as batch_op:
        batch_op.create_index('ix_coach_requests_started', ['started_at'], unique=False)
        batch_op.create_index('ix_coach_requests_user_started', ['user_id', 'started_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_coach_requests_plan_id'), ['plan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('coach_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coach_requests_plan_id'))
        batch_op.drop_index('ix_coach_requests_user_started')
        batch_op.drop_index('ix_coach_requests_started')

    op.drop_table('coach_requests')
    op.drop_table('training_sources')
