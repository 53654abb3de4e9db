"""Progress photos: the gallery and upload, one photo, its files, comparing two days.

The files are served only to their owner, through these routes, and never
stored where the static folder would hand them out.
"""

import logging
from datetime import date

from flask import (
    Response,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from homegym.errors import handle_http_error
from homegym.extensions import db, limiter
from homegym.ids import new_uuid, parse_uuid
from homegym.progress import bp, photos
from homegym.progress.forms import POSE_LABELS, PhotoDetailsForm, PhotoForm, user_today
from homegym.progress.images import (
    FORMAT_NAMES,
    PhotoRefused,
    megabytes,
    megapixels,
    too_many_bytes,
)
from homegym.progress.models import ProgressPhoto
from homegym.progress.storage import photo_storage
from homegym.web import cap_upload, is_htmx, leave_for, notify, owned_or_404, render

logger = logging.getLogger(__name__)

# The browser may keep nothing: not the HTTP cache, not a shared proxy.
PRIVATE = "private, no-store"


@bp.url_value_preprocessor
def limit_upload(endpoint, _values) -> None:
    """Cap an upload's body at the photo limit before anything reads it."""
    if endpoint == "progress.upload_photo" and request.method == "POST":
        cap_upload(photos.limits()["max_bytes"])


@bp.errorhandler(413)
def too_large(error):
    """Say the photo limit on the upload form, not the server's generic page."""
    signed_in = current_user.is_authenticated
    if request.endpoint != "progress.upload_photo" or not signed_in:
        return handle_http_error(error)
    logger.warning("progress photo refused for user %s: bytes", current_user.id)
    message = str(too_many_bytes(photos.limits()["max_bytes"]).message)
    return refused_upload(upload_form(), message, 413)


def toast_for_htmx(message: str, response):
    """An htmx swap also gets a toast; a plain page already shows its errors,
    and a flash would only turn up later, on the next page."""
    return notify(message, "error", response) if is_htmx() else response


def upload_form() -> PhotoForm:
    form = PhotoForm(formdata=None)
    form.taken_on.data = user_today()
    form.uuid.data = new_uuid()
    return form


def gallery_context(form: PhotoForm | None = None, error: str = "") -> dict:
    limits = photos.limits()
    return {
        "form": form or upload_form(),
        "upload_error": error,
        "days": photos.by_date(photos.user_photos(current_user.id)),
        "pose_labels": POSE_LABELS,
        "max_megabytes": megabytes(limits["max_bytes"]),
        "max_megapixels": megapixels(limits["max_pixels"]),
        "formats": FORMAT_NAMES,
    }


@bp.get("/progress/photos")
@login_required
def photo_gallery():
    """Every photo of the user by date, and the upload form with its limits."""
    return render("progress/photos.html", **gallery_context())


def refused_upload(form: PhotoForm, error: str = "", status: int = 422):
    """Answer a refused upload: the form with its message, nothing stored."""
    context = gallery_context(form, error)
    template = "progress/_photo_board.html" if is_htmx() else "progress/photos.html"
    response = make_response(render_template(template, **context), status)
    return toast_for_htmx(error or _("Please check the form."), response)


def upload_limit() -> str:
    return current_app.config["PHOTO_UPLOAD_RATE_LIMIT"]


def uploader() -> str:
    """Count uploads per user: decoding is the costly part of this app."""
    if current_user.is_authenticated:
        return f"photo-upload:user:{current_user.id}"
    return f"photo-upload:ip:{request.remote_addr}"


@bp.post("/progress/photos")
@login_required
@limiter.limit(upload_limit, key_func=uploader)
def upload_photo():
    """Clean and store an uploaded photo; a refused one leaves nothing behind."""
    form = PhotoForm()
    if not form.validate_on_submit():
        logger.warning(
            "progress photo refused for user %s: %s",
            current_user.id,
            ",".join(sorted(form.errors)),
        )
        return refused_upload(form)

    limit = photos.limits()["max_bytes"]
    data = form.photo.data.stream.read(limit + 1)
    uuid = parse_uuid(form.uuid.data)
    values = (form.taken_on.data, form.pose.data, form.note.data or "", uuid)
    photo = None
    try:
        photo, _new = photos.add_photo(current_user.id, data, *values)
        db.session.commit()
    except photos.StorageFailed:
        db.session.rollback()
        message = _("The photo could not be saved. Please try again later.")
        return refused_upload(form, message, 503)
    except PhotoRefused as refusal:
        db.session.rollback()
        logger.warning(
            "progress photo refused for user %s: %s", current_user.id, refusal.reason
        )
        return refused_upload(form, str(refusal.message))
    except IntegrityError:
        # The same upload arrived twice at once; the other request stored it.
        db.session.rollback()
        if photo is not None:
            photos.discard_files(photo)
        photo = photos.photo_by_uuid(current_user.id, uuid)
        if photo is None:
            raise
    message = _("Photo saved.")
    if is_htmx():
        response = make_response(
            render_template("progress/_photo_board.html", **gallery_context())
        )
        return notify(message, "success", response)
    notify(message)
    return redirect(url_for("progress.photo_gallery"), 303)


@bp.get("/progress/photos/<int:photo_id>")
@login_required
def photo_detail(photo_id: int):
    """One photo large, with its date, pose and note to change, and delete."""
    photo = owned_or_404(ProgressPhoto, photo_id)
    form = PhotoDetailsForm(obj=photo, formdata=None)
    return render_template(
        "progress/photo.html", photo=photo, form=form, pose_labels=POSE_LABELS
    )


@bp.post("/progress/photos/<int:photo_id>")
@login_required
def update_photo(photo_id: int):
    """Change a photo's date, pose or note."""
    photo = owned_or_404(ProgressPhoto, photo_id)
    form = PhotoDetailsForm()
    context = {"photo": photo, "form": form, "pose_labels": POSE_LABELS}
    if not form.validate_on_submit():
        template = (
            "progress/_photo_details.html" if is_htmx() else "progress/photo.html"
        )
        response = make_response(render_template(template, **context), 422)
        return toast_for_htmx(_("Please check the form."), response)

    photo.taken_on = form.taken_on.data
    photo.pose = form.pose.data
    photo.note = form.note.data or ""
    db.session.commit()
    logger.info("progress photo %s changed by user %s", photo.id, current_user.id)
    if is_htmx():
        form = PhotoDetailsForm(obj=photo, formdata=None)
        response = make_response(
            render_template("progress/_photo_details.html", **{**context, "form": form})
        )
        return notify(_("Saved."), "success", response)
    notify(_("Saved."))
    return redirect(url_for("progress.photo_detail", photo_id=photo.id), 303)


@bp.post("/progress/photos/<int:photo_id>/delete")
@login_required
def delete_photo(photo_id: int):
    """Delete the photo and its files, then back to the gallery."""
    photos.delete_photo(owned_or_404(ProgressPhoto, photo_id))
    notify(_("Photo deleted."))
    return leave_for(url_for("progress.photo_gallery"))


def private_jpeg(key: str) -> Response:
    try:
        data = photo_storage().read(key)
    except FileNotFoundError:
        abort(404)
    response = Response(data, mimetype="image/jpeg")
    response.headers["Cache-Control"] = PRIVATE
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.get("/progress/photos/<int:photo_id>/image")
@login_required
def photo_image(photo_id: int):
    """The photo file, to its owner only."""
    return private_jpeg(owned_or_404(ProgressPhoto, photo_id).image_key)


@bp.get("/progress/photos/<int:photo_id>/thumb")
@login_required
def photo_thumb(photo_id: int):
    """The thumbnail file, to its owner only."""
    return private_jpeg(owned_or_404(ProgressPhoto, photo_id).thumb_key)


def chosen_day(name: str, days: list[date], fallback: date | None) -> date | None:
    """Read a date from the query string if the user has photos that day."""
    try:
        wanted = date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return fallback
    return wanted if wanted in days else fallback


@bp.get("/progress/photos/compare")
@login_required
def compare_photos():
    """Two days side by side, pose by pose; the first and latest day by default."""
    days = photos.photo_dates(current_user.id)
    before = chosen_day("before", days, days[-1] if days else None)
    after = chosen_day("after", days, days[0] if days else None)
    if before and after and before > after:
        before, after = after, before
    pairs = photos.compare(current_user.id, before, after) if days else []
    return render_template(
        "progress/compare.html",
        days=days,
        before=before,
        after=after,
        pairs=pairs,
        pose_labels=POSE_LABELS,
    )
