"""Maintenance mode: reads keep working while every write waits with a clear 503."""

import json
import logging

from flask import Flask, current_app, render_template, request
from flask_babel import ngettext

from homegym.web import is_htmx, wants_json

logger = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def in_maintenance() -> bool:
    """Read the switch at request time so it follows the app's config."""
    return bool(current_app.config.get("DEBUG_MAINTENANCE"))


def maintenance_response():
    """Answer a write with 503 as a page, an htmx partial or JSON."""
    retry_after = int(current_app.config["MAINTENANCE_RETRY_AFTER"])
    minutes = max(1, round(retry_after / 60))
    message = ngettext(
        "HomeGym is being updated. This change was not saved; "
        "please try again in about %(num)d minute.",
        "HomeGym is being updated. This change was not saved; "
        "please try again in about %(num)d minutes.",
        minutes,
    )
    headers = {"Retry-After": str(retry_after)}

    if wants_json():
        body = {"error": "maintenance", "message": message, "retry_after": retry_after}
        return body, 503, headers
    if is_htmx():
        headers["HX-Trigger"] = json.dumps(
            {"toast": {"message": message, "level": "warning"}}
        )
        return render_template("ops/_maintenance.html", message=message), 503, headers
    return render_template("ops/maintenance.html", message=message), 503, headers


def refuse_writes():
    """Stop writes before CSRF, limits or views run while maintenance is on."""
    if request.method in WRITE_METHODS and in_maintenance():
        logger.info(
            "write refused maintenance method=%s path=%s", request.method, request.path
        )
        return maintenance_response()
    return None


def maintenance_context() -> dict:
    """Let the layout show a banner while maintenance is on."""
    return {"maintenance": in_maintenance()}


def init_app(app: Flask) -> None:
    """Register the write guard and the template flag."""
    app.before_request(refuse_writes)
    app.context_processor(maintenance_context)
