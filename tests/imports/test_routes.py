"""The import pages: upload, preview, mapping, confirm, progress and report."""

import threading
from datetime import datetime, timedelta

from sqlalchemy import select

from homegym import clock
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.imports import storage
from homegym.imports.models import ImportBatch
from homegym.imports.parser import Parse
from homegym.imports.preview import build_summary
from homegym.imports.writer import Writer, run_import
from homegym.workouts.models import Workout, WorkoutSet
from tests.conftest import HX, log_in
from tests.imports.conftest import (
    FILES,
    confirm,
    count,
    finished,
    name_field,
    nothing_written,
    upload,
    uploaded,
    workouts_of,
)


def test_upload_preview_confirm_and_report(library, user, logged_in):
    batch = uploaded(logged_in, "hevy_kg.csv")
    assert batch.status == "preview"
    assert storage.upload_path(batch.token).exists()

    page = logged_in.get(f"/imports/{batch.token}").get_data(as_text=True)
    assert 'id="count-workouts">2<' in page
    assert 'id="count-sets">19<' in page
    assert 'id="count-new">2<' in page
    assert 'id="count-skipped">0<' in page
    assert "Workouts from Mar 2, 2026 to Mar 9, 2026." in page
    assert "Leg Extension (Machine)" in page and 'value="Leg Extension"' in page
    assert count(Workout, user_id=user.id) == 0  # nothing before confirming

    response = confirm(logged_in, batch)

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/imports/{batch.token}")
    done = finished(batch)
    assert (done.status, done.workouts_created, done.sets_created) == ("done", 2, 19)
    assert not storage.upload_path(batch.token).exists()
    report = logged_in.get(f"/imports/{batch.token}").get_data(as_text=True)
    assert "2 workouts imported" in report and "19 sets" in report
    assert "0 workouts skipped: already imported" in report
    assert "2 new exercises" in report
    history = logged_in.get("/workouts").get_data(as_text=True)
    assert "Leg Day 🦵🔥" in history and "Push" in history


def test_reimport_through_the_pages_reports_the_skipped(library, user, logged_in):
    confirm(logged_in, uploaded(logged_in, "hevy_kg.csv"))
    finished(db.session.scalars(select(ImportBatch)).one())

    again = uploaded(logged_in, "hevy_kg_newer.csv")
    page = logged_in.get(f"/imports/{again.token}").get_data(as_text=True)
    assert 'id="count-workouts">1<' in page and 'id="count-skipped">2<' in page
    confirm(logged_in, again)

    report = logged_in.get(f"/imports/{finished(again).token}").get_data(True)
    assert "1 workout imported" in report
    assert "2 workouts skipped: already imported" in report
    assert count(Workout, user_id=user.id) == 3


def test_the_user_changes_the_mapping_before_importing(library, user, logged_in):
    batch = uploaded(logged_in, "hevy_kg.csv")

    confirm(
        logged_in,
        batch,
        **{
            name_field(batch, "Zottman Curl Variation X"): "zottman curl",
            name_field(batch, "Plank"): "",  # keep "Plank" as an exercise of mine
        },
    )

    assert finished(batch).status == "done"
    push = workouts_of(user)[0]
    plank, zottman = push.exercises[3], push.exercises[4]
    assert zottman.exercise.key == "zottman_curl"
    assert plank.exercise.key == "plank"  # the same name: the library's is used
    own = db.session.scalars(
        select(Exercise.name_en).where(Exercise.user_id == user.id)
    )
    assert sorted(own) == ["Rowing Machine"]


def test_a_name_that_is_no_exercise_is_refused(library, user, logged_in):
    batch = uploaded(logged_in, "hevy_kg.csv")

    response = confirm(logged_in, batch, **{name_field(batch, "Plank"): "Plonk"})

    assert response.status_code == 422
    assert "No exercise is called “Plonk”." in response.get_data(as_text=True)
    assert count(Workout, user_id=user.id) == 0
    db.session.refresh(batch)
    assert batch.status == "preview"


def test_a_strong_file_asks_for_its_unit(library, user, logged_in):
    batch = uploaded(logged_in, "strong.csv")
    page = logged_in.get(f"/imports/{batch.token}").get_data(as_text=True)
    assert "Which unit?" in page

    confirm(logged_in, batch, unit="lb")

    assert finished(batch).unit == "lb"
    squat = workouts_of(user)[0].exercises[0]
    assert str(squat.sets[1].weight_kg) == "36.2874"


def test_a_hevy_file_says_its_unit_itself(library, user, logged_in):
    batch = uploaded(logged_in, "hevy_lbs_us_dates.csv")
    page = logged_in.get(f"/imports/{batch.token}").get_data(as_text=True)
    assert "Which unit?" not in page

    confirm(logged_in, batch, unit="kg")  # ignored: the file says pounds

    assert finished(batch).unit == "lb"


def test_cancel_drops_the_waiting_file(library, user, logged_in):
    batch = uploaded(logged_in, "hevy_kg.csv")

    response = logged_in.post(f"/imports/{batch.token}/cancel")

    assert response.status_code == 303
    assert nothing_written(user)


def test_a_new_upload_replaces_the_waiting_preview(library, user, logged_in):
    first = uploaded(logged_in, "hevy_kg.csv").token
    second = uploaded(logged_in, "strong.csv").token

    assert not storage.upload_path(first).exists()
    assert logged_in.get(f"/imports/{first}").status_code == 404
    assert logged_in.get(f"/imports/{second}").status_code == 200


def test_another_users_import_is_not_found(library, user, logged_in, make_user):
    batch = uploaded(logged_in, "hevy_kg.csv")
    logged_in.post("/logout")
    intruder = make_user("mallory@example.com")
    log_in(logged_in, intruder.email)

    for path in (f"/imports/{batch.token}", f"/imports/{batch.token}/status"):
        assert logged_in.get(path).status_code == 404
    assert logged_in.post(f"/imports/{batch.token}").status_code == 404
    assert logged_in.post(f"/imports/{batch.token}/cancel").status_code == 404
    assert count(Workout) == 0
    assert storage.upload_path(batch.token).exists()


def test_pages_need_a_login(client):
    assert client.get("/imports").status_code in (302, 303)


def test_confirming_twice_imports_once(library, user, logged_in):
    batch = uploaded(logged_in, "hevy_kg.csv")

    confirm(logged_in, batch)
    second = confirm(logged_in, batch)

    assert second.status_code == 303
    finished(batch)
    assert count(Workout, user_id=user.id) == 2
    assert count(WorkoutSet, user_id=user.id) == 19


def test_a_failure_half_way_writes_nothing(library, user, logged_in, monkeypatch):
    real_flush = Writer.flush

    def flush_then_break(writer):
        real_flush(writer)  # the rows are inserted, then the server trips
        raise RuntimeError("disk full")

    monkeypatch.setattr(Writer, "flush", flush_then_break)
    batch = uploaded(logged_in, "hevy_kg.csv")

    confirm(logged_in, batch)

    failed = finished(batch)
    assert (failed.status, failed.error) == ("failed", "failed")
    assert count(Workout, user_id=user.id) == 0
    assert count(WorkoutSet, user_id=user.id) == 0
    assert count(Exercise, user_id=user.id) == 0
    assert not storage.upload_path(batch.token).exists()
    page = logged_in.get(f"/imports/{batch.token}").get_data(as_text=True)
    assert "Nothing was imported" in page


def test_progress_shows_while_other_pages_still_answer(
    library, user, logged_in, monkeypatch
):
    """The import holds its transaction open; meanwhile pages are served."""
    inside, release = threading.Event(), threading.Event()
    real_flush = Writer.flush

    def slow_flush(writer):
        real_flush(writer)
        inside.set()
        release.wait(20)

    monkeypatch.setattr(Writer, "flush", slow_flush)
    batch = uploaded(logged_in, "hevy_kg.csv")
    confirm(logged_in, batch)
    try:
        assert inside.wait(20)
        status = logged_in.get(f"/imports/{batch.token}/status", headers=HX)
        page = status.get_data(as_text=True)
        assert status.status_code == 200
        assert "Importing…" in page and 'hx-trigger="every 1s"' in page
        assert "2 of 2 workouts read." in page and 'max="2"' in page
        history = logged_in.get("/workouts")
        assert history.status_code == 200
        assert "Leg Day" not in history.get_data(as_text=True)  # not yet committed
    finally:
        release.set()
    assert finished(batch).status == "done"
    status = logged_in.get(f"/imports/{batch.token}/status", headers=HX)
    assert "Import finished" in status.get_data(as_text=True)
    assert "hx-trigger" not in status.get_data(as_text=True)  # polling stops


def test_an_import_whose_process_died_is_reported(library, user, logged_in):
    batch = uploaded(logged_in, "hevy_kg.csv")
    batch.status = "running"
    batch.started_at = clock.utcnow() - timedelta(minutes=30)
    db.session.commit()

    page = logged_in.get(f"/imports/{batch.token}").get_data(as_text=True)

    assert "Nothing was imported" in page
    assert "interrupted" in page
    db.session.refresh(batch)
    assert batch.status == "failed"


def test_a_file_changed_after_its_preview_writes_nothing(library, user, logged_in):
    batch = uploaded(logged_in, "hevy_kg.csv")
    with open(storage.upload_path(batch.token), "a", encoding="utf-8") as waiting:
        waiting.write('"Push","2 Mar 2026, 7:30","","","Row","","","0","x"\n')

    confirm(logged_in, batch)

    failed = finished(batch)
    assert (failed.status, failed.error) == ("failed", "problems")
    assert count(Workout, user_id=user.id) == 0
    assert count(Exercise, user_id=user.id) == 0
    page = logged_in.get(f"/imports/{batch.token}").get_data(as_text=True)
    assert "The file has problems now that it did not have at preview." in page


def test_a_file_already_imported_offers_nothing_to_import(library, user, logged_in):
    confirm(logged_in, uploaded(logged_in, "hevy_kg.csv"))
    finished(db.session.scalars(select(ImportBatch)).one())

    again = uploaded(logged_in, "hevy_kg.csv")
    page = logged_in.get(f"/imports/{again.token}").get_data(as_text=True)

    assert 'id="count-skipped">2<' in page
    assert 'id="nothing-new"' in page
    assert "Import 0 workouts" not in page


def test_a_heavy_leg_press_in_pounds_passes_the_strong_preview(
    library, user, logged_in
):
    """Strong names no unit: the preview checks weights in the unit it proposes."""
    user.units = "lb"
    db.session.commit()
    content = (
        b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,"
        b"Seconds,Notes,Workout Notes,RPE\n"
        b"2025-08-04 18:00:00,Legs,40m,Leg Press (Machine),1,1600.0,8.0,0,0,,,\n"
    )
    response = upload(logged_in, "strong.csv", content)
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    batch = db.session.scalars(select(ImportBatch)).one()
    page = logged_in.get(f"/imports/{batch.token}").get_data(as_text=True)
    assert '<input checked id="unit-1" name="unit" type="radio" value="lb">' in page

    confirm(logged_in, batch, unit="lb")

    assert finished(batch).status == "done"
    (workout,) = workouts_of(user)
    assert str(workout.exercises[0].sets[0].weight_kg) == "725.7478"


def test_a_long_import_reports_how_far_it_has_read(library, user, tmp_path):
    """Progress goes out every hundred workouts, and once all of them are read."""
    header = (FILES / "hevy_kg.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = []
    for day in range(250):
        when = datetime(2025, 1, 1, 18) + timedelta(days=day)
        when = f"{when.day} {when:%b %Y}, 18:00"
        rows.append(
            f'"Day {day}","{when}","{when}","","Push Up","","","0","normal",'
            '"","10","","",""'
        )
    path = tmp_path / "long.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    batch = ImportBatch(
        user_id=user.id,
        token=storage.new_token(),
        source="hevy",
        status="running",
        summary=build_summary(Parse(str(path)), user),
        mapping={},
    )
    db.session.add(batch)
    db.session.commit()
    reported = []

    run_import(batch, str(path), progress=lambda *counts: reported.append(counts))
    db.session.commit()

    assert reported == [(100, 250), (200, 250), (250, 250)]
    assert count(Workout, user_id=user.id) == 250


def test_a_weight_impossible_in_the_unit_chosen_is_named_before_importing(
    library, user, logged_in
):
    """Checked in pounds at preview, 1,600 is refused once kilograms are chosen."""
    user.units = "lb"
    db.session.commit()
    content = (
        b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,"
        b"Seconds,Notes,Workout Notes,RPE\n"
        b"2025-08-04 18:00:00,Legs,40m,Leg Press (Machine),1,1600.0,8.0,0,0,,,\n"
    )
    assert upload(logged_in, "strong.csv", content).status_code == 303
    batch = db.session.scalars(select(ImportBatch)).one()

    response = confirm(logged_in, batch, unit="kg")

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Line 2</span> weight “1600.0” is impossible" in page
    assert "Import 1 workout" in page  # the preview stays, to choose again
    db.session.refresh(batch)
    assert batch.status == "preview"
    assert count(Workout, user_id=user.id) == 0

    confirm(logged_in, batch, unit="lb")

    assert finished(batch).status == "done"
