"""The operator's coach command: ``flask coach usage``."""

from datetime import timedelta

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import func, select

from homegym import clock
from homegym.coach.models import CoachRequest
from homegym.extensions import db

coach_cli = AppGroup("coach", help="Look at what the coach is asked.")


def usage_rows(days: int) -> list:
    """Sum the coach requests of the last ``days`` days per feature, provider,
    model and outcome: how many, from how many users, time and tokens."""
    since = clock.utcnow() - timedelta(days=days)
    return db.session.execute(
        select(
            CoachRequest.feature,
            CoachRequest.provider,
            CoachRequest.model,
            CoachRequest.outcome,
            func.count(CoachRequest.id),
            func.count(func.distinct(CoachRequest.user_id)),
            func.avg(CoachRequest.duration_ms),
            func.sum(CoachRequest.prompt_tokens),
            func.sum(CoachRequest.completion_tokens),
        )
        .where(CoachRequest.started_at >= since)
        .group_by(
            CoachRequest.feature,
            CoachRequest.provider,
            CoachRequest.model,
            CoachRequest.outcome,
        )
        .order_by(CoachRequest.feature, CoachRequest.provider, CoachRequest.outcome)
    ).all()


@coach_cli.command("usage")
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 3650))
def usage(days: int):
    """Summarise the coach requests of the last days."""
    rows = usage_rows(days)
    if not rows:
        click.echo(f"No coach requests in the last {days} days.")
        return
    click.echo(
        f"{'feature':<10} {'provider':<9} {'model':<20} {'outcome':<11} "
        f"{'requests':>8} {'users':>5} {'avg ms':>7} "
        f"{'tokens in':>9} {'tokens out':>10}"
    )
    for feature, provider, model, outcome, count, users, avg, t_in, t_out in rows:
        click.echo(
            f"{feature:<10} {provider or '-':<9} {(model or '-')[:20]:<20} "
            f"{outcome:<11} {count:>8} {users:>5} {round(avg or 0):>7} "
            f"{t_in or 0:>9} {t_out or 0:>10}"
        )


def init_app(app: Flask) -> None:
    """Add the command group to ``flask``."""
    app.cli.add_command(coach_cli)
