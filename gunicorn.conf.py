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

# Each worker builds its own app, so no connection or file is shared by a fork.
preload_app = False

# Recycle workers now and then, staggered, to bound slow memory growth.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))


def post_worker_init(worker):
    """Compile the templates before the worker answers anyone (homegym.web)."""
    from homegym.web import warm_up

    app = getattr(worker, "wsgi", None)
    if hasattr(app, "jinja_env"):
        warm_up(app)
