"""A lifter at the rack, over real HTTP: the pages' htmx posts, and the outbox.

Only the standard library talks to the server. A tap that gets no answer (or
a 5xx) goes to an outbox and is sent again through ``POST /sync`` under the
same change id until the server says applied or duplicate, as the phone's
outbox does (see docs/offline.md).
"""

import http.client
import json
import re
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
CARD = re.compile(r'id="exercise-(\d+)"')
SET_ROW = re.compile(r'id="set-(\d+)"[^>]*data-uuid="([0-9a-f-]+)"')
WORKOUT = re.compile(r"/workouts/(\d+)/log")
REQUEST_SECONDS = 60
OUTBOX_TRIES = 20
SETTLED = {"applied", "duplicate"}


def new_id() -> str:
    return str(uuid.uuid4())


def change(op: str, **data) -> dict:
    """An outbox entry: its id stays the same however often it is sent."""
    return {"id": new_id(), "op": op, "data": data}


class NoAnswer(Exception):
    """The request was sent but no HTTP answer came back."""


@dataclass
class Reply:
    status: int
    body: str
    headers: http.client.HTTPMessage

    def json(self):
        return json.loads(self.body)


@dataclass
class Lifter:
    port: int
    email: str = ""
    cookies: dict = field(default_factory=dict)
    token: str = ""
    owner: str = ""
    # uuid -> (weight, reps) of every set the server confirmed as ticked
    confirmed: dict = field(default_factory=dict)
    set_ids: dict = field(default_factory=dict)  # uuid -> row id, from the pages
    outbox: list = field(default_factory=list)
    failures: list = field(default_factory=list)

    # --- HTTP ---------------------------------------------------------------

    def connect(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=REQUEST_SECONDS
        )
        connection.connect()
        return connection

    def send(self, connection, method, path, form=None, body=None, htmx=False):
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            headers["X-CSRFToken"] = self.token
        if htmx:
            headers["HX-Request"] = "true"
        payload = None
        if form is not None:
            payload = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
            headers["Accept"] = "application/json"
        connection.request(method, path, body=payload, headers=headers)

    def answer(self, connection) -> Reply:
        try:
            response = connection.getresponse()
            reply = Reply(response.status, response.read().decode(), response.headers)
        except (http.client.HTTPException, OSError) as error:
            raise NoAnswer(repr(error)) from error
        finally:
            connection.close()
        for header in reply.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return reply

    def request(self, method, path, form=None, body=None, htmx=False) -> Reply:
        try:
            connection = self.connect()
        except OSError as error:
            raise NoAnswer(repr(error)) from error
        self.send(connection, method, path, form, body, htmx)
        return self.answer(connection)

    def expect(self, status: int, method: str, path: str, **kwargs) -> Reply:
        reply = self.request(method, path, **kwargs)
        assert reply.status == status, (method, path, reply.status, reply.body[:500])
        return reply

    # --- The pages ----------------------------------------------------------

    def log_in(self, email: str, password: str) -> None:
        self.email = email
        page = self.expect(200, "GET", "/login").body
        self.token = CSRF.search(page).group(1)
        form = {"email": email, "password": password}
        self.expect(303, "POST", "/login", form=form)
        self.refresh_token()

    def refresh_token(self) -> None:
        """A fresh CSRF token and the owner key, as /sync/session hands out."""
        session = self.expect(200, "GET", "/sync/session").json()
        self.token, self.owner = session["csrf"], session["user"]

    def start_workout(self) -> tuple[int, str]:
        workout_uuid = new_id()
        reply = self.expect(303, "POST", "/workouts", form={"uuid": workout_uuid})
        return int(WORKOUT.search(reply.headers["Location"]).group(1)), workout_uuid

    def add_exercise(self, workout_id: int, exercise_id: int) -> tuple[int, str, str]:
        """Add an exercise; the card comes back with its first set."""
        performed_uuid = new_id()
        card = self.expect(
            200,
            "POST",
            f"/workouts/{workout_id}/exercises",
            form={"exercise_id": exercise_id, "uuid": performed_uuid},
            htmx=True,
        ).body
        [(set_id, set_uuid)] = SET_ROW.findall(card)
        self.set_ids[set_uuid] = int(set_id)
        return int(CARD.search(card).group(1)), performed_uuid, set_uuid

    def add_set(self, workout_id: int, performed: tuple[int, str]) -> str:
        """Tap "add set"; without an answer the tap goes to the outbox."""
        set_uuid = new_id()
        path = f"/workouts/{workout_id}/exercises/{performed[0]}/sets"
        if not self.outbox:
            try:
                reply = self.request("POST", path, form={"uuid": set_uuid}, htmx=True)
                if reply.status == 200:
                    rows = {
                        found: int(row) for row, found in SET_ROW.findall(reply.body)
                    }
                    self.set_ids[set_uuid] = rows[set_uuid]
                    return set_uuid
                assert reply.status >= 500, (path, reply.status, reply.body[:500])
                self.failures.append((path, reply.status))
            except NoAnswer as error:
                self.failures.append((path, str(error)))
        self.outbox.append(change("set.add", uuid=set_uuid, exercise=performed[1]))
        return set_uuid

    def tick(self, workout_id: int, set_uuid: str, weight: int, reps: int) -> None:
        """Tick a set with its weight and reps; kept in the outbox if unanswered."""
        values = {"weight": str(weight), "reps": str(reps), "done": "1"}
        set_id = None if self.outbox else self.set_ids.get(set_uuid)
        if set_id is not None:
            path = f"/workouts/{workout_id}/sets/{set_id}"
            try:
                reply = self.request("POST", path, form=values, htmx=True)
                if reply.status == 200:
                    self.confirmed[set_uuid] = (weight, reps)
                    return
                assert reply.status >= 500, (path, reply.status, reply.body[:500])
                self.failures.append((path, reply.status))
            except NoAnswer as error:
                self.failures.append((path, str(error)))
        self.outbox.append(change("set.update", uuid=set_uuid, unit="kg", **values))
        self.flush()

    # --- The outbox ---------------------------------------------------------

    def sync(self, changes: list[dict]) -> Reply:
        return self.request(
            "POST", "/sync", body={"user": self.owner, "changes": changes}
        )

    def flush(self) -> None:
        """Send the outbox until every change is settled, backing off between."""
        for attempt in range(OUTBOX_TRIES):
            try:
                reply = self.sync(self.outbox)
            except NoAnswer as error:
                self.failures.append(("/sync", str(error)))
                time.sleep(0.1 * (attempt + 1))
                continue
            if reply.status != 200:
                assert reply.status >= 500, (reply.status, reply.body[:500])
                self.failures.append(("/sync", reply.status))
                time.sleep(0.1 * (attempt + 1))
                continue
            results = reply.json()["results"]
            assert all(result["status"] in SETTLED for result in results), results
            for sent in self.outbox:
                if sent["op"] == "set.update":
                    data = sent["data"]
                    self.confirmed[data["uuid"]] = (
                        int(data["weight"]),
                        int(data["reps"]),
                    )
            self.outbox.clear()
            return
        raise AssertionError(f"the outbox of {self.email} never got through")
