"""Deleting an account: the password first, then every row and file of the user."""

import logging
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from homegym import clock
from homegym.accounts.models import FailedLogin
from homegym.coach.models import CoachRequest
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import new_uuid
from homegym.imports import storage
from homegym.imports.models import ImportBatch
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.progress import photos
from homegym.progress.metrics import save_metric
from homegym.workouts.models import SyncChange
from tests.conftest import PASSWORD, log_in
from tests.imports.conftest import import_file, library  # noqa: F401
from tests.progress.conftest import png_bytes


@pytest.fixture
def uploads(app, tmp_path, monkeypatch) -> Path:
    """Photos and waiting imports go to folders of the test's own."""
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    (tmp_path / "imports").mkdir()
    monkeypatch.setattr(storage, "folder", lambda: tmp_path / "imports")
    return tmp_path / "uploads"


def fill(user) -> None:
    """Give a user a row in every table of theirs, and files on disk."""
    import_file(user, "hevy_kg.csv")  # workouts, sets, measures, own exercises
    own = Exercise(user_id=user.id, name_en="Sled push", name_de="Schlittenschieben")
    plan = Plan(user_id=user.id, name="Home plan")
    db.session.add_all([own, plan])
    db.session.flush()
    day = PlanDay(plan_id=plan.id, user_id=user.id, name="Day A")
    db.session.add(day)
    db.session.flush()
    db.session.add(PlannedExercise(day_id=day.id, user_id=user.id, exercise_id=own.id))
    save_metric(user.id, date(2026, 11, 1), {"weight_kg": Decimal("81.5")})
    photos.add_photo(user.id, png_bytes(), date(2026, 11, 1), "front")
    db.session.add_all(
        [
            CoachRequest(
                user_id=user.id, feature="plan", provider="engine", outcome="ok"
            ),
            SyncChange(user_id=user.id, change_id=new_uuid(), op="set.update"),
            FailedLogin(username=user.email, ip="192.0.2.9"),
        ]
    )
    db.session.commit()


def signed_in(client) -> bool:
    return client.get("/settings").status_code == 200


def user_tables() -> list:
    """Every table with a user_id column, read from the schema itself."""
    return [table for table in db.metadata.sorted_tables if "user_id" in table.c]


def everything() -> dict[str, list[dict]]:
    """Every row of every table, as dicts."""
    db.session.commit()
    return {
        table.name: [dict(row._mapping) for row in db.session.execute(select(table))]
        for table in db.metadata.sorted_tables
    }


def of(user_id: int, email: str):
    """Whether a row of a table belongs to the user."""

    def belongs(table_name: str, row: dict) -> bool:
        if table_name == "users":
            return row["id"] == user_id
        if table_name == "failed_logins":
            return row["username"] == email
        return row.get("user_id", object()) == user_id

    return belongs


def without(rows: dict[str, list[dict]], belongs) -> dict[str, list[dict]]:
    return {
        name: [row for row in table if not belongs(name, row)]
        for name, table in rows.items()
    }


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


@pytest.fixture
def two_users(app, library, make_user, uploads):  # noqa: F811
    """Ada and Bob, each with data everywhere, each signed in on a client."""
    ada = make_user("ada@example.com")
    bob = make_user("bob@example.com")
    fill(ada)
    fill(bob)
    clients = app.test_client(), app.test_client()
    assert log_in(clients[0], ada.email).status_code == 303
    assert log_in(clients[1], bob.email).status_code == 303
    return (ada, clients[0]), (bob, clients[1])


def test_the_page_asks_for_the_password(logged_in):
    page = logged_in.get("/settings/delete").get_data(True)
    assert 'type="password"' in page
    assert "Delete my account and all my data" in page
    assert 'href="/settings/export"' in page


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login(client, method):
    response = getattr(client, method)("/settings/delete", data={"password": "x"})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_wrong_password_changes_nothing(two_users, uploads, caplog):
    (ada, phone), _bob = two_users
    before, files = everything(), files_under(uploads)

    with caplog.at_level(logging.INFO, logger="homegym.audit"):
        response = phone.post("/settings/delete", data={"password": "not it"})

    assert response.status_code == 200
    assert "The password is wrong." in response.get_data(True)
    assert everything() == before
    assert files_under(uploads) == files
    assert signed_in(phone)
    assert "account deletion refused user=ada@example.com" in caplog.text
    assert "account deleted" not in caplog.text
    assert "not it" not in caplog.text


def test_without_the_csrf_token_nothing_is_deleted(two_users):
    (_ada, phone), _bob = two_users
    before = everything()
    response = phone.post("/settings/delete", data={"password": PASSWORD}, csrf=False)
    assert response.status_code == 400
    assert everything() == before


def test_deleting_removes_every_row_and_file_of_the_user_only(
    two_users, uploads, caplog
):
    (ada, phone), (bob, desk) = two_users
    ada_rows = of(ada.id, ada.email)
    before = everything()
    # Ada has rows in every table of the schema that holds a user's rows.
    assert all(
        any(ada_rows(table.name, row) for row in before[table.name])
        for table in user_tables()
    )
    assert any(ada_rows("failed_logins", row) for row in before["failed_logins"])
    ada_folder = uploads / "progress" / str(ada.id)
    assert files_under(ada_folder)
    others = [path for path in files_under(uploads) if ada_folder not in path.parents]
    assert others

    with caplog.at_level(logging.INFO):
        response = phone.post("/settings/delete", data={"password": PASSWORD})

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/login")
    assert everything() == without(before, ada_rows)
    assert not ada_folder.exists()
    assert files_under(uploads) == others
    assert signed_in(desk)
    deleted = [
        record
        for record in caplog.records
        if record.name == "homegym.audit" and "account deleted" in record.message
    ]
    assert len(deleted) == 1
    assert "user=ada@example.com" in deleted[0].message
    assert PASSWORD not in caplog.text


def test_every_session_ends_and_the_login_fails(app, two_users):
    (ada, phone), _bob = two_users
    email, desk = ada.email, app.test_client()
    assert log_in(desk, email).status_code == 303

    assert (
        phone.post("/settings/delete", data={"password": PASSWORD}).status_code == 303
    )

    assert not signed_in(desk)
    assert not signed_in(phone)
    again = log_in(app.test_client(), email)
    assert again.status_code == 200  # the form again: the account is gone
    assert "E-mail address or password is wrong." in again.get_data(True)


def test_a_waiting_import_upload_goes_too(logged_in, user, uploads):
    token = storage.new_token()
    waiting = storage.upload_path(token)
    waiting.write_text("title,start_time\n")
    db.session.add(ImportBatch(user_id=user.id, token=token, source="hevy"))
    db.session.commit()

    response = logged_in.post("/settings/delete", data={"password": PASSWORD})

    assert response.status_code == 303
    assert not waiting.exists()


def test_a_running_import_holds_the_deletion_back(logged_in, user, uploads):
    batch = ImportBatch(
        user_id=user.id,
        token=storage.new_token(),
        source="hevy",
        status="running",
        started_at=clock.utcnow(),
    )
    db.session.add(batch)
    db.session.commit()
    before = everything()

    response = logged_in.post("/settings/delete", data={"password": PASSWORD})

    assert response.status_code == 409
    assert "An import is still running" in response.get_data(True)
    assert everything() == before
    assert signed_in(logged_in)
