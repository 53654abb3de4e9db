"""The two WSGI apps the benchmark serves with the repo's gunicorn.conf.py.

``gunicorn 'bench.floor:floor_app()'`` is the framework floor: a minimal
Flask + Flask-SQLAlchemy app whose one endpoint inserts one row, so the
logging benchmark can say what the stack itself costs on this machine.

``gunicorn 'bench.floor:homegym_app()'`` is HomeGym itself, built by the
real ``create_app()``, plus what only a benchmark needs:

- ``/bench/layout``: a signed-in page that renders the base layout with no
  content (nav, tab bar, sync status, stylesheets and scripts): the floor of
  every page;
- a WSGI wrapper that reports, per response, the time the server spent on it
  (``X-Bench-Server-Ms``, from the first byte in to the last byte out of the
  app) and the SQL statements it sent (``X-Bench-Queries``);
- with ``BENCH_GZIP_LEVEL`` set, gzip for text types at that level, as a
  production reverse proxy in front of gunicorn would send them.
"""

import gzip
import os
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine

FLOOR_TABLE = "bench_floor_sets"
COMPRESSED = ("text/", "application/javascript", "application/json",
              "application/manifest+json", "image/svg+xml")  # fmt: skip

_statements = [0]


def _count(*_args) -> None:
    _statements[0] += 1


def floor_app():
    """A Flask app with one endpoint that inserts one row and answers a line."""
    from datetime import datetime

    from flask import Flask, request
    from flask_sqlalchemy import SQLAlchemy

    app = Flask("homegym_floor")
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    db = SQLAlchemy(app)

    class FloorSet(db.Model):
        __tablename__ = FLOOR_TABLE
        id = db.Column(db.Integer, primary_key=True)
        user_id = db.Column(db.Integer, nullable=False)
        weight_kg = db.Column(db.Numeric(7, 2))
        reps = db.Column(db.Integer)
        created_at = db.Column(db.DateTime, nullable=False)

    @app.post("/sets")
    def add():
        row = FloorSet(
            user_id=int(request.form["user"]),
            weight_kg=request.form["weight"],
            reps=int(request.form["reps"]),
            created_at=datetime.now(),
        )
        db.session.add(row)
        db.session.commit()
        return f'<tr id="set-{row.id}"><td>{row.weight_kg}</td><td>{row.reps}</td></tr>'

    @app.get("/healthz")
    def health():
        return "ok"

    return app


def create_floor_table(url: str) -> None:
    """Make the floor's table (the bench empties the database before)."""
    from sqlalchemy import (
        Column,
        DateTime,
        Integer,
        MetaData,
        Numeric,
        Table,
        create_engine,
    )

    metadata = MetaData()
    Table(
        FLOOR_TABLE,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("user_id", Integer, nullable=False),
        Column("weight_kg", Numeric(7, 2)),
        Column("reps", Integer),
        Column("created_at", DateTime, nullable=False),
    )
    engine = create_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    engine.dispose()


def homegym_app():
    """HomeGym from create_app(), with the layout page and the measuring wrapper."""
    from flask import render_template_string
    from flask_login import current_user, login_required

    from homegym import create_app
    from homegym.extensions import db
    from homegym.workouts import freshness

    app = create_app()

    @app.get("/bench/layout")
    @login_required
    def layout():
        return render_template_string(
            '{% extends "base.html" %}{% block title %}Layout{% endblock %}'
        )

    @app.post("/bench/forget")
    @login_required
    def forget():
        # What a logged set does to the lifter's kept records: renew the stamp.
        freshness.renew(current_user.id)
        db.session.commit()
        return "", 204

    event.listen(Engine, "before_cursor_execute", _count)
    level = int(os.environ.get("BENCH_GZIP_LEVEL") or 0)
    app.wsgi_app = Measured(app.wsgi_app, level)
    return app


class Measured:
    """Time each response, count its SQL statements, optionally gzip it.

    gunicorn's sync workers serve one request at a time per process, so one
    counter per process is exact.
    """

    def __init__(self, inner, gzip_level: int = 0):
        self.inner = inner
        self.gzip_level = gzip_level

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        _statements[0] = 0
        captured = {}

        def remember(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        result = self.inner(environ, remember)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = list(captured["headers"])
        if self.gzip_level and self._compressible(environ, headers, body):
            body = gzip.compress(body, self.gzip_level, mtime=0)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"] + [
                ("Content-Encoding", "gzip"),
                ("Content-Length", str(len(body))),
                ("Vary", "Accept-Encoding"),
            ]
        headers += [
            ("X-Bench-Server-Ms", f"{(time.perf_counter() - started) * 1000:.3f}"),
            ("X-Bench-Queries", str(_statements[0])),
        ]
        start_response(captured["status"], headers)
        return [body]

    @staticmethod
    def _compressible(environ, headers, body) -> bool:
        if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", "") or not body:
            return False
        found = {k.lower(): v for k, v in headers}
        if "content-encoding" in found:
            return False
        kind = found.get("content-type", "").split(";")[0].strip()
        return kind.startswith(COMPRESSED)
