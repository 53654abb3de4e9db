"""Password reset links: signed, expiring, and single-use."""

import hashlib
import logging

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_mail import Message
from itsdangerous import BadSignature, URLSafeTimedSerializer

from homegym.accounts.models import User
from homegym.extensions import db, mail

logger = logging.getLogger(__name__)
SALT = "homegym.password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    # Tied to the current hash: once the password changes, the link is spent.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    """Sign a token naming the user and their current password hash."""
    return _serializer().dumps({"uid": user.id, "fp": _fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    """Return the user a token is for, or None if forged, expired or used."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    user = db.session.get(User, payload.get("uid"))
    if user is None or not user.active or payload.get("fp") != _fingerprint(user):
        return None
    return user


def send_reset_mail(user: User, fallback_locale: str) -> None:
    """Mail the user a reset link in their language."""
    link = url_for(
        "accounts.reset_password", token=make_reset_token(user), _external=True
    )
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(user.language or fallback_locale):
        message = Message(
            subject=_("Reset your HomeGym password"),
            recipients=[user.email],
            body=render_template(
                "accounts/email/reset_password.txt", link=link, minutes=minutes
            ),
        )
    try:
        mail.send(message)
    except OSError:
        logger.exception("reset mail failed user_id=%s", user.id)
