"""Both catalogues are complete: every user-facing string has German and English."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "homegym" / "translations"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Extract the strings the code uses right now, as `make catalogues` does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(  # noqa: S603  (our own pybabel, fixed arguments)
        [pybabel, "--quiet", "extract", "-F", "babel.cfg", "-k", "_l", "-o", pot, "."],
        cwd=ROOT,
        check=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", ["de", "en"])
def test_catalogue_translates_every_string(extracted, language):
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalogue = read_po(handle)

    missing = []
    for message in extracted:
        if not message.id:
            continue
        entry = catalogue.get(message.id, context=message.context)
        strings = entry.string if entry else None
        if isinstance(strings, tuple | list):
            translated = entry is not None and all(strings)
        else:
            translated = bool(strings)
        if not translated or (entry is not None and entry.fuzzy):
            missing.append(message.id)

    assert missing == [], f"{language}: {len(missing)} strings untranslated"


def test_compiled_catalogues_are_current():
    for language in ("de", "en"):
        folder = TRANSLATIONS / language / "LC_MESSAGES"
        po, mo = folder / "messages.po", folder / "messages.mo"
        assert mo.exists(), f"run `make setup` to compile {language}"
        assert mo.stat().st_mtime >= po.stat().st_mtime, f"recompile {language}"
