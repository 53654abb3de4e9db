"""Changes to the exercises of a live workout: add, settings and notes, move, remove."""

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from homegym.exercises.choices import choices_context
from homegym.exercises.library import visible_exercise
from homegym.extensions import db
from homegym.ids import new_uuid
from homegym.web import is_htmx, notify, retarget
from homegym.workouts import bp
from homegym.workouts import logging as live
from homegym.workouts.forms import (
    AddExerciseForm,
    ExerciseForm,
    MoveForm,
    sent,
)
from homegym.workouts.live import (
    back_to_log,
    card_anchor,
    invalid_page,
    live_context,
    own_performed,
    own_workout,
    picker_choices,
    render_card,
)


@bp.post("/workouts/<int:workout_id>/exercises")
@login_required
def add_exercise(workout_id: int):
    """Add an exercise at the end, its sets pre-filled from last time."""
    workout = own_workout(workout_id)
    form = AddExerciseForm()
    if not form.validate_on_submit():
        if not is_htmx():
            return invalid_page(workout, add_form=form)
        page = render_template(
            "workouts/_add_exercise.html",
            workout=workout,
            choices=picker_choices(),
            add_form=form,
            new_uuid=new_uuid,
        )
        return retarget(make_response(page, 422), "#add-exercise")
    exercise = visible_exercise(current_user.id, form.exercise_id.data)
    if exercise is None:
        abort(404)

    performed, _created = live.add_exercise(workout, exercise, form.uuid.data)
    db.session.commit()
    if not is_htmx():
        return back_to_log(workout.id, card_anchor(performed))
    # The new card goes at the end; the add form comes back with a fresh uuid.
    context = live_context(workout, [performed], performed=performed)
    page = render_template("workouts/_exercise.html", **context)
    page += render_template(
        "workouts/_add_exercise.html", choices=picker_choices(), oob=True, **context
    )
    return page


@bp.get("/workouts/<int:workout_id>/exercise-choices")
@login_required
def exercise_choices(workout_id: int):
    """Answer the search of the add form with exercises that add in one tap."""
    workout = own_workout(workout_id)
    if not is_htmx():
        return redirect(url_for("workouts.log", workout_id=workout.id), 303)

    in_workout = [performed.exercise_id for performed in workout.exercises]
    context = choices_context(
        current_user, request.args.get("q"), str(get_locale()), in_workout
    )
    add = {
        "action": url_for("workouts.add_exercise", workout_id=workout.id),
        "target": "#live-exercises",
        "swap": "beforeend",
        "include": None,
        "uuid": True,
    }
    return render_template(
        "exercises/_choices.html",
        choices_id="add-exercise-choices",
        add=add,
        **context,
    )


@bp.post("/workouts/<int:workout_id>/exercises/<int:performed_id>")
@login_required
def update_exercise(workout_id: int, performed_id: int):
    """Change an exercise's superset group, rest and notes."""
    performed = own_performed(workout_id, performed_id)
    form = ExerciseForm()
    if not form.validate_on_submit():
        errors = {performed.id: form}
        if not is_htmx():
            return invalid_page(own_workout(workout_id), exercise_errors=errors)
        response = render_card(performed, 422, exercise_errors=errors)
        return retarget(response, f"#{card_anchor(performed)}")

    if sent(form.superset_group):
        performed.superset_group = form.superset_group.data or None
    if sent(form.rest_seconds):
        performed.rest_seconds = form.rest_seconds.data
    if sent(form.notes):
        performed.notes = (form.notes.data or "").strip()
    db.session.commit()
    if not is_htmx():
        return back_to_log(workout_id, card_anchor(performed))
    return render_card(performed)


@bp.post("/workouts/<int:workout_id>/exercises/<int:performed_id>/move")
@login_required
def move_exercise(workout_id: int, performed_id: int):
    """Move an exercise one place up or down; htmx gets the reordered list."""
    workout = own_workout(workout_id)
    performed = next((p for p in workout.exercises if p.id == performed_id), None)
    if performed is None:
        abort(404)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)

    live.move_exercise(performed, -1 if form.direction.data == "up" else 1)
    db.session.commit()
    if not is_htmx():
        return back_to_log(workout_id, card_anchor(performed))
    return render_template("workouts/_exercises.html", **live_context(workout))


@bp.post("/workouts/<int:workout_id>/exercises/<int:performed_id>/delete")
@login_required
def remove_exercise(workout_id: int, performed_id: int):
    """Remove an exercise and its sets from the workout."""
    performed = own_performed(workout_id, performed_id)
    live.remove_exercise(performed)
    db.session.commit()
    if not is_htmx():
        return back_to_log(workout_id)
    # An empty answer swapped over the card takes it off the page.
    response = make_response("")
    notify(_("Exercise removed."), response=response)
    return response
