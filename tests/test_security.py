"""CSRF on every change and the security headers on every response."""

from sqlalchemy import select

from homegym.accounts.models import User
from homegym.extensions import db
from tests.conftest import PASSWORD


def test_form_post_without_csrf_token_is_refused_and_changes_nothing(client):
    response = client.post(
        "/register", data={"email": "x@example.com", "password": PASSWORD}, csrf=False
    )

    assert response.status_code == 400
    assert "expired" in response.get_data(True)
    assert db.session.scalar(select(User)) is None


def test_htmx_post_with_a_foreign_token_is_refused(app, logged_in, user):
    stranger = app.test_client()
    token = stranger.csrf_token()

    response = logged_in.post(
        "/settings",
        data={"language": "de", "units": "lb", "timezone": "UTC"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )

    assert response.status_code == 400
    assert db.session.get(User, user.id).units == "kg"


def test_htmx_post_with_the_header_token_is_accepted(logged_in, user):
    response = logged_in.post(
        "/settings",
        data={"language": "en", "units": "lb", "timezone": "UTC"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 303
    assert db.session.get(User, user.id).units == "lb"


def test_layout_carries_the_token_for_htmx(client):
    page = client.get("/login").get_data(True)
    assert 'hx-headers=\'{"X-CSRFToken": "' in page
    assert '"allowEval": false' in page


def test_security_headers_on_every_document(client):
    """Pages, error pages and an SVG (a document when opened on its own)."""
    for path in ("/login", "/no-such-page", "/static/icons/icon.svg"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "script-src 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"


def test_styles_scripts_and_icons_carry_only_what_acts_on_them(client):
    """A phone's first visit fetches some twenty of these: every byte counts."""
    for path in (
        "/styles.css",
        "/static/css/app.css",
        "/static/js/app.js",
        "/static/icons/icon-192.png",
    ):
        headers = client.get(path).headers
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Cross-Origin-Resource-Policy"] == "same-origin", path
        assert "Content-Security-Policy" not in headers, path
        assert "Content-Disposition" not in headers, path


def test_authenticated_pages_are_not_stored(client, logged_in):
    assert logged_in.get("/settings").headers["Cache-Control"] == "no-store"


def test_hsts_and_secure_cookies_in_production(test_config, monkeypatch, user):
    from homegym import create_app
    from tests.conftest import Client

    monkeypatch.setenv("HOMEGYM_ENV", "production")
    overrides = {k: v for k, v in test_config.items() if k != "SESSION_COOKIE_SECURE"}
    prod = create_app(overrides)
    prod.test_client_class = Client
    client = prod.test_client()

    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "remember": "y"},
        base_url="https://localhost",
    )

    assert "max-age=" in response.headers["Strict-Transport-Security"]
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c and "HttpOnly" in c for c in cookies)
    assert all("SameSite=Lax" in c for c in cookies)


def test_upload_limit_is_set(app):
    assert app.config["MAX_CONTENT_LENGTH"] > 0
    too_big = app.test_client().post(
        "/login", data={"email": "a" * (app.config["MAX_CONTENT_LENGTH"] + 1)}
    )
    assert too_big.status_code == 413


def test_untrusted_host_is_refused(test_config):
    from homegym import create_app

    strict = create_app({**test_config, "TRUSTED_HOSTS": ["gym.example.org"]})
    response = strict.test_client().get("/login", headers={"Host": "evil.example"})
    assert response.status_code == 400
