"""Export screens: the settings page and the two downloads, streamed.

A download is written while it is sent, so its log line, with what went
out, is written when the stream ends (or is cut off).
"""

import logging
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime

from flask import Response, render_template, stream_with_context
from flask_login import current_user, login_required

from homegym import clock
from homegym.accounts.models import User
from homegym.exports import bp
from homegym.exports.document import export_document
from homegym.exports.hevy_csv import export_lines

logger = logging.getLogger(__name__)


@bp.get("/settings/export")
@login_required
def index():
    """The two downloads and what each holds."""
    return render_template("exports/index.html")


@bp.get("/settings/export/homegym-hevy.csv")
@login_required
def hevy_csv():
    """Download the finished workouts as a Hevy CSV."""
    user, counts = current_user._get_current_object(), Counter()
    chunks = logged(export_lines(user, counts), "hevy-csv", user, counts)
    return download(chunks, f"homegym-hevy-{today(user)}.csv", "text/csv")


@bp.get("/settings/export/homegym.json")
@login_required
def document():
    """Download everything of the user's as one JSON document."""
    user, counts = current_user._get_current_object(), Counter()
    chunks = logged(export_document(user, counts), "json", user, counts)
    return download(chunks, f"homegym-{today(user)}.json", "application/json")


def today(user: User) -> str:
    """The user's local date, for the file name."""
    local = clock.local(clock.utcnow(), clock.zone(user.timezone))
    return local.date().isoformat()


def download(chunks: Iterator[str], filename: str, mimetype: str) -> Response:
    """Send the chunks as a file to save, never kept by a cache."""
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def logged(chunks: Iterator[str], kind: str, user: User, counts: Counter):
    """Pass the chunks on; once the stream ends, log who got what."""
    user_id, started = user.id, datetime.now(UTC)
    complete = False
    try:
        yield from chunks
        complete = True
    finally:
        what = ", ".join(f"{count} {name}" for name, count in counts.items())
        logger.info(
            "export %s by user %s %s in %.1f s: %s",
            kind,
            user_id,
            "sent" if complete else "cut off",
            (datetime.now(UTC) - started).total_seconds(),
            what or "nothing",
        )
