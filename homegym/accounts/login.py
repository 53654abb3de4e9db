"""Flask-Login wiring: load users through their revocable login sessions."""

from flask import Flask, jsonify, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from homegym.accounts.sessions import load_session_user
from homegym.extensions import login_manager
from homegym.web import is_htmx, wants_json


def unauthorized():
    """Send people to the login page; htmx and JSON clients get a usable 401."""
    login_url = url_for("accounts.login", next=request.full_path.rstrip("?"))
    if wants_json():
        return jsonify(error="login required", login=login_url), 401
    if is_htmx():
        return "", 401, {"HX-Redirect": login_url}
    return redirect(login_url)


def init_login(app: Flask) -> None:
    """Configure the login manager for the app."""
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_session_user)
    login_manager.unauthorized_handler(unauthorized)
