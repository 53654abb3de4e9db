"""Every page needs a login unless it is meant to be public; walks the URL map,
so a new route is covered without a new test.

This walk fills ids with a placeholder: it is about the login. What another
user or a visitor gets for a user's real objects is walked in
tests/attacks/test_object_access.py.
"""

import pytest
from flask import url_for

PUBLIC = {
    "static",
    "home.index",
    "accounts.register",
    "accounts.login",
    "accounts.forgot_password",
    "accounts.reset_password",
    "accounts.logout",  # anonymous: nothing to end, straight back to the login page
    "ops.healthz",
    "pwa.manifest",
    "pwa.styles",
    "pwa.service_worker",
    "pwa.offline",
}


def private_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint not in PUBLIC]


def build(app, rule) -> str:
    values = {name: 1 for name in rule.arguments}
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def test_the_map_has_private_pages(app):
    assert len(private_rules(app)) >= 5


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "headers",
    [{}, {"HX-Request": "true"}, {"Accept": "application/json"}],
    ids=["page", "htmx", "json"],
)
def test_anonymous_requests_go_to_login(app, client, method, headers):
    for rule in private_rules(app):
        if method not in rule.methods:
            continue
        response = client.open(build(app, rule), method=method, headers=headers)
        assert response.status_code in (302, 401), rule.endpoint
        if response.status_code == 302:
            assert "/login" in response.headers["Location"], rule.endpoint
        else:  # htmx gets where to go, the sync client a JSON "log in again"
            told = response.headers.get("HX-Redirect", "") + response.get_data(True)
            assert "login" in told, rule.endpoint
