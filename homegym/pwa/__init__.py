"""The installable app: manifest, service worker and the offline shell."""

import hashlib
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    request,
    send_file,
)

VERSION_LINE = 'const VERSION = "dev";'
# The stylesheets under static/css, in cascade order: kept apart by domain to
# edit, sent as one file (see styles()).
STYLESHEETS = (
    "app",
    "forms",
    "components",
    "exercises",
    "plans",
    "workouts",
    "history",
    "tools",
    "progress",
    "imports",
    "coach",
    "offline",
)

bp = Blueprint("pwa", __name__, template_folder="templates")


def project_file(name: str) -> Path:
    """Locate a file at the top of the project, next to the package."""
    return Path(current_app.root_path).parent / name


def served_fresh(response: Response) -> Response:
    """Make browsers revalidate the file each time, so a new release shows."""
    response.cache_control.no_cache = True
    response.cache_control.max_age = None
    response.cache_control.public = False
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    """Serve the web app manifest from the site root."""
    response = send_file(
        project_file("manifest.webmanifest"), mimetype="application/manifest+json"
    )
    return served_fresh(response)


def shell_version(files: list[Path]) -> str:
    """Hash the shell's files: any change to one gives the worker a new version."""
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def shell_files() -> list[Path]:
    """List what the worker caches or depends on: static files, manifest, itself."""
    package = Path(current_app.root_path)
    static = [path for path in (package / "static").rglob("*") if path.is_file()]
    offline = package / "pwa" / "templates" / "pwa" / "offline.html"
    worker, manifest = (
        project_file("service-worker.js"),
        project_file("manifest.webmanifest"),
    )
    return [*static, offline, worker, manifest]


@bp.route("/service-worker.js")
def service_worker():
    """Serve the service worker from the root, so that it controls every page."""
    source = project_file("service-worker.js").read_text(encoding="utf-8")
    version = shell_version(shell_files())
    body = source.replace(VERSION_LINE, f'const VERSION = "{version}";', 1)
    response = Response(body, mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    return served_fresh(response)


@bp.route("/offline")
def offline():
    """Render the offline page the service worker keeps; it names no user."""
    response = Response(render_template("pwa/offline.html", offline_shell=True))
    return served_fresh(response)


def stylesheet_paths() -> list[Path]:
    css = Path(current_app.root_path) / "static" / "css"
    return [css / f"{name}.css" for name in STYLESHEETS]


_bundles: dict[tuple, tuple[bytes, str]] = {}


def stylesheet_bundle() -> tuple[bytes, str]:
    """Every stylesheet joined in cascade order, and its content hash.

    Made again when a file changes (keyed by modification times), so an
    edited sheet shows on the next load during development too."""
    paths = stylesheet_paths()
    key = tuple((path.name, path.stat().st_mtime_ns) for path in paths)
    found = _bundles.get(key)
    if found is None:
        body = b"".join(
            b"/* " + path.name.encode() + b" */\n" + path.read_bytes() + b"\n"
            for path in paths
        )
        found = body, hashlib.sha256(body).hexdigest()[:16]
        _bundles.clear()
        _bundles[key] = found
    return found


@bp.route("/styles.css")
def styles():
    """Serve every stylesheet as one file: a phone's first load makes one
    request and one gzip stream instead of twelve, about 10 KB less. The
    worker keeps it with the shell; browsers revalidate it like static files.
    """
    body, digest = stylesheet_bundle()
    response = Response(body, mimetype="text/css")
    response.set_etag(digest)
    return served_fresh(response).make_conditional(request)
