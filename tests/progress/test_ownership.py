"""Another user's entries and photos are simply not found; nobody signed out
sees any progress page."""

from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import log_in
from tests.progress.conftest import HTMX, png_bytes, snapshot, upload_data

# (endpoint, method, URL with {metric}/{photo}, form data)
ENDPOINTS = [
    ("progress.edit_metric", "GET", "/progress/body/{metric}/edit", {}),
    (
        "progress.update_metric",
        "POST",
        "/progress/body/{metric}",
        {"measured_on": "2026-11-05", "weight": "99"},
    ),
    ("progress.delete_metric", "POST", "/progress/body/{metric}/delete", {}),
    ("progress.photo_detail", "GET", "/progress/photos/{photo}", {}),
    (
        "progress.update_photo",
        "POST",
        "/progress/photos/{photo}",
        {"taken_on": "2026-11-05", "pose": "back", "note": "mine now"},
    ),
    ("progress.delete_photo", "POST", "/progress/photos/{photo}/delete", {}),
    ("progress.photo_image", "GET", "/progress/photos/{photo}/image", {}),
    ("progress.photo_thumb", "GET", "/progress/photos/{photo}/thumb", {}),
]


def test_every_progress_endpoint_with_an_id_is_walked(app):
    with_ids = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("progress.") and rule.arguments
    }

    assert with_ids == {endpoint for endpoint, *_ in ENDPOINTS}


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("method", "url", "data"),
    [endpoint[1:] for endpoint in ENDPOINTS],
    ids=[endpoint[0] for endpoint in ENDPOINTS],
)
def test_another_users_entry_or_photo_is_not_found(
    client,
    user,
    make_user,
    make_metric,
    make_photo,
    uploads,
    method,
    url,
    data,
    headers,
):
    metric = make_metric(user, weight_kg=Decimal(70))
    photo = make_photo(user, note="Ada's secret")
    intruder = make_user("mallory@example.com")
    log_in(client, intruder.email)
    before = snapshot(uploads)

    response = client.open(
        url.format(metric=metric.id, photo=photo.id),
        method=method,
        data=data,
        headers=headers,
    )

    assert response.status_code == 404
    assert "Ada" not in response.get_data(True)
    assert response.mimetype != "image/jpeg"
    assert snapshot(uploads) == before


def test_lists_charts_and_comparisons_show_only_ones_own(
    client, user, make_user, make_metric, make_photo, uploads
):
    make_metric(user, weight_kg=Decimal("71.3"))
    ada_photo = make_photo(user, taken_on=date(2026, 10, 1))
    make_photo(user, taken_on=date(2026, 11, 1))
    intruder = make_user("mallory@example.com")
    log_in(client, intruder.email)

    pages = [
        client.get(url).get_data(True)
        for url in (
            "/progress",
            "/progress/body",
            "/progress/photos",
            "/progress/photos/compare?before=2026-10-01&after=2026-11-01",
            "/progress/charts/weight?range=all",
        )
    ]

    for page in pages:
        assert "71.3" not in page
        assert f"/progress/photos/{ada_photo.id}" not in page


def test_an_upload_cannot_claim_another_users_uuid(
    client, user, make_user, make_photo, uploads
):
    photo = make_photo(user)
    intruder = make_user("mallory@example.com")
    log_in(client, intruder.email)

    response = client.post(
        "/progress/photos", data=upload_data(png_bytes(), "a.png", uuid=photo.uuid)
    )

    assert response.status_code == 303
    assert len(snapshot(uploads)["photos"]) == 2


PAGES = [
    ("GET", "/progress"),
    ("GET", "/progress/charts/strength"),
    ("GET", "/progress/charts/volume"),
    ("GET", "/progress/charts/weight"),
    ("GET", "/progress/body"),
    ("POST", "/progress/body"),
    ("GET", "/progress/photos"),
    ("POST", "/progress/photos"),
    ("GET", "/progress/photos/compare"),
    ("GET", "/progress/photos/{photo}/image"),
]


def test_every_progress_endpoint_is_walked_signed_out_or_by_id(app):
    without_ids = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("progress.") and not rule.arguments
    }

    assert without_ids == {url for _, url in PAGES if "{" not in url}


@pytest.mark.parametrize(("method", "url"), PAGES, ids=[url for _, url in PAGES])
def test_signed_out_visitors_are_sent_to_log_in(
    client, user, make_photo, uploads, method, url
):
    photo = make_photo(user)

    response = client.open(url.format(photo=photo.id), method=method)

    assert response.status_code in (302, 303)
    assert "/login" in response.headers["Location"]


def test_an_entry_cannot_claim_another_users_uuid(client, user, make_user):
    uuid = "0c5d7a4e-1f0b-4c1e-9c55-6c4f3f0a9b11"
    intruder = make_user("mallory@example.com")
    for person, weight in ((user, "70"), (intruder, "90")):
        log_in(client, person.email)
        client.post(
            "/progress/body",
            data={"measured_on": "2026-11-01", "weight": weight, "uuid": uuid},
        )
        client.post("/logout")

    assert [(row[1], row[3]) for row in snapshot()["metrics"]] == [
        (user.id, Decimal(70)),
        (intruder.id, Decimal(90)),
    ]
