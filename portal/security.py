"""CSRF on every form and security headers on every response."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from itsdangerous import URLSafeTimedSerializer
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, Map, UnicodeConverter, ValidationError
from werkzeug.wrappers import Response

csrf = CSRFProtect()

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Only ever sent when the portal is served over HTTPS alone (PORTAL_HTTPS=1): browsers then
# refuse plain HTTP to this host (and its subdomains) for a year.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


EVERY_RESPONSE = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    # Nothing goes to other sites; our own forms keep the Referer that Flask-WTF's HTTPS check
    # (WTF_CSRF_SSL_STRICT) needs, which "no-referrer" would make fail on every form.
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
)


# Staff pages and everything they download (reports, board packs, figures): never kept by a
# browser or a proxy, whatever the view said.
PRIVATE_PATH = "/staff/"
NO_STORE = ("Cache-Control", "no-store")


def _add_headers(response: Response) -> Response:
    """The security headers, each unless the view set its own (one look at the headers: a
    setdefault per header reads them all again, a seventh of a small page's cost).

    Nothing is kept in a cache unless its view says it may be (public files: /static, /audio,
    /pictures); staff responses and downloads (Content-Disposition: attachment) never are."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    wanted = [*EVERY_RESPONSE, NO_STORE]
    if current_app.config.get("HTTPS"):
        wanted.append(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY))
    if "cache-control" in present and (
        request.path.startswith(PRIVATE_PATH)
        or headers.get("Content-Disposition", "").startswith("attachment")
    ):
        headers["Cache-Control"] = "no-store"
    headers.extend([(name, value) for name, value in wanted if name.lower() not in present])
    return response


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, unchanged, except that the signing serializer is made
    once per set of keys: Flask makes one on every request, and each tests its JSON serializer
    by serialising an empty dict (a twentieth of a small page's cost)."""

    def __init__(self) -> None:
        self._serializers: dict[tuple[object, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]


def portal_url(endpoint: str, **values: Any) -> str:
    """The full address of a page for people to use elsewhere (a share link, a QR code, a
    sign-in link): always on PORTAL_BASE_URL, never on the Host a request named."""
    path = url_for(endpoint, **values).removeprefix(request.script_root)
    base: str = current_app.config["BASE_URL"]
    return base.rstrip("/") + path


def safe_next_url(target: str | None) -> str:
    """A path on this site to go back to; anything else (another site, or control characters
    such as CR/LF that would split the Location header) becomes the start page."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not ANY_CONTROL_CHARACTER.search(target)
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("respond.start")


# Control characters (NUL and friends) a person never types; tab and new lines are kept.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Every control character, tab and new lines too (C0, DEL and C1).
ANY_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f]")

# The largest id a PostgreSQL `integer` column holds: a larger one in an address is refused by
# the database (a 500), so the address is refused first (a 404).
LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: 0 to 2**31-1 (PostgreSQL's integer), anything else is a 404."""

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        largest = LARGEST_ID if max is None else max
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=largest, signed=signed)


class PrintableConverter(UnicodeConverter):
    """`<name>` in every route (tokens, codes, statement ids): a part of the address with NUL or
    another non-printable character matches nothing (a 404), so it never reaches a query."""

    def to_python(self, value: str) -> str:
        if not value.isprintable():
            raise ValidationError()
        return value


def _drop_control_characters() -> None:
    """Take control characters out of every form value before any form reads it: they mean
    nothing to a reader, and PostgreSQL refuses to store NUL in text."""
    if request.method == "POST" and request.form:
        request.form = ImmutableMultiDict(
            [(key, CONTROL_CHARACTERS.sub("", value)) for key, value in request.form.items(True)]
        )


def init_app(app: Flask) -> None:
    """Check ids and names in addresses, clean form input, protect every POST with a CSRF
    token, add the security headers."""
    app.session_interface = SignedCookieSessions()
    # Before any blueprint adds its routes, so that every route uses them.
    app.url_map.converters.update(
        int=IdConverter, default=PrintableConverter, string=PrintableConverter
    )
    app.before_request(_drop_control_characters)
    csrf.init_app(app)
    app.after_request(_add_headers)
