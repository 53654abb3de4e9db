"""Maintenance mode: reads work, writes get a clear 503 in the form asked for."""

import json

import pytest
from flask import render_template_string
from sqlalchemy import select

from homegym.accounts.models import User
from homegym.extensions import db
from tests.conftest import log_in


@pytest.fixture
def maintenance(app):
    app.config["DEBUG_MAINTENANCE"] = True
    app.config["MAINTENANCE_RETRY_AFTER"] = 120
    return app


def test_a_write_gets_the_maintenance_page(maintenance, client, user):
    response = log_in(client, user.email)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "120"
    page = response.get_data(True)
    assert "<html" in page
    assert "Maintenance in progress" in page
    assert "about 2 minutes" in page


def test_htmx_gets_the_partial_and_a_toast(maintenance, client):
    response = client.post("/logout", headers={"HX-Request": "true"})

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "120"
    fragment = response.get_data(True)
    assert "Maintenance in progress" in fragment
    assert "<html" not in fragment
    toast = json.loads(response.headers["HX-Trigger"])["toast"]
    assert toast["level"] == "warning"


def test_a_json_client_gets_json(maintenance, client):
    response = client.post("/login", headers={"Accept": "application/json"})

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "120"
    assert response.json["error"] == "maintenance"
    assert response.json["retry_after"] == 120
    assert response.json["message"]


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_every_write_method_waits(maintenance, client, method):
    response = client.open("/settings", method=method)

    assert response.status_code == 503


def test_a_refused_write_changes_nothing(maintenance, client):
    data = {"email": "new@example.com", "password": "a long new password 42"}
    data["confirm"] = data["password"]

    response = client.post("/register", data=data)

    assert response.status_code == 503
    assert db.session.scalar(select(User).where(User.email == data["email"])) is None


def test_the_offline_queue_gets_503_even_with_a_stale_csrf_token(maintenance, client):
    response = client.post("/login", csrf=False, headers={"X-CSRFToken": "stale"})

    assert response.status_code == 503


def test_reads_and_the_health_check_still_work(maintenance, client):
    assert client.get("/login").status_code == 200
    assert client.head("/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json["maintenance"] is True


def test_writes_work_again_when_maintenance_ends(app, client, user):
    app.config["DEBUG_MAINTENANCE"] = False

    response = log_in(client, user.email)

    assert response.status_code == 303


def test_templates_can_show_a_banner(app):
    with app.test_request_context("/"):
        app.config["DEBUG_MAINTENANCE"] = True
        assert render_template_string("{{ maintenance }}") == "True"
        app.config["DEBUG_MAINTENANCE"] = False
        assert render_template_string("{{ maintenance }}") == "False"
