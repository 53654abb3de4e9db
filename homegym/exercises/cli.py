"""The operator's exercise command: ``flask exercises load``."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from homegym.exercises.loader import DEFAULT_PATH, LibraryError, load_library

exercises_cli = AppGroup("exercises", help="Manage the bundled exercise library.")


@exercises_cli.command("load")
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PATH,
    show_default="the bundled library",
    help="A JSON library file to load instead of the bundled one.",
)
def load(path: Path):
    """Create and update the bundled exercises; safe to run again."""
    try:
        result = load_library(path)
    except LibraryError as error:
        raise click.ClickException(f"{error}\nNothing was changed.") from error
    click.echo(str(result))


def init_app(app: Flask) -> None:
    """Add the command group to ``flask``."""
    app.cli.add_command(exercises_cli)
