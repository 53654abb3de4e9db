"""Lockout after repeated failures, as django-axes does it, and its reset."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from homegym import clock
from homegym.accounts import lockout, passwords
from homegym.accounts.models import FailedLogin
from homegym.extensions import db
from tests.conftest import PASSWORD, Client, log_in


def without_tokens(page: str) -> str:
    """Drop the CSRF tokens, which differ from one render to the next."""
    return re.sub(r'(content|value)="[^"]*\.[^"]*"|"X-CSRFToken": "[^"]*"', "", page)


def fail(client, email, times, ip="10.0.0.1"):
    responses = []
    for _ in range(times):
        responses.append(
            client.post(
                "/login",
                data={"email": email, "password": "not the password"},
                environ_base={"REMOTE_ADDR": ip},
            )
        )
    return responses


@pytest.fixture
def count_hashing(monkeypatch):
    """Count password-hash checks, so a test can see that none happen."""
    calls = []
    real = passwords.check_password_hash

    def counting(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(passwords, "check_password_hash", counting)
    return calls


def test_failures_are_stored_without_the_password(client, user):
    client.post(
        "/login",
        data={"email": user.email, "password": "secret-guess-123"},
        headers={"User-Agent": "curl/8"},
        environ_base={"REMOTE_ADDR": "10.0.0.9"},
    )

    failure = db.session.scalar(select(FailedLogin))
    assert (failure.username, failure.ip, failure.user_agent) == (
        user.email,
        "10.0.0.9",
        "curl/8",
    )
    stored = " ".join(str(v) for v in vars(failure).values())
    assert "secret-guess-123" not in stored


def test_fifth_failure_locks_the_pair_with_429(client, user):
    responses = fail(client, user.email, 5)

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    locked = responses[-1]
    assert 850 <= int(locked.headers["Retry-After"]) <= 900
    assert "Too many failed logins" in locked.get_data(True)


def test_locked_pair_is_refused_even_with_the_right_password(
    client, user, count_hashing
):
    fail(client, user.email, 5)
    count_hashing.clear()

    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )

    assert response.status_code == 429
    assert count_hashing == [], "a locked request must do no password-hash work"
    assert "ada@example.com" not in client.get("/").get_data(True)


def test_lockout_message_is_the_same_for_unknown_accounts(client, user):
    known = fail(client, user.email, 5)[-1]
    unknown = fail(client, "ghost@example.com", 5)[-1]

    assert known.status_code == unknown.status_code == 429
    assert without_tokens(known.get_data(True)) == without_tokens(
        unknown.get_data(True)
    )


def test_other_address_and_other_user_are_not_locked(client, user, make_user):
    other = make_user("bob@example.com")
    fail(client, user.email, 5, ip="10.0.0.1")

    from_elsewhere = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
    )
    assert from_elsewhere.status_code == 303
    client.post("/logout")
    same_ip_other_user = client.post(
        "/login",
        data={"email": other.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )
    assert same_ip_other_user.status_code == 303


def test_lock_opens_after_the_cooloff(client, user, monkeypatch):
    fail(client, user.email, 5)
    later = clock.utcnow() + timedelta(minutes=16)
    monkeypatch.setattr(clock, "utcnow", lambda: later)

    assert lockout.current_lockout(user.email, "10.0.0.1") is None


def test_failures_spread_beyond_the_window_do_not_lock(app, user, monkeypatch):
    start = clock.utcnow()
    for minute in (0, 5, 10, 15, 20):
        monkeypatch.setattr(
            clock, "utcnow", lambda m=minute: start + timedelta(minutes=m)
        )
        lockout.record_failure(user.email, "10.0.0.1", "")

    assert lockout.current_lockout(user.email, "10.0.0.1") is None


def test_limits_are_configurable(client, app, user):
    app.config["LOCKOUT_FAILURE_LIMIT"] = 2
    assert [r.status_code for r in fail(client, user.email, 2)] == [200, 429]


def test_successful_login_clears_the_pairs_failures(client, user):
    fail(client, user.email, 4)
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},
    )

    assert response.status_code == 303
    assert db.session.query(FailedLogin).count() == 0


def test_cli_lists_and_resets_lockouts(client, runner, user):
    fail(client, user.email, 5)
    fail(client, "eve@example.com", 5, ip="10.0.0.7")

    listed = runner.invoke(args=["lockouts", "list"])
    assert listed.exit_code == 0
    assert "ada@example.com\t10.0.0.1" in listed.output
    assert "2 lockout(s)" in listed.output

    reset = runner.invoke(args=["lockouts", "reset", "--user", "ADA@example.com"])
    assert reset.exit_code == 0 and "Removed 5" in reset.output
    assert log_in(client, user.email).status_code == 303
    assert lockout.current_lockout("eve@example.com", "10.0.0.7") is not None

    runner.invoke(args=["lockouts", "reset", "--ip", "10.0.0.7"])
    assert lockout.list_lockouts() == []


def test_login_is_rate_limited_per_address(client, app, user):
    app.config["LOCKOUT_FAILURE_LIMIT"] = 1000
    responses = [
        client.post(
            "/login",
            data={"email": f"user{n}@example.com", "password": "x" * 12},
            environ_base={"REMOTE_ADDR": "10.9.9.9"},
        )
        for n in range(31)
    ]

    limited = responses[-1]
    assert [r.status_code for r in responses[:30]] == [200] * 30
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert "Too many attempts" in limited.get_data(True)
    other_address = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.9.9.10"},
    )
    assert other_address.status_code == 303


def test_client_address_comes_from_proxy_fix_with_configured_hops(test_config, user):
    from homegym import create_app

    proxied = create_app({**test_config, "PROXY_FIX_HOPS": 1})
    proxied.test_client_class = Client
    proxied.test_client().post(
        "/login",
        data={"email": user.email, "password": "wrong password!"},
        headers={"X-Forwarded-For": "203.0.113.5"},
        environ_base={"REMOTE_ADDR": "127.0.0.1"},
    )
    assert db.session.scalar(select(FailedLogin.ip)) == "203.0.113.5"
