"""The model provider against a local server that speaks chat completions.

The server answers as a model would: by default it echoes the engine's draft
back (a valid answer); tests change it into invalid answers, a slow answer
or a 500.
"""

import json
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from homegym.coach.models import CoachRequest
from homegym.coach.quotas import Quota
from homegym.extensions import db
from homegym.plans.models import Plan
from tests.coach.conftest import exercise
from tests.conftest import HX

PLAN_FORM = {
    "goal": "hypertrophy",
    "experience": "intermediate",
    "days": "3",
    "minutes": "60",
}


class FakeModel:
    """What the server does next: a function from the request to an answer."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        self.delay = 0.0
        self.change = lambda draft: draft

    def content(self, body: dict) -> str:
        payload = json.loads(body["messages"][-1]["content"])
        self.requests.append(payload)
        answer = self.change(json.loads(json.dumps(payload["draft"])))
        return answer if isinstance(answer, str) else json.dumps(answer)


@pytest.fixture
def model(app):
    fake = FakeModel()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            time.sleep(fake.delay)
            if fake.status != 200:
                reply = {"error": {"message": "boom", "type": "server_error"}}
            else:
                reply = {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body["model"],
                    "choices": [
                        {
                            "index": 0,
                            "message": {
                                "role": "assistant",
                                "content": fake.content(body),
                            },
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {
                        "prompt_tokens": 1200,
                        "completion_tokens": 300,
                        "total_tokens": 1500,
                    },
                }
            data = json.dumps(reply).encode()
            try:
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout test)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(
        AI_PROVIDER="openai",
        AI_BASE_URL=f"http://127.0.0.1:{server.server_port}/v1",
        AI_API_KEY="test-key",
        AI_MODEL="local-coach",
        AI_TIMEOUT=1,
    )
    yield fake
    server.shutdown()
    server.server_close()


def record():
    return db.session.scalar(select(CoachRequest).order_by(CoachRequest.id.desc()))


def test_a_valid_answer_makes_the_plan(library, logged_in, user, model):
    def renamed(draft):
        draft["name"] = "Model plan"
        return draft

    model.change = renamed
    response = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert response.status_code == 200
    assert db.session.scalar(select(Plan.name)) == "Model plan"
    row = record()
    assert (row.provider, row.model, row.outcome) == ("openai", "local-coach", "ok")
    assert (row.prompt_tokens, row.completion_tokens) == (1200, 300)
    assert Quota.of(user, "plan").remaining() == 2
    # The model got the same inputs, the engine's numbers and the catalogue.
    sent = model.requests[0]
    assert sent["request"]["days"] == 3 and "weekly_sets" in sent["draft"]
    assert "schoenfeld2017volume" in sent["catalogue"]
    assert {e["id"] for e in sent["exercises"]} >= {
        i["exercise_id"] for d in sent["draft"]["days"] for i in d["items"]
    }


def _first_item(draft):
    return draft["days"][0]["items"][0]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda d, leg_press: _first_item(d).update(exercise_id=leg_press),
            "not possible with your equipment",
        ),
        (lambda d, _: _first_item(d).update(exercise_id=999_999), "is unknown"),
        (lambda d, _: _first_item(d).update(sets=40), "sets 40 is outside 1 to 10"),
        (lambda d, _: _first_item(d).update(target_rpe=11), "outside 5 to 10"),
        (
            lambda d, _: d["rationale"][0].update(sources=["smith2099"]),
            "smith2099, which is not in the catalogue",
        ),
        (lambda d, _: d["days"].pop(), "2 days given, 3 asked for"),
        (lambda d, _: d.pop("rationale"), "'rationale' is missing"),
    ],
)
def test_an_invalid_answer_is_rejected_and_costs_nothing(
    library, logged_in, gym_user, model, change, reason
):
    leg_press = exercise("leg_press").id  # machines: not in this gym

    def broken(draft):
        change(draft, leg_press)
        return draft

    model.change = broken
    # Dumbbells and a bench only: a leg press is not possible.
    dumbbell_user = gym_user("dumbbells")
    logged_in.post("/logout")
    from tests.conftest import log_in

    log_in(logged_in, dumbbell_user.email)
    response = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    page = response.get_data(True)
    assert response.status_code == 422
    assert "The coach’s answer was rejected" in page
    assert reason in page.replace("&#39;", "'")
    assert db.session.scalar(select(Plan)) is None
    assert record().outcome == "rejected"
    assert Quota.of(dumbbell_user, "plan").remaining() == 3


def test_prose_instead_of_json_is_rejected(library, logged_in, user, model):
    model.change = lambda draft: "Here is your plan: squat a lot."
    response = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert "not a JSON object" in response.get_data(True)
    assert Quota.of(user, "plan").remaining() == 3


def test_a_timeout_fails_cleanly(library, logged_in, user, model):
    model.delay = 1.5
    response = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert response.status_code == 422
    assert "did not answer in time" in response.get_data(True)
    assert record().outcome == "failed"
    assert Quota.of(user, "plan").remaining() == 3


def test_a_server_error_fails_cleanly(library, logged_in, user, model):
    model.status = 500
    response = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert "answered with status 500" in response.get_data(True)
    assert record().outcome == "failed" and record().message
    assert Quota.of(user, "plan").remaining() == 3


def test_guidance_from_the_model_is_checked_and_rounded(
    library, logged_in, user, log_workout, model
):
    workout = log_workout(
        user,
        "bench_press",
        [(100, 5, 7), (None, None, None)],
        finished=False,
        target_reps_min=5,
        target_reps_max=5,
        target_rpe=Decimal(8),
    )
    set_id = workout.exercises[0].sets[0].id

    def odd_load(draft):
        draft["next_weight_kg"] = 103.7  # not loadable with 1.25 kg plates
        return draft

    model.change = odd_load
    response = logged_in.post(f"/coach/sets/{set_id}/guidance", headers=HX)
    # 102.5 and 105 are loadable; 103.7 is nearer the first.
    assert "102.5 kg" in response.get_data(True)
    assert record().result["next_weight_kg"] == 102.5

    def too_heavy(draft):
        draft["next_weight_kg"] = 200  # above the estimated 1RM of 126.67
        return draft

    model.change = too_heavy
    response = logged_in.post(f"/coach/sets/{set_id}/guidance", headers=HX)
    assert "next_weight_kg 200" in response.get_data(True)
    assert Quota.of(user, "guidance").remaining() == 49


def test_a_models_jump_past_a_tenth_is_held_to_the_engines_step(
    library, logged_in, user, log_workout, model
):
    """After 100 kg × 5 at RPE 7 the engine goes to 102.5 kg and never past
    110 (a tenth). A model's 120 kg is below the e1RM of 126.67, so the schema
    lets it through; the coach brings it down to 110 and says why."""
    workout = log_workout(
        user,
        "bench_press",
        [(100, 5, 7), (None, None, None)],
        finished=False,
        target_reps_min=5,
        target_reps_max=5,
        target_rpe=Decimal(8),
    )
    set_id = workout.exercises[0].sets[0].id

    def leap(draft):
        draft["next_weight_kg"] = 120
        return draft

    model.change = leap
    response = logged_in.post(f"/coach/sets/{set_id}/guidance", headers=HX)

    page = response.get_data(True)
    assert response.status_code == 200
    assert "110 kg × 5 reps" in page and "120 kg × " not in page
    assert "The model proposed 120 kg, more than a tenth above this set" in page
    assert "aim for 110 kg" in page
    assert record().outcome == "ok" and record().result["next_weight_kg"] == 110
    reason = record().result["reasons"][0]
    assert "zourdos2016rpe" in reason["sources"]

    def small_step(draft):
        draft["next_weight_kg"] = 105
        return draft

    model.change = small_step
    response = logged_in.post(f"/coach/sets/{set_id}/guidance", headers=HX)
    assert record().result["next_weight_kg"] == 105
    assert "The model proposed" not in response.get_data(True)


def test_a_models_first_working_set_is_held_to_the_recent_best(
    library, logged_in, user, log_workout, model
):
    """Last time 100 kg × 5 at RPE 8: the engine starts today's 5 at RPE 8 at
    100 kg and would allow at most a tenth more, 110. A model's 120 kg is
    under the e1RM of 123.33, so the schema lets it through; the coach brings
    it down to 110, says why, and drops a warm-up step at or past the work."""
    from datetime import datetime

    log_workout(user, "bench_press", [(100, 5, 8)], when=datetime(2026, 11, 2, 17))
    workout = log_workout(
        user,
        "bench_press",
        [(None, None, None), (None, None, None)],
        when=datetime(2026, 11, 5, 17),
        finished=False,
        target_reps_min=5,
        target_reps_max=5,
        target_rpe=Decimal(8),
    )
    set_id = workout.exercises[0].sets[0].id

    def engine(draft):
        return draft

    model.change = engine
    logged_in.post(f"/coach/sets/{set_id}/guidance", headers=HX)
    assert record().result["next_weight_kg"] == 100

    def too_heavy_start(draft):
        draft["next_weight_kg"] = 120
        draft["warmup"] = [
            {"weight_kg": 60, "reps": 5},
            {"weight_kg": 115, "reps": 1},
        ]
        return draft

    model.change = too_heavy_start
    response = logged_in.post(f"/coach/sets/{set_id}/guidance", headers=HX)

    page = response.get_data(True)
    assert response.status_code == 200
    assert (
        "The model proposed 120 kg for the first working set, more than a tenth "
        "above the 100 kg that your recent best points to for 5 reps at RPE 8"
    ) in page
    assert "aim for 110 kg" in page
    assert "The model’s warm-up went up to or past the first working set" in page
    result = record().result
    assert record().outcome == "ok" and result["next_weight_kg"] == 110
    assert [step["weight_kg"] for step in result["warmup"]] == [60]
    assert "helms2016rir" in result["reasons"][0]["sources"]

    def within_a_tenth(draft):
        draft["next_weight_kg"] = 105
        return draft

    model.change = within_a_tenth
    response = logged_in.post(f"/coach/sets/{set_id}/guidance", headers=HX)
    assert record().result["next_weight_kg"] == 105
    assert "The model proposed" not in response.get_data(True)


def test_analysis_advice_from_the_model_must_cite_the_catalogue(
    library, logged_in, user, log_workout, model
):
    from homegym import clock

    log_workout(user, "bench_press", [(80, 8, 8)], when=clock.utcnow())

    def advice(draft):
        return {
            "changes": [
                {
                    "topic": "volume",
                    "text": "Add two sets of rows.",
                    "sources": ["schoenfeld2017volume"],
                }
            ]
        }

    model.change = advice
    response = logged_in.post("/coach/analysis", data={"weeks": "4"}, headers=HX)
    assert "Add two sets of rows." in response.get_data(True)
    assert record().result["workouts"] == 1  # the numbers stay the database's

    model.change = lambda draft: {
        "changes": [{"topic": "volume", "text": "x", "sources": []}]
    }
    response = logged_in.post("/coach/analysis", data={"weeks": "4"}, headers=HX)
    assert "cites no source" in response.get_data(True)
    assert Quota.of(user, "analysis").remaining() == 9


def test_markup_in_a_models_answer_is_shown_as_text(library, logged_in, user, model):
    def scripted(draft):
        draft["rationale"][0]["text"] = "<script>alert('x')</script> Rest well."
        return draft

    model.change = scripted
    page = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX).get_data(True)

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page
