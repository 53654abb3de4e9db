"""Error reports to Sentry, stripped of secrets and personal data before they leave."""

import re
from urllib.parse import urlsplit

import sentry_sdk
from flask import Flask
from sentry_sdk.integrations.flask import FlaskIntegration
from sentry_sdk.integrations.sqlalchemy import SqlalchemyIntegration

FILTERED = "[Filtered]"
SECRET_HEADERS = {
    "authorization",
    "cookie",
    "x-csrftoken",
    "x-csrf-token",
    "forwarded",
    "x-forwarded-for",
    "x-real-ip",
}
# Bodies of these requests hold passwords, tokens or a user's own files.
SENSITIVE_PATH = re.compile(
    r"/(login|register|password|reset|uploads?|imports?)(/|$)", re.IGNORECASE
)
TOKEN_IN_PATH = re.compile(r"(/reset/)[^/?#]+")
# Audit lines name people as "user=... ip=..."; keep the words, drop the values.
PERSON_FIELD = re.compile(r"\b(user|email|ip)=\S+")


def redact_people(text: str) -> str:
    """Replace the values of user=, email= and ip= in a log line."""
    return PERSON_FIELD.sub(lambda match: f"{match.group(1)}={FILTERED}", text)


def scrub_request(request: dict) -> None:
    """Drop credentials, addresses and sensitive bodies from the request part."""
    headers = request.get("headers")
    if isinstance(headers, dict):
        for name in list(headers):
            if name.lower() in SECRET_HEADERS:
                headers[name] = FILTERED
    request.pop("cookies", None)
    if isinstance(request.get("env"), dict):
        request["env"].pop("REMOTE_ADDR", None)

    url = request.get("url") or ""
    if SENSITIVE_PATH.search(urlsplit(url).path):
        for field in ("data", "query_string"):
            if request.get(field):
                request[field] = FILTERED
    if url:
        request["url"] = TOKEN_IN_PATH.sub(rf"\1{FILTERED}", url)


def scrub_log_text(event: dict) -> None:
    """Remove people from the log message and from breadcrumbs of log lines."""
    entry = event.get("logentry")
    if isinstance(entry, dict):
        for field in ("message", "formatted"):
            if isinstance(entry.get(field), str):
                entry[field] = redact_people(entry[field])
        if entry.get("params"):
            entry["params"] = []
    crumbs = event.get("breadcrumbs")
    values = crumbs.get("values", []) if isinstance(crumbs, dict) else crumbs or []
    for crumb in values:
        if isinstance(crumb.get("message"), str):
            crumb["message"] = redact_people(crumb["message"])


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Strip secrets and personal data from an event before Sentry sends it."""
    if isinstance(event.get("request"), dict):
        scrub_request(event["request"])
    user = event.get("user")
    if isinstance(user, dict):
        for field in ("email", "ip_address", "username"):
            user.pop(field, None)
    scrub_log_text(event)
    return event


def init_sentry(app: Flask) -> bool:
    """Start the Sentry SDK when SENTRY_DSN is set; say whether it started."""
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        integrations=[FlaskIntegration(), SqlalchemyIntegration()],
        environment=app.config.get("SENTRY_ENVIRONMENT") or app.config["HOMEGYM_ENV"],
        traces_sample_rate=float(app.config.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
        send_default_pii=False,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
    )
    return True
