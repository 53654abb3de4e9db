"""Revocable sessions: password change, deactivation, the operator's commands."""

from datetime import timedelta

from sqlalchemy import select

from homegym import clock
from homegym.accounts.models import FailedLogin, LoginSession
from homegym.extensions import db
from tests.conftest import PASSWORD, log_in


def signed_in(client) -> bool:
    return client.get("/settings").status_code == 200


def test_changing_the_password_ends_other_sessions_only(app, user):
    phone, desktop = app.test_client(), app.test_client()
    log_in(phone, user.email)
    log_in(desktop, user.email)

    response = desktop.post(
        "/settings/password",
        data={"current_password": PASSWORD, "new_password": "a brand new passphrase"},
    )

    assert response.status_code == 303
    assert signed_in(desktop)
    assert not signed_in(phone)
    assert (
        log_in(app.test_client(), user.email, "a brand new passphrase").status_code
        == 303
    )


def test_changing_the_password_needs_the_current_one(logged_in, user):
    response = logged_in.post(
        "/settings/password",
        data={
            "current_password": "not it at all",
            "new_password": "a brand new passphrase",
        },
    )

    assert "The current password is wrong." in response.get_data(True)
    assert log_in(logged_in.application.test_client(), user.email).status_code == 303


def test_deactivation_ends_sessions_and_blocks_the_remember_cookie(app, runner, user):
    phone = app.test_client()
    log_in(phone, user.email, remember="y")

    result = runner.invoke(args=["users", "deactivate", "ADA@example.com"])

    assert result.exit_code == 0 and "ended 1 session" in result.output
    assert not signed_in(phone)
    runner.invoke(args=["users", "activate", user.email])
    assert log_in(phone, user.email).status_code == 303


def test_users_list_and_unknown_email(runner, user, make_user):
    make_user("zed@example.com", active=False)

    listed = runner.invoke(args=["users", "list"])
    missing = runner.invoke(args=["users", "deactivate", "nobody@example.com"])

    assert "ada@example.com\tactive" in listed.output
    assert "zed@example.com\tinactive" in listed.output
    assert missing.exit_code == 1 and "No user with e-mail" in missing.output


def test_revoke_one_user_or_everyone(app, runner, user, make_user):
    bob = make_user("bob@example.com")
    ada_client, bob_client = app.test_client(), app.test_client()
    log_in(ada_client, user.email)
    log_in(bob_client, bob.email)

    runner.invoke(args=["sessions", "revoke", "--user", user.email])
    assert not signed_in(ada_client) and signed_in(bob_client)

    result = runner.invoke(args=["sessions", "revoke", "--all"])
    assert result.exit_code == 0 and not signed_in(bob_client)
    assert runner.invoke(args=["sessions", "revoke"]).exit_code == 2


def test_clear_removes_only_expired_state(client, runner, user, monkeypatch):
    log_in(client, user.email)
    db.session.add(
        FailedLogin(
            username="x@example.com", ip="10.0.0.1", attempted_at=clock.utcnow()
        )
    )
    db.session.commit()

    kept = runner.invoke(args=["sessions", "clear"])
    assert "Removed 0 expired session(s) and 0 old failed login(s)" in kept.output

    later = clock.utcnow() + timedelta(days=2)
    monkeypatch.setattr(clock, "utcnow", lambda: later)
    cleared = runner.invoke(args=["sessions", "clear"])
    assert "Removed 1 expired session(s) and 1 old failed login(s)" in cleared.output
    assert db.session.scalar(select(LoginSession)) is None


def test_expired_session_is_signed_out(client, user, monkeypatch):
    log_in(client, user.email)
    later = clock.utcnow() + timedelta(hours=25)
    monkeypatch.setattr(clock, "utcnow", lambda: later)

    assert not signed_in(client)


def test_a_forged_cookie_value_is_refused(app, client, user):
    log_in(client, user.email, remember="y")
    stored = db.session.scalar(select(LoginSession))
    other = app.test_client()
    other.set_cookie("remember_token", f"{stored.id}:guessed-token", domain="localhost")

    assert not signed_in(other)


def test_user_can_end_a_session_from_the_list(app, user):
    phone, desktop = app.test_client(), app.test_client()
    log_in(phone, user.email)
    log_in(desktop, user.email)
    phone_session = db.session.scalars(
        select(LoginSession).order_by(LoginSession.id)
    ).first()

    response = desktop.post(
        f"/settings/sessions/{phone_session.id}/revoke", headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "<html" not in response.get_data(True)
    assert "Session ended." in response.headers["HX-Trigger"]
    assert response.get_data(True).count('class="row"') == 1
    assert not signed_in(phone) and signed_in(desktop)


def test_another_users_session_is_not_found(app, user, make_user):
    bob = make_user("bob@example.com")
    bob_client, ada_client = app.test_client(), app.test_client()
    log_in(bob_client, bob.email)
    log_in(ada_client, user.email)
    bobs = db.session.scalar(select(LoginSession).where(LoginSession.user_id == bob.id))

    response = ada_client.post(f"/settings/sessions/{bobs.id}/revoke")

    assert response.status_code == 404
    assert signed_in(bob_client)


def test_anonymous_cannot_end_a_session(app, client, user):
    owner = app.test_client()
    log_in(owner, user.email)
    stored = db.session.scalar(select(LoginSession))

    response = client.post(f"/settings/sessions/{stored.id}/revoke")

    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert signed_in(owner)


def test_session_list_names_browser_and_system(app, user):
    phone = app.test_client()
    android = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile"
    phone.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"User-Agent": android},
    )

    page = phone.get("/settings/sessions").get_data(True)

    assert "Chrome · Android" in page
