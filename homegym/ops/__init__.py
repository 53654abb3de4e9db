"""Operations: logging, maintenance mode, health, Sentry and the operator's commands."""

from flask import Flask


def register(app: Flask) -> None:
    """Wire the operations parts into the app."""
