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


def test_a_new_worker_compiles_every_template_before_its_first_request(app):
    """A recycled worker must not compile templates while a lifter waits."""
    from types import SimpleNamespace

    compiled = []
    loader = app.jinja_env.get_template

    def counting(name, *args, **kwargs):
        compiled.append(name)
        return loader(name, *args, **kwargs)

    app.jinja_env.get_template = counting
    try:
        runpy.run_path(str(CONF))["post_worker_init"](SimpleNamespace(wsgi=app))
    finally:
        del app.jinja_env.get_template

    assert "workouts/_set_ticked.html" in compiled
    assert "base.html" in compiled
    assert len(compiled) == len(set(compiled)) > 80
