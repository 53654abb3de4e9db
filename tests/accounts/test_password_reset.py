"""Forgotten password: a signed, expiring, single-use link sent by e-mail."""

import re
from datetime import timedelta

import pytest

from homegym.accounts.reset import make_reset_token
from homegym.extensions import mail
from tests.conftest import PASSWORD, log_in

NEW_PASSWORD = "a fresh passphrase here"


@pytest.fixture
def outbox(app):
    with mail.record_messages() as messages:
        yield messages


def reset_link(message) -> str:
    return re.search(r"https?://\S+/password/reset/\S+", message.body).group(0)


def test_known_address_gets_a_link_unknown_gets_the_same_answer(client, user, outbox):
    known = client.post("/password/forgot", data={"email": user.email})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 303
    assert [m.recipients for m in outbox] == [[user.email]]
    assert "/password/reset/" in outbox[0].body


def test_mail_is_in_the_users_language(client, make_user, outbox):
    german = make_user("hans@example.com", language="de")
    client.post("/password/forgot", data={"email": german.email})

    assert outbox[0].subject == "Setze dein HomeGym-Passwort zurück"


def test_link_sets_a_new_password_once_and_ends_sessions(app, client, user, outbox):
    phone = app.test_client()
    log_in(phone, user.email)
    client.post("/password/forgot", data={"email": user.email})
    path = reset_link(outbox[0]).split("localhost", 1)[1]

    done = client.post(path, data={"password": NEW_PASSWORD})
    again = client.post(path, data={"password": "yet another passphrase"})

    assert done.status_code == 303
    assert phone.get("/settings").status_code == 302
    assert again.status_code == 302 and "/password/forgot" in again.headers["Location"]
    assert log_in(app.test_client(), user.email, PASSWORD).status_code == 200
    assert log_in(app.test_client(), user.email, NEW_PASSWORD).status_code == 303


def test_expired_or_forged_links_are_refused(app, client, user, monkeypatch):
    token = make_reset_token(user)
    forged = client.get(f"/password/reset/{token[:-2]}xx")
    assert forged.status_code == 302

    import itsdangerous.timed

    real_now = itsdangerous.timed.TimestampSigner.get_timestamp
    monkeypatch.setattr(
        itsdangerous.timed.TimestampSigner,
        "get_timestamp",
        lambda self: real_now(self) + int(timedelta(hours=2).total_seconds()),
    )
    expired = client.post(f"/password/reset/{token}", data={"password": NEW_PASSWORD})
    assert expired.status_code == 302
    assert log_in(app.test_client(), user.email, NEW_PASSWORD).status_code == 200


def test_reset_applies_the_password_policy(client, user):
    response = client.post(
        f"/password/reset/{make_reset_token(user)}", data={"password": "short"}
    )
    assert "at least 10 characters" in response.get_data(True)
