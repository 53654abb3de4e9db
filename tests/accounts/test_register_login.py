"""Registration, login, remember-me, logout and the password policy."""

from sqlalchemy import select

from homegym.accounts.models import LoginSession, User
from homegym.extensions import db
from tests.conftest import PASSWORD, log_in


def test_register_creates_account_and_signs_in(client):
    response = client.post(
        "/register", data={"email": "New@Example.com", "password": PASSWORD}
    )

    assert response.status_code == 303
    user = db.session.scalar(select(User).where(User.email == "new@example.com"))
    assert user is not None
    assert user.password_hash != PASSWORD and PASSWORD not in user.password_hash
    assert "new@example.com" in client.get("/").get_data(True)


def test_register_refuses_short_and_common_passwords(client):
    short = client.post(
        "/register", data={"email": "a@example.com", "password": "short"}
    )
    common = client.post(
        "/register", data={"email": "b@example.com", "password": "1234567890"}
    )

    assert "at least 10 characters" in short.get_data(True)
    assert "too common" in common.get_data(True)
    assert db.session.scalar(select(User.id)) is None


def test_register_takes_a_long_password_without_composition_rules(client):
    response = client.post(
        "/register", data={"email": "c@example.com", "password": "all lower case words"}
    )
    assert response.status_code == 303


def test_register_refuses_a_taken_address(client, user):
    response = client.post(
        "/register", data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert db.session.query(User).count() == 1


def test_login_with_wrong_password_says_so_without_naming_the_account(client, user):
    wrong = log_in(client, user.email, "wrong password here")
    unknown = log_in(client, "nobody@example.com", "wrong password here")

    assert wrong.status_code == unknown.status_code == 200
    assert "E-mail address or password is wrong." in wrong.get_data(True)
    assert "E-mail address or password is wrong." in unknown.get_data(True)


def test_login_follows_only_local_next(client, user):
    inside = client.post(
        "/login?next=/settings", data={"email": user.email, "password": PASSWORD}
    )
    assert inside.headers["Location"].endswith("/settings")

    client.post("/logout")
    outside = client.post(
        "/login?next=//evil.example/", data={"email": user.email, "password": PASSWORD}
    )
    assert "evil" not in outside.headers["Location"]


def test_remember_me_sets_a_14_day_cookie(client, user):
    response = log_in(client, user.email, remember="y")

    cookie = client.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only
    assert (
        13 * 86400
        < (cookie.expires - cookie.expires.now(cookie.expires.tzinfo)).total_seconds()
        <= 14 * 86400 + 5
    )
    assert response.status_code == 303
    stored = db.session.scalar(select(LoginSession))
    assert stored.remember and (stored.expires_at - stored.created_at).days == 14


def test_remember_cookie_alone_keeps_the_user_signed_in(client, user):
    log_in(client, user.email, remember="y")
    client.delete_cookie("session")

    assert "ada@example.com" in client.get("/").get_data(True)


def test_pages_need_login(client):
    response = client.get("/settings")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_htmx_request_without_login_gets_401_with_redirect(client):
    response = client.get("/settings/sessions", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert "/login" in response.headers["HX-Redirect"]


def test_deactivated_user_cannot_log_in(client, make_user):
    inactive = make_user("off@example.com", active=False)
    response = log_in(client, inactive.email)
    assert response.status_code == 200
    assert "off@example.com" not in client.get("/").get_data(True)


def test_logout_ends_every_session_of_the_user(app, user):
    phone, desktop = app.test_client(), app.test_client()
    log_in(phone, user.email)
    log_in(desktop, user.email)

    desktop.post("/logout")

    assert db.session.query(LoginSession).count() == 0
    assert phone.get("/settings").status_code == 302
    assert desktop.get("/settings").status_code == 302


def test_json_client_without_login_gets_401_json(client):
    response = client.get("/settings", headers={"Accept": "application/json"})

    assert response.status_code == 401
    assert response.json["error"] == "login required"
    assert response.json["login"].startswith("/login")


def test_json_client_gets_json_errors(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["error"] == "Not found"
