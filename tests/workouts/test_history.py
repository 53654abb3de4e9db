"""The history list: order, pages, htmx load-more, totals and a flat query count."""

import re
from decimal import Decimal

import pytest

from homegym.workouts.history import history_page, page_number
from tests.conftest import HX, count_queries, log_in
from tests.workouts.history_factories import (
    done,
    make_exercise,
    make_history,
    make_workout,
    skipped,
)

ROW_LINK = re.compile(r'class="history-link" href="/workouts/(\d+)"')


def listed_ids(html: str) -> list[int]:
    return [int(found) for found in ROW_LINK.findall(html)]


@pytest.fixture
def squat(app):
    return make_exercise()


def test_history_is_newest_first_twenty_per_page(logged_in, user, squat):
    workouts = make_history(user, squat, 25)
    newest_first = [workout.id for workout in reversed(workouts)]

    first = logged_in.get("/workouts").get_data(True)
    second = logged_in.get("/workouts?page=2").get_data(True)

    assert listed_ids(first) == newest_first[:20]
    assert 'href="/workouts?page=2"' in first
    assert "Newer workouts" not in first
    assert listed_ids(second) == newest_first[20:]
    assert 'href="/workouts?page=1"' in second
    assert "Load older workouts" not in second


def test_load_more_answers_htmx_with_the_rows_of_the_next_page(logged_in, user, squat):
    workouts = make_history(user, squat, 45)

    response = logged_in.get("/workouts?page=2", headers=HX)
    html = response.get_data(True)

    assert response.status_code == 200
    assert "<html" not in html and "<ul" not in html
    assert listed_ids(html) == [workout.id for workout in reversed(workouts[5:25])]
    assert 'hx-get="/workouts?page=3"' in html
    assert 'hx-swap="outerHTML"' in html


def test_unfinished_workout_is_offered_for_resuming_not_listed(logged_in, user, squat):
    finished = make_workout(user, [(squat, [done("100", 5)])], days=0)
    running = make_workout(user, [(squat, [done("100", 5)])], days=1, finished=False)

    html = logged_in.get("/workouts").get_data(True)

    assert listed_ids(html) == [finished.id]
    assert "Resume" in html
    assert f'href="/workouts/{running.id}/' in html


def test_a_new_user_sees_an_empty_history(logged_in):
    html = logged_in.get("/workouts").get_data(True)

    assert "No finished workouts yet" in html
    assert "Resume" not in html


def test_history_shows_only_the_users_own_workouts(app, logged_in, user, make_user):
    squat = make_exercise()
    other = make_user()
    mine = make_workout(user, [(squat, [done("100", 5)])])
    make_workout(other, [(squat, [done("140", 5)])], days=1)

    assert listed_ids(logged_in.get("/workouts").get_data(True)) == [mine.id]


def test_row_totals_leave_out_warmups_and_sets_not_done(logged_in, user, squat):
    press = make_exercise(name_en="Overhead Press", name_de="Schulterdrücken")
    sets = [done("60", 5, "warmup"), done("100", 5), done("100", 5), skipped("100", 5)]
    make_workout(
        user, [(squat, sets), (press, [done("50", 8)])], minutes=65, name="Lower A"
    )

    html = logged_in.get("/workouts").get_data(True)

    # 2 × 100 × 5 + 50 × 8 = 1400 kg in 3 counted sets.
    assert "3 sets" in html
    assert "1400 kg lifted" in html
    assert "1 h 05 min" in html
    assert "Back Squat, Overhead Press" in html
    assert "Lower A" in html


def test_row_volume_in_pounds_and_names_in_german(app, client, make_user):
    lifter = make_user(units="lb", language="de")
    squat = make_exercise()
    make_workout(lifter, [(squat, [done("100", 5)])], minutes=45)
    log_in(client, lifter.email)

    html = client.get("/workouts").get_data(True)

    assert "1102,31 lb" in html  # 500 kg / 0.45359237, with a German comma
    assert "Kniebeuge" in html
    assert "45 min" in html


def test_dates_are_shown_in_the_users_time_zone(app, client, make_user):
    lifter = make_user(timezone="Pacific/Auckland")  # UTC+13 in March
    squat = make_exercise()
    make_workout(lifter, [(squat, [done("100", 5)])])  # 2 March 2026, 17:00 UTC
    log_in(client, lifter.email)

    html = client.get("/workouts").get_data(True)

    assert "Mar 3, 2026" in html
    assert "6:00" in html


def test_history_page_adds_up_each_workout(app, user, squat):
    make_workout(user, [(squat, [done("60", 5, "warmup"), done("102.5", 3)])])
    make_workout(user, [(squat, [done("100", 5), skipped("100", 5)])], days=1)

    page = history_page(user.id, 1)

    assert [entry.totals.sets for entry in page.items] == [1, 1]
    assert [entry.totals.volume_kg for entry in page.items] == [
        Decimal("500"),
        Decimal("307.5"),
    ]
    assert page.items[0].exercise_names == ["Back Squat"]
    assert not page.has_older and not page.has_newer


@pytest.mark.parametrize(
    ("raw", "number"), [(None, 1), ("3", 3), ("0", 1), ("-2", 1), ("abc", 1)]
)
def test_page_numbers_are_forgiving(raw, number):
    assert page_number(raw) == number


def test_query_count_does_not_grow_with_the_history(app, client, make_user, squat):
    counts = {}
    for size in (5, 60):
        lifter = make_user()
        make_history(lifter, squat, size, sets=[done("100", 5), done("105", 3)])
        make_workout(lifter, [(squat, [done("100", 5)])], days=size, finished=False)
        log_in(client, lifter.email)
        for url, headers in [
            ("/workouts", {}),
            ("/workouts?page=1", HX),
            ("/workouts?page=3", {}),
            ("/workouts?page=3", HX),
        ]:
            with count_queries() as statements:
                response = client.get(url, headers=headers)
            assert response.status_code == 200
            counts[size, url, bool(headers)] = len(statements)
        client.post("/logout")

    assert counts[5, "/workouts", False] == counts[60, "/workouts", False]
    assert counts[5, "/workouts?page=1", True] == counts[60, "/workouts?page=1", True]
    # Deep in a long history a page costs what the first one does.
    assert counts[60, "/workouts?page=3", False] == counts[60, "/workouts", False]
    assert counts[60, "/workouts?page=3", True] == counts[60, "/workouts?page=1", True]
