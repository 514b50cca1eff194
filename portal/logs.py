"""Logging that keeps nothing personal: no client addresses, no answers, no comments.

The portal's own code logs no request data. Three libraries could: Werkzeug's development server
starts each request line with the client's address (`flask run`); gunicorn warns
"Invalid request from ip=..." about a malformed request; SQLAlchemy, when its logging is turned
up to chase a bug, prints a statement's values (`portal.db.make_engine` hides them, in error
messages too) and every row it reads (dropped here). Under gunicorn the access log is off
(deploy/gunicorn.conf.py).

The portal's own lines follow the same rule. A crash is logged on "portal.errors" with the
traceback, a short random request id (shown on the error page, so a person can quote it), the
method, the route's rule (never the path or query string: they can hold codes) and the status.
Security events (a failed sign-in, join or resume code, a refused staff page, a failed CSRF
check) go to "portal.security_events", one "key=value" line each: never an address, a typed code,
a password, a token, a cookie or form data.
"""

from __future__ import annotations

import logging
import re
import secrets

from flask import Flask, g, has_request_context, request

# Werkzeug: '<address> - - [<date>] "GET / HTTP/1.1" 200 -'; gunicorn: 'Invalid request from ip=..'
_ADDRESSES = (
    (re.compile(r"^\S+ - - \["), "- - - ["),
    (re.compile(r"\bip=\S*?(?=:\s|\s|$)"), "ip=-"),  # IPv6 has colons too: "ip=::1: ..."
)
LOGGERS = ("werkzeug", "gunicorn.error")


class NoClientAddress(logging.Filter):
    """Replace a client's address in a server's log line with "-"."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            for pattern, blank in _ADDRESSES:
                record.msg = pattern.sub(blank, record.msg, count=1)
        return True


class NoResultRows(logging.Filter):
    """Drop SQLAlchemy's "Row (...)" lines (DEBUG level): they hold answers and comments."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (isinstance(record.msg, str) and record.msg.startswith("Row "))


ERRORS = logging.getLogger("portal.errors")
SECURITY_EVENTS = logging.getLogger("portal.security_events")
# A value in a security event line: a word, a number, a rule such as /staff/reports/<int:id>
_SAFE_VALUE = re.compile(r"[^\w./<>:-]")


def request_id() -> str:
    """This request's short random id (8 hex characters), made the first time it is asked for."""
    made: str | None = g.get("request_id")
    if made is None:
        made = g.request_id = secrets.token_hex(4)
    return made


def route() -> str:
    """The rule of the route being served (/question/<statement_id>), never the path typed."""
    rule = request.url_rule if has_request_context() else None
    return rule.rule if rule is not None else "-"


def log_server_error(error: BaseException, status: int = 500) -> str:
    """Log a crash with its traceback and no personal data; the request id, for the page."""
    ident = request_id()
    ERRORS.error(
        "server error request_id=%s method=%s route=%s status=%d",
        ident,
        request.method,
        route(),
        status,
        exc_info=(type(error), error, error.__traceback__),
    )
    return ident


def security_event(event: str, **fields: str | int | bool | None) -> None:
    """One line on "portal.security_events": the event, the route, the request id and `fields`
    (which must hold nothing personal: an account's id, "known" or "unknown", never what was
    typed)."""
    values = {"event": event, "route": route(), "request_id": request_id(), **fields}
    line = " ".join(
        f"{key}={'-' if value is None else _SAFE_VALUE.sub('_', str(value)) or '-'}"
        for key, value in values.items()
    )
    SECURITY_EVENTS.warning("%s", line)


_no_client_address = NoClientAddress()
_no_result_rows = NoResultRows()


def init_app(app: Flask) -> None:
    """Strip client addresses from the servers' log lines and rows from SQLAlchemy's, in this
    process (each gunicorn worker makes its own app). A filter is added once, however many apps."""
    for name in LOGGERS:
        logging.getLogger(name).addFilter(_no_client_address)
    logging.getLogger("sqlalchemy.engine.Engine").addFilter(_no_result_rows)
