"""Import forms; Flask-WTF adds and checks the CSRF token on each."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectChoice

UNITS = [
    SelectChoice("kg", _l("Kilograms (kg)")),
    SelectChoice("lb", _l("Pounds (lb)")),
]


class UploadForm(FlaskForm):
    # Checked in the view: its size before anything is read, its content after.
    file = FileField(_l("Export file (CSV)"))


class ConfirmForm(FlaskForm):
    """The unit of a Strong file; the exercise choices are read by name."""

    unit = RadioField(_l("Weights in this file are in"), choices=UNITS)
