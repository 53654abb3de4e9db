"""The numbers behind the charts, and the charts as a phone user reads them."""

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from homegym import clock
from homegym.coach.models import CoachRequest
from homegym.coach.targets import DEFAULT_TARGET, weekly_target
from homegym.extensions import db
from homegym.plans.logic import create_plan, set_active
from homegym.progress import charts, metrics, svg
from homegym.workouts.records import epley
from tests.conftest import count_queries
from tests.progress.conftest import HTMX

MONDAY = date(2026, 11, 16)


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


def test_one_point_per_session_is_its_best_epley_estimate(user, lift, session):
    squat, bench = lift("Back Squat"), lift("Bench Press", ("chest",))
    first = session(
        user,
        at(date(2026, 11, 2)),
        {
            squat: [("60", 10, "warmup"), ("100", 5), ("100", 4), ("90", 8)],
            bench: [("80", 5)],
        },
    )
    second = session(user, at(date(2026, 11, 9)), {squat: [("105", 5), ("110", 1)]})
    session(user, at(date(2026, 11, 12)), {squat: [("200", 1)]}, finished=False)

    points = charts.e1rm_series(user.id, squat.id, UTC)

    assert [(p.day, p.workout_id) for p in points] == [
        (date(2026, 11, 2), first.id),
        (date(2026, 11, 9), second.id),
    ]
    # 90 × 8 (114 kg) beats 100 × 5 (116.67)? No: 100 × 5 is the session's best.
    assert points[0].e1rm_kg == epley(Decimal(100), 5)
    assert (points[0].weight_kg, points[0].reps) == (Decimal(100), 5)
    assert points[1].e1rm_kg == epley(Decimal(105), 5)


def test_the_session_day_is_the_users_local_day(user, lift, session):
    squat = lift()
    session(user, datetime(2026, 11, 2, 23, 30), {squat: [("100", 5)]})

    [point] = charts.e1rm_series(user.id, squat.id, clock.zone("Europe/Berlin"))

    assert point.day == date(2026, 11, 3)


def test_the_e1rm_series_reads_with_the_same_queries_however_long_the_history(
    user, lift, session
):
    squat = lift()
    user_id, squat_id = user.id, squat.id
    session(user, at(date(2026, 1, 5)), {squat: [("100", 5)]})
    with count_queries() as short:
        charts.e1rm_series(user_id, squat_id, UTC)
    for week in range(1, 25):
        sets = [("100", 5), (str(100 + week), 3), ("80", 10)]
        session(user, at(date(2026, 1, 5) + timedelta(weeks=week)), {squat: sets})

    user_id, squat_id = user.id, squat.id
    with count_queries() as long:
        points = charts.e1rm_series(user_id, squat_id, UTC)

    assert len(points) == 25
    # The user's stamp (workouts.freshness), then the sets.
    assert len(long) == len(short) == 2


def test_exercises_to_chart_are_the_loaded_ones_most_sessions_first(
    user, make_user, lift, session
):
    squat, bench, pullup = lift("Squat"), lift("Bench"), lift("Pull-up")
    session(user, at(date(2026, 11, 2)), {squat: [("100", 5)], pullup: [(None, 8)]})
    session(user, at(date(2026, 11, 4)), {bench: [("80", 5)]})
    session(user, at(date(2026, 11, 6)), {bench: [("80", 5)]})
    session(make_user(), at(date(2026, 11, 6)), {squat: [("80", 5)] * 3})

    found = charts.strength_exercises(user.id)

    assert [(exercise.id, sessions) for exercise, sessions in found] == [
        (bench.id, 2),
        (squat.id, 1),
    ]


def test_weekly_sets_count_primary_muscles_fully_and_secondary_ones_half(
    user, make_user, lift, session
):
    squat = lift("Squat", ("quads", "glutes"), ("hamstrings", "glutes"))
    bench = lift("Bench", ("chest",), ("triceps", "shoulders"))
    session(
        user,
        at(MONDAY),
        {squat: [("60", 5, "warmup"), ("100", 5), ("100", 5)], bench: [("80", 5)] * 3},
    )
    session(user, at(MONDAY + timedelta(days=6), 20), {squat: [("100", 5)]})
    session(user, at(MONDAY - timedelta(days=1)), {bench: [("80", 5)] * 9})
    session(user, at(MONDAY + timedelta(days=7)), {bench: [("80", 5)] * 9})
    session(make_user(), at(MONDAY), {bench: [("80", 5)] * 9})

    user_id = user.id
    with count_queries() as queries:
        found = charts.weekly_sets(user_id, MONDAY, UTC, DEFAULT_TARGET)
        volumes = {v.muscle: v for v in found}

    assert len(queries) == 2
    assert volumes["quads"].sets == 3
    # The quads lead a squat; the glutes help, as in the coach's analysis.
    assert volumes["glutes"].sets == Decimal("1.5")
    assert volumes["hamstrings"].sets == Decimal("1.5")
    assert volumes["chest"].sets == 3
    assert volumes["triceps"].sets == Decimal("1.5")
    assert volumes["lats"].sets == 0
    assert volumes["chest"].status == "below"
    assert len(volumes) == 16


def coach_plan(user, experience: str, active: bool = True):
    """A plan the coach made for this experience level, as its request stores it."""
    plan, _new = create_plan(user.id, "Coach plan")
    if active:
        set_active(plan)
    else:
        plan.active = False
    db.session.flush()
    db.session.add(
        CoachRequest(
            user_id=user.id,
            feature="plan",
            provider="builtin",
            outcome="ok",
            result={"name": "Coach plan", "experience": experience},
            plan_id=plan.id,
        )
    )
    db.session.commit()
    return plan


def test_the_band_is_the_active_coach_plans_level_else_ten_to_twenty(
    logged_in, user, lift, session
):
    bench = lift("Bench Press", ("chest",))
    session(user, at(clock.utcnow().date()), {bench: [("80", 5)] * 8})

    default = logged_in.get("/progress").get_data(True)
    coach_plan(user, "beginner")
    beginner = logged_in.get("/progress").get_data(True)

    assert "target 10–20" in default and "Target: 10 to 20 hard sets" in default
    assert "Below:</strong> Chest" in default
    target = weekly_target(user.id)
    assert (target.low, target.high, target.experience) == (6, 12, "beginner")
    assert f"target {target.low}–{target.high}" in beginner
    assert "Within the target:</strong> Chest" in beginner
    assert "level of your active coach plan: Beginner (under a year)." in beginner
    assert "American College of Sports Medicine" in beginner  # acsm2009progression
    assert '<td class="num">6–12</td>' in beginner


def test_the_band_follows_which_plan_is_active(user):
    hand_made, _new = create_plan(user.id, "Mine")  # the first plan: active
    made = coach_plan(user, "advanced", active=False)
    assert weekly_target(user.id) == DEFAULT_TARGET

    set_active(made)
    db.session.commit()
    assert (weekly_target(user.id).low, weekly_target(user.id).high) == (12, 20)

    set_active(hand_made)
    db.session.commit()
    assert weekly_target(user.id) == DEFAULT_TARGET


def test_the_weight_trend_averages_the_last_seven_entries(user, make_metric):
    weights = [80, 81, 82, 83, 84, 85, 86, 87, 88]
    for offset, weight in enumerate(weights):
        make_metric(
            user,
            measured_on=date(2026, 11, 1) + timedelta(days=offset),
            weight_kg=Decimal(weight),
        )
    make_metric(user, measured_on=date(2026, 11, 20), waist_cm=Decimal(85))

    trend = metrics.weight_trend(user.id)
    recent = metrics.weight_trend(user.id, since=date(2026, 11, 8))

    assert [p.average_kg for p in trend[:2]] == [80, Decimal("80.5")]
    assert trend[6].average_kg == 83
    assert trend[8].average_kg == 85  # 82 .. 88
    assert [p.day for p in recent] == [date(2026, 11, 8), date(2026, 11, 9)]
    assert recent[0].average_kg == 84  # still averaged over the earlier entries


def test_line_chart_geometry_stays_inside_the_phone_width():
    days = [date(2026, 1, 1) + timedelta(days=7 * n) for n in range(10)]
    chart = svg.line_chart(
        {"e1rm": [(day, Decimal(100 + n)) for n, day in enumerate(days)]},
        lambda day: day.isoformat(),
    )

    xs = [x for x, _ in chart.series[0].points]
    ys = [y for _, y in chart.series[0].points]
    assert chart.width == 320
    assert min(xs) == chart.left and max(xs) == chart.right
    assert chart.top <= min(ys) and max(ys) <= chart.bottom
    assert ys[0] > ys[-1]  # heavier is higher
    assert 2 <= len(chart.x_ticks) <= 4
    assert chart.series[0].path.startswith("M40.0,")


def test_a_single_point_sits_in_the_middle():
    chart = svg.line_chart({"weight": [(date(2026, 1, 1), Decimal(80))]}, str)

    [(x, _y)] = chart.series[0].points
    assert x == (chart.left + chart.right) / 2
    assert [label for _, label in chart.x_ticks] == ["2026-01-01"]


def test_nice_ticks():
    assert svg.tick_values(0, 25, 5) == [0, 5, 10, 15, 20, 25]
    assert svg.tick_values(97.3, 112.8) == [95, 100, 105, 110, 115]


def svg_of(page: str, section: str) -> str:
    part = page[page.index(f'id="{section}"') :]
    return part[part.index("<svg") : part.index("</svg>")]


def test_the_charts_page_draws_three_named_charts_with_text_alternatives(
    logged_in, user, lift, session, make_metric
):
    squat = lift("Back Squat", ("quads",))
    today = clock.utcnow().date()
    session(user, datetime.combine(today, datetime.min.time()), {squat: [("100", 5)]})
    session(user, at(today - timedelta(days=20)), {squat: [("95", 5)]})
    make_metric(user, measured_on=today - timedelta(days=3), weight_kg=Decimal(81))
    make_metric(user, measured_on=today, weight_kg=Decimal(80))

    page = logged_in.get("/progress").get_data(True)

    for section in ("strength-chart", "volume-chart", "weight-chart"):
        drawing = svg_of(page, section)
        assert 'role="img"' in drawing
        assert re.search(r"<title id=\"[a-z-]+-title\">[^<]+</title>", drawing)
        assert re.search(r"<desc id=\"[a-z-]+-desc\">[^<]+</desc>", drawing)
    assert "Back Squat: 2 sessions. Latest estimate 116.7 kg" in page
    assert '<td class="num">116.7 kg</td>' in page
    assert "Below:</strong> Chest" in page
    assert "Latest weigh-in 80 kg" in page
    assert "7-entry average 80.5 kg" in page
    assert "Schoenfeld BJ, Ogborn D, Krieger JW." in page
    assert "doi:10.2478/hukin-2022-0017" in page
    assert 'viewBox="0 0 320 ' in page


def test_an_empty_history_explains_each_chart(logged_in):
    page = logged_in.get("/progress").get_data(True)

    assert "estimated 1RM of each exercise appears here" in page
    assert "No weigh-ins in this time span." in page
    assert "Within the target:</strong> none" in page


def test_htmx_gets_only_the_chart_it_asked_for(logged_in, user, lift, session):
    squat, bench = lift("Back Squat"), lift("Bench Press", ("chest",))
    session(user, at(date(2026, 11, 2)), {squat: [("100", 5)], bench: [("70", 5)]})

    strength = logged_in.get(
        f"/progress/charts/strength?exercise={bench.id}", headers=HTMX
    ).get_data(True)
    volume = logged_in.get(
        "/progress/charts/volume?week=2026-11-04", headers=HTMX
    ).get_data(True)
    weight = logged_in.get("/progress/charts/weight?range=all", headers=HTMX)
    page = logged_in.get(f"/progress/charts/strength?exercise={bench.id}")

    assert strength.lstrip().startswith('<section class="card chart-card" id="strength')
    assert "Bench Press: 1 session." in strength and "<html" not in strength
    assert "Nov 2, 2026 – Nov 8, 2026" in volume and "<html" not in volume
    assert 'aria-current="true">All</a>' in weight.get_data(True)
    assert "<html" in page.get_data(True)


def test_glutes_count_fully_where_they_lead_or_the_hamstrings_work_too():
    squat = charts.set_shares(("quads", "glutes"), ("hamstrings",), "compound")
    deadlift = charts.set_shares(("glutes", "hamstrings", "quads"), (), "compound")
    thrust = charts.set_shares(("glutes",), ("hamstrings",), "compound")
    kickback = charts.set_shares(("glutes", "quads"), (), "isolation")
    assert squat == {"quads": 1, "glutes": Decimal("0.5"), "hamstrings": Decimal("0.5")}
    assert deadlift["glutes"] == deadlift["quads"] == 1
    assert thrust["glutes"] == 1
    assert kickback["glutes"] == 1


def test_weeks_cannot_go_past_this_one(logged_in):
    page = logged_in.get("/progress/charts/volume?week=2999-01-04").get_data(True)

    assert "This week" in page
    assert "Later →" not in page


def test_a_few_sessions_are_each_labelled_at_their_own_date():
    days = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 30)]
    chart = svg.line_chart(
        {"e1rm": [(day, Decimal(100)) for day in days]}, lambda d: d.isoformat()
    )

    assert [label for _, label in chart.x_ticks] == [d.isoformat() for d in days]
    assert [x for x, _ in chart.x_ticks] == [x for x, _ in chart.series[0].points]


def test_german_users_get_german_dates_on_the_axes(
    logged_in, user, lift, session, make_metric
):
    user.language = "de"
    db.session.commit()
    squat = lift()
    session(user, at(date(2026, 11, 2)), {squat: [("100", 5)]})
    make_metric(user, measured_on=clock.utcnow().date(), weight_kg=Decimal(80))

    page = logged_in.get("/progress").get_data(True)
    body = logged_in.get("/progress/body")
    gallery = logged_in.get("/progress/photos")

    assert ">2. Nov.</text>" in page
    assert body.status_code == gallery.status_code == 200
