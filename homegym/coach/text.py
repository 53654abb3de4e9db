"""Coach sentences in the user's language during a request, English outside one.

Named ``_`` so the message extractor finds every sentence.
"""

from flask import has_request_context
from flask_babel import get_locale, gettext, pgettext


def _(message: str, **values) -> str:
    """Translate and fill in a sentence; outside a request (CLI, tests) keep English."""
    if has_request_context():
        return gettext(message, **values)
    return message % values if values else message


def group_label(key: str) -> str:
    """Name a muscle group for people: the library's label, or "Back"."""
    if not has_request_context():
        return key.replace("_", " ")
    from homegym.exercises.vocabulary import MUSCLES

    if key == "back":
        return pgettext("muscle group", "Back")
    label = MUSCLES.get(key)
    return str(label) if label is not None else key


def locale() -> str:
    """The request's language for exercise names; English outside a request."""
    return str(get_locale()) if has_request_context() else "en"
