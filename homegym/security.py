"""Security headers sent with every response."""

from flask import Flask, Response, current_app, g, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Static files a page loads but a browser never shows as a document of their
# own. CSP, framing, referrer and opener rules act on documents only, so these
# go without them: on a first visit they were a third of each file's headers.
SUBRESOURCE_TYPES = frozenset(
    {"text/css", "text/javascript", "application/javascript", "image/png"}
)
# Where they come from: static files, and the stylesheets joined in one.
SUBRESOURCE_ENDPOINTS = frozenset({"static", "pwa.styles"})


def set_security_headers(response: Response) -> Response:
    """Add CSP, framing, sniffing, referrer, isolation and caching headers."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    subresource = request.endpoint in SUBRESOURCE_ENDPOINTS
    if subresource and response.mimetype in SUBRESOURCE_TYPES:
        headers.pop("Content-Disposition", None)
    else:
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    hsts = current_app.config["HSTS_SECONDS"]
    if hsts:
        headers.setdefault(
            "Strict-Transport-Security", f"max-age={hsts}; includeSubDomains"
        )
    # Only look at a user the request already loaded: static files need no query.
    user = g.get("_login_user")
    if user is not None and user.is_authenticated:
        # Another person on the same device must not see this from a cache. A
        # route that already forbids storing (photos: "private, no-store") keeps
        # its own words.
        if "no-store" not in headers.get("Cache-Control", ""):
            headers["Cache-Control"] = "no-store"
        headers.add("Vary", "Cookie")
    headers.add("Vary", "HX-Request")
    return response


def init_app(app: Flask) -> None:
    """Register the header hook."""
    app.after_request(set_security_headers)
