"""The exercise picker macro that the plan and workout forms import."""

import re

from flask import render_template_string

from homegym.exercises.library import grouped_choices
from homegym.extensions import db

PICKER = (
    '{% from "exercises/_picker.html" import exercise_select %}'
    "{{ exercise_select('exercise_id', choices, selected=selected, id=id,"
    " placeholder=placeholder, required=true, aria_label='Exercise') }}"
)


def render_picker(app, user, selected=None, id=None, placeholder=None) -> str:
    with app.test_request_context():
        return render_template_string(
            PICKER,
            choices=grouped_choices(user, "en"),
            selected=selected,
            id=id,
            placeholder=placeholder,
        )


def group(html: str, label: str) -> str:
    match = re.search(rf'<optgroup label="{label}">(.*?)</optgroup>', html, re.S)
    assert match, label
    return match.group(1)


def test_usable_exercises_come_first_in_their_own_group(app, user, library):
    user.equipment = {**user.equipment_settings(), "pullup_bar": True}
    db.session.commit()

    html = render_picker(app, user)

    assert html.index("Usable with your equipment") < html.index(
        "Needs other equipment"
    )
    usable = group(html, "Usable with your equipment")
    other = group(html, "Needs other equipment")
    assert "Pull-Up" in usable and "Push-Up" in usable
    assert "Bench Press" in other and "Bench Press" not in usable


def test_the_select_carries_name_id_selection_and_attributes(app, user, library):
    bench = library["bench_press"]

    html = render_picker(
        app, user, selected=str(bench.id), id="pick-1", placeholder="Choose…"
    )

    assert (
        '<select name="exercise_id" id="pick-1" aria-label="Exercise" required>' in html
    )
    assert '<option value="">Choose…</option>' in html
    assert f'<option value="{bench.id}" selected>Bench Press</option>' in html
    assert html.count(" selected>") == 1


def test_an_empty_group_is_left_out(app, user, make_own_exercise):
    make_own_exercise(user, name_en="Sandbag Carry", equipment=[])

    html = render_picker(app, user)

    assert "Needs other equipment" not in html
    assert (
        '<select name="exercise_id" id="exercise_id" aria-label="Exercise" required>'
        in html
    )
