"""Gunicorn settings for HomeGym: ``gunicorn -c gunicorn.conf.py wsgi:app``.

Every value can be set in the environment or in ``.env`` (read here too, so the
server and the app agree on WEB_CONCURRENCY).
"""

import os
from pathlib import Path

from dotenv import load_dotenv

load_dotenv(Path(__file__).with_name(".env"))

# Listen only locally by default: a reverse proxy (nginx, Caddy) terminates TLS.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Several workers need RATELIMIT_STORAGE_URI on Redis (flask check-deploy says so).
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# Kill a worker stuck this long; give running requests this long on restart.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5

# Access and error lines go to stdout/stderr, i.e. to systemd's journal.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Trust X-Forwarded-* only from the reverse proxy's address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# The master builds the app and compiles its templates once; workers are
# forked from it ready to answer, so a recycled or killed worker is back in
# milliseconds instead of the second and a half an own start takes (lifters
# waited that long when both workers recycled together). Each worker opens
# its own database connections (post_fork); Redis clients notice the fork.
preload_app = True

# Recycle workers now and then, staggered, to bound slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))


def _flask_app(server):
    app = server.app.wsgi()
    return app if hasattr(app, "jinja_env") else None


def when_ready(server):
    """Compile every template in the master, before the first fork."""
    from homegym.web import warm_up

    app = _flask_app(server)
    if app is not None:
        warm_up(app)


def post_fork(server, worker):
    """Drop any database connection the master made: a socket shared by two
    processes mixes their queries."""
    app = _flask_app(server)
    if app is not None and "sqlalchemy" in app.extensions:
        with app.app_context():
            for engine in app.extensions["sqlalchemy"].engines.values():
                engine.dispose(close=False)
