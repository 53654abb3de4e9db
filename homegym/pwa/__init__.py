"""The installable app: manifest, service worker and the offline shell."""

from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, send_file

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


@bp.route("/service-worker.js")
def service_worker():
    """Serve the service worker from the root, so that it controls every page."""
    response = send_file(project_file("service-worker.js"), mimetype="text/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    return served_fresh(response)


@bp.route("/offline")
def offline():
    """Render the offline page the service worker keeps; it names no user."""
    response = Response(render_template("pwa/offline.html", offline_shell=True))
    return served_fresh(response)
