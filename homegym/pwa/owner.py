"""Whose pages these are: the service worker keeps pages only for their owner.

Every page names its owner in ``X-HomeGym-User`` (an opaque key, not the
user id). The worker caches a user's pages for offline use and drops them
all as soon as it sees a page of someone else, or of nobody (the login page
after logging out). Responses also vary on ``HX-Request``: an htmx fragment
and the full page of the same URL must never stand in for each other.
"""

import hashlib
import hmac

from flask import Flask, current_app, g
from flask_login import current_user

ANONYMOUS = "anonymous"


def owner_key(user_id: int) -> str:
    """Name a user to the browser without revealing the id."""
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"homegym-owner:{user_id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:24]


def current_owner() -> str:
    """The signed-in user's key, or ``anonymous``."""
    if current_user and current_user.is_authenticated:
        return owner_key(current_user.id)
    return ANONYMOUS


def mark_owner(response):
    response.vary.add("HX-Request")
    if g.get("owner_unknown"):  # the database is away: whose it is is unknown
        return response
    if response.mimetype in ("text/html", "application/json"):
        response.headers["X-HomeGym-User"] = current_owner()
    return response


def init_app(app: Flask) -> None:
    app.after_request(mark_owner)
    app.jinja_env.globals["current_owner"] = current_owner
