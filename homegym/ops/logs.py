"""Log files the operator reads: homegym.log, errors.log and audit.log."""

import logging
import os
import sys
import tempfile
import time
from logging.handlers import RotatingFileHandler

from flask import Flask

APP_LOGGER = "homegym"
AUDIT_LOGGER = "homegym.audit"
MAX_BYTES = 10 * 1024 * 1024
BACKUP_COUNT = 5
LINE_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

# Marks the handlers this module installed, so a second app can replace them.
OWNED = "_homegym_ops"


class OneLineFormatter(logging.Formatter):
    """Keep each message on one line so nobody can forge entries with newlines."""

    converter = time.gmtime

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = record.message.replace("\r", "\\r").replace("\n", "\\n")
        return super().formatMessage(record)


def log_dir_problem(log_dir: str) -> str | None:
    """Say why log files cannot be written to the directory, or None if they can."""
    try:
        os.makedirs(log_dir, exist_ok=True)
        with tempfile.TemporaryFile(dir=log_dir):
            pass
    except OSError as error:
        return f"{type(error).__name__}: {error.strerror or error}"
    return None


def file_handler(path: str, level: int) -> RotatingFileHandler:
    """Open a rotating log file with the one-line format."""
    handler = RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setLevel(level)
    handler.setFormatter(OneLineFormatter(LINE_FORMAT, DATE_FORMAT))
    setattr(handler, OWNED, True)
    return handler


def stderr_handler() -> logging.Handler:
    """Fall back to the console when the log directory cannot be used."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter(LINE_FORMAT, DATE_FORMAT))
    setattr(handler, OWNED, True)
    return handler


def remove_owned_handlers(logger: logging.Logger) -> None:
    """Close the handlers a previous app installed on this logger."""
    for handler in list(logger.handlers):
        if getattr(handler, OWNED, False):
            logger.removeHandler(handler)
            handler.close()


def configure_logging(app: Flask) -> None:
    """Point the homegym and audit loggers at the files in LOG_DIR."""
    app_logger = logging.getLogger(APP_LOGGER)
    audit_logger = logging.getLogger(AUDIT_LOGGER)
    remove_owned_handlers(app_logger)
    remove_owned_handlers(audit_logger)
    level = logging.getLevelName(str(app.config["LOG_LEVEL"]).upper())
    level = level if isinstance(level, int) else logging.INFO
    app_logger.setLevel(level)
    audit_logger.setLevel(logging.INFO)

    log_dir = app.config["LOG_DIR"]
    problem = log_dir_problem(log_dir)
    if problem:
        app_logger.addHandler(stderr_handler())
        app_logger.warning(
            "log dir unusable, logging to stderr dir=%s problem=%s", log_dir, problem
        )
        return

    join = os.path.join
    app_logger.addHandler(file_handler(join(log_dir, "homegym.log"), level))
    app_logger.addHandler(file_handler(join(log_dir, "errors.log"), logging.ERROR))
    audit_logger.addHandler(file_handler(join(log_dir, "audit.log"), logging.INFO))
