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
    assert settings["preload_app"] is True
    assert settings["max_requests"] > 0 < settings["max_requests_jitter"]


def served(app):
    """What gunicorn's hooks are given: the server, whose app loads ours."""
    from types import SimpleNamespace

    return SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))


def test_the_master_compiles_every_template_before_the_workers_fork(app):
    """A new worker must not compile templates while a lifter waits."""
    compiled = []
    loader = app.jinja_env.get_template

    def counting(name, *args, **kwargs):
        compiled.append(name)
        return loader(name, *args, **kwargs)

    app.jinja_env.get_template = counting
    try:
        runpy.run_path(str(CONF))["when_ready"](served(app))
    finally:
        del app.jinja_env.get_template

    assert "workouts/_set_ticked.html" in compiled
    assert "base.html" in compiled
    assert len(compiled) == len(set(compiled)) > 80


def test_a_forked_worker_opens_its_own_database_connections(app):
    """Connections the master opened (a socket each) stay with the master."""
    from homegym.extensions import db

    with db.engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")
    before = db.engine.pool
    assert before.checkedin() >= 1

    runpy.run_path(str(CONF))["post_fork"](served(app), None)

    assert db.engine.pool is not before
    assert db.engine.pool.checkedin() == 0
