"""Registration, login, logout and the forgotten-password flow."""

import logging
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from homegym import clock
from homegym.accounts import bp, lockout
from homegym.accounts.forms import (
    ActionForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from homegym.accounts.models import User
from homegym.accounts.passwords import hash_password, password_problems, verify_password
from homegym.accounts.reset import send_reset_mail, user_for_reset_token
from homegym.accounts.sessions import revoke_sessions, start_session
from homegym.extensions import client_ip, db, limiter

audit = logging.getLogger("homegym.audit")


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def safe_next(target: str | None) -> str:
    """Follow ``next`` only to a path on this site."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/"):
            if not target.startswith("//") and "\\" not in target:
                return target
    return url_for("home.index")


def sign_in(user: User, remember: bool) -> None:
    """Start a revocable session for the user and set the cookies."""
    start_session(
        user,
        remember=remember,
        user_agent=request.user_agent.string,
        ip=client_ip(),
    )
    user.last_login_at = clock.utcnow()
    db.session.commit()
    login_user(user, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account and sign straight in."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        email = lockout.normalize_username(form.email.data)
        problems = password_problems(form.password.data, email)
        if db.session.scalar(select(User.id).where(User.email == email)):
            form.email.errors.append(
                _("This address cannot be registered. If it is yours, log in.")
            )
        elif problems:
            form.password.errors.extend(problems)
        else:
            # No language stored: the browser's keeps deciding until one is chosen.
            user = User(email=email, password_hash=hash_password(form.password.data))
            db.session.add(user)
            db.session.flush()
            sign_in(user, remember=False)
            audit.info("register user=%s ip=%s", email, client_ip())
            flash(_("Welcome to HomeGym!"), "success")
            return redirect(url_for("home.index"), 303)
    return render_template("accounts/register.html", form=form)


def locked_out(lock: lockout.Lockout):
    """Refuse a locked pair without saying whether the account exists."""
    audit.warning("login refused locked user=%s ip=%s", lock.username, lock.ip)
    minutes = max(1, round(lock.retry_after() / 60))
    message = _(
        "Too many failed logins. Try again in %(minutes)d minutes.", minutes=minutes
    )
    page = render_template("accounts/locked.html", message=message)
    return page, 429, {"Retry-After": str(lock.retry_after())}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():
    """Check the lockout first, then the password; lock after repeated failures."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form)

    username = lockout.normalize_username(form.email.data)
    ip = client_ip()
    lock = lockout.current_lockout(username, ip)
    if lock is not None:
        return locked_out(lock)

    user = db.session.scalar(select(User).where(User.email == username))
    password_ok = verify_password(
        user.password_hash if user else None, form.password.data
    )
    if user is not None and password_ok and user.active:
        lockout.clear_failures(username, ip)
        sign_in(user, remember=form.remember.data)
        audit.info("login ok user=%s ip=%s", username, ip)
        return redirect(safe_next(request.args.get("next")), 303)

    audit.warning("login failed user=%s ip=%s", username, ip)
    lock = lockout.record_failure(username, ip, request.user_agent.string)
    if lock is not None:
        return locked_out(lock)
    form.password.errors.append(_("E-mail address or password is wrong."))
    return render_template("accounts/login.html", form=form), 200


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out here and end this user's sessions everywhere else too."""
    form = ActionForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        user = current_user._get_current_object()
        logout_user()
        revoke_sessions(user)
        audit.info("logout user=%s ip=%s", user.email, client_ip())
        flash(_("You are logged out."), "info")
    return redirect(url_for("accounts.login"), 303)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def forgot_password():
    """Mail a reset link; answer the same whether or not the address is known."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = lockout.normalize_username(form.email.data)
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None and user.active:
            send_reset_mail(user, str(get_locale()))
            audit.info("password reset requested user=%s ip=%s", email, client_ip())
        flash(_("If an account uses that address, a reset link is on its way."), "info")
        return redirect(url_for("accounts.login"), 303)
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Set a new password from a valid link, then end every session."""
    user = user_for_reset_token(token)
    if user is None:
        flash(_("This reset link is invalid, expired or already used."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        problems = password_problems(form.password.data, user.email)
        if not problems:
            user.password_hash = hash_password(form.password.data)
            db.session.commit()
            revoke_sessions(user)
            lockout.clear_failures(username=user.email)
            audit.info("password reset user=%s ip=%s", user.email, client_ip())
            flash(_("Your password is changed. Please log in."), "success")
            return redirect(url_for("accounts.login"), 303)
        form.password.errors.extend(problems)
    return render_template("accounts/reset_password.html", form=form, token=token)
