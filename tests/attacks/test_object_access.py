"""Another user's objects, addressed by id in every URL rule of the app.

Walks ``app.url_map``: every rule with an argument is requested with the
owner's real ids, by another signed-in user (alone and mixed with that
user's own ids, so a check of the outer object only is caught too) and by
somebody signed out, with every method the rule allows, as a page and as
htmx. The answer must be "not found" or the way to the login page, the
owner's texts must appear in no answer, and none of the owner's rows or
files may change. A rule with an argument nobody built an object for fails
the walk, so a new route is covered or the walk is extended.

Two arguments are not private ids, and the walk says what it expects of them:
- ``filename`` (static files) is public by design; the owner's photo key
  must not be served from it.
- ``token`` of the password reset is a bearer credential: whoever holds a
  valid one may set the account's password, which is its purpose. Another
  user can only hold a token they made without the server's key; it must
  count for nothing (the reset page sends them back to ask for a link).

Exercises of the shared library are public by design, so ``exercise_id``
is the owner's own exercise, which nobody else may see.
"""

from itertools import product

import pytest
from flask import url_for
from sqlalchemy import select

from homegym.accounts.models import User
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.imports import storage
from tests.attacks.world import (
    ADDRESSED,
    Visitor,
    build_world,
    files_under,
    key_for,
    rows_of,
)

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
OWNER_MARK = "QX7owner"
OTHER_MARK = "JW3other"
# A form that would pass most of the app's forms, so a missing check would
# change something rather than stop at a validation error.
FORM = {
    "name": "taken over",
    "notes": "taken over",
    "note": "taken over",
    "name_en": "taken over",
    "name_de": "taken over",
    "primary_muscles": "chest",
    "mechanic": "compound",
    "load": "external",
    "weight": "1",
    "reps": "1",
    "done": "1",
    "kind": "normal",
    "direction": "up",
    "sets": "3",
    "reps_min": "5",
    "reps_max": "6",
    "rest_seconds": "60",
    "taken_on": "2026-01-02",
    "measured_on": "2026-01-02",
    "pose": "back",
    "unit": "kg",
    "password": "a new password for the owner",
}
VARIANTS = {"page": {}, "htmx": {"HX-Request": "true"}}
# Arguments that are not the owner's private ids (see the module docstring).
NOT_PRIVATE = {("static", "filename"), ("accounts", "token")}


def id_rules(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules() if rule.arguments),
        key=lambda rule: (rule.rule, rule.endpoint),
    )


def url(app, rule, ids_by_name: dict) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **ids_by_name)


def pick(rule, world) -> dict:
    return {name: world.ids[key_for(rule.endpoint, name)] for name in rule.arguments}


def mixes(rule, owner, other):
    """The owner's ids, and each way of mixing them with the other's own."""
    names = sorted(rule.arguments)
    for whose in product((owner, other), repeat=len(names)):
        if any(world is owner for world in whose):
            yield {
                name: world.ids[key_for(rule.endpoint, name)]
                for name, world in zip(names, whose, strict=True)
            }


def expected(rule, signed_in: bool, response) -> bool:
    """Not found, or the way to the login page; never the object."""
    if rule.endpoint == "static":
        return response.status_code == 404
    location = response.headers.get("Location", "")
    if rule.endpoint == "accounts.reset_password":
        return response.status_code == 302 and "/password/forgot" in location
    if signed_in:
        return response.status_code == 404
    hx_redirect = response.headers.get("HX-Redirect", "")
    return (response.status_code == 302 and "/login" in location) or (
        response.status_code == 401 and "/login" in hx_redirect
    )


def leaked(response, owner) -> str:
    """What of the owner's the response shows, if anything."""
    shown = response.data + str(response.headers).encode()
    for text in (OWNER_MARK, owner.user.email):
        if text.encode() in shown:
            return text
    if response.mimetype.startswith("image/"):
        return "an image"
    return ""


@pytest.fixture
def places(app, tmp_path, monkeypatch):
    """Photos and waiting imports in folders of this test's own."""
    imports = tmp_path / "imports"
    imports.mkdir()
    monkeypatch.setattr(storage, "folder", lambda: imports)
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    return tmp_path


@pytest.fixture
def worlds(app, make_user, places):
    owner = build_world(app, make_user("owner.qx7@example.com"), OWNER_MARK)
    other = build_world(app, make_user("other.jw3@example.com"), OTHER_MARK)
    return owner, other


def test_every_argument_of_every_rule_has_an_object(app):
    missing = [
        f"{rule.endpoint}: <{name}>"
        for rule in id_rules(app)
        for name in rule.arguments
        if key_for(rule.endpoint, name) not in ADDRESSED
    ]

    assert not missing, (
        "build an object for these arguments in tests/attacks/world.py: "
        + ", ".join(missing)
    )


def test_nobody_else_reaches_a_users_objects(app, worlds, places):
    owner, other = worlds
    rows_before = rows_of(owner.user.id)
    files_before = files_under(places)
    anonymous = Visitor(app)
    failures = []

    for rule in id_rules(app):
        for method, (variant, headers) in product(
            [m for m in METHODS if m in rule.methods], VARIANTS.items()
        ):
            tries = [(other.visitor, ids) for ids in mixes(rule, owner, other)]
            tries.append((anonymous, pick(rule, owner)))
            for visitor, ids in tries:
                address = url(app, rule, ids)
                data = {**FORM, "exercise_id": other.ids["exercise_id"]}
                response = visitor.open(
                    address,
                    method,
                    headers=headers,
                    data=data if method != "GET" else None,
                )
                who = "signed out" if visitor is anonymous else "another user"
                where = f"{who} {method} {address} ({rule.endpoint}, {variant})"
                if not expected(rule, visitor is not anonymous, response):
                    failures.append(f"{where} answered {response.status_code}")
                if shown := leaked(response, owner):
                    failures.append(f"{where} showed {shown}")

    assert not failures, "\n".join(failures)
    assert rows_of(owner.user.id) == rows_before
    assert files_under(places) == files_before


def test_the_walk_uses_ids_the_owner_really_reaches(app, worlds):
    """The control: with the same ids the owner opens each page, or finds
    each form on their own pages, so a 404 above is about whose it is."""
    owner, _other = worlds
    pages, reached = "", set()
    for rule in id_rules(app):
        if "GET" in rule.methods:
            address = url(app, rule, pick(rule, owner))
            response = owner.visitor.open(address)
            if response.status_code in (200, 303) and rule.endpoint != "static":
                reached |= {key_for(rule.endpoint, n) for n in rule.arguments}
                pages += response.data.decode(errors="replace")
    pages += owner.visitor.open("/settings/sessions").get_data(True)
    for rule in id_rules(app):
        if url(app, rule, pick(rule, owner)) in pages:
            reached |= {key_for(rule.endpoint, n) for n in rule.arguments}

    assert reached == ADDRESSED - NOT_PRIVATE
    assert (
        OWNER_MARK.encode()
        in owner.visitor.open(f"/workouts/{owner.ids['workout_id']}/log").data
    )


def test_library_exercises_are_shared_and_own_ones_are_not(app, worlds):
    owner, other = worlds
    shared = Exercise(key="walk_press", name_en="Shared Press", name_de="Drücken")
    db.session.add(shared)
    db.session.commit()

    assert other.visitor.open(f"/exercises/{shared.id}").status_code == 200
    assert (
        other.visitor.open(f"/exercises/{owner.ids['exercise_id']}").status_code == 404
    )


def test_a_forged_reset_link_changes_no_password(app, worlds):
    owner, _other = worlds
    before = db.session.scalar(
        select(User.password_hash).where(User.id == owner.user.id)
    )
    stranger = Visitor(app)

    response = stranger.open(
        f"/password/reset/{owner.ids['accounts', 'token']}",
        "POST",
        data={"password": "a brand new password here"},
    )

    assert response.status_code == 302
    assert "/password/forgot" in response.headers["Location"]
    db.session.expire_all()
    assert (
        db.session.scalar(select(User.password_hash).where(User.id == owner.user.id))
        == before
    )
