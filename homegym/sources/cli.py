"""The operator's catalogue command: ``flask sources load``."""

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from homegym.sources.loader import DEFAULT_PATH, CatalogueError, load_catalogue

sources_cli = AppGroup("sources", help="Manage the training-sources catalogue.")


@sources_cli.command("load")
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_PATH,
    show_default="the bundled catalogue",
    help="A JSON catalogue to load instead of the bundled one.",
)
def load(path: Path):
    """Create and update the catalogue's entries; safe to run again."""
    try:
        result = load_catalogue(path)
    except CatalogueError as error:
        raise click.ClickException(f"{error}\nNothing was changed.") from error
    click.echo(str(result))


def init_app(app: Flask) -> None:
    """Add the command group to ``flask``."""
    app.cli.add_command(sources_cli)
