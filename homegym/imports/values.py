"""Reading the values of an export: dates in the styles seen, numbers, durations.

Each reader returns the value or raises ``Bad`` with a problem code; the
parser turns that into a line of the report. Readers are cached by their
text, since a workout's date repeats on every row and weights repeat often.
"""

import re
from datetime import datetime
from decimal import Decimal
from functools import lru_cache


class Bad(ValueError):
    """A value that cannot be read; ``code`` names the problem (see problems.py)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


MONTHS = {
    # English, short and long (both appear in Hevy exports).
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    # German: phones set to German may write month names in German.
    "januar": 1, "jän": 1, "februar": 2, "mär": 3, "mrz": 3, "märz": 3,
    "mai": 5, "juni": 6, "juli": 7, "okt": 10, "oktober": 10, "dez": 12,
    "dezember": 12,
}  # fmt: skip

_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?\s*[Mm]\.?)?"
# "2 Mar 2026, 19:59" (day first), comma and seconds optional.
DAY_FIRST = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]+)\.?\s+(\d{4}),?\s+" + _TIME)
# "May 7, 2026, 6:13 AM" (month first, US style).
MONTH_FIRST = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4}),?\s+" + _TIME)
# "2025-07-23 19:16:49" (Strong; also accepted from Hevy-style files).
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[ T]" + _TIME)
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _clock(hour: str, minute: str, second: str | None, half: str | None):
    hour_value = int(hour)
    if half:
        if not 1 <= hour_value <= 12:
            raise Bad("bad_date")
        hour_value = hour_value % 12 + (12 if half.lower() == "p" else 0)
    return hour_value, int(minute), int(second or 0)


@lru_cache(maxsize=8192)
def read_datetime(text: str) -> datetime:
    """Read a local date and time in any of the export styles; no time zone."""
    text = SPACES.sub(" ", text).strip()
    if not text:
        raise Bad("missing_date")
    try:
        if match := ISO.fullmatch(text):
            year, month, day, *rest = match.groups()
            return datetime(int(year), int(month), int(day), *_clock(*rest))
        if match := DAY_FIRST.fullmatch(text):
            day, month_name, year, *rest = match.groups()
        elif match := MONTH_FIRST.fullmatch(text):
            month_name, day, year, *rest = match.groups()
        else:
            raise Bad("bad_date")
        month = MONTHS.get(month_name.casefold())
        if month is None:
            raise Bad("bad_date")
        return datetime(int(year), month, int(day), *_clock(*rest))
    except ValueError as error:  # day 31 in April, hour 25 and the like
        if isinstance(error, Bad):
            raise
        raise Bad("bad_date") from error


@lru_cache(maxsize=4096)
def read_decimal(text: str) -> Decimal | None:
    """Read a number with a decimal point or comma ("82,5"); empty means None."""
    text = text.strip()
    if not text:
        return None
    if "," in text:
        if "." in text or text.count(",") > 1:
            raise Bad("not_a_number")
        text = text.replace(",", ".")
    # Plain digits only: no exponents, no NaN, nothing too long to be a weight.
    if len(text) > 24 or not PLAIN_NUMBER.fullmatch(text):
        raise Bad("not_a_number")
    return Decimal(text)


def read_whole(text: str) -> int | None:
    """Read a whole number, also written as a decimal ("20.0" in Strong files)."""
    value = read_decimal(text)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise Bad("not_whole")
    return int(value)


STRONG_DURATION = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?")


def read_duration(text: str) -> int | None:
    """Read a Strong workout duration such as "29m" or "2h 38m", in seconds."""
    text = text.strip().lower()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    match = STRONG_DURATION.fullmatch(text)
    if match is None or not any(match.groups()):
        raise Bad("bad_duration")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds
