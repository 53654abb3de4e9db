"""Serve HomeGym under gunicorn on a throwaway database and talk to it over HTTP.

Only the standard library is used on the client side, so the figures are the
server's, not a client library's.
"""

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


BENCH_REDIS_URL = "redis://127.0.0.1:6379/15"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_env(database_url: str, port: int, workers: int) -> dict:
    """The environment the app and gunicorn run with during a benchmark."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "benchmark-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "COACH_ANALYSIS_LIMIT": "100000",
        "COACH_PLAN_LIMIT": "100000",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_LOG_LEVEL": "warning",
        "LOGIN_RATE_LIMIT": "10000/minute",
        "LOG_DIR": tempfile.mkdtemp(prefix="homegym-bench-logs-"),
        # Shared by the workers, as docs/operations.md sets it up for several.
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": os.environ.get("BENCH_REDIS_URL", BENCH_REDIS_URL),
    }


@contextmanager
def gunicorn(env: dict, port: int, target: str = "bench.floor:homegym_app()"):
    """Run gunicorn with the project's config until the block ends."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            target,
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer /healthz within 30 s")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


class Browser:
    """A signed-in client with cookies and the CSRF token, like the pages."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar),
            NoRedirect(),
        )
        self.token = ""

    def request(
        self, method: str, path: str, data: dict | None = None, htmx: bool = False
    ) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method)
        if self.token:
            request.add_header("X-CSRFToken", self.token)
        if htmx:
            request.add_header("HX-Request", "true")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    def log_in(self, email: str, password: str) -> None:
        status, page, _ = self.request("GET", "/login")
        self.token = CSRF.search(page).group(1)
        status, _, _ = self.request(
            "POST", "/login", {"email": email, "password": password}
        )
        if status != 303:
            raise RuntimeError(f"login failed with {status}")
        _, page, _ = self.request("GET", "/")
        self.token = CSRF.search(page).group(1)

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.jar)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def percentiles(durations: list[float]) -> str:
    """Format p50/p95/p99 and max of durations given in seconds, as ms."""
    ordered = sorted(durations)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return (
        f"p50 {cuts[49] * 1000:.1f} ms, p95 {cuts[94] * 1000:.1f} ms, "
        f"p99 {cuts[98] * 1000:.1f} ms, max {ordered[-1] * 1000:.1f} ms"
    )
