"""Changes to the sets of a live workout: add, edit, tick and untick, remove."""

from flask import make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from homegym.extensions import commit_keeping_loaded, db
from homegym.web import add_trigger, is_htmx, notify, retarget
from homegym.workouts import bp, last_time
from homegym.workouts import logging as live
from homegym.workouts.forms import SetForm, UuidForm, sent
from homegym.workouts.live import (
    back_to_log,
    card_anchor,
    invalid_page,
    last_times,
    live_context,
    own_performed,
    own_set,
    own_workout,
    render_card,
)


def render_row(workout_set, template: str = "workouts/_set.html", status=200, **extra):
    """Render one set row (or only its note line) with its label and last time."""
    performed = workout_set.performed_exercise
    context = live_context(performed.workout, [performed], performed=performed, **extra)
    context["labels"] = live.set_labels(performed.sets)
    last_sets = context["last"].get(performed.exercise_id, [])
    context["hints"] = last_time.last_time_hints(performed.sets, last_sets)
    page = render_template(template, workout_set=workout_set, **context)
    return make_response(page, status)


def refuse(workout_id: int, workout_set, form: SetForm):
    """Show the row again with the user's input and what is wrong; nothing is saved."""
    if not is_htmx():
        workout = own_workout(workout_id)
        return invalid_page(workout, invalid=form, invalid_set_id=workout_set.id)
    response = render_row(
        workout_set, status=422, invalid=form, invalid_set_id=workout_set.id
    )
    return retarget(response, f"#set-{workout_set.id}")


@bp.post("/workouts/<int:workout_id>/exercises/<int:performed_id>/sets")
@login_required
def add_set(workout_id: int, performed_id: int):
    """Add a set after the last one with its weight and reps."""
    performed = own_performed(workout_id, performed_id)
    form = UuidForm()
    live.add_set(performed, form.uuid.data)
    db.session.commit()
    if not is_htmx():
        return back_to_log(workout_id, card_anchor(performed))
    return render_card(performed)


@bp.post("/workouts/<int:workout_id>/sets/<int:set_id>")
@login_required
def update_set(workout_id: int, set_id: int):
    """Save a set's values; ``done`` ticks or unticks it, ``kind`` changes its type.

    htmx gets the note line for a plain edit (the inputs keep focus), the
    row when the set is ticked or unticked, and the card when the kind
    changes, because the numbers of the sets after it change too.
    """
    workout_set = own_set(workout_id, set_id)
    form = SetForm()
    if not form.validate_on_submit():
        return refuse(workout_id, workout_set, form)
    changes = form.changes(current_user.units)
    done = form.done_value
    if done and changes.get("reps", workout_set.reps) is None:
        form.reps.errors.append(_("Enter the reps before you tick the set."))
        return refuse(workout_id, workout_set, form)

    live.update_set(workout_set, changes, done)
    performed = workout_set.performed_exercise
    if not is_htmx():
        commit_keeping_loaded()
        return back_to_log(workout_id, card_anchor(performed))

    last = last_times(performed.workout, [performed])
    commit_keeping_loaded()
    if sent(form.kind):
        response = render_card(performed, last=last)
        return retarget(response, f"#{card_anchor(performed)}")
    if done is None:
        response = render_row(workout_set, "workouts/_set_note.html", last=last)
        return retarget(response, f"#set-{workout_set.id}-note")

    # The row, and the coach's "what next?" out of band: it follows the
    # latest working set done.
    response = render_row(workout_set, "workouts/_set_ticked.html", last=last)
    retarget(response, f"#set-{workout_set.id}")
    rest = live.rest_seconds(performed)
    if done and rest and not performed.workout.finished:
        add_trigger(response, "rest-start", {"seconds": rest})
    return response


@bp.post("/workouts/<int:workout_id>/sets/<int:set_id>/delete")
@login_required
def remove_set(workout_id: int, set_id: int):
    """Remove a set; the card comes back renumbered."""
    workout_set = own_set(workout_id, set_id)
    performed = workout_set.performed_exercise
    live.remove_set(workout_set)
    if not is_htmx():
        commit_keeping_loaded()
        return back_to_log(workout_id, card_anchor(performed))
    last = last_times(performed.workout, [performed])
    commit_keeping_loaded()
    response = render_card(performed, last=last)
    notify(_("Set removed."), response=response)
    return retarget(response, f"#{card_anchor(performed)}")
