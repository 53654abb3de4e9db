"""The log screen costs a fixed number of queries, however long the workout."""

from homegym.extensions import db
from tests.conftest import count_queries
from tests.workouts.conftest import done, planned


def log_queries(client, workout_id: int) -> int:
    with count_queries() as statements:
        response = client.get(f"/workouts/{workout_id}/log")
    assert response.status_code == 200
    return len(statements)


def test_log_page_queries_do_not_grow_with_the_workout(
    logged_in, user, make_exercise, make_workout
):
    lifts = [make_exercise(equipment=["barbell"]) for _ in range(8)]
    make_workout(user, [(lift, [done("50", 10)] * 3) for lift in lifts], days_ago=7)
    short = make_workout(
        user, [(lift, [planned("50", 10)]) for lift in lifts[:1]], days_ago=3
    )
    long = make_workout(
        user, [(lift, [planned("50", 10)] * 5) for lift in lifts], days_ago=0
    )
    short_id, long_id = short.id, long.id
    db.session.commit()

    assert log_queries(logged_in, long_id) == log_queries(logged_in, short_id)
