"""The live workout: start, the log screen, workout notes, finish and discard.

live_exercises.py and live_sets.py hold the changes to exercises and sets;
the helpers here render what they all answer with.
"""

import logging

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from homegym.exercises.library import grouped_choices
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import new_uuid, parse_uuid
from homegym.plans.logic import next_plan_day, user_plans
from homegym.web import is_htmx, leave_for, notify
from homegym.workouts import bp, finishing, history, last_time, offline
from homegym.workouts import logging as live
from homegym.workouts.forms import StartForm, WorkoutNotesForm, sent
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

logger = logging.getLogger(__name__)

RPE_CHOICES = tuple(f"{tenths / 10:g}" for tenths in range(50, 101, 5))
REST_CHOICES = (30, 45, 60, 75, 90, 120, 150, 180, 240, 300)


@bp.app_template_filter("rpe")
def rpe_text(value) -> str:
    """Show an RPE without a needless '.0' (8, 8.5)."""
    if value is None:
        return ""
    return f"{value.normalize():f}" if hasattr(value, "normalize") else f"{value:g}"


@bp.app_template_filter("clock")
def clock_text(seconds: int | None) -> str:
    """Show a rest as minutes and seconds, the way a timer does (1:30)."""
    if seconds is None:
        return ""
    return f"{seconds // 60}:{seconds % 60:02d}"


def own_workout(workout_id: int) -> Workout:
    """Load one of the user's workouts with exercises and sets; others are 404."""
    workout = history.load_workout(current_user.id, workout_id)
    if workout is None:
        abort(404)
    return workout


def own_performed(workout_id: int, performed_id: int) -> PerformedExercise:
    """Load one of the user's performed exercises of that workout, else 404."""
    performed = db.session.scalar(
        select(PerformedExercise).where(
            PerformedExercise.id == performed_id,
            PerformedExercise.workout_id == workout_id,
            PerformedExercise.user_id == current_user.id,
        )
    )
    if performed is None:
        abort(404)
    return performed


# Built once: making a statement with its loader options costs more than
# running it. One query brings what every answer about a set draws: its
# exercise in the workout with all its sets (labels, the coach's slot), the
# workout and the exercise; loaded one by one, they were four more round trips
# on the path of every tap at the rack.
OWN_SET = (
    select(PerformedExercise)
    .join(WorkoutSet, WorkoutSet.performed_exercise_id == PerformedExercise.id)
    .where(
        WorkoutSet.id == bindparam("set_id"),
        WorkoutSet.user_id == bindparam("user_id"),
        PerformedExercise.workout_id == bindparam("workout_id"),
        PerformedExercise.user_id == bindparam("user_id"),
    )
    .options(
        joinedload(PerformedExercise.workout).load_only(
            Workout.id, Workout.user_id, Workout.started_at, Workout.finished_at
        ),
        joinedload(PerformedExercise.exercise).load_only(
            Exercise.id,
            Exercise.user_id,
            Exercise.name_en,
            Exercise.name_de,
            Exercise.equipment,
            Exercise.load,
        ),
        joinedload(PerformedExercise.sets),
    )
)


def own_set(workout_id: int, set_id: int) -> WorkoutSet:
    """Load one of the user's sets of that workout with its exercise, else 404."""
    found = db.session.scalars(
        OWN_SET,
        {"set_id": set_id, "workout_id": workout_id, "user_id": current_user.id},
    )
    performed = next(iter(found.unique().all()), None)
    if performed is None:
        abort(404)
    workout_set = next(each for each in performed.sets if each.id == set_id)
    # Hold the exercise from the set: the session keeps loaded objects only
    # while something refers to them, and the set is all the caller keeps.
    set_committed_value(workout_set, "performed_exercise", performed)
    return workout_set


def last_times(workout: Workout, exercises=None) -> dict:
    """Last time of the exercises shown: the workout's, or the one card or
    row a change answers with (one query then, on the path of every tap)."""
    if exercises is not None and len(exercises) == 1:
        exercise_id = exercises[0].exercise_id
        found = last_time.last_performance(current_user.id, exercise_id, workout)
        return {exercise_id: found} if found else {}
    shown = workout.exercises if exercises is None else exercises
    ids = [performed.exercise_id for performed in shown]
    return last_time.last_performances(current_user.id, ids, before=workout)


def live_context(workout: Workout, exercises=None, **extra) -> dict:
    """Gather what the log screen and its partials need, last time in one query
    (or as given in ``extra``, by a caller that read it before committing)."""
    if "last" not in extra:
        extra["last"] = last_times(workout, exercises)
    return {
        "workout": workout,
        "locale": str(get_locale()),
        "labels_for": live.set_labels,
        "kind_letters": live.kind_letters,
        "hints_for": last_time.last_time_hints,
        "first_working_weight": last_time.first_working_weight,
        "new_uuid": new_uuid,
        "rpe_choices": RPE_CHOICES,
        "rest_choices": REST_CHOICES,
        "rest_default": live.DEFAULT_REST_SECONDS,
        "groups": live.SUPERSET_GROUPS,
        "template_exercise": offline.template_exercise,
        **extra,
    }


def picker_choices() -> list:
    """List the exercises the user may add, those for their equipment first."""
    return grouped_choices(current_user, str(get_locale()))


def card_anchor(performed: PerformedExercise) -> str:
    """Name the element id of an exercise card, for anchors and swaps."""
    return f"exercise-{performed.id}"


def back_to_log(workout_id: int, anchor: str | None = None):
    """Answer a plain form post: back to the log, scrolled to what changed."""
    return redirect(url_for("workouts.log", workout_id=workout_id, _anchor=anchor), 303)


def render_card(performed: PerformedExercise, status: int = 200, **extra):
    """Render one exercise card, as its swaps and the log page show it."""
    context = live_context(performed.workout, [performed], performed=performed, **extra)
    return make_response(render_template("workouts/_exercise.html", **context), status)


def invalid_page(workout: Workout, **errors):
    """Show the log again with what was wrong, for a post made without htmx."""
    context = live_context(workout, choices=picker_choices(), **errors)
    return make_response(render_template("workouts/log.html", **context), 422)


@bp.get("/workouts/start")
@login_required
def start():
    """Offer the active plan's next day first, then any other day, or nothing."""
    unfinished = history.unfinished_workout(current_user.id)
    next_day = None if unfinished else next_plan_day(current_user.id)
    return render_template(
        "workouts/start.html",
        unfinished=unfinished,
        next_day=next_day,
        next_rows=live.planned_exercises(next_day) if next_day else [],
        plans=[] if unfinished else user_plans(current_user.id),
        new_uuid=new_uuid,
        locale=str(get_locale()),
    )


@bp.post("/workouts")
@login_required
def create():
    """Start a workout, from a plan day or empty; an open one is resumed instead."""
    form = StartForm()
    if not form.validate_on_submit():
        abort(400)
    day = None
    if form.plan_day_id.data is not None:
        day = live.owned_plan_day(current_user.id, form.plan_day_id.data)
        if day is None:
            abort(404)

    try:
        workout, created = live.start_workout(current_user.id, day, form.uuid.data)
        db.session.commit()
    except IntegrityError:
        # Another tap on Start won the race; a fresh transaction sees its workout.
        db.session.rollback()
        workout, created = live.start_workout(current_user.id, day, form.uuid.data)
        if created:
            raise
    if not created and workout.uuid != parse_uuid(form.uuid.data):
        flash(_("Your workout in progress is still open: finish it first."), "info")
    return leave_for(url_for("workouts.log", workout_id=workout.id))


@bp.get("/workouts/current")
@login_required
def current():
    """Go to the workout in progress, or to the start screen when there is none."""
    unfinished = history.unfinished_workout(current_user.id)
    if unfinished is None:
        return redirect(url_for("workouts.start"))
    return redirect(url_for("workouts.log", workout_id=unfinished.id))


@bp.get("/workouts/<int:workout_id>/log")
@login_required
def log(workout_id: int):
    """Show the logbook of a workout: in progress, or finished and being edited."""
    workout = own_workout(workout_id)
    context = live_context(workout, choices=picker_choices())
    return render_template("workouts/log.html", **context)


@bp.post("/workouts/<int:workout_id>/notes")
@login_required
def workout_notes(workout_id: int):
    """Save the workout's name and notes."""
    workout = own_workout(workout_id)
    form = WorkoutNotesForm()
    if not form.validate_on_submit():
        if not is_htmx():
            return invalid_page(workout, notes_form=form)
        page = render_template(
            "workouts/_workout_notes.html", workout=workout, notes_form=form
        )
        return page, 422

    if sent(form.notes):
        workout.notes = form.notes.data or ""
    if sent(form.name):
        workout.name = (form.name.data or "").strip()
    db.session.commit()
    if not is_htmx():
        return back_to_log(workout.id, "workout-notes")
    response = make_response(
        render_template("workouts/_workout_notes.html", workout=workout)
    )
    notify(_("Notes saved."), response=response)
    return response


@bp.post("/workouts/<int:workout_id>/finish")
@login_required
def finish(workout_id: int):
    """Finish the workout and show its summary; finishing twice changes nothing."""
    workout = own_workout(workout_id)
    if not workout.finished:
        if not finishing.can_finish(workout):
            message = _("Nothing is logged yet. Tick a set, or discard the workout.")
            if is_htmx():
                response = make_response("", 422)
                notify(message, "warning", response)
                return response
            flash(message, "warning")
            return back_to_log(workout.id)
        finishing.finish_workout(workout)
        db.session.commit()
    return leave_for(url_for("workouts.detail", workout_id=workout.id))


@bp.post("/workouts/<int:workout_id>/discard")
@login_required
def discard(workout_id: int):
    """Throw away a workout in progress with everything logged in it."""
    workout = own_workout(workout_id)
    if workout.finished:
        flash(_("A finished workout is deleted from its page in the history."), "info")
        return leave_for(url_for("workouts.detail", workout_id=workout.id))

    history.delete_workout(current_user.id, workout.id)
    db.session.commit()
    logger.info("workout %s discarded by user %s", workout_id, current_user.id)
    flash(_("Workout discarded."), "success")
    return leave_for(url_for("home.index"))
