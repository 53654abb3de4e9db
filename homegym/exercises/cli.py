"""The operator's exercise command: ``flask exercises load``."""

from flask import Flask
from flask.cli import AppGroup

from homegym.bundled import load_command
from homegym.exercises.loader import DEFAULT_PATH, LibraryError, load_library

exercises_cli = AppGroup("exercises", help="Manage the bundled exercise library.")
load = load_command(exercises_cli, DEFAULT_PATH, "library", load_library, LibraryError)


def init_app(app: Flask) -> None:
    """Add the command group to ``flask``."""
    app.cli.add_command(exercises_cli)
