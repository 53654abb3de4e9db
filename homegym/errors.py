"""Error pages that answer as the client asked: a page, a partial or JSON."""

import logging

from flask import Flask, g, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import inspect
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from homegym.extensions import db, login_manager
from homegym.web import is_htmx, wants_json

logger = logging.getLogger(__name__)

# Seconds a client should wait before sending again while the database is away
# (a restart takes seconds; the phone's outbox backs off on its own anyway).
DATABASE_RETRY_AFTER = 30


def error_response(status: int, title: str, message: str, headers=None):
    """Render an error for a browser, an htmx swap or a JSON client."""
    if wants_json():
        body = {"error": title, "message": message}
        return body, status, headers or {}
    template = "errors/_error.html" if is_htmx() else "errors/error.html"
    page = render_template(template, status=status, title=title, message=message)
    return page, status, headers or {}


def handle_http_error(error: HTTPException):
    """Show an HTTP error in the app's layout."""
    titles = {
        400: _("Bad request"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Not allowed"),
        413: _("Too large"),
        429: _("Too many attempts"),
    }
    messages = {
        404: _("There is nothing here."),
        413: _("The upload is larger than this server accepts."),
        429: _("Too many attempts. Please wait a moment and try again."),
    }
    status = error.code or 500
    title = titles.get(status, error.name)
    message = messages.get(status, _("The request could not be handled."))
    headers = dict(error.get_headers()) if status in (405, 429) else {}
    headers.pop("Content-Type", None)
    return error_response(status, title, message, headers)


def handle_csrf_error(error: CSRFError):
    """Refuse a change whose CSRF token is missing or stale, and say what to do."""
    logger.warning("csrf refused path=%s reason=%s", request.path, error.description)
    return error_response(
        400,
        _("Form expired"),
        _("This form has expired. Reload the page and try again."),
    )


def handle_untrusted_host(error: SecurityError):
    """Answer plainly: with an untrusted Host no URL can be built for a page."""
    logger.warning(
        "untrusted host refused host=%s", request.environ.get("HTTP_HOST", "")[:100]
    )
    return (
        "Bad request: this host name is not served here.\n",
        400,
        {"Content-Type": "text/plain; charset=utf-8"},
    )


def handle_server_error(error: Exception):
    """Roll back, log once with the trace, and apologise."""
    db.session.rollback()
    logger.exception("unhandled error path=%s", request.path)
    return error_response(
        500,
        _("Something went wrong"),
        _("The error has been logged. Nothing you saved before it was lost."),
    )


def who() -> str:
    """The signed-in user's id if it was loaded before the failure, without
    asking the database again (it is the thing that failed)."""
    user = g.get("_login_user")
    state = inspect(user, raiseerr=False) if user is not None else None
    identity = state.identity if state is not None else None
    return str(identity[0]) if identity else "unknown"


def handle_database_unavailable(error: OperationalError | InterfaceError):
    """The database is away (restarting, unreachable, locked too long): 503.

    What the request had not committed is rolled back, and the client may send
    it again (a sync change or a uuid-named create is applied once however
    often it comes); the phone's outbox does so by itself. The answer must
    not touch the database either: the page is drawn for nobody and names no
    owner, so the service worker keeps the user's offline pages (pwa/owner.py).
    """
    user = who()
    try:
        db.session.rollback()
    except Exception as cleanup:  # the connection may be dead already
        logger.warning("rollback after database failure failed: %s", cleanup)
    g.owner_unknown = True
    login_manager._update_request_context_with_user()
    code = error.orig.args[0] if error.orig is not None and error.orig.args else ""
    logger.warning(
        "database unavailable for user %s: %s %s answered 503 (%s %s)",
        user,
        request.method,
        request.path,
        type(error.orig).__name__,
        code,
    )
    return error_response(
        503,
        _("Database unavailable"),
        _("The database is not answering right now. Please try again in a minute."),
        {"Retry-After": str(DATABASE_RETRY_AFTER)},
    )


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(SecurityError, handle_untrusted_host)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_server_error)
