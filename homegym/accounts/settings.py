"""The account pages of a signed-in user: settings, equipment, password, sessions
and deleting the account."""

import logging

from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, logout_user

from homegym.accounts import bp, equipment
from homegym.accounts.deletion import delete_account, import_running
from homegym.accounts.forms import (
    ActionForm,
    ChangePasswordForm,
    DeleteAccountForm,
    EquipmentForm,
    SettingsForm,
)
from homegym.accounts.models import LoginSession
from homegym.accounts.passwords import hash_password, password_problems, verify_password
from homegym.accounts.routes import login_limit
from homegym.accounts.sessions import active_sessions, revoke_sessions
from homegym.extensions import client_ip, db, limiter
from homegym.web import is_htmx, notify, owned_or_404, render

audit = logging.getLogger("homegym.audit")


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """Change language, units and time zone."""
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        current_user.language = form.language.data or None
        current_user.units = form.units.data
        current_user.timezone = form.timezone.data
        db.session.commit()
        refresh()
        audit.info("settings changed user=%s", current_user.email)
        flash(_("Settings saved."), "success")
        return redirect(url_for("accounts.settings"), 303)
    if form.language.data is None:
        form.language.data = ""
    return render_template("accounts/settings.html", form=form)


@bp.route("/settings/equipment", methods=["GET", "POST"])
@login_required
def equipment_settings():
    """Say what the home gym has, with weights in the user's unit."""
    unit = current_user.units
    stored = current_user.equipment_settings()
    form = EquipmentForm(data=equipment.form_data(stored, unit))
    if form.validate_on_submit():
        current_user.equipment = {**stored, **equipment.from_form(form, unit)}
        db.session.commit()
        audit.info("equipment changed user=%s", current_user.email)
        flash(_("Equipment saved."), "success")
        return redirect(url_for("accounts.equipment_settings"), 303)
    return render_template("accounts/equipment.html", form=form, unit=unit)


@bp.route("/settings/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change the password (knowing the current one) and end other sessions."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            problems = password_problems(form.new_password.data, current_user.email)
            form.new_password.errors.extend(problems)
        if not form.errors:
            current_user.password_hash = hash_password(form.new_password.data)
            db.session.commit()
            ended = revoke_sessions(current_user, keep=current_user.current_session)
            audit.info(
                "password changed user=%s ip=%s other_sessions_ended=%d",
                current_user.email,
                client_ip(),
                ended,
            )
            flash(
                _("Password changed. Your other sessions have been ended."), "success"
            )
            return redirect(url_for("accounts.settings"), 303)
    return render_template("accounts/change_password.html", form=form)


@bp.route("/settings/sessions")
@login_required
def sessions():
    """List where this account is signed in."""
    return render(
        "accounts/sessions.html",
        "accounts/_sessions.html",
        login_sessions=active_sessions(current_user),
        form=ActionForm(),
    )


@bp.route("/settings/sessions/<int:session_id>/revoke", methods=["POST"])
@login_required
def revoke_session(session_id: int):
    """End one of the user's sessions; anybody else's is not found."""
    login_session = owned_or_404(LoginSession, session_id)
    form = ActionForm()
    if form.validate_on_submit():
        is_current = login_session.id == current_user.current_session.id
        db.session.delete(login_session)
        db.session.commit()
        audit.info("session revoked user=%s session=%d", current_user.email, session_id)
        if is_current:
            return redirect(url_for("accounts.login"), 303)
    if is_htmx():
        response = make_response(
            render_template(
                "accounts/_sessions.html",
                login_sessions=active_sessions(current_user),
                form=ActionForm(),
            )
        )
    else:
        response = redirect(url_for("accounts.sessions"), 303)
    return notify(_("Session ended."), "success", response)


@bp.route("/settings/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(login_limit, methods=["POST"])
def delete_account_page():
    """Delete the account and everything in it, once the password is given."""
    form = DeleteAccountForm()
    if not form.validate_on_submit():
        return render_template("accounts/delete_account.html", form=form)

    user = current_user._get_current_object()
    if not verify_password(user.password_hash, form.password.data):
        audit.warning(
            "account deletion refused user=%s ip=%s wrong password",
            user.email,
            client_ip(),
        )
        form.password.errors.append(_("The password is wrong."))
        return render_template("accounts/delete_account.html", form=form)
    if import_running(user):
        flash(
            _("An import is still running. Delete the account once it is done."),
            "error",
        )
        return render_template("accounts/delete_account.html", form=form), 409

    email = user.email
    deleted = delete_account(user)
    logout_user()
    audit.info(
        "account deleted user=%s ip=%s rows=%d", email, client_ip(), deleted.total
    )
    flash(_("Your account and all its data have been deleted."), "info")
    return redirect(url_for("accounts.login"), 303)
