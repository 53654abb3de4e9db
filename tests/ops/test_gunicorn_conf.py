"""gunicorn.conf.py takes its numbers from the environment."""

import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9123")
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.2")

    settings = runpy.run_path(str(CONF))

    assert settings["bind"] == "127.0.0.1:9123"
    assert settings["workers"] == 3
    assert settings["forwarded_allow_ips"] == "10.0.0.2"
    assert settings["accesslog"] == settings["errorlog"] == "-"
    assert settings["preload_app"] is False
    assert settings["max_requests"] > 0 < settings["max_requests_jitter"]
