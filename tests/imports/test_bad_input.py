"""Malformed files: each problem is named with its line, and nothing is written."""

import io
import random

import pytest

from homegym.imports.formats import FileRefused
from homegym.imports.parser import Parse
from tests.imports.conftest import FILES, nothing_written

HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id",'
    '"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
    '"duration_seconds","rpe"\n'
)
GOOD = '"Push","2 Mar 2026, 7:30","2 Mar 2026, 8:41","","Bench Press (Barbell)","","",'


def good_row(index: int = 0, weight: str = "80", reps: str = "5", rpe: str = "") -> str:
    return f'{GOOD}"{index}","normal","{weight}","{reps}","","","{rpe}"\n'


def upload(client, content: bytes | str, name: str = "export.csv"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    return client.post(
        "/imports",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def refused(response) -> str:
    assert response.status_code == 422, response.status_code
    page = response.get_data(as_text=True)
    assert "This file cannot be imported" in page
    return page


CASES = {
    "impossible numbers": (
        HEADER
        + good_row(0)
        + good_row(1, weight="-5")
        + good_row(2, reps="2.5")
        + good_row(3, rpe="11")
        + good_row(4, weight="99999")
        + good_row(5, reps="many"),
        [
            "Line 3</span> weight “-5” is impossible",
            "Line 4</span> reps “2.5” is not a whole number",
            "Line 5</span> RPE “11” is impossible",
            "Line 6</span> weight “99999” is impossible",
            "Line 7</span> reps “many” is not a number",
        ],
    ),
    "dates that do not parse": (
        HEADER
        + good_row(0)
        + '"Legs","31 Feb 2026, 10:00","31 Feb 2026, 11:00","","Deadlift (Barbell)",'
        '"","","0","normal","100","5","","",""\n'
        + '"Arms","yesterday","","","Curl","","","0","normal","10","5","","",""\n'
        + '"Back","5 Mar 2026, 10:00","5 Mar 2026, 9:00","","Row","","","0",'
        '"normal","10","5","","",""\n',
        [
            "Line 3</span> “31 Feb 2026, 10:00” is not a date and time",
            "Line 4</span> “yesterday” is not a date and time",
            "Line 5</span> the workout ends before it starts",
        ],
    ),
    "broken quoting in a value": (
        HEADER + good_row(0) + '"Push"oops,"2 Mar 2026, 7:30"\n' + good_row(1),
        ["Line 3</span> broken quoting: a quote in the middle of a value"],
    ),
    "a quote closed too early": (
        HEADER
        + good_row(0)
        + '"Push","2 Mar 2026, 7:30","2 Mar 2026, 8:41","a ""note,\n'
        + good_row(1),
        ["Line 3</span> broken quoting: a quote in the middle of a value"],
    ),
    "a quote that never closes": (
        HEADER
        + good_row(0)
        + good_row(1)
        + '"Push","2 Mar 2026, 7:30","2 Mar 2026, 8:41","unclosed note,\n'
        + "and the file goes on, 80, 5\n"
        + "to its end\n",
        ["Line 4</span> a quoted value starts here and never ends"],
    ),
    "wrong number of columns": (
        HEADER + good_row(0) + '"Push","2 Mar 2026, 7:30","","Bench"\n',
        ["Line 3</span> 4 columns where the header has 14"],
    ),
    "an unknown set type": (
        HEADER + good_row(0).replace('"normal"', '"giant"'),
        ["Line 2</span> “giant” is not a set type"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_bad_line_is_named_and_nothing_is_written(library, user, logged_in, case):
    content, messages = CASES[case]

    page = refused(upload(logged_in, content))

    for message in messages:
        assert message in page
    assert nothing_written(user)


def test_binary_junk_inside_the_file_is_named_by_line(library, user, logged_in):
    content = (HEADER + good_row(0)).encode() + b"\x00\x89PNG\xff\xfe junk\n"
    content += good_row(1).encode()

    page = refused(upload(logged_in, content))

    assert "Line 3</span> not text (binary data or not UTF-8)" in page
    assert nothing_written(user)


def test_a_binary_file_is_refused_as_a_whole(library, user, logged_in):
    junk = bytes(range(256)) * 40

    page = refused(upload(logged_in, junk, name="photo.png"))

    assert "This is not a text file." in page
    assert nothing_written(user)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "The file is empty."),
        (HEADER, "The file holds no workouts."),
        (
            "Datum,Übung,Gewicht,Wiederholungen\n2026-03-02,Kniebeuge,100,5\n",
            "This is neither a Hevy nor a Strong export",
        ),
        (
            '"title","start_time","end_time","exercise_title","set_type"\n',
            "This looks like a Hevy export, but these columns are missing: "
            "weight_kg, reps.",
        ),
        (
            "Date,Workout Name,Exercise Name,Reps\n",
            "This looks like a Strong export, but these columns are missing: "
            "set order, weight.",
        ),
    ],
)
def test_files_of_the_wrong_kind_get_a_clear_message(
    library, user, logged_in, content, message
):
    page = refused(upload(logged_in, content))

    assert message in page
    assert nothing_written(user)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_file_is_named_as_such(library, user, logged_in, encoding):
    content = (HEADER + good_row()).encode(encoding)

    page = refused(upload(logged_in, content))

    assert "This file is saved as UTF-16." in page
    assert nothing_written(user)


def test_no_file_chosen(user, logged_in):
    response = logged_in.post("/imports", data={}, content_type="multipart/form-data")

    assert response.status_code == 422
    assert "Choose the file to import." in response.get_data(as_text=True)


def test_mangled_files_are_refused_or_read_never_crash(tmp_path):
    """Bytes flipped, quotes and junk inserted, pieces cut out of real test files."""
    files = sorted(FILES.glob("*.csv"))
    rng = random.Random(6)
    junk = [b'"', b'""', b"\n", b",,", b"1e9999", b"NaN", b"-1", b"\xe2\x80", b"\x00"]
    for _ in range(400):
        data = bytearray(rng.choice(files).read_bytes())
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.4:
                data[at] = rng.randrange(256)
            elif choice < 0.7:
                del data[at : at + rng.randint(1, 20)]
            else:
                data[at:at] = rng.choice(junk)
        path = tmp_path / "mangled.csv"
        path.write_bytes(bytes(data))
        try:
            parse = Parse(str(path), unit=rng.choice([None, "kg", "lb"]))
        except FileRefused:
            continue
        for _workout in parse.workouts():
            pass


STRONG_HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,"
    "Seconds,Notes,Workout Notes,RPE\n"
)
STRONG_DAY = "2025-07-23 19:16:49,Evening Workout,1h 5m,Squat (Barbell)"


def test_each_bad_line_of_a_strong_file_is_named_and_nothing_is_written(
    library, user, logged_in
):
    content = (
        STRONG_HEADER
        + f"{STRONG_DAY},1,80.0,5.0,0,0,,,8\n"
        + "2025-13-45 19:16:49,Evening Workout,1h 5m,Squat (Barbell),2,80,5,0,0,,,\n"
        + "2025-07-24 18:00:00,Legs,soon,Squat (Barbell),1,80,5,0,0,,,\n"
        + f"{STRONG_DAY},X,80.0,5.0,0,0,,,\n"
        + f"{STRONG_DAY},3,heavy,5.0,0,0,,,\n"
        + f"{STRONG_DAY},4,80.0,-3,0,0,,,\n"
        + f"{STRONG_DAY},5,80.0,5.0,0,0,,,12\n"
        + f"{STRONG_DAY},6,80.0\n"
    )

    page = refused(upload(logged_in, content, name="strong.csv"))

    for message in [
        "Line 3</span> “2025-13-45 19:16:49” is not a date and time",
        "Line 4</span> “soon” is not a duration",
        "Line 5</span> “X” is not a set number",
        "Line 6</span> weight “heavy” is not a number",
        "Line 7</span> reps “-3” is impossible",
        "Line 8</span> RPE “12” is impossible",
        "Line 9</span> 6 columns where the header has 12",
    ]:
        assert message in page
    assert "Line 2</span>" not in page
    assert nothing_written(user)
