"""A lifter on a phone uploads progress photos, sees them, compares two dates,
logs a weigh-in and reads the charts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from homegym import clock
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from tests.browser.conftest import assert_not_reloaded, log_in, mark_page
from tests.progress.conftest import jpeg_with_gps, png_bytes

pytestmark = pytest.mark.browser


def seed_squats(user) -> None:
    """Two finished squat sessions: 100 × 5 two weeks ago, 110 × 3 last week."""
    squat = Exercise(
        key="browser_progress_squat",
        name_en="Back Squat",
        name_de="Kniebeuge",
        primary_muscles=["quads"],
        equipment=["barbell"],
    )
    db.session.add(squat)
    for weeks, weight, reps in ((2, "100", 5), (1, "110", 3)):
        started = clock.utcnow() - timedelta(weeks=weeks)
        performed = PerformedExercise(user_id=user.id, exercise=squat)
        performed.sets.append(
            WorkoutSet(
                user_id=user.id,
                weight_kg=Decimal(weight),
                reps=reps,
                completed_at=started,
            )
        )
        workout = Workout(
            user_id=user.id,
            started_at=started,
            finished_at=started + timedelta(hours=1),
        )
        workout.exercises.append(performed)
        db.session.add(workout)
    db.session.commit()


def loaded(image) -> bool:
    """Wait until the picture arrived and decoded: being visible is not enough,
    a lazy thumbnail is laid out before its bytes come."""
    image.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    return True


def upload(page, path, day: str, pose: str) -> None:
    board = page.locator("#photo-board")
    board.get_by_label("Photo", exact=True).set_input_files(str(path))
    board.get_by_label("Date taken").fill(day)
    board.get_by_label("Pose").select_option(label=pose)
    board.get_by_role("button", name="Upload photo").tap()


def fits_the_phone(page) -> bool:
    """Nothing on the page makes a 390 px screen scroll sideways."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_photos_compare_and_charts_on_a_phone(phone, live_server, make_user, tmp_path):
    page = phone
    # Every file the pages load comes from this server: no CDN, no font service.
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if not request.url.startswith((live_server, "data:", "blob:"))
            else None
        ),
    )
    user = make_user("progress@example.com")
    seed_squats(user)
    camera = tmp_path / "IMG_0001.JPG"
    camera.write_bytes(jpeg_with_gps())
    later = tmp_path / "later.png"
    later.write_bytes(png_bytes(size=(300, 400)))

    log_in(page, live_server, user.email)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Progress"
    ).tap()
    expect(page.get_by_role("heading", name="Progress", level=1)).to_be_visible()

    # 1. Upload a camera photo; the limits are on the form.
    page.get_by_role("navigation", name="Progress").get_by_role(
        "link", name="Photos"
    ).tap()
    expect(page.get_by_text("at most 12 MB and 50 megapixels")).to_be_visible()
    page.wait_for_function("() => typeof htmx === 'object'")
    mark_page(page)
    upload(page, camera, "2026-10-01", "Front")
    expect(page.get_by_text("Photo saved.")).to_be_visible()
    first = page.get_by_role("img", name="Front photo of Oct 1, 2026")
    expect(first).to_be_visible()
    assert loaded(first)
    # Turned upright by the server: the thumbnail is taller than wide.
    assert first.evaluate("img => img.naturalHeight > img.naturalWidth")

    # 2. A second date; a file that is not an image is refused in place.
    upload(page, later, "2026-11-01", "Front")
    expect(page.get_by_role("img", name="Front photo of Nov 1, 2026")).to_be_visible()
    notes = tmp_path / "notes.jpg"
    notes.write_text("not a photo at all\n" * 20)
    upload(page, notes, "2026-11-02", "Side")
    expect(page.locator("#photo-board .error")).to_contain_text(
        "not a photo HomeGym can read"
    )
    assert_not_reloaded(page)

    # 3. See one photo large.
    page.get_by_role("img", name="Front photo of Oct 1, 2026").tap()
    large = page.get_by_role("main").get_by_role(
        "img", name="Front photo of Oct 1, 2026"
    )
    expect(large).to_be_visible()
    assert loaded(large)
    assert large.evaluate("img => img.naturalHeight > img.naturalWidth")

    # 4. Compare the two dates side by side.
    page.get_by_role("navigation", name="Progress").get_by_role(
        "link", name="Compare"
    ).tap()
    pose = page.get_by_role("region", name="Front")
    before = pose.get_by_role("img", name="Front photo of Oct 1, 2026")
    after = pose.get_by_role("img", name="Front photo of Nov 1, 2026")
    expect(before).to_be_visible()
    expect(after).to_be_visible()
    assert loaded(before) and loaded(after)
    left, right = before.bounding_box(), after.bounding_box()
    assert left["x"] + left["width"] <= right["x"]
    assert abs(left["y"] - right["y"]) < 1
    assert fits_the_phone(page)

    # 5. A weigh-in, then the charts.
    page.get_by_role("navigation", name="Progress").get_by_role(
        "link", name="Body"
    ).tap()
    page.get_by_label("Body weight (kg)").fill("81.5")
    page.get_by_role("button", name="Save entry").tap()
    expect(page.locator("#metric-list")).to_contain_text("81.5 kg")

    page.get_by_role("navigation", name="Progress").get_by_role(
        "link", name="Charts"
    ).tap()
    strength = page.get_by_role("img", name="Estimated 1RM of Back Squat over time")
    expect(strength).to_be_visible()
    assert strength.bounding_box()["width"] <= 390
    expect(page.locator("#strength-chart .chart-summary")).to_contain_text(
        "Back Squat: 2 sessions. Latest estimate 121 kg"
    )
    page.locator("#strength-chart summary").tap()
    expect(page.locator("#strength-chart table")).to_contain_text("110 kg × 3")
    expect(page.get_by_role("img", name="Hard sets per muscle")).to_be_visible()
    # Last week's single squat set, against the 10-20 target.
    volume = page.locator("#volume-chart")
    volume.get_by_role("link", name="← Earlier").tap()
    expect(volume.get_by_text("This week")).to_have_count(0)
    volume.locator("summary").tap()
    quads = volume.get_by_role("row", name="Quadriceps").get_by_role("cell")
    expect(quads).to_have_text(["Quadriceps", "1", "10–20"])
    expect(volume.locator(".volume-summary")).to_contain_text("Below:")
    expect(volume.locator("svg desc")).to_contain_text("Quadriceps")
    expect(page.locator("#weight-chart .chart-summary")).to_contain_text(
        "Latest weigh-in 81.5 kg"
    )
    assert fits_the_phone(page)
    assert elsewhere == []
    # The refused upload's 422 is expected; nothing else may go wrong.
    assert [p for p in page.problems if "status of 422" not in p] == []
