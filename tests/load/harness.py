"""The portal under gunicorn on 127.0.0.1, and simulated respondents that answer through plain
HTTP like a browser with JavaScript off. Used by the load and crash tests (bounded in time)."""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
QUESTION = re.compile(r"^/question/([a-z0-9-]+)$")
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen  # type: ignore[type-arg]

    def workers(self) -> list[int]:
        """Process ids of the gunicorn workers (the master's children)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]


@contextmanager
def gunicorn(
    database_url: str,
    audio_dir: Path,
    secret: str,
    workers: int = 3,
    app: str = "portal:create_app()",
    config: Path | None = None,
    settings: dict[str, str] | None = None,
) -> Iterator[Server]:
    """Start the portal (or another WSGI `app`) under gunicorn; stop it and its workers
    afterwards. With `config` (a gunicorn settings file) its processes and threads are used;
    `settings`: more environment variables (PORTAL_PROXIES=1, ...)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": secret,
        "PORTAL_AUDIO_DIR": str(audio_dir),
        "PORTAL_TTS_ENGINE": "espeak",
        **(settings or {}),
    }
    options = ["--config", str(config)] if config else ["--workers", str(workers), "--threads", "4"]
    process = subprocess.Popen(  # noqa: S603
        [
            str(GUNICORN), *options, "--bind", f"127.0.0.1:{port}",
            "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning", app,
        ],
        env=env,
    )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: Server, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with urllib.request.urlopen(server.url + "/", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


class Failed(Exception):
    """A request failed (connection lost, 5xx, time out)."""


@dataclass
class Respondent:
    """One person answering, with their own cookies; records every answer the portal
    acknowledged (the page after it came back), and every request that failed."""

    base: str
    retries: int = 0
    address: str = ""  # sent as X-Forwarded-For: the client's address behind PORTAL_PROXIES=1
    acknowledged: dict[str, str] = field(default_factory=dict)
    started_cookie: str = ""  # the session cookie once the answers have a response to go in
    failures: list[str] = field(default_factory=list)
    cookies: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        if self.address:
            self.opener.addheaders.append(("X-Forwarded-For", self.address))

    def _open(self, path: str, data: dict[str, str] | None = None) -> tuple[str, str]:
        """(final path, body); raises Failed on a lost connection or a server error."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return urllib.parse.urlsplit(response.url).path, response.read().decode()
        except urllib.error.HTTPError as error:
            self.failures.append(f"{path}: {error.code}")
            raise Failed(path) from error
        except (OSError, http.client.HTTPException) as error:
            self.failures.append(f"{path}: {error!r}")
            raise Failed(path) from error

    def _post(self, path: str, page: str, data: dict[str, str]) -> tuple[str, str]:
        token = CSRF.search(page)
        assert token, f"no CSRF token on {path}"
        return self._open(path, {"csrf_token": token[1], **data})

    def _retrying(self, path: str, data: dict[str, str] | None) -> tuple[str, str]:
        """Like a person pressing again after a lost connection: fetch the page afresh, resend."""
        for attempt in range(self.retries + 1):
            try:
                where, page = self._open(path)
                if data is None or where != path:  # moved on: the last send landed after all
                    return where, page
                return self._post(path, page, data)
            except Failed:
                if attempt == self.retries:
                    raise
                time.sleep(0.5)
        raise AssertionError("unreachable")

    def session_cookie(self) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == "session") or ""

    def begin(self) -> tuple[str, str]:
        """Language, who is answering, consent: (the first question's path, its page)."""
        self._retrying("/language", {"language": "en"})
        self._retrying("/who", {"answered_by": "own"})
        where, page = self._retrying("/consent", {})
        self.started_cookie = self.session_cookie()
        if where == "/practice":  # "Start the real questions"
            start = re.search(r'href="(/question/[^"]+)"', page)
            assert start, "no way to the real questions on /practice"
            where, page = self._retrying(start[1], None)
        return where, page

    def join_group(self, code: str) -> str:
        """Type a group session's join code, as a tablet; the path shown next ("/": joined)."""
        where, _ = self._retrying("/join", {"code": code})
        return where

    def answer_everything(self, value: str = "yes") -> bool:
        """The whole journey; False when a request failed (after any retries)."""
        try:
            where, page = self.begin()
            while (match := QUESTION.match(where)) is not None:
                statement = match[1]
                after, page = self._retrying(where, {"answer": value, "action": "next"})
                if after != where:
                    self.acknowledged[statement] = value
                if after.startswith("/help"):
                    after, page = self._retrying(f"/question/{statement}/next", None)
                where = after
            assert where == "/check", where
            where, _ = self._retrying("/check", {})
            assert where == "/thank-you", where
        except Failed:
            return False
        return True
