"""Data the project ships (exercise library, training sources) and how a load went."""

from dataclasses import dataclass


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
