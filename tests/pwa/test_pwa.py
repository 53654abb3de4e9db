"""The installable app: manifest, icons, service worker, offline page and CSP."""

import json
import os
import re
import struct
from pathlib import Path

import pytest
from flask import render_template_string

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "homegym"
HTMX = "vendor/htmx/htmx-2.0.11.min.js"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LOCAL_ASSET = re.compile(
    r'(?:src|href)="(/(?:static/[^"]+|manifest\.webmanifest|styles\.css))"'
)


def png_size(data: bytes) -> tuple[int, int]:
    """Read width and height from a PNG's IHDR chunk, which must come first."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    _length, chunk, width, height = struct.unpack(">I4sII", data[8:24])
    assert chunk == b"IHDR"
    return width, height


def precached_urls(worker: str) -> list[str]:
    """Pull the URLs out of the SHELL list in the service worker."""
    match = re.search(r"const SHELL = \[(.*?)\];", worker, re.DOTALL)
    assert match, "the service worker must list its shell in `const SHELL = [...]`"
    return re.findall(r'"(/[^"]*)"', match.group(1))


def templates() -> list[Path]:
    """Every Jinja template of every package."""
    found = [p for p in PACKAGE.rglob("*.html") if "templates" in p.parts]
    assert found
    return found


def local_assets(page: str) -> set[str]:
    """The site's own files a page loads: scripts, styles, icons, images."""
    return set(LOCAL_ASSET.findall(page))


# ---------- Manifest and icons ----------


def test_manifest_is_served_from_the_root_with_its_type(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(True))
    assert manifest["name"] == "HomeGym"
    assert manifest["short_name"]
    assert manifest["description"]
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["background_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])


def test_manifest_theme_colour_matches_the_page_and_the_css(client):
    manifest = client.get("/manifest.webmanifest").get_json(force=True)
    page = client.get("/login").get_data(True)
    css = (PACKAGE / "static/css/app.css").read_text()

    theme = manifest["theme_color"]
    assert f'<meta name="theme-color" content="{theme}">' in page
    assert f"--brand: {theme};" in css


def test_manifest_offers_the_icons_an_install_needs(client):
    icons = client.get("/manifest.webmanifest").get_json(force=True)["icons"]
    offered = {(i["sizes"], i["type"], i["purpose"]) for i in icons}

    assert ("192x192", "image/png", "any") in offered
    assert ("512x512", "image/png", "any") in offered
    assert ("512x512", "image/png", "maskable") in offered
    assert ("any", "image/svg+xml", "any") in offered


def test_every_manifest_icon_exists_in_its_stated_size(client):
    icons = client.get("/manifest.webmanifest").get_json(force=True)["icons"]

    for icon in icons:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            width, height = png_size(response.data)
            assert f"{width}x{height}" == icon["sizes"], icon["src"]
        else:
            assert b"<svg" in response.data


def test_apple_touch_icon_is_a_180_pixel_png(client):
    page = client.get("/login").get_data(True)
    href = re.search(r'<link rel="apple-touch-icon" href="([^"]+)"', page).group(1)

    assert png_size(client.get(href).data) == (180, 180)


# ---------- Service worker ----------


def test_service_worker_is_served_from_the_root_and_always_revalidated(client):
    response = client.get("/service-worker.js")

    assert response.status_code == 200
    assert response.mimetype in {"text/javascript", "application/javascript"}
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]


def test_service_worker_versions_its_shell_cache(client):
    worker = client.get("/service-worker.js").get_data(True)

    assert re.search(r'const VERSION = "[^"]+";', worker)
    assert 'const SHELL_PREFIX = "homegym-shell-";' in worker
    assert "name.startsWith(SHELL_PREFIX)" in worker
    assert 'const OFFLINE_URL = "/offline";' in worker


def test_every_precached_url_answers(client):
    urls = precached_urls(client.get("/service-worker.js").get_data(True))

    assert "/offline" in urls
    assert "/manifest.webmanifest" in urls
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_offline_page_needs_only_what_is_precached(client):
    urls = set(precached_urls(client.get("/service-worker.js").get_data(True)))
    page = client.get("/offline").get_data(True)

    assert f"/static/{HTMX}" in urls
    assert local_assets(page) <= urls


# ---------- Offline page ----------


def test_offline_page_is_public_and_says_what_is_going_on(client):
    response = client.get("/offline")

    assert response.status_code == 200
    page = response.get_data(True)
    assert "You are offline" in page
    assert "will reconnect" in page
    assert "no-cache" in response.headers["Cache-Control"]


def test_offline_page_holds_nothing_of_a_session(client):
    response = client.get("/offline")
    page = response.get_data(True)

    assert "Set-Cookie" not in response.headers
    assert 'name="csrf-token"' not in page
    assert "X-CSRFToken" not in page


def test_offline_page_names_no_user_even_when_signed_in(logged_in, user):
    page = logged_in.get("/offline").get_data(True)

    assert user.email not in page
    assert "Log out" not in page
    assert "csrf" not in page.lower()


# ---------- Layout, CSP and templates ----------


def test_layout_carries_the_csrf_token_and_the_htmx_config(client):
    page = client.get("/login").get_data(True)

    assert re.search(r'<meta name="csrf-token" content="[^"]+">', page)
    assert re.search(r"<body[^>]*hx-headers='\{\"X-CSRFToken\": \"[^\"]+\"\}'", page)
    raw = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page).group(1)
    config = json.loads(raw)
    assert config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False
    assert config["historyCacheSize"] == 0
    assert config["selfRequestsOnly"] is True


def test_layout_gives_the_script_its_translated_texts(client):
    page = client.get("/login").get_data(True)

    assert 'data-sw-url="/service-worker.js"' in page
    assert re.search(r'data-msg-error="[^"]+"', page)
    assert re.search(r'data-msg-offline="[^"]+"', page)
    assert re.search(r'<p class="offline-banner"[^>]*\bhidden\b', page)
    assert '<a class="skip-link" href="#main">' in page


@pytest.mark.parametrize("on", [True, False])
def test_maintenance_banner_follows_the_context(app, on):
    with app.test_request_context("/"):
        page = render_template_string(
            '{% extends "base.html" %}{% block title %}t{% endblock %}',
            maintenance=on,
        )

    assert ('class="maintenance-banner"' in page) is on


def test_csp_allows_no_inline_code_and_no_eval(client):
    policy = client.get("/login").headers["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_has_no_inline_code_or_style(path):
    source = path.read_text()

    inline_scripts = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>", source, re.I)
    assert not inline_scripts, "CSP blocks inline scripts; load a file instead"
    assert not re.search(r"<style\b", source, re.I), "CSP blocks <style>"
    for tag in re.findall(r"<[a-z][^>]*>", source, re.I):
        assert not re.search(r"\sstyle\s*=", tag, re.I), tag
        assert not re.search(r"\son[a-z]+\s*=", tag, re.I), tag
        assert "hx-on" not in tag, "hx-on needs eval, which the CSP forbids"


@pytest.mark.parametrize("path", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_loads_nothing_from_other_sites(path):
    source = path.read_text()

    remote = re.findall(
        r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//",
        source,
        re.I,
    )
    assert not remote, "the app must work with no internet: vendor it"


def test_htmx_is_vendored_with_its_licence_and_loaded_by_the_layout(client):
    vendored = PACKAGE / "static" / HTMX

    assert vendored.stat().st_size > 10_000
    assert (vendored.parent / "LICENSE").read_text().strip()
    assert HTMX in (PACKAGE / "templates/base.html").read_text()
    page = client.get("/login").get_data(True)
    assert f'<script src="/static/{HTMX}" defer></script>' in page


def test_every_file_the_layout_loads_exists(client):
    page = client.get("/login").get_data(True)

    assets = local_assets(page)
    assert "/styles.css" in assets and "/static/js/app.js" in assets
    for url in assets:
        assert client.get(url).status_code == 200, url


def test_worker_version_follows_the_shell_files(client, tmp_path):
    from homegym.pwa import shell_version

    worker = client.get("/service-worker.js").get_data(True)
    served = re.search(r'const VERSION = "([0-9a-f]{16})";', worker)
    assert served, "the served worker carries a content hash, not the placeholder"

    style = tmp_path / "app.css"
    style.write_text("body { color: black; }")
    before = shell_version([style])
    style.write_text("body { color: green; }")
    assert shell_version([style]) != before


def test_the_stylesheets_arrive_as_one_file_in_cascade_order(client):
    """One request instead of twelve on a phone's first load."""
    from homegym.pwa import STYLESHEETS

    page = client.get("/login").get_data(True)
    assert page.count('rel="stylesheet"') == 1
    response = client.get("/styles.css")
    body = response.get_data(True)

    assert response.status_code == 200 and response.mimetype == "text/css"
    assert response.headers["Cache-Control"] == "no-cache"
    starts = [body.index(f"/* {name}.css */") for name in STYLESHEETS]
    assert starts == sorted(starts)
    for name in STYLESHEETS:
        assert (PACKAGE / "static/css" / f"{name}.css").read_text() in body
    assert sorted(STYLESHEETS) == sorted(
        path.stem for path in (PACKAGE / "static/css").glob("*.css")
    ), "a new stylesheet must be named in homegym.pwa.STYLESHEETS"

    again = client.get(
        "/styles.css", headers={"If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304 and not again.data


def test_an_edited_stylesheet_shows_on_the_next_load(
    client, app, tmp_path, monkeypatch
):
    from homegym import pwa

    sheets = []
    for name in ("a", "b"):
        sheet = tmp_path / f"{name}.css"
        sheet.write_text(f".{name} {{ color: red; }}")
        sheets.append(sheet)
    monkeypatch.setattr(pwa, "stylesheet_paths", lambda: sheets)
    first = client.get("/styles.css")
    sheets[1].write_text(".b { color: green; }")
    os.utime(sheets[1], ns=(1, 10**18))

    second = client.get("/styles.css")
    assert "color: red" in first.get_data(True)
    assert ".b { color: green; }" in second.get_data(True)
    assert first.headers["ETag"] != second.headers["ETag"]
