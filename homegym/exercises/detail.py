"""The exercise page: what it is, the user's records at it and its history."""

from functools import partial

from flask import abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required

from homegym.exercises import bp, vocabulary
from homegym.exercises.library import visible_exercise
from homegym.i18n import user_unit
from homegym.web import is_htmx
from homegym.workouts.history import exercise_history, page_number, sets_text
from homegym.workouts.records import BRZYCKI_SOURCE, EPLEY_SOURCE, exercise_records


@bp.get("/exercises/<int:exercise_id>")
@login_required
def detail(exercise_id: int):
    """Show an exercise with its records; htmx gets the next page of history."""
    exercise = visible_exercise(current_user.id, exercise_id)
    if exercise is None:
        abort(404)

    page = exercise_history(
        current_user.id, exercise.id, page_number(request.args.get("page"))
    )
    in_unit = partial(sets_text, unit=user_unit())
    if is_htmx():
        return render_template(
            "exercises/_exercise_history.html",
            exercise=exercise,
            page=page,
            sets_text=in_unit,
        )

    locale = str(get_locale())
    other_locale = "en" if locale.startswith("de") else "de"
    return render_template(
        "exercises/detail.html",
        exercise=exercise,
        name=exercise.name(locale),
        other_name=exercise.name(other_locale),
        page=page,
        sets_text=in_unit,
        records=exercise_records(current_user.id, exercise.id),
        epley_source=EPLEY_SOURCE,
        brzycki_source=BRZYCKI_SOURCE,
        vocabulary=vocabulary,
    )
