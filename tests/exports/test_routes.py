"""The export page and its two downloads: the owner's data, to the owner only."""

import csv
import io
import json
import re

import pytest

from tests.conftest import log_in

CSV_URL = "/settings/export/homegym-hevy.csv"
JSON_URL = "/settings/export/homegym.json"


def signed_in_as(client, user):
    assert log_in(client, user.email).status_code == 303
    return client


def titles(response) -> set[str]:
    rows = csv.DictReader(io.StringIO(response.get_data(True)))
    return {row["title"] for row in rows}


def test_the_page_offers_both_downloads(client, history):
    page = signed_in_as(client, history).get("/settings/export").get_data(True)
    assert f'href="{CSV_URL}"' in page
    assert f'href="{JSON_URL}"' in page
    assert "Europe/Berlin" in page  # the zone the CSV's times are in


def test_the_owner_downloads_the_hevy_csv(client, history):
    response = signed_in_as(client, history).get(CSV_URL)

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert re.fullmatch(
        r'attachment; filename="homegym-hevy-\d{4}-\d\d-\d\d\.csv"',
        response.headers["Content-Disposition"],
    )
    assert response.headers["Cache-Control"] == "no-store"
    assert titles(response) == {"Push 💪", "Leg Day 🦵🔥"}


def test_the_owner_downloads_the_json_document(client, history):
    response = signed_in_as(client, history).get(JSON_URL)

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert re.fullmatch(
        r'attachment; filename="homegym-\d{4}-\d\d-\d\d\.json"',
        response.headers["Content-Disposition"],
    )
    assert response.headers["Cache-Control"] == "no-store"
    document = json.loads(response.get_data(True))
    assert document["account"]["email"] == history.email
    assert len(document["workouts"]) == 3


@pytest.mark.parametrize("url", ["/settings/export", CSV_URL, JSON_URL])
def test_anonymous_is_sent_to_login(client, history, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_another_user_downloads_only_their_own(client, history, other):
    signed_in_as(client, other)

    assert titles(client.get(CSV_URL)) == {"Other's Tuesday"}
    text = client.get(JSON_URL).get_data(True)
    document = json.loads(text)
    assert document["account"]["email"] == "other@example.com"
    assert [w["name"] for w in document["workouts"]] == ["Other's Tuesday"]
    assert [e["name_en"] for e in document["exercises"]] == ["Other Sled"]
    for mark in (history.email, "Push 💪", "Garage Rower", "Still going"):
        assert mark not in text
