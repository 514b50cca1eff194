"""Rate limits kept in memory, with the `limits` library (the core of Flask-Limiter).

Two kinds of limit guard a form that takes a guessable secret (a join code, a password):
- **per client**: keyed by an HMAC of the client's address under the app's secret key. The key is
  kept only in this process's memory, for the limit's window, and never stored or logged; the
  address itself is kept nowhere.
- **site-wide**: one counter for everybody, so many addresses cannot share out the guessing.

Behind nginx (or any proxy) set PORTAL_PROXIES to the number of proxies in front, so the
client's address comes from X-Forwarded-For (werkzeug's ProxyFix) instead of being the proxy's.

Each process has its own counters: under gunicorn with N workers a client can make at most N
times the per-client limit. The limits are set low enough for that (docs/deployment.md).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from flask import Flask, current_app, request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix


def _limiter() -> MovingWindowRateLimiter:
    limiter: MovingWindowRateLimiter = current_app.extensions["portal.throttle"]
    return limiter


def client_key() -> str:
    """This request's client, as an HMAC of its address: the same client gives the same key in
    this app, and the key cannot be turned back into the address without the secret key."""
    secret = str(current_app.secret_key).encode()
    address = (request.remote_addr or "").encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


@dataclass(frozen=True)
class Throttle:
    """A named pair of limits, e.g. Throttle("join", "10/10 minutes", "300/10 minutes"), or a
    per-client limit alone (site_wide None: staff sign-in, whose site-wide ceiling is per email,
    in the database).

    `hit()` counts one failure (both limits); `blocked()` says whether this client, or the whole
    site, is over its limit; `clear()` forgets this client's failures (after a success). A
    client is `client_key()` unless a `key` is given (e.g. one browser at that address)."""

    name: str
    per_client: str
    site_wide: str | None = None

    def _items(self) -> tuple[RateLimitItem, RateLimitItem | None]:
        return parse(self.per_client), parse(self.site_wide) if self.site_wide else None

    def blocked(self, key: str | None = None) -> str | None:
        """ "client" or "site" when over that limit, None when a try may go ahead."""
        client, site = self._items()
        if not _limiter().test(client, self.name, key or client_key()):
            return "client"
        if site is not None and not _limiter().test(site, self.name, "site"):
            return "site"
        return None

    def hit(self, key: str | None = None) -> None:
        """Count one failure against this client and against the site."""
        client, site = self._items()
        _limiter().hit(client, self.name, key or client_key())
        if site is not None:
            _limiter().hit(site, self.name, "site")

    def take(self, key: str | None = None) -> str | None:
        """Count one try BEFORE it is made, in one step (the limiter's lock): None when it may
        go ahead, "client" or "site" when that limit is full (then this try is not counted).
        Unlike `blocked()` then `hit()`, a burst of tries at once cannot all pass the test
        before any is counted."""
        client, site = self._items()
        if not _limiter().hit(client, self.name, key or client_key()):
            return "client"
        if site is not None and not _limiter().hit(site, self.name, "site"):
            return "site"
        return None

    def clear(self, key: str | None = None) -> None:
        """Forget this client's failures (the site-wide count stays)."""
        client, _site = self._items()
        _limiter().clear(client, self.name, key or client_key())

    def retry_after(self, blocked: str, key: str | None = None) -> int:
        """Seconds until `blocked` ("client" or "site", as `blocked()` said) may try again: when
        the oldest failure counted leaves the window. At least 1."""
        client, site = self._items()
        item, counted = (client, key or client_key())
        if blocked == "site" and site is not None:
            item, counted = site, "site"
        stats = _limiter().get_window_stats(item, self.name, counted)
        return max(1, math.ceil(stats.reset_time - time.time()))


def init_app(app: Flask) -> None:
    """Give the app its own counters (each test's app starts from none) and, behind proxies,
    take the client's address from X-Forwarded-For."""
    app.extensions["portal.throttle"] = MovingWindowRateLimiter(MemoryStorage())
    proxies = int(app.config.get("PROXIES", 0))
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=0
        )
