"""The operator's commands: deploy checks, cache, Sentry test and database ping."""

import time

import click
import sentry_sdk
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import text

from homegym.extensions import cache, db
from homegym.ops.backup_cli import backup_cli
from homegym.ops.checks import ERROR, run_checks
from homegym.ops.health import migrations_directory

cache_cli = AppGroup("cache", help="Manage the application cache.")


@click.command("check-deploy")
@with_appcontext
def check_deploy():
    """Check the settings a production deploy needs; exit 1 on any error."""
    findings = run_checks(current_app.config, db.engine, migrations_directory())
    for finding in findings:
        click.echo(str(finding))

    errors = sum(finding.level == ERROR for finding in findings)
    warnings = len(findings) - errors
    click.echo(f"check-deploy: {errors} error(s), {warnings} warning(s)")
    if errors:
        raise click.exceptions.Exit(1)


@cache_cli.command("clear")
def clear_cache():
    """Empty the cache that this process is configured to use."""
    backend = current_app.config.get("CACHE_TYPE", "?")
    if not cache.clear():
        raise click.ClickException(f"The {backend} cache could not be cleared.")
    click.echo(f"Cleared the {backend} cache.")
    if str(backend).lower() in {"simplecache", "nullcache"}:
        click.echo(
            f"{backend} lives inside each process: restart gunicorn to empty the "
            "workers' caches too."
        )


@click.command("sentry-test")
@with_appcontext
def sentry_test():
    """Send a test message to Sentry and wait until it is delivered."""
    if not current_app.config.get("SENTRY_DSN"):
        raise click.ClickException("SENTRY_DSN is not set; nothing to send to.")
    event_id = sentry_sdk.capture_message("HomeGym Sentry test from flask sentry-test")
    if event_id is None:
        raise click.ClickException("Sentry did not accept the test message.")
    sentry_sdk.flush(timeout=10)
    click.echo(
        f"Sent test event {event_id} to Sentry. If it does not show up in the "
        "project within a minute, check SENTRY_DSN and outbound HTTPS."
    )


@click.command("db-ping")
@with_appcontext
def db_ping():
    """Run SELECT 1 and say how long the round trip took."""
    backend = db.engine.dialect.name
    started = time.perf_counter()
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # name the failure, never the URL or password
        raise click.ClickException(
            f"database unreachable ({backend}): {type(error).__name__}"
        ) from None
    elapsed = (time.perf_counter() - started) * 1000
    click.echo(f"database ok ({backend}, {elapsed:.0f} ms)")


def init_app(app: Flask) -> None:
    """Add the commands to ``flask``."""
    for command in (check_deploy, cache_cli, sentry_test, db_ping, backup_cli):
        app.cli.add_command(command)
