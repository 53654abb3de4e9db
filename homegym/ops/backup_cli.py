"""``flask backup create|restore|verify``: the operator's portable backups."""

import click
from flask import current_app
from flask.cli import AppGroup

from homegym import clock
from homegym.ops.backup import BackupError, create_backup
from homegym.ops.restore import restore_backup, verify_backup

backup_cli = AppGroup("backup", help="Back up, restore and verify all data.")


def default_path() -> str:
    stamp = clock.utcnow().strftime("%Y%m%dT%H%M%SZ")
    return f"{current_app.instance_path}/backups/homegym-{stamp}.zip"


@backup_cli.command("create")
@click.argument("path", required=False)
def create(path: str | None):
    """Write every table and uploaded file to one archive (default: instance/)."""
    path = path or default_path()
    try:
        summary = create_backup(path, current_app.config["UPLOAD_DIR"])
    except (BackupError, OSError) as error:
        raise click.ClickException(f"backup failed: {error}") from None
    click.echo(f"Backup written to {path}: {summary}.")


@backup_cli.command("restore")
@click.argument("path")
def restore(path: str):
    """Fill an empty database and upload folder from an archive."""
    try:
        summary = restore_backup(path, current_app.config["UPLOAD_DIR"])
    except (BackupError, OSError) as error:
        raise click.ClickException(f"restore refused: {error}") from None
    click.echo(f"Restored {path}: {summary}.")


@backup_cli.command("verify")
@click.argument("path")
@click.option(
    "--database-url",
    help="An empty scratch database to restore into (default: a temporary SQLite).",
)
def verify(path: str, database_url: str | None):
    """Restore an archive into a scratch database and compare it with the archive."""
    try:
        found = verify_backup(path, database_url)
    except (BackupError, OSError) as error:
        raise click.ClickException(f"verify failed: {error}") from None
    if found:
        for line in found:
            click.echo(line, err=True)
        raise click.ClickException(f"{path} does not restore as it was backed up.")
    click.echo(f"Verified {path}: it restores to what was backed up.")
