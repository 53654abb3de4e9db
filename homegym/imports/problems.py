"""What each problem code means, in the user's language.

The parser and the import name problems by code and values only, so the same
problem can be stored with a batch and shown later in whatever language the
user reads then.
"""

from flask_babel import lazy_gettext as _l

MESSAGES = {
    # The whole file
    "empty": _l("The file is empty."),
    "not_text_file": _l(
        "This is not a text file. Upload the CSV file that Hevy or Strong exported."
    ),
    "utf16": _l(
        "This file is saved as UTF-16. Save it again as a CSV in UTF-8 (or "
        "upload the file exactly as Hevy or Strong exported it)."
    ),
    "unknown_format": _l(
        "This is neither a Hevy nor a Strong export: its first line does not "
        "have their columns."
    ),
    "missing_columns": _l(
        "This looks like a %(app)s export, but these columns are missing: %(columns)s."
    ),
    "too_large": _l("The file is larger than %(limit)s MB and was not read."),
    "no_file": _l("Choose the file to import."),
    "path_name": _l("The file name must be a plain name, without a folder path."),
    "no_workouts": _l("The file holds no workouts."),
    # One line
    "not_text": _l("not text (binary data or not UTF-8)"),
    "unclosed_quote": _l(
        "a quoted value starts here and never ends; nothing after it could be read"
    ),
    "bad_quoting": _l("broken quoting: a quote in the middle of a value"),
    "field_count": _l("%(found)s columns where the header has %(expected)s"),
    "missing_date": _l("the start time is missing"),
    "bad_date": _l("“%(value)s” is not a date and time"),
    "date_out_of_range": _l("the date “%(value)s” is impossible"),
    "ends_before_start": _l("the workout ends before it starts"),
    "title_too_long": _l("the workout title is longer than %(limit)s characters"),
    "name_too_long": _l("the exercise name is longer than %(limit)s characters"),
    "missing_exercise": _l("the exercise name is missing"),
    "not_a_number": _l("%(column)s “%(value)s” is not a number"),
    "not_whole": _l("%(column)s “%(value)s” is not a whole number"),
    "impossible": _l("%(column)s “%(value)s” is impossible"),
    "bad_set_type": _l("“%(value)s” is not a set type"),
    "bad_set_order": _l("“%(value)s” is not a set number"),
    "bad_duration": _l("“%(value)s” is not a duration"),
    # Why an import wrote nothing
    "problems": _l("The file has problems now that it did not have at preview."),
    "changed": _l("The waiting file no longer matches its preview."),
    "interrupted": _l("The import was interrupted, for example by a server restart."),
    "missing_file": _l("The uploaded file is gone. Upload it again."),
    "overlap": _l(
        "Another import added some of these workouts at the same time. Import "
        "the file again: what is there already will be skipped."
    ),
    "failed": _l("Something went wrong on the server. The error has been logged."),
}

COLUMNS = {
    "weight": _l("weight"),
    "reps": _l("reps"),
    "rpe": _l("RPE"),
    "distance": _l("distance"),
    "duration": _l("duration"),
    "set_index": _l("set number"),
}


def describe(code: str, params: dict | None = None) -> str:
    """Render a problem in the current language."""
    params = dict(params or {})
    if "column" in params:
        params["column"] = str(COLUMNS.get(params["column"], params["column"]))
    template = MESSAGES.get(code, MESSAGES["failed"])
    try:
        return str(template) % params if params else str(template)
    except (KeyError, TypeError, ValueError):
        return str(template)
