"""Logging body weight and measurements: add, fill in, edit, delete, in kg and lb."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from homegym.extensions import db
from homegym.progress.models import BodyMetric
from tests.progress.conftest import HTMX, snapshot

UUID = "0c5d7a4e-1f0b-4c1e-9c55-6c4f3f0a9b11"


def entries() -> list[BodyMetric]:
    db.session.expire_all()
    return list(db.session.scalars(select(BodyMetric).order_by(BodyMetric.id)))


def test_the_log_page_has_the_form_with_todays_date(logged_in):
    page = logged_in.get("/progress/body").get_data(True)

    assert "Body weight (kg)" in page and "Waist (cm)" in page
    assert "No entries yet." in page


def test_an_entry_in_kilograms_and_centimetres(logged_in, user):
    response = logged_in.post(
        "/progress/body",
        data={
            "measured_on": "2026-11-20",
            "weight": "82.4",
            "waist": "86.5",
            "body_fat": "17.25",
            "uuid": UUID,
        },
    )

    assert response.status_code == 303
    [metric] = entries()
    assert (metric.user_id, metric.measured_on, metric.uuid) == (
        user.id,
        date(2026, 11, 20),
        UUID,
    )
    assert metric.weight_kg == Decimal("82.4")
    assert metric.waist_cm == Decimal("86.5")
    assert metric.body_fat_pct == Decimal("17.3")
    assert metric.chest_cm is None
    page = logged_in.get("/progress/body").get_data(True)
    assert "82.4 kg" in page and "86.5 cm" in page and "17.3 %" in page


def test_pound_users_enter_pounds_and_inches(logged_in, user):
    user.units = "lb"
    db.session.commit()

    page = logged_in.get("/progress/body").get_data(True)
    logged_in.post(
        "/progress/body",
        data={"measured_on": "2026-11-20", "weight": "180", "waist": "34"},
    )

    assert "Body weight (lb)" in page and "Waist (in)" in page
    [metric] = entries()
    assert metric.weight_kg == Decimal("81.6466")
    assert metric.waist_cm == Decimal("86.36")
    listed = logged_in.get("/progress/body").get_data(True)
    assert "180 lb" in listed and "34 in" in listed


def test_a_second_entry_on_the_same_day_fills_in_the_first(logged_in):
    logged_in.post("/progress/body", data={"measured_on": "2026-11-20", "weight": "82"})
    logged_in.post(
        "/progress/body",
        data={"measured_on": "2026-11-20", "waist": "85", "hips": "99"},
    )

    [metric] = entries()
    assert (metric.weight_kg, metric.waist_cm, metric.hips_cm) == (82, 85, 99)


def test_a_replayed_entry_changes_nothing(logged_in):
    data = {"measured_on": "2026-11-20", "weight": "82", "uuid": UUID}
    logged_in.post("/progress/body", data=data)
    logged_in.post("/progress/body", data={**data, "weight": "90"})

    [metric] = entries()
    assert metric.weight_kg == 82


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"measured_on": "2026-11-20"}, "Enter at least one value."),
        ({"measured_on": "", "weight": "80"}, "Enter a date."),
        ({"measured_on": "2999-01-01", "weight": "80"}, "cannot be in the future"),
        ({"measured_on": "2026-11-20", "weight": "8"}, "from 20 to 400 kg"),
        ({"measured_on": "2026-11-20", "waist": "3"}, "from 10 to 300 cm"),
        ({"measured_on": "2026-11-20", "body_fat": "90"}, "from 2 to 75 %"),
        ({"measured_on": "2026-11-20", "weight": "heavy"}, "Not a valid decimal"),
        ({"measured_on": "2026-11-20", "weight": "NaN"}, "from 20 to 400 kg"),
        ({"measured_on": "2026-11-20", "chest": "Infinity"}, "from 10 to 300 cm"),
        ({"measured_on": "2026-11-20", "weight": "80", "uuid": "x"}, "damaged"),
    ],
    ids=[
        "empty",
        "no-date",
        "future",
        "weight",
        "waist",
        "fat",
        "text",
        "nan",
        "infinity",
        "uuid",
    ],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_bad_entry_is_refused_with_a_message(logged_in, data, message, headers):
    response = logged_in.post("/progress/body", data=data, headers=headers)

    assert response.status_code == 422
    assert message in response.get_data(True)
    assert entries() == []


def test_htmx_adds_answer_with_the_log_and_a_fresh_form(logged_in):
    response = logged_in.post(
        "/progress/body",
        data={"measured_on": "2026-11-20", "weight": "82", "uuid": UUID},
        headers=HTMX,
    )

    page = response.get_data(True)
    assert response.status_code == 200
    assert 'id="body-log"' in page and "82 kg" in page
    assert UUID not in page
    assert "Saved for Nov 20, 2026." in response.headers["HX-Trigger"]


def test_editing_replaces_values_and_an_emptied_box_clears_one(
    logged_in, user, make_metric
):
    metric = make_metric(user, weight_kg=Decimal(80), waist_cm=Decimal(90))

    form = logged_in.get(f"/progress/body/{metric.id}/edit", headers=HTMX)
    response = logged_in.post(
        f"/progress/body/{metric.id}",
        data={"measured_on": "2026-10-30", "weight": "79.5", "waist": ""},
        headers=HTMX,
    )

    assert 'value="80"' in form.get_data(True) and 'value="90"' in form.get_data(True)
    assert response.status_code == 200
    assert 'id="metric-list"' in response.get_data(True)
    [changed] = entries()
    assert (changed.measured_on, changed.weight_kg, changed.waist_cm) == (
        date(2026, 10, 30),
        Decimal("79.5"),
        None,
    )


def test_an_edit_onto_a_day_that_has_an_entry_is_refused(logged_in, user, make_metric):
    make_metric(user, measured_on=date(2026, 11, 1), weight_kg=Decimal(80))
    second = make_metric(user, measured_on=date(2026, 11, 2), weight_kg=Decimal(81))
    before = snapshot()

    plain = logged_in.post(
        f"/progress/body/{second.id}",
        data={"measured_on": "2026-11-01", "weight": "81"},
    )
    swapped = logged_in.post(
        f"/progress/body/{second.id}",
        data={"measured_on": "2026-11-01", "weight": "81"},
        headers=HTMX,
    )

    assert plain.status_code == swapped.status_code == 422
    assert "already an entry for this date" in plain.get_data(True)
    assert swapped.headers["HX-Retarget"] == f"#metric-{second.id}"
    assert snapshot() == before


def test_the_edit_page_without_javascript_posts_a_plain_form(
    logged_in, user, make_metric
):
    metric = make_metric(user, weight_kg=Decimal(80))

    page = logged_in.get(f"/progress/body/{metric.id}/edit").get_data(True)
    response = logged_in.post(
        f"/progress/body/{metric.id}",
        data={"measured_on": "2026-11-01", "weight": "81"},
    )

    assert "<h1>Edit entry</h1>" in page and "hx-post" not in page.split("<main")[1]
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/progress/body#metric-{metric.id}")


def test_deleting_an_entry(logged_in, user, make_metric):
    metric = make_metric(user, weight_kg=Decimal(80))
    kept = make_metric(user, measured_on=date(2026, 11, 2), weight_kg=Decimal(81))

    response = logged_in.post(f"/progress/body/{metric.id}/delete", headers=HTMX)

    assert response.status_code == 200
    assert [m.id for m in entries()] == [kept.id]
    assert "Entry for Nov 1, 2026 deleted." in response.headers["HX-Trigger"]


def test_a_long_log_lists_the_latest_entries_and_offers_the_rest(
    logged_in, user, make_metric
):
    for offset in range(62):
        make_metric(
            user,
            measured_on=date(2026, 1, 1) + timedelta(days=offset),
            weight_kg=Decimal(80),
        )

    recent = logged_in.get("/progress/body").get_data(True)
    everything = logged_in.get("/progress/body?all=1").get_data(True)

    assert recent.count('class="metric"') == 60
    assert "Show all 62 entries" in recent
    assert "Jan 1, 2026" not in recent and "Mar 3, 2026" in recent
    assert everything.count('class="metric"') == 62
