"""The sources catalogue: the bundled file, ``flask sources load``, the page."""

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from homegym.extensions import db
from homegym.sources.loader import DEFAULT_PATH, load_catalogue, read_catalogue
from homegym.sources.models import TrainingSource


def count() -> int:
    return db.session.scalar(select(func.count(TrainingSource.id)))


def source(key: str) -> TrainingSource:
    return db.session.scalar(select(TrainingSource).where(TrainingSource.key == key))


def test_load_reports_counts_and_is_idempotent(runner):
    first = runner.invoke(args=["sources", "load"])
    again = runner.invoke(args=["sources", "load"])

    entries = len(read_catalogue())
    assert first.exit_code == 0 and f"{entries} created, 0 updated" in first.output
    assert again.output.strip() == f"0 created, 0 updated, {entries} unchanged"
    assert count() == entries >= 29


def test_load_updates_changed_entries_and_deletes_none(runner, tmp_path):
    load_catalogue()
    entries = read_catalogue()
    entries[0]["supports_en"] = "Changed wording."
    changed = tmp_path / "sources.json"
    changed.write_text(json.dumps(entries[:5]), encoding="utf-8")

    result = runner.invoke(args=["sources", "load", "--file", str(changed)])

    assert result.output.strip() == "0 created, 1 updated, 4 unchanged"
    assert source(entries[0]["key"]).supports_en == "Changed wording."
    assert count() == len(read_catalogue())


def test_a_bad_file_changes_nothing(runner, tmp_path):
    bad = read_catalogue()
    bad[1]["kind"] = "blog"
    bad[2]["doi"] = "not a doi"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")

    result = runner.invoke(args=["sources", "load", "--file", str(path)])

    assert result.exit_code != 0
    assert "entry 2: kind must be one of" in result.output
    assert "entry 3: doi must look like" in result.output
    assert "Nothing was changed." in result.output and count() == 0


def test_citations_are_exact(app):
    load_catalogue()
    ralston = source("ralston2017setvolume")
    assert ralston.citation.startswith("Ralston GW, Kilgore L, Wyatt FB, Baker JS.")
    assert "Sports Med. 2017;47(12):2585-2601." in ralston.citation
    assert ralston.doi == "10.1007/s40279-017-0762-7"
    assert "Mcleod JC" in source("currier2023nma").citation
    brzycki = source("brzycki1993")
    assert "Strength testing—predicting a one-rep max" in brzycki.citation
    assert source("acsm2009progression").citation.startswith(
        "American College of Sports Medicine"
    )


def test_formula_origins_are_conventions_not_evidence(app):
    load_catalogue()
    assert source("epley1985").kind == "convention" and source("epley1985").doi is None
    assert source("brzycki1993").kind == "convention"
    assert "convention" in source("epley1985").supports_en.lower()


def test_every_entry_says_what_it_supports_in_both_languages():
    for entry in read_catalogue():
        assert entry["supports_en"].strip() and entry["supports_de"].strip()
        assert entry["supports_en"] != entry["supports_de"]


def test_the_bundled_file_is_valid_json_with_unique_keys():
    keys = [entry["key"] for entry in json.loads(DEFAULT_PATH.read_text("utf-8"))]
    assert len(keys) == len(set(keys))


def test_the_page_lists_every_entry_with_an_anchor(logged_in):
    load_catalogue()
    page = logged_in.get("/sources").get_data(True)

    for entry in read_catalogue():
        assert f'id="{entry["key"]}"' in page
    assert 'href="https://doi.org/10.1519/SSC.0000000000000218"' in page
    assert "Convention, not evidence" in page


def test_the_page_in_german(client, make_user):
    from tests.conftest import log_in

    load_catalogue()
    german = make_user(language="de")
    log_in(client, german.email)

    page = client.get("/sources").get_data(True)

    assert "Aufwärmen verbesserte die Leistung" in page


# The verified reference sits beside the repository (``../shared``); a clean
# checkout elsewhere on this machine finds it under /work.
REFERENCE = next(
    (
        folder / "shared/reference/training-sources.md"
        for folder in (Path(__file__).resolve().parents[3], Path("/work"))
        if (folder / "shared/reference/training-sources.md").exists()
    ),
    Path("shared/reference/training-sources.md"),
)


def reference_rows() -> dict[str, tuple[str, str | None]]:
    """The verified table: key -> (full citation, DOI or None)."""
    rows = {}
    for line in REFERENCE.read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if not line.startswith("| ") or len(cells) != 5 or cells[0] == "key":
            continue
        if set(cells[0]) <= set("-"):
            continue
        doi = cells[2] if cells[2].startswith("10.") else None
        rows[cells[0]] = (cells[1], doi)
    return rows


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference is absent")
def test_every_citation_and_doi_is_the_verified_one_character_for_character():
    expected = reference_rows()
    bundled = {e["key"]: (e["citation"], e["doi"]) for e in read_catalogue()}

    assert len(expected) == 29
    assert bundled == expected
