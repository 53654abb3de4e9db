"""The installable app: manifest, service worker and the offline shell."""

from pathlib import Path

from flask import Blueprint, current_app, send_file

bp = Blueprint("pwa", __name__)


def project_file(name: str) -> Path:
    return Path(current_app.root_path).parent / name


@bp.route("/manifest.webmanifest")
def manifest():
    """Serve the web app manifest from the site root."""
    return send_file(project_file("manifest.webmanifest"), mimetype="application/manifest+json")
