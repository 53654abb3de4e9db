"""The sync endpoint the phone's outbox posts to, and the pages it works from.

JSON in and out. The status tells the outbox what to do with its changes:
200 gives a result per change (applied, duplicate or rejected with a
message; a create's result names the object it made), 400 a malformed
request, 401 a session that has ended, 403 a stale CSRF token, 409 changes
of another account, and 503 (maintenance, from the ops package) asks it to
wait and try again.
"""

import logging

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFError, generate_csrf

from homegym.extensions import csrf
from homegym.pwa.owner import owner_key
from homegym.workouts import bp, offline, sync
from homegym.workouts.live import live_context, picker_choices

logger = logging.getLogger(__name__)


def _error(status: int, error: str, message: str):
    return jsonify(error=error, message=message), status


def _signed_out():
    return _error(401, "login", _("Your session has ended. Log in again to sync."))


@bp.post("/sync")
@csrf.exempt
def apply():
    """Apply a batch of the outbox's changes, in order, each exactly once."""
    if not current_user.is_authenticated:
        return _signed_out()
    try:
        csrf.protect()
    except CSRFError:
        return _error(403, "csrf", _("The page is out of date. Reload it to sync."))

    try:
        payload = request.get_json(silent=True)
    except RecursionError:  # nested deeper than Python's parser goes
        payload = None
    owner = payload.get("user") if isinstance(payload, dict) else None
    if owner is not None and owner != owner_key(current_user.id):
        return _error(
            409, "owner", _("These changes belong to another account. Log in as it.")
        )
    try:
        changes = sync.read_changes(payload)
    except sync.BadPayload as problem:
        logger.info("sync request of user %s refused: %s", current_user.id, problem)
        return _error(400, "payload", str(problem))

    results = sync.apply_changes(current_user, changes)
    applied = sum(1 for result in results if result["status"] == "applied")
    logger.info(
        "sync for user %s: %d changes, %d applied",
        current_user.id,
        len(results),
        applied,
    )
    return jsonify(results=results)


@bp.get("/sync/session")
def session_state():
    """Tell the outbox whose session this is and hand it a fresh CSRF token."""
    if not current_user.is_authenticated:
        return _signed_out()
    return jsonify(user=owner_key(current_user.id), csrf=generate_csrf())


@bp.get("/workouts/offline")
@login_required
def offline_page():
    """The page a workout started offline lives on until it reaches the server.

    The service worker keeps it for its owner. It holds every day of the
    active plan as it would start now, and the exercise picker.
    """
    days, last = offline.active_plan_workouts(current_user.id)
    starts = {str(day.id): offline.start_data(workout) for day, workout in days}
    empty = offline.would_be_workout(current_user.id, None, [], {})
    starts["empty"] = offline.start_data(empty)
    context = live_context(empty, choices=picker_choices())
    context.pop("workout")
    context["last"] = last
    return render_template(
        "workouts/offline.html",
        days=days,
        empty=empty,
        starts=starts,
        **context,
    )
