"""The exercise page: what it is, the lifter's records at it and its history."""

import re

import pytest

from tests.conftest import HX, count_queries, log_in
from tests.workouts.history_factories import (
    done,
    make_exercise,
    make_history,
    make_workout,
    skipped,
)

HISTORY_LINK = re.compile(r'class="history-link" href="/workouts/(\d+)"')


def history_ids(html: str) -> list[int]:
    return [int(found) for found in HISTORY_LINK.findall(html)]


@pytest.fixture
def squat(app):
    return make_exercise(
        name_en="Back Squat",
        name_de="Kniebeuge",
        primary_muscles=["quads", "glutes"],
        secondary_muscles=["hamstrings"],
        equipment=["barbell", "rack"],
    )


def test_page_describes_the_exercise_in_the_users_language(app, client, make_user):
    lifter = make_user(language="de")
    squat = make_exercise(primary_muscles=["quads"], equipment=["barbell"])
    log_in(client, lifter.email)

    html = client.get(f"/exercises/{squat.id}").get_data(True)

    assert "<h1>Kniebeuge</h1>" in html
    assert 'lang="en">Back Squat</p>' in html


def test_page_lists_muscles_equipment_and_kind(logged_in, squat):
    html = logged_in.get(f"/exercises/{squat.id}").get_data(True)

    assert "<h1>Back Squat</h1>" in html
    assert "Quadriceps, Glutes" in html and "Hamstrings" in html
    assert "Barbell, Squat rack" in html
    assert "Compound" in html and "External load" in html
    assert "/edit" not in html  # bundled exercises are read-only


def test_own_exercise_offers_edit_and_delete(logged_in, user):
    mine = make_exercise(user, name_en="Sandbag Carry", name_de="Sandsacktragen")

    html = logged_in.get(f"/exercises/{mine.id}").get_data(True)

    assert f'href="/exercises/{mine.id}/' in html
    assert f'action="/exercises/{mine.id}/' in html
    assert "hx-confirm=" in html


def test_records_are_worked_out_from_the_history(logged_in, user, squat):
    first = make_workout(
        user,
        [(squat, [done("60", 10, "warmup"), done("100", 5), done("100", 5)])],
    )
    second = make_workout(
        user, [(squat, [done("60", 12), done("105", 2), skipped("120", 1)])], days=2
    )

    html = logged_in.get(f"/exercises/{squat.id}").get_data(True)

    # Heaviest: 105 × 2 (the 120 was never completed, the warm-up never counts).
    assert "105 kg × 2" in html
    # Epley: 100 × (1 + 5/30) = 116.67 beats 105 × (1 + 2/30) = 112 and 60 × 1.4 = 84.
    assert "116.7 kg from 100 kg × 5" in html
    # Brzycki: 100 × 36/32 = 112.5 beats 105 × 36/35 = 108; 12 reps are not used.
    assert "112.5 kg from 100 kg × 5" in html
    # Best session volume: 100 × 5 × 2 = 1000 beats 60 × 12 + 105 × 2 = 930.
    assert "1000 kg" in html
    assert f'href="/workouts/{first.id}"' in html
    assert f'href="/workouts/{second.id}"' in html
    assert "convention" in html
    assert "Epley B. Poundage chart" in html and "Brzycki M." in html


def test_most_reps_at_each_weight_heaviest_first(logged_in, user, squat):
    make_workout(user, [(squat, [done("100", 5), done("80", 8)])])
    make_workout(user, [(squat, [done("100", 6), done("80", 7)])], days=1)

    html = logged_in.get(f"/exercises/{squat.id}").get_data(True)
    table = html[html.index('class="reps-by-weight"') :]
    cells = re.findall(r'<td class="num">([^<]+)</td>', table)

    assert cells[:4] == ["100 kg", "6", "80 kg", "8"]


def test_history_lists_working_sets_per_workout(logged_in, user, squat):
    press = make_exercise(name_en="Overhead Press", name_de="Schulterdrücken")
    workout = make_workout(
        user,
        [
            (squat, [done("60", 5, "warmup"), done("80", 8), done("80", 8)]),
            (press, [done("40", 8)]),
            (squat, [done("82.5", 6), skipped("85", 5)]),
        ],
    )

    html = logged_in.get(f"/exercises/{squat.id}").get_data(True)

    assert history_ids(html) == [workout.id]
    assert "80×8, 80×8, 82.5×6" in html
    # Best e1RM of the session: 80 × (1 + 8/30) = 101.33 beats 82.5 × 1.2 = 99.
    assert "Best e1RM 101.3 kg" in html
    assert "40×8" not in html


def test_history_in_pounds(app, client, make_user):
    lifter = make_user(units="lb")
    squat = make_exercise()
    make_workout(lifter, [(squat, [done("102.0582", 5)])])  # 225 lb
    log_in(client, lifter.email)

    html = client.get(f"/exercises/{squat.id}").get_data(True)

    assert "225×5" in html
    assert "weight in lb" in html


def test_history_pages_and_loads_more_with_htmx(logged_in, user, squat):
    workouts = make_history(user, squat, 25)
    newest_first = [workout.id for workout in reversed(workouts)]

    page = logged_in.get(f"/exercises/{squat.id}").get_data(True)
    more = logged_in.get(f"/exercises/{squat.id}?page=2", headers=HX)
    older = logged_in.get(f"/exercises/{squat.id}?page=2").get_data(True)

    assert history_ids(page) == newest_first[:20]
    assert f'hx-get="/exercises/{squat.id}?page=2"' in page
    assert more.status_code == 200
    assert "<html" not in more.get_data(True)
    assert "Records" not in more.get_data(True)
    assert history_ids(more.get_data(True)) == newest_first[20:]
    assert "Load older workouts" not in more.get_data(True)
    assert history_ids(older) == newest_first[20:]
    assert "Newer workouts" in older


def test_another_users_own_exercise_is_not_found(app, logged_in, make_user):
    stranger = make_user()
    theirs = make_exercise(stranger, name_en="Secret Lift", name_de="Geheim")

    assert logged_in.get(f"/exercises/{theirs.id}").status_code == 404
    assert logged_in.get("/exercises/999999").status_code == 404


def test_other_lifters_sets_do_not_count(app, logged_in, make_user, squat):
    stranger = make_user()
    make_workout(stranger, [(squat, [done("200", 5)])])

    html = logged_in.get(f"/exercises/{squat.id}").get_data(True)

    assert "200 kg" not in html
    assert "No records yet" in html


def test_query_count_does_not_grow_with_the_history(app, client, make_user, squat):
    counts = {}
    for size in (5, 60):
        lifter = make_user()
        make_history(lifter, squat, size, sets=[done("100", 5), done("105", 3)])
        log_in(client, lifter.email)
        for url, headers in [("", {}), ("?page=1", HX), ("?page=3", HX)]:
            with count_queries() as statements:
                response = client.get(f"/exercises/{squat.id}{url}", headers=headers)
            assert response.status_code == 200
            counts[size, url] = len(statements)
        client.post("/logout")

    assert counts[5, ""] == counts[60, ""]
    assert counts[5, "?page=1"] == counts[60, "?page=1"] == counts[60, "?page=3"]
