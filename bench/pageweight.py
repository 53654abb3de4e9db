"""Bytes the workout screen costs a phone: first, repeat and offline load.

Debian's Chromium, driven by Playwright, opens ``/workouts/<id>/log`` of an
open workout in a fresh context (no HTTP cache, no service worker), signed in
by a session cookie. The server is ``bench.floor:homegym_app()`` under
gunicorn with ``BENCH_GZIP_LEVEL`` set, so text responses come gzipped as a
reverse proxy would send them. Every request Chromium makes is seen, those of
the service worker included (Playwright reports them), and what came from the
network is added up from Chromium's own sizes (response headers + body as
transferred); what the service worker answered from its cache costs nothing.
"""

import time

from bench.table import Row

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-GB",
}
QUIET_SECONDS = 2.0
CARDS = "section.exercise-card"


class Tally:
    """Every request of one load, with who made it and what it cost."""

    def __init__(self, context):
        self.seen: list[dict] = []
        self.failed: list[str] = []
        context.on("requestfinished", self._finished)
        context.on("requestfailed", self._failed)
        self.last = time.monotonic()
        context.on("request", lambda r: setattr(self, "last", time.monotonic()))

    def _failed(self, request) -> None:
        # The worker trying the network first and falling back is its design;
        # a request of the page itself that fails is a hole in the cache.
        if request.service_worker is None:
            self.failed.append(request.url)

    def _finished(self, request) -> None:
        self.last = time.monotonic()
        response = request.response()
        sizes = request.sizes()
        self.seen.append(
            {
                "url": request.url,
                "worker": request.service_worker is not None,
                "navigation": request.is_navigation_request(),
                "from_worker": bool(response and response.from_service_worker),
                "bytes": sizes["responseHeadersSize"] + sizes["responseBodySize"],
            }
        )

    def reset(self) -> None:
        self.seen, self.failed = [], []
        self.last = time.monotonic()

    def settle(self, limit: float = 20.0) -> None:
        """Wait until no request has started or ended for a moment."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if time.monotonic() - self.last > QUIET_SECONDS:
                return
            time.sleep(0.2)

    def network(self) -> list[dict]:
        """The requests that went to the server: a page's own that no worker
        answered, and the worker's own fetches."""
        return [r for r in self.seen if r["worker"] or not r["from_worker"]]


def is_asset(url: str, base: str) -> bool:
    """A file of the app's frame, not a page: styles, scripts, icons, the
    manifest and the worker itself."""
    path = url.replace(base, "", 1)
    return path.startswith("/static/") or path in (
        "/manifest.webmanifest",
        "/service-worker.js",
    )


def _kb(requests) -> float:
    return sum(r["bytes"] for r in requests) / 1024


def bench_page_weight(base: str, cookies: list[dict], path: str, level: int):
    from playwright.sync_api import sync_playwright

    url = base + path
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(**PHONE)
        context.add_cookies(cookies)
        page = context.new_page()
        page.set_default_timeout(20_000)
        tally = Tally(context)

        page.goto(url, wait_until="load")
        page.wait_for_function("() => !!navigator.serviceWorker.controller")
        tally.settle()
        first = list(tally.network())
        page_own = [r for r in first if not r["worker"]]
        worker_own = [r for r in first if r["worker"]]
        document = [r for r in page_own if r["navigation"]]
        assets = [r for r in page_own if not r["navigation"]]

        tally.reset()
        page.goto(url, wait_until="load")
        tally.settle()
        again = tally.network()
        again_document = [r for r in again if r["url"] == url]
        again_assets = [r for r in again if is_asset(r["url"], base)]
        again_pages = [
            r for r in again if r not in again_document and r not in again_assets
        ]
        rendered_again = page.locator(CARDS).count()

        tally.reset()
        context.set_offline(True)
        page.goto(url, wait_until="load")
        tally.settle(limit=8)
        offline = [r for r in tally.network() if r["bytes"]]
        offline_failed = list(tally.failed)
        rendered_offline = page.locator(CARDS).count()
        context.set_offline(False)
        browser.close()

    def names(requests) -> str:
        return ", ".join(r["url"].replace(base, "") for r in requests) or "none"

    print(
        f"page weight of {path} (gzip level {level}): first load "
        f"{len(page_own)} requests from the network ({len(document)} document), "
        f"the worker fetched {len(worker_own)} more; repeat load: {names(again)}; "
        f"offline: {rendered_offline} exercise cards drawn, failed requests: "
        f"{names([{'url': u} for u in offline_failed])}"
    )
    heaviest = sorted(page_own, key=lambda r: -r["bytes"])[:6]
    print(
        "  first load's heaviest: "
        + ", ".join(
            f"{r['url'].replace(base, '')} {r['bytes'] / 1024:.1f} KB" for r in heaviest
        )
    )
    kb = "KB"
    return [
        Row(
            f"workout screen, first load: document + {len(assets)} assets",
            _kb(page_own),
            None,
            kb,
            "<= 80 KB",
            80,
            on_ratio=False,
        ),
        Row(f"  of which the document ({path})", _kb(document), None, kb),
        Row(
            f"first visit: service worker install precache + warm-up "
            f"({len(worker_own)} requests)",
            _kb(worker_own),
            None,
            kb,
        ),
        Row(
            f"workout screen, repeat load: assets ({len(again_assets)} requests)",
            _kb(again_assets),
            None,
            kb,
            "0 bytes",
            0,
            on_ratio=False,
            also=rendered_again > 0,
        ),
        Row(
            "workout screen, repeat load: the document (live data, network-first)",
            _kb(again_document),
            None,
            kb,
        ),
        Row(
            f"repeat load: other pages the worker keeps for offline "
            f"({len(again_pages)} requests)",
            _kb(again_pages),
            None,
            kb,
        ),
        Row(
            "workout screen, offline load: bytes from the network",
            _kb(offline),
            None,
            kb,
            "0 bytes, page drawn",
            0,
            on_ratio=False,
            also=rendered_offline > 0 and not offline_failed,
        ),
    ]
