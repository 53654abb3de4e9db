"""The operator's catalogue command: ``flask sources load``."""

from flask import Flask
from flask.cli import AppGroup

from homegym.bundled import load_command
from homegym.sources.loader import DEFAULT_PATH, CatalogueError, load_catalogue

sources_cli = AppGroup("sources", help="Manage the training-sources catalogue.")
load = load_command(
    sources_cli, DEFAULT_PATH, "catalogue", load_catalogue, CatalogueError
)


def init_app(app: Flask) -> None:
    """Add the command group to ``flask``."""
    app.cli.add_command(sources_cli)
