"""Browse and search exercises; add, edit and delete the user's own."""

import logging

from flask import make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from homegym.exercises import bp, vocabulary
from homegym.exercises.forms import ExerciseForm, SearchForm
from homegym.exercises.library import (
    NameTaken,
    create_exercise,
    delete_exercise,
    search_exercises,
    update_exercise,
)
from homegym.exercises.models import Exercise
from homegym.ids import new_uuid
from homegym.web import is_htmx, leave_for, notify, owned_or_404, render

logger = logging.getLogger(__name__)


def locale() -> str:
    """Return the language names are shown in, as 'en' or 'de'."""
    return str(get_locale())


@bp.get("/exercises")
@login_required
def index():
    """List the exercises the user can see, filtered as they type."""
    form = SearchForm(request.args)
    form.validate()
    exercises = search_exercises(current_user, locale=locale(), **form.filters())
    return render(
        "exercises/index.html",
        "exercises/_results.html",
        form=form,
        exercises=exercises,
        locale=locale(),
        vocabulary=vocabulary,
    )


def show_form(form: ExerciseForm, exercise: Exercise | None, status: int = 200):
    """Render the exercise form: the page, or only the form for htmx."""
    page = render(
        "exercises/form.html", "exercises/_form.html", form=form, exercise=exercise
    )
    return page, status


def name_taken(form: ExerciseForm, exercise: Exercise | None, error: NameTaken):
    """Show which name is already used and change nothing."""
    getattr(form, error.field).errors.append(
        _("You already have an exercise with this name.")
    )
    return show_form(form, exercise, 422)


@bp.route("/exercises/new", methods=["GET", "POST"])
@login_required
def create():
    """Add an exercise of the user's own; a replayed form returns the same one."""
    form = ExerciseForm()
    if request.method == "GET":
        form.uuid.data = new_uuid()
        return show_form(form, None)
    if not form.validate():
        return show_form(form, None, 422)

    try:
        exercise, created = create_exercise(
            current_user.id, form.values(), form.uuid.data
        )
    except NameTaken as error:
        return name_taken(form, None, error)
    if created:
        logger.info("exercise %s created by user %s", exercise.id, current_user.id)

    message = _("Exercise added.")
    if is_htmx():
        edit_form = ExerciseForm(obj=exercise, formdata=None)
        response = make_response(
            render_template("exercises/_form.html", form=edit_form, exercise=exercise)
        )
        response.headers["HX-Push-Url"] = url_for(
            "exercises.edit", exercise_id=exercise.id
        )
        return notify(message, "success", response)
    notify(message, "success")
    return redirect(url_for("exercises.detail", exercise_id=exercise.id), 303)


@bp.route("/exercises/<int:exercise_id>/edit", methods=["GET", "POST"])
@login_required
def edit(exercise_id: int):
    """Change one of the user's own exercises; bundled ones are not found here."""
    exercise = owned_or_404(Exercise, exercise_id)
    form = ExerciseForm(obj=exercise)
    if request.method == "GET":
        return show_form(form, exercise)
    if not form.validate():
        return show_form(form, exercise, 422)

    try:
        update_exercise(exercise, form.values())
    except NameTaken as error:
        return name_taken(form, exercise, error)
    logger.info("exercise %s edited by user %s", exercise.id, current_user.id)

    message = _("Exercise saved.")
    if is_htmx():
        saved = ExerciseForm(obj=exercise, formdata=None)
        response = make_response(
            render_template("exercises/_form.html", form=saved, exercise=exercise)
        )
        return notify(message, "success", response)
    notify(message, "success")
    return redirect(url_for("exercises.detail", exercise_id=exercise.id), 303)


@bp.post("/exercises/<int:exercise_id>/delete")
@login_required
def delete(exercise_id: int):
    """Delete one of the user's own exercises unless a plan or workout uses it."""
    exercise = owned_or_404(Exercise, exercise_id)
    if not delete_exercise(exercise):
        logger.warning(
            "exercise %s in use, delete refused for user %s",
            exercise.id,
            current_user.id,
        )
        message = _(
            "This exercise is used in a plan or a workout, so it cannot be deleted."
        )
        if is_htmx():
            return notify(message, "error", make_response("", 409))
        notify(message, "error")
        return redirect(url_for("exercises.detail", exercise_id=exercise.id), 303)

    logger.info("exercise %s deleted by user %s", exercise_id, current_user.id)
    notify(_("Exercise deleted."), "success")
    # The page showed the deleted exercise; only a new page makes sense.
    return leave_for(url_for("exercises.index"))
