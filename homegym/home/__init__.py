"""The landing page and the dashboard."""

from flask import Blueprint, render_template
from flask_login import current_user

bp = Blueprint("home", __name__, template_folder="templates")


@bp.route("/")
def index():
    """Show the dashboard to a signed-in lifter, the welcome page to anyone else."""
    if current_user.is_authenticated:
        return render_template("home/dashboard.html")
    return render_template("home/welcome.html")
