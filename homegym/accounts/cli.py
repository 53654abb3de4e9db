"""The operator's account commands: users, sessions and lockouts."""

import logging

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from homegym.accounts import lockout
from homegym.accounts.models import User
from homegym.accounts.sessions import (
    clear_expired_state,
    revoke_all_sessions,
    revoke_sessions,
)
from homegym.extensions import db

audit = logging.getLogger("homegym.audit")

users_cli = AppGroup("users", help="List, activate and deactivate users.")
sessions_cli = AppGroup("sessions", help="Clear expired sessions or revoke them.")
lockouts_cli = AppGroup("lockouts", help="List and reset login lockouts.")


def find_user(email: str) -> User:
    """Return the user with this e-mail or stop the command with exit code 1."""
    user = db.session.scalar(
        select(User).where(User.email == lockout.normalize_username(email))
    )
    if user is None:
        raise click.ClickException(f"No user with e-mail {email}.")
    return user


@users_cli.command("list")
def list_users():
    """Print every user with state, language, units and last login."""
    users = db.session.scalars(select(User).order_by(User.email)).all()
    for user in users:
        state = "active" if user.active else "inactive"
        last = (
            user.last_login_at.isoformat(" ", "minutes") if user.last_login_at else "-"
        )
        click.echo(
            f"{user.email}\t{state}\t{user.language or '-'}\t{user.units}\t{last}"
        )
    click.echo(f"{len(users)} user(s)")


@users_cli.command("activate")
@click.argument("email")
def activate_user(email: str):
    """Let a deactivated user log in again."""
    user = find_user(email)
    user.active = True
    db.session.commit()
    audit.info("user activated user=%s by=cli", user.email)
    click.echo(f"Activated {user.email}.")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_user(email: str):
    """Stop a user from logging in and end their sessions."""
    user = find_user(email)
    user.active = False
    db.session.commit()
    ended = revoke_sessions(user)
    audit.info("user deactivated user=%s by=cli sessions_ended=%d", user.email, ended)
    click.echo(f"Deactivated {user.email}; ended {ended} session(s).")


@sessions_cli.command("clear")
def clear_sessions():
    """Delete expired sessions and failed logins too old to matter."""
    sessions, failures = clear_expired_state()
    click.echo(
        f"Removed {sessions} expired session(s) and {failures} old failed login(s)."
    )


@sessions_cli.command("revoke")
@click.option("--user", "email", help="End every session of this user.")
@click.option("--all", "everyone", is_flag=True, help="End every session of everyone.")
def revoke(email: str | None, everyone: bool):
    """End sessions at once: of one user, or of everyone."""
    if bool(email) == everyone:
        raise click.UsageError("Give exactly one of --user EMAIL or --all.")
    if everyone:
        ended = revoke_all_sessions()
        audit.info("sessions revoked user=* by=cli count=%d", ended)
    else:
        user = find_user(email)
        ended = revoke_sessions(user)
        audit.info("sessions revoked user=%s by=cli count=%d", user.email, ended)
    click.echo(f"Ended {ended} session(s).")


@lockouts_cli.command("list")
def list_lockouts():
    """Print each locked username and address with when it opens."""
    locks = lockout.list_lockouts()
    for lock in locks:
        until = lock.locked_until.isoformat(" ", "seconds")
        click.echo(
            f"{lock.username}\t{lock.ip}\t{lock.failures} failures\tuntil {until} UTC"
        )
    click.echo(f"{len(locks)} lockout(s)")


@lockouts_cli.command("reset")
@click.option("--user", "email", help="Only this username.")
@click.option("--ip", help="Only this address.")
def reset_lockouts(email: str | None, ip: str | None):
    """Forget failed logins: all, or those of a user and/or an address."""
    removed = lockout.clear_failures(username=email, ip=ip)
    audit.info(
        "lockouts reset user=%s ip=%s by=cli count=%d", email or "*", ip or "*", removed
    )
    click.echo(f"Removed {removed} failed login(s).")


def init_app(app: Flask) -> None:
    """Add the command groups to ``flask``."""
    for group in (users_cli, sessions_cli, lockouts_cli):
        app.cli.add_command(group)
