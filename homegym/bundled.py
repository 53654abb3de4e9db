"""Data the project ships (exercise library, training sources) and how a load went."""

from dataclasses import dataclass
from pathlib import Path

import click
from flask.cli import AppGroup


@dataclass(frozen=True)
class LoadResult:
    """How many bundled entries a load created, updated and left alone."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


def load_command(group: AppGroup, default: Path, what: str, load, refused: type):
    """Add ``load [--file PATH]`` to ``group``: run ``load`` and print its result.

    The exercise library and the training sources are loaded the same way, so
    they share one command: ``refused`` is the loader's error for a bad file.
    """

    @group.command("load")
    @click.option(
        "--file",
        "path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=default,
        show_default=f"the bundled {what}",
        help=f"A JSON {what} file to load instead of the bundled one.",
    )
    def command(path: Path):
        """Create and update the bundled entries; safe to run again."""
        try:
            result = load(path)
        except refused as error:
            raise click.ClickException(f"{error}\nNothing was changed.") from error
        click.echo(str(result))

    return command
