"""Another user's plan, plan day or planned exercise is simply not found."""

import pytest

from tests.conftest import log_in
from tests.plans.conftest import HTMX, snapshot

TARGETS = {"sets": "4", "reps_min": "5", "reps_max": "6", "rest_seconds": "60"}

# (endpoint, method, URL with {plan}/{day}/{row}, form data)
ENDPOINTS = [
    ("plans.detail", "GET", "/plans/{plan}", {}),
    ("plans.update", "POST", "/plans/{plan}", {"name": "Mine now", "notes": ""}),
    ("plans.copy", "POST", "/plans/{plan}/copy", {}),
    ("plans.activate", "POST", "/plans/{plan}/activate", {}),
    ("plans.delete", "POST", "/plans/{plan}/delete", {}),
    ("plans.add_day", "POST", "/plans/{plan}/days", {"name": "Extra"}),
    ("plans.update_day", "POST", "/plans/days/{day}", {"name": "Renamed"}),
    ("plans.move_day", "POST", "/plans/days/{day}/move", {"direction": "down"}),
    ("plans.delete_day", "POST", "/plans/days/{day}/delete", {}),
    ("plans.exercise_choices", "GET", "/plans/days/{day}/exercise-choices?q=e", {}),
    (
        "plans.add_exercise",
        "POST",
        "/plans/days/{day}/exercises",
        {"exercise_id": "{exercise}", **TARGETS},
    ),
    ("plans.update_exercise", "POST", "/plans/exercises/{row}", TARGETS),
    (
        "plans.move_exercise",
        "POST",
        "/plans/exercises/{row}/move",
        {"direction": "down"},
    ),
    ("plans.delete_exercise", "POST", "/plans/exercises/{row}/delete", {}),
]


def test_every_plans_endpoint_with_an_id_is_walked(app):
    with_ids = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("plans.") and rule.arguments
    }

    assert with_ids == {endpoint for endpoint, *_ in ENDPOINTS}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("method", "url", "data"),
    [endpoint[1:] for endpoint in ENDPOINTS],
    ids=[endpoint[0] for endpoint in ENDPOINTS],
)
def test_another_users_plan_is_not_found(
    client, user, make_user, make_plan, make_exercise, method, url, data, headers
):
    plan = make_plan(user, name="Ada's", days=[("A", 2), ("B", 1)])
    make_plan(user, name="Ada's active", active=True)
    day, row = plan.days[0], plan.days[0].exercises[1]
    intruder = make_user("mallory@example.com")
    ids = {"plan": plan.id, "day": day.id, "row": row.id}
    ids["exercise"] = make_exercise(intruder).id
    log_in(client, intruder.email)
    before = snapshot()

    response = client.open(
        url.format(**ids),
        method=method,
        data={key: value.format(**ids) for key, value in data.items()},
        headers=headers,
    )

    assert response.status_code == 404
    assert "Ada" not in response.get_data(True)
    assert snapshot() == before
