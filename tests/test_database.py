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


def test_engine_options_follow_the_database_given_to_the_app(monkeypatch):
    """A MariaDB URL given in code gets MariaDB's pool checks, whatever the
    environment names: a pool without them hands out connections a restart of
    the server has killed."""
    from homegym import create_app

    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/not-used.sqlite3")
    app = create_app(
        {
            "SECRET_KEY": "x" * 40,
            "SQLALCHEMY_DATABASE_URI": "mysql+pymysql://root@127.0.0.1/any",
        }
    )
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
