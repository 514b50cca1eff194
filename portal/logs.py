"""Logging that keeps nothing personal: no client addresses, no answers, no comments.

The portal's own code logs no request data. Three libraries could: Werkzeug's development server
starts each request line with the client's address (`flask run`); gunicorn warns
"Invalid request from ip=..." about a malformed request; SQLAlchemy, when its logging is turned
up to chase a bug, prints a statement's values (`portal.db.make_engine` hides them, in error
messages too) and every row it reads (dropped here). Under gunicorn the access log is off
(deploy/gunicorn.conf.py).
"""

from __future__ import annotations

import logging
import re

from flask import Flask

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


_no_client_address = NoClientAddress()
_no_result_rows = NoResultRows()


def init_app(app: Flask) -> None:
    """Strip client addresses from the servers' log lines and rows from SQLAlchemy's, in this
    process (each gunicorn worker makes its own app). A filter is added once, however many apps."""
    for name in LOGGERS:
        logging.getLogger(name).addFilter(_no_client_address)
    logging.getLogger("sqlalchemy.engine.Engine").addFilter(_no_result_rows)
