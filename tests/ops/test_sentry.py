"""Sentry: reports leave without secrets or personal data, and only when asked."""

import sentry_sdk
from sentry_sdk.integrations.flask import FlaskIntegration
from sentry_sdk.integrations.sqlalchemy import SqlalchemyIntegration

from homegym.ops import sentry
from homegym.ops.sentry import FILTERED, scrub_event

DSN = "https://public@sentry.example.invalid/1"


def event_for(url: str, data=None) -> dict:
    return {
        "request": {
            "url": url,
            "method": "POST",
            "query_string": "next=%2Fplans",
            "data": data if data is not None else {"email": "a@example.com"},
            "cookies": {"session": "signed-cookie"},
            "headers": {
                "X-Csrftoken": "csrf-token-value",
                "Cookie": "session=signed-cookie",
                "Authorization": "Bearer abc",
                "X-Forwarded-For": "203.0.113.9",
                "User-Agent": "Firefox",
            },
            "env": {"REMOTE_ADDR": "203.0.113.9", "SERVER_NAME": "gym.example"},
        },
        "user": {"id": 7, "email": "a@example.com", "ip_address": "203.0.113.9"},
    }


def test_secret_headers_and_cookies_are_removed():
    request = scrub_event(event_for("https://gym.example/workouts/3/sets"))["request"]

    assert request["headers"]["X-Csrftoken"] == FILTERED
    assert request["headers"]["Cookie"] == FILTERED
    assert request["headers"]["Authorization"] == FILTERED
    assert request["headers"]["X-Forwarded-For"] == FILTERED
    assert request["headers"]["User-Agent"] == "Firefox"
    assert "cookies" not in request
    assert "REMOTE_ADDR" not in request["env"]


def test_the_user_keeps_only_the_id():
    event = scrub_event(event_for("https://gym.example/plans"))

    assert event["user"] == {"id": 7}


def test_ordinary_request_bodies_are_kept():
    data = {"reps": "5", "weight": "100"}

    event = scrub_event(event_for("https://gym.example/workouts/3/sets", data))

    assert event["request"]["data"] == data


def test_bodies_of_sensitive_pages_are_removed():
    for path in (
        "/login",
        "/register",
        "/password/forgot",
        "/settings/password",
        "/progress/photos/upload",
        "/import",
        "/imports/hevy",
    ):
        event = scrub_event(event_for(f"https://gym.example{path}", {"password": "x"}))
        assert event["request"]["data"] == FILTERED, path
        assert event["request"]["query_string"] == FILTERED, path


def test_a_reset_token_in_the_address_is_removed():
    event = scrub_event(event_for("https://gym.example/password/reset/tok.en-123"))

    assert event["request"]["url"] == f"https://gym.example/password/reset/{FILTERED}"
    assert event["request"]["data"] == FILTERED


def test_people_are_removed_from_log_messages_and_breadcrumbs():
    event = {
        "logentry": {
            "message": "login failed user=%s ip=%s",
            "formatted": "login failed user=a@example.com ip=203.0.113.9",
            "params": ["a@example.com", "203.0.113.9"],
        },
        "breadcrumbs": {
            "values": [{"message": "login ok user=a@example.com ip=203.0.113.9"}]
        },
    }

    scrubbed = repr(scrub_event(event))

    assert "a@example.com" not in scrubbed
    assert "203.0.113.9" not in scrubbed
    assert f"login ok user={FILTERED} ip={FILTERED}" in scrubbed


def test_sentry_starts_only_with_a_dsn(build_app, monkeypatch):
    calls = []
    monkeypatch.setattr(sentry.sentry_sdk, "init", lambda **kw: calls.append(kw))

    build_app(SENTRY_DSN="")
    assert calls == []

    build_app(
        SENTRY_DSN=DSN, SENTRY_ENVIRONMENT="staging", SENTRY_TRACES_SAMPLE_RATE=0.25
    )
    (options,) = calls
    assert options["dsn"] == DSN
    assert options["send_default_pii"] is False
    assert options["before_send"] is scrub_event
    assert options["environment"] == "staging"
    assert options["traces_sample_rate"] == 0.25
    kinds = {type(integration) for integration in options["integrations"]}
    assert kinds == {FlaskIntegration, SqlalchemyIntegration}


def test_sentry_test_needs_a_dsn(runner):
    result = runner.invoke(args=["sentry-test"])

    assert result.exit_code == 1
    assert "SENTRY_DSN is not set" in result.output


def test_sentry_test_sends_and_flushes_a_message(app, runner, monkeypatch):
    app.config["SENTRY_DSN"] = DSN
    sent, flushed = [], []
    monkeypatch.setattr(
        sentry_sdk, "capture_message", lambda message: sent.append(message) or "e1d"
    )
    monkeypatch.setattr(sentry_sdk, "flush", lambda timeout: flushed.append(timeout))

    result = runner.invoke(args=["sentry-test"])

    assert result.exit_code == 0, result.output
    assert "event e1d" in result.output
    assert len(sent) == 1 and "sentry-test" in sent[0]
    assert flushed


def test_sentry_test_fails_when_the_sdk_refuses(app, runner, monkeypatch):
    app.config["SENTRY_DSN"] = DSN
    monkeypatch.setattr(sentry_sdk, "capture_message", lambda message: None)

    result = runner.invoke(args=["sentry-test"])

    assert result.exit_code == 1
    assert "did not accept" in result.output
