"""The sources page: every catalogue entry, each with an anchor the coach links to."""

from flask import render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from sqlalchemy import select

from homegym.extensions import db
from homegym.sources import bp
from homegym.sources.models import TrainingSource

KIND_LABELS = {
    "trial": _l("Trial"),
    "review": _l("Review"),
    "position_stand": _l("Position stand"),
    "guideline": _l("Guideline"),
    "consensus": _l("Expert consensus"),
    "convention": _l("Convention, not evidence"),
}


def catalogue() -> list[TrainingSource]:
    """List every entry, by key (its position in citations does not matter)."""
    return list(db.session.scalars(select(TrainingSource).order_by(TrainingSource.key)))


@bp.get("/sources")
@login_required
def index():
    """Show the catalogue: full citation, DOI link, what each entry supports."""
    return render_template(
        "sources/index.html",
        sources=catalogue(),
        locale=str(get_locale()),
        source_kinds=KIND_LABELS,
    )
