"""Shared helpers for pages, HTMX partials, ownership and toasts."""

import json

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
)
from flask_login import current_user
from sqlalchemy import select

from homegym.extensions import db


def plain_file_name(name: str) -> bool:
    """Whether an uploaded file's name is a bare name, as browsers send it.

    A folder path ("../x.csv", "C:\\x.jpg") or a NUL byte only comes from a
    crafted request. The name never reaches the disk (files are stored under
    keys of their own), but it is refused plainly rather than kept."""
    return not ("/" in name or "\\" in name or "\x00" in name or name in (".", ".."))


def is_htmx() -> bool:
    """Tell whether the request came from htmx (and wants a fragment)."""
    return request.headers.get("HX-Request") == "true"


def wants_json() -> bool:
    """Tell whether the client prefers JSON over a page (the sync client does)."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def render(page: str, partial: str | None = None, **context) -> str:
    """Render the full page, or only its partial when htmx asked for it."""
    if partial is not None and is_htmx():
        return render_template(partial, **context)
    return render_template(page, **context)


def owned_or_404(model, object_id: int, owner_field: str = "user_id"):
    """Fetch an object of the current user; anybody else's is simply not found."""
    found = db.session.scalar(
        select(model).where(
            model.id == object_id,
            getattr(model, owner_field) == current_user.id,
        )
    )
    if found is None:
        abort(404)
    return found


def add_trigger(response: Response, name: str, detail) -> Response:
    """Add an event to HX-Trigger, keeping any the response already carries."""
    events = json.loads(response.headers.get("HX-Trigger") or "{}")
    events[name] = detail
    response.headers["HX-Trigger"] = json.dumps(events)
    return response


def notify(message: str, category: str = "success", response: Response | None = None):
    """Tell the user something: an HX-Trigger toast for htmx, else a flash."""
    if response is not None and is_htmx():
        return add_trigger(response, "toast", {"message": message, "level": category})
    flash(message, category)
    return response


def retarget(response: Response, selector: str) -> Response:
    """Say where an htmx answer goes, so it lands right whoever asked."""
    response.headers["HX-Retarget"] = selector
    response.headers["HX-Reswap"] = "outerHTML"
    return response


def leave_for(url: str):
    """Go to another page: HX-Redirect for htmx, else a 303 (post/redirect/get)."""
    if is_htmx():
        return Response("", 200, {"HX-Redirect": url})
    return redirect(url, 303)


# Room for the multipart wrapping and a form's other fields around its file.
FORM_OVERHEAD = 64 * 1024


def upload_cap() -> int | None:
    """The largest file an upload form can carry under MAX_CONTENT_LENGTH."""
    everything = current_app.config.get("MAX_CONTENT_LENGTH")
    return everything - FORM_OVERHEAD if everything else None


def cap_upload(max_file_bytes: int) -> None:
    """Cap this request's body at a file of ``max_file_bytes`` and its form.

    Called from a URL value preprocessor, which runs before the CSRF check
    would read the whole form: a body declared too large is refused unread,
    one of unknown length is cut off once it passes the cap.
    """
    limit = max_file_bytes + FORM_OVERHEAD
    everything = current_app.config.get("MAX_CONTENT_LENGTH")
    request.max_content_length = min(limit, everything or limit)


def warm_up(app) -> int:
    """Compile every template of the app now; return how many.

    A new gunicorn worker would otherwise compile them while it answers its
    first lifters, a tenth of a second each; gunicorn.conf.py calls this in
    the master before it forks the workers, which inherit the result."""
    names = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)
