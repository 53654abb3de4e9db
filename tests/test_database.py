"""The database keeps its promises on SQLite as on MariaDB."""

from sqlalchemy import delete, func, select

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet


def test_deleting_a_workout_cascades_to_its_sets(user):
    exercise = Exercise(key="t_squat", name_en="Squat", name_de="Kniebeuge")
    workout = Workout(user_id=user.id, name="Legs")
    performed = PerformedExercise(user_id=user.id, exercise=exercise)
    performed.sets.append(WorkoutSet(user_id=user.id, reps=5))
    workout.exercises.append(performed)
    db.session.add(workout)
    db.session.commit()

    db.session.execute(delete(Workout).where(Workout.id == workout.id))
    db.session.commit()

    assert db.session.scalar(select(func.count(WorkoutSet.id))) == 0
    assert db.session.scalar(select(func.count(PerformedExercise.id))) == 0
    assert db.session.scalar(select(func.count(Exercise.id))) == 1
