"""Import screens: upload, preview and mapping, confirm, progress and report.

The upload's size is checked before its body is read (see ``limit_upload``);
the file then waits on disk under a random token that only its owner's
pages know, and the batch row says whose it is.
"""

import logging
from datetime import date

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import delete, select

from homegym.exercises.library import visible_exercises
from homegym.extensions import db
from homegym.imports import bp, jobs, storage
from homegym.imports.formats import FileRefused
from homegym.imports.forms import ConfirmForm, UploadForm
from homegym.imports.models import ImportBatch
from homegym.imports.names import Matcher
from homegym.imports.parser import Parse
from homegym.imports.preview import build_summary
from homegym.imports.problems import describe
from homegym.web import cap_upload, leave_for, notify, plain_file_name, render

logger = logging.getLogger(__name__)

RECENT = 10


@bp.url_value_preprocessor
def limit_upload(endpoint, _values) -> None:
    """Cap an upload's body at the import limit before anything reads it."""
    if endpoint == "imports.upload" and request.method == "POST":
        cap_upload(current_app.config["IMPORT_MAX_BYTES"])


@bp.app_template_filter("import_problem")
def import_problem(item) -> str:
    return describe(item[1], item[2])


@bp.app_template_filter("import_problem_code")
def import_problem_code(code: str, params: dict | None = None) -> str:
    return describe(code, params)


def limit_mb() -> str:
    megabytes = current_app.config["IMPORT_MAX_BYTES"] / (1024 * 1024)
    return f"{megabytes:g}"


def recent_batches() -> list[ImportBatch]:
    return list(
        db.session.scalars(
            select(ImportBatch)
            .where(ImportBatch.user_id == current_user.id)
            .where(ImportBatch.status != "preview")
            .order_by(ImportBatch.created_at.desc(), ImportBatch.id.desc())
            .limit(RECENT)
        )
    )


def upload_page(status: int = 200, form=None, refused=None, summary=None):
    """The upload form, with why a file was refused when it was."""
    page = render_template(
        "imports/index.html",
        form=form or UploadForm(formdata=None),
        refused=refused,
        summary=summary,
        batches=recent_batches(),
        limit_mb=limit_mb(),
    )
    return page, status


@bp.errorhandler(413)
def too_large(_error):
    logger.info("import upload refused as too large for user %s", current_user.id)
    return upload_page(413, refused=("too_large", {"limit": limit_mb()}))


def batch_or_404(token: str) -> ImportBatch:
    """The user's own batch by its token; anybody else's is simply not found."""
    batch = db.session.scalar(
        select(ImportBatch).where(
            ImportBatch.token == token, ImportBatch.user_id == current_user.id
        )
    )
    if batch is None:
        abort(404)
    return batch


def drop_previews(user_id: int) -> None:
    """Forget the user's unconfirmed previews; only the newest upload waits."""
    waiting = db.session.scalars(
        select(ImportBatch.token).where(
            ImportBatch.user_id == user_id, ImportBatch.status == "preview"
        )
    ).all()
    for token in waiting:
        storage.discard(token)
    if waiting:
        db.session.execute(
            delete(ImportBatch).where(
                ImportBatch.user_id == user_id, ImportBatch.status == "preview"
            )
        )


@bp.get("/imports")
@login_required
def index():
    """The upload form and the user's recent imports."""
    return upload_page()


@bp.post("/imports")
@login_required
def upload():
    """Take the file, check all of it, and show the preview (or what is wrong)."""
    form = UploadForm()
    if not form.validate_on_submit():
        return upload_page(400, form)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return upload_page(422, form, refused=("no_file", {}))
    if not plain_file_name(upload.filename):
        logger.warning("import refused for user %s: a path as name", current_user.id)
        return upload_page(422, form, refused=("path_name", {}))

    token = storage.new_token()
    limit = current_app.config["IMPORT_MAX_BYTES"]
    try:
        size = storage.save_upload(upload.stream, token, limit)
    except storage.TooLarge:
        return too_large(None)
    try:
        # A Strong file names no unit: weights are checked in the one the
        # confirm form proposes, so a 1,600 lb leg press is not called impossible.
        proposed = proposed_unit()
        parse = Parse(str(storage.upload_path(token)), unit=proposed)
        summary = build_summary(parse, current_user)
        if parse.format.weight_unit is None:
            summary["checked_unit"] = proposed
    except FileRefused as refused:
        storage.discard(token)
        logger.info("import upload refused for user %s: %s", current_user.id, refused)
        return upload_page(422, form, refused=(refused.code, refused.params))
    except Exception:
        storage.discard(token)  # no file is left behind by a failure
        raise
    if summary["problem_count"] or not summary["workouts_in_file"]:
        storage.discard(token)
        logger.info(
            "import upload refused for user %s: %d bad lines",
            current_user.id,
            summary["problem_count"],
        )
        refused = None if summary["problem_count"] else ("no_workouts", {})
        return upload_page(422, form, refused=refused, summary=summary)

    drop_previews(current_user.id)
    storage.sweep()
    batch = ImportBatch(
        user_id=current_user.id,
        token=token,
        source=parse.format.source,
        filename=(upload.filename or "")[-255:],
        unit=parse.format.weight_unit,
        summary=summary,
    )
    db.session.add(batch)
    db.session.commit()
    logger.info(
        "import %s previewed by user %s: %s file, %d bytes, %d workouts",
        batch.id,
        current_user.id,
        batch.source,
        size,
        summary["workouts_in_file"],
    )
    return redirect(url_for("imports.show", token=token), 303)


def preview_context(batch: ImportBatch, form=None, typed=None, errors=None) -> dict:
    """What the preview shows: counts, dates, and each name with its match."""
    locale = str(get_locale() or "en")
    exercises = visible_exercises(current_user.id, locale)
    names = {exercise.id: exercise.name(locale) for exercise in exercises}
    summary = batch.summary
    rows = []
    for index, item in enumerate(summary["names"]):
        value = names.get(item["match"], "") if item["match"] else ""
        if typed is not None:
            value = typed.get(index, "")
        rows.append(
            {
                "index": index,
                "name": item["name"],
                "sets": item["sets"],
                "value": value,
                "error": (errors or {}).get(index),
            }
        )
    if form is None:
        form = ConfirmForm()
        form.unit.data = proposed_unit()
    return {
        "batch": batch,
        "summary": summary,
        "first": date.fromisoformat(summary["first"]) if summary["first"] else None,
        "last": date.fromisoformat(summary["last"]) if summary["last"] else None,
        "rows": rows,
        "new_count": sum(1 for row in rows if not row["value"]),
        "choices": sorted(set(names.values()), key=str.casefold),
        "form": form,
        "ask_unit": batch.source == "strong" and not summary.get("unit_in_file"),
    }


def status_context(batch: ImportBatch) -> dict:
    progress = storage.read_progress(batch.token) if batch.working else None
    done, total = (progress[0], progress[1]) if progress else (0, 0)
    return {
        "batch": batch,
        "done": done,
        "total": total or batch.summary.get("workouts_in_file", 0),
        "error": describe(batch.error) if batch.error else None,
    }


@bp.get("/imports/<token>")
@login_required
def show(token: str):
    """The preview while waiting for confirmation, then progress, then the report."""
    batch = batch_or_404(token)
    if batch.status == "preview":
        return render_template("imports/preview.html", **preview_context(batch))
    jobs.notice_stale(batch)
    return render_template("imports/status.html", **status_context(batch))


@bp.get("/imports/<token>/status")
@login_required
def status(token: str):
    """Progress for the page to poll; the report once the import is over."""
    batch = batch_or_404(token)
    jobs.notice_stale(batch)
    return render(
        "imports/status.html", "imports/_status.html", **status_context(batch)
    )


@bp.post("/imports/<token>")
@login_required
def confirm(token: str):
    """Import with the user's exercise choices, in the background."""
    batch = batch_or_404(token)
    if batch.status != "preview":
        return leave_for(url_for("imports.show", token=token))
    form = ConfirmForm()
    ask_unit = batch.source == "strong" and not batch.summary.get("unit_in_file")
    if not ask_unit:
        form.unit.data = batch.unit or "kg"
    if not form.validate_on_submit():
        context = preview_context(batch, form=form)
        return render_template("imports/preview.html", **context), 422
    if ask_unit and form.unit.data != batch.summary.get("checked_unit"):
        problems = unit_problems(batch, form.unit.data)
        if problems:
            context = preview_context(batch, form=form)
            context["unit_problems"] = problems
            return render_template("imports/preview.html", **context), 422

    matcher = Matcher(current_user.id)
    mapping, typed, errors = {}, {}, {}
    for index, item in enumerate(batch.summary["names"]):
        text = request.form.get(f"map-{index}", "").strip()[:120]
        typed[index] = text
        if not text:
            mapping[item["name"]] = None
            continue
        exercise = matcher.by_name(text)
        if exercise is None:
            errors[index] = _("No exercise is called “%(name)s”.", name=text)
        else:
            mapping[item["name"]] = exercise.id
    if errors:
        context = preview_context(batch, form=form, typed=typed, errors=errors)
        return render_template("imports/preview.html", **context), 422

    busy = db.session.scalar(
        select(ImportBatch.id).where(
            ImportBatch.user_id == current_user.id,
            ImportBatch.status.in_(("queued", "running")),
        )
    )
    if busy is not None:
        notify(
            _("Another import of yours is still running. Try once it is done."), "error"
        )
        return leave_for(url_for("imports.show", token=token))

    if jobs.claim(batch, mapping, form.unit.data):
        logger.info("import %s confirmed by user %s", batch.id, current_user.id)
        jobs.start(batch.id)
    return leave_for(url_for("imports.show", token=token))


def proposed_unit() -> str:
    """The unit a Strong file, which names none, is taken to be in at first."""
    return "lb" if current_user.units == "lb" else "kg"


def unit_problems(batch: ImportBatch, unit: str) -> dict | None:
    """Check a Strong file again in a unit other than the preview's.

    Only the limits on weights depend on it: 1,600 passes as pounds, not as
    kilograms. Named here, not as a failure after the import has started.
    """
    path = storage.upload_path(batch.token)
    try:
        parse = Parse(str(path), unit=unit)
        for _workout in parse.workouts():
            pass
    except (OSError, FileRefused):
        return None  # a file gone or changed: the import says so itself
    if not parse.problems:
        return None
    return {
        "problems": [list(item) for item in parse.problems.items],
        "problem_count": parse.problems.count,
    }


@bp.post("/imports/<token>/cancel")
@login_required
def cancel(token: str):
    """Drop a preview: the waiting file goes, nothing was imported."""
    batch = batch_or_404(token)
    if batch.status == "preview":
        storage.discard(batch.token)
        db.session.delete(batch)
        db.session.commit()
        logger.info("import %s cancelled by user %s", batch.id, current_user.id)
        notify(_("The import was cancelled. Nothing was imported."))
    return leave_for(url_for("imports.index"))
