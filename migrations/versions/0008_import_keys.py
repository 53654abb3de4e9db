"""imports: a unique key per imported workout, from the file's own local time

Revision ID: 0008_import_keys
Revises: 0007_sync
Create Date: 2026-12-04 12:40:00

Workouts imported before this revision get their key from their start time in
the owner's current time zone, which is the local time the file had unless
the owner changed zones since; a second workout with the same key (two
imports that raced) keeps no key rather than failing the upgrade.
"""
import hashlib
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_import_keys'
down_revision = '0007_sync'
branch_labels = None
depends_on = None


def zone(name):
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def upgrade():
    with op.batch_alter_table('workouts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('import_key', sa.String(length=64), nullable=True))

    connection = op.get_bind()
    zones = {
        user_id: zone(name)
        for user_id, name in connection.execute(sa.text("SELECT id, timezone FROM users"))
    }
    rows = connection.execute(sa.text(
        "SELECT id, user_id, source, started_at, name FROM workouts"
        " WHERE source IS NOT NULL ORDER BY id"
    ).columns(started_at=sa.DateTime)).all()
    taken = set()
    utc = ZoneInfo("UTC")
    for workout_id, user_id, source, started, name in rows:
        local = started.replace(tzinfo=utc).astimezone(zones.get(user_id, utc))
        text = f"{source}\n{local.replace(tzinfo=None).isoformat()}\n{name}"
        key = hashlib.sha256(text.encode()).hexdigest()
        if (user_id, key) in taken:
            continue
        taken.add((user_id, key))
        connection.execute(
            sa.text("UPDATE workouts SET import_key = :key WHERE id = :id"),
            {"key": key, "id": workout_id},
        )

    with op.batch_alter_table('workouts', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_workouts_import_key', ['user_id', 'import_key'])


def downgrade():
    with op.batch_alter_table('workouts', schema=None) as batch_op:
        batch_op.drop_constraint('uq_workouts_import_key', type_='unique')
        batch_op.drop_column('import_key')
