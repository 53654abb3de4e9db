"""A thousand wrong passwords: against one account, and across a thousand
usernames, from one address.

What must hold: the account's lockout (the right password is refused while
locked), the per-address limit (429 once past LOGIN_RATE_LIMIT), no password
hashing for a refused request, and an unknown username costing the same
hashing as a known one whenever a password is checked at all.
"""

import re

import pytest
from sqlalchemy import func, select

from homegym.accounts import passwords
from homegym.accounts.models import FailedLogin
from homegym.extensions import db
from tests.conftest import PASSWORD

FLOOD = 1000
WRONG = "not the password"
ATTACKER = "198.51.100.7"
ELSEWHERE = "198.51.100.8"


@pytest.fixture
def hashing(monkeypatch):
    """Every password-hash computation, as (what, hash method) pairs."""
    calls = []
    check, generate = passwords.check_password_hash, passwords.generate_password_hash

    def counted_check(password_hash, password):
        calls.append(("check", password_hash.split("$")[0]))
        return check(password_hash, password)

    def counted_generate(password, **options):
        calls.append(("generate", options.get("method")))
        return generate(password, **options)

    monkeypatch.setattr(passwords, "check_password_hash", counted_check)
    monkeypatch.setattr(passwords, "generate_password_hash", counted_generate)
    return calls


@pytest.fixture
def attacker(client):
    """Posts the login form from one address, with the page's CSRF token."""
    token = client.csrf_token()

    def attempt(email, password=WRONG, ip=ATTACKER):
        return client.post(
            "/login",
            data={"email": email, "password": password},
            headers={"X-CSRFToken": token},
            csrf=False,  # the token is sent here, not fetched again each time
            environ_base={"REMOTE_ADDR": ip},
        )

    return attempt


def failures_stored() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(FailedLogin))


def test_a_thousand_guesses_at_one_account_stop_at_the_lockout(
    app, user, attacker, hashing
):
    app.config["LOGIN_RATE_LIMIT"] = "100000 per minute"  # the lockout alone

    codes = [attacker(user.email).status_code for _ in range(FLOOD)]

    assert codes[:4] == [200] * 4
    assert set(codes[4:]) == {429}
    assert len(hashing) == 5, "only the guesses before the lock are checked"
    assert failures_stored() == 5, "a locked guess is not even written down"

    hashing.clear()
    right = attacker(user.email, PASSWORD)
    assert right.status_code == 429
    assert "Too many failed logins" in right.get_data(True)
    assert hashing == []

    assert attacker(user.email, PASSWORD, ip=ELSEWHERE).status_code == 303


def test_a_thousand_usernames_from_one_address_are_cut_off(
    app, user, attacker, hashing
):
    limit = 30
    app.config["LOGIN_RATE_LIMIT"] = f"{limit} per minute"
    names = [f"guess{n}@example.com" for n in range(FLOOD - 1)] + [user.email]

    responses = [attacker(name) for name in names]

    codes = [response.status_code for response in responses]
    assert codes[:limit] == [200] * limit
    assert set(codes[limit:]) == {429}
    assert "Too many attempts" in responses[-1].get_data(True)
    assert len([call for call in hashing if call[0] == "check"]) == limit
    assert failures_stored() == limit

    hashing.clear()
    assert attacker(user.email, PASSWORD).status_code == 429
    assert hashing == []
    assert attacker(user.email, PASSWORD, ip=ELSEWHERE).status_code == 303


def without_tokens(page: str) -> str:
    return re.sub(r'(content|value)="[^"]*\.[^"]*"|"X-CSRFToken": "[^"]*"', "", page)


def test_an_unknown_username_costs_the_same_hashing_as_a_known_one(
    app, user, attacker, hashing
):
    attacker("warm-up@example.com")  # the dummy hash is made once per process
    hashing.clear()

    known = attacker(user.email)
    known_work = list(hashing)
    hashing.clear()
    unknown = attacker("nobody-here@example.com")
    unknown_work = list(hashing)

    method = user.password_hash.split("$")[0]
    assert known_work == unknown_work == [("check", method)]
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.get_data(True)) == without_tokens(
        unknown.get_data(True)
    )
