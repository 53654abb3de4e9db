"""A lifter brings their Hevy history: upload, preview, change a match, import.

The confirm button starts the import in the background; the page polls with
htmx until the report shows, then the history has the workouts.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from homegym.exercises.models import Exercise
from homegym.imports import storage
from homegym.workouts.models import PerformedExercise, Workout
from tests.browser.conftest import log_in, nav_to, server_rows

pytestmark = pytest.mark.browser

HEVY_FILE = Path(__file__).parents[1] / "imports" / "files" / "hevy_kg.csv"


@pytest.fixture
def import_folder(tmp_path, monkeypatch):
    folder = tmp_path / "imports"
    folder.mkdir()
    monkeypatch.setattr(storage, "folder", lambda: folder)
    return folder


def test_upload_preview_confirm_and_see_the_history(
    phone, live_server, make_user, bench, import_folder
):
    page = phone
    lifter = make_user("hevy@example.com", timezone="Europe/Berlin")
    log_in(page, live_server, lifter.email)

    nav_to(page, "Import")
    expect(page.get_by_role("heading", name="Import your history")).to_be_visible()
    page.get_by_label("Export file (CSV)").set_input_files(str(HEVY_FILE))
    page.get_by_role("button", name="Check the file").tap()

    expect(page.get_by_role("heading", name="Check your import")).to_be_visible()
    expect(page.locator("#count-workouts")).to_have_text("2")
    expect(page.locator("#count-sets")).to_have_text("19")
    expect(
        page.get_by_text("Workouts from Mar 2, 2026 to Mar 9, 2026.")
    ).to_be_visible()
    squat = page.get_by_role("combobox", name=re.compile(r"^Squat \(Barbell\)"))
    expect(squat).to_have_value("Barbell Back Squat")
    zottman = page.get_by_role("combobox", name=re.compile("^Zottman Curl Variation"))
    expect(zottman).to_have_value("")  # unknown: would become a new exercise
    zottman.fill("Zottman Curl")

    page.get_by_role("button", name="Import 2 workouts").tap()

    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    expect(page.get_by_text("2 workouts imported")).to_be_visible()
    expect(page.get_by_text("1 new exercise")).to_be_visible()
    page.get_by_role("link", name="See your history").tap()
    expect(page.get_by_role("heading", name="History", level=1)).to_be_visible()
    expect(page.get_by_text("Leg Day 🦵🔥")).to_be_visible()
    expect(page.get_by_text("Push", exact=True)).to_be_visible()

    workouts = server_rows(select(Workout).where(Workout.user_id == lifter.id))
    assert sorted(w.name for w in workouts) == ["Leg Day 🦵🔥", "Push"]
    keys = server_rows(
        select(Exercise.key)
        .join(PerformedExercise, PerformedExercise.exercise_id == Exercise.id)
        .where(PerformedExercise.user_id == lifter.id)
    )
    assert "zottman_curl" in keys
    assert list(import_folder.glob("*")) == []
    assert page.problems == []
