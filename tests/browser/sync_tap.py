"""A stand-in before the live app's sync endpoints: notes, fails and holds requests.

The offline tests use it through the ``sync_tap`` fixture of conftest.py.
"""

import io
import json
import socket
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass


@dataclass
class Seen:
    """One request to /sync or /sync/session as the server saw it."""

    at: float
    method: str
    path: str
    sender: str  # "page", or "worker" for the service worker's Background Sync
    changes: list[str]
    plan: str | None
    status: str = ""


class SyncTap:
    """Stand before the live app's sync endpoints and note every request.

    It sits in the WSGI stack, so it sees the page's requests and the service
    worker's alike (Playwright's routes see only the page's). ``plan()`` sets
    how the next requests to a path are answered:

    - "fail": 500, nothing applied;
    - "apply-then-fail": applied and committed, then 500;
    - "cut": applied and committed, then the connection dropped;
    - "stale-token": passed on with a CSRF token that is not the session's;
    - "portal": 200 with an HTML page, as a Wi-Fi sign-in page answers;
    - "hold": kept waiting until ``release()``, then passed on.
    """

    PATHS = ("/sync", "/sync/session")

    def __init__(self, original):
        self.original = original
        self.seen: list[Seen] = []
        self.plans = {path: deque() for path in self.PATHS}
        self.gate = threading.Event()
        self.waiting = 0
        self.lock = threading.Lock()

    def plan(self, *actions: str, path: str = "/sync") -> None:
        with self.lock:
            self.plans[path].extend(actions)

    def release(self) -> None:
        self.gate.set()

    def posts(self, sender: str | None = None) -> list[Seen]:
        return [
            seen
            for seen in list(self.seen)
            if seen.method == "POST" and sender in (None, seen.sender)
        ]

    def deliveries(self) -> Counter:
        """How often each change id reached the sync endpoint."""
        return Counter(change for seen in self.posts() for change in seen.changes)

    def __call__(self, environ, start_response):
        path = environ["PATH_INFO"]
        if path not in self.PATHS:
            return self.original(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        with self.lock:
            plan = self.plans[path].popleft() if self.plans[path] else None
            seen = Seen(
                at=time.monotonic(),
                method=environ["REQUEST_METHOD"],
                path=path,
                sender=sender_of(environ),
                changes=change_ids(body),
                plan=plan,
            )
            self.seen.append(seen)

        def noting(status, headers, exc_info=None):
            seen.status = status
            return start_response(status, headers, exc_info)

        return self.answer(plan, environ, noting)

    def answer(self, plan, environ, start_response):
        if plan == "hold":
            with self.lock:
                self.waiting += 1
            self.gate.wait(timeout=30)
            with self.lock:
                self.waiting -= 1
        if plan == "stale-token":
            environ["HTTP_X_CSRFTOKEN"] = "a-token-of-another-session"
        if plan in ("apply-then-fail", "cut"):
            for _chunk in self.original(environ, lambda *_args: None):
                pass  # applied and committed; the answer goes nowhere
        if plan == "cut":
            environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
            start_response("200 OK", [])
            return [b""]
        if plan in ("fail", "apply-then-fail"):
            start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "text/html")])
            return [b"<h1>Internal Server Error</h1>"]
        if plan == "portal":
            start_response("200 OK", [("Content-Type", "text/html")])
            return [b"<h1>Sign in to the gym's Wi-Fi</h1>"]
        return self.original(environ, start_response)


def sender_of(environ) -> str:
    referrer = environ.get("HTTP_REFERER", "")
    return "worker" if referrer.endswith("/service-worker.js") else "page"


def change_ids(body: bytes) -> list[str]:
    try:
        payload = json.loads(body or b"{}")
    except ValueError:
        return []
    changes = payload.get("changes") if isinstance(payload, dict) else None
    return [change.get("id") for change in changes or [] if isinstance(change, dict)]
