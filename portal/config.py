"""Settings from the environment, with safe defaults.

Every setting the portal reads from the environment is declared once, in SETTINGS below, and
read only here. README.md's "Settings" table lists them all (tests/test_settings.py checks it).
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# English first; Punjabi in Gurmukhi script (Babel's `pa`); Urdu is right to left.
LANGUAGES = ("en", "cy", "pl", "ur", "gu", "pa")
# Speech engines for `flask audio build` (the same names as portal.audio.engines.ENGINE_SETTINGS).
TTS_ENGINES = ("auto", "gtts", "espeak")


class SettingError(ValueError):
    """An environment variable holds a value the portal cannot use: the message says which."""


@dataclass(frozen=True)
class Setting:
    """One setting: the app.config key it fills, the environment variable that changes it, the
    default (a value, or a function of the instance folder), how the variable's text is read, and
    what it means. `parse` raises ValueError("be ...") for text it cannot use: the words that
    finish "The environment variable X must ...", the message that stops the portal."""

    key: str
    env_var: str
    default: Any
    parse: Callable[[str], Any]
    meaning: str
    secret: bool = False  # never repeat the value in an error message


def _text(raw: str) -> str:
    if not raw.strip():
        raise ValueError("not be empty")
    return raw


PTABLES = ("rounding-5-by-key", "ons-10-5")  # the same names as in portal/reports/disclosure.py


def _ptable(raw: str) -> str:
    """A ptable the portal has, or a CSV file that is there (its rows are checked when first
    used): portal/reports/disclosure.py."""
    if raw.strip() not in PTABLES and not Path(raw.strip()).is_file():
        raise ValueError(f"be {' or '.join(PTABLES)}, or the path of a CSV file that exists")
    return raw.strip()


def _on_off(raw: str) -> bool:
    if raw.strip() not in ("", "0", "1"):
        raise ValueError("be 1 (on) or 0 (off)")
    return raw.strip() == "1"


def _one_of(*choices: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw.strip() not in choices:
            raise ValueError(f"be one of {', '.join(choices)}")
        return raw.strip()

    return parse


def _whole_number(minimum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            number = int(raw.strip())
        except ValueError:
            number = minimum - 1
        if number < minimum:
            raise ValueError(f"be a whole number, {minimum} or more")
        return number

    return parse


# A host name, or ".example.org" for it and every subdomain (Werkzeug's host_is_trusted).
_HOST_NAME = re.compile(
    r"\.?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
)
# Trusted as well as PORTAL_BASE_URL's host when PORTAL_TRUSTED_HOSTS is not set: the portal
# run on this computer (`flask run`, `make run`, a health check).
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def _host_names(raw: str) -> list[str]:
    hosts = [host.strip().lower() for host in raw.split(",") if host.strip()]
    if not hosts or not all(_HOST_NAME.fullmatch(host) for host in hosts):
        raise ValueError("be host names separated by commas, such as portal.example.org")
    return hosts


def trusted_hosts(base_url: str) -> list[str]:
    """The hosts a request may name when PORTAL_TRUSTED_HOSTS is not set: PORTAL_BASE_URL's
    and this computer's."""
    host = (urlsplit(base_url).hostname or "").lower()
    return list(dict.fromkeys([host, *LOCAL_HOSTS] if host else LOCAL_HOSTS))


def _secret_key(instance: Path) -> str:
    """Read the secret key kept in the instance folder, making one the first time.

    The key is written whole into a temporary file only its owner can read (0600), then linked
    into place, which fails if another process got there first: two processes starting at once
    both end up using the one key in the file, and nobody ever reads half a key."""
    key_file = instance / "secret_key"
    if not key_file.exists():
        descriptor, temporary = tempfile.mkstemp(prefix=".secret_key-", dir=instance)  # 0600
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_hex(32))
                file.flush()
                os.fsync(file.fileno())
            os.link(temporary, key_file)
        except FileExistsError:
            pass  # another process made the key first: use theirs
        finally:
            os.unlink(temporary)
    if key_file.stat().st_mode & 0o077:
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SETTINGS = (
    Setting(
        "DATABASE_URL",
        "DATABASE_URL",
        lambda instance: f"sqlite:///{instance / 'portal.sqlite3'}",
        _text,
        "the database (SQLite in the instance folder, or PostgreSQL)",
        secret=True,  # may hold a password
    ),
    Setting(
        "SECRET_KEY",
        "PORTAL_SECRET_KEY",
        _secret_key,
        _text,
        "signs cookies and keys resume-code hashes",
        secret=True,
    ),
    Setting(
        "CONTENT_DIR",
        "PORTAL_CONTENT_DIR",
        str(PROJECT_ROOT / "content"),
        _text,
        "the statement bank",
    ),
    Setting(
        "AUDIO_DIR",
        "PORTAL_AUDIO_DIR",
        lambda instance: str(instance / "audio"),
        _text,
        "where clips are built and served from",
    ),
    Setting(
        "TTS_ENGINE",
        "PORTAL_TTS_ENGINE",
        "auto",
        _one_of(*TTS_ENGINES),
        "voice for `flask audio build`",
    ),
    Setting(
        "HTTPS",
        "PORTAL_HTTPS",
        False,
        _on_off,
        "served over HTTPS only: HSTS header, Secure cookie, https:// links",
    ),
    Setting(
        "REPORT_THRESHOLD",
        "PORTAL_REPORT_THRESHOLD",
        10,  # the ONS 10/5 rule: portal/reports/disclosure.py
        _whole_number(1),
        'reports show no published count below this ("fewer than 10")',
    ),
    Setting(
        "REPORT_PTABLE",
        "PORTAL_REPORT_PTABLE",
        "rounding-5-by-key",
        _ptable,
        "the perturbation table: rounding-5-by-key, ons-10-5 (the ONS package's), or a CSV file",
    ),
    Setting(
        "COUNT_AFTER_DAYS",
        "PORTAL_COUNT_AFTER_DAYS",
        7,
        _whole_number(0),
        "days after a quarter ends before its answers are counted, once, for every report",
    ),
    Setting(
        "SAFETY_ESCALATE_MINUTES",
        "PORTAL_SAFETY_ESCALATE_MINUTES",
        30,
        _whole_number(1),
        "minutes an unacknowledged safety alert waits before the next person on call is emailed;"
        " after it the staff banner turns red",
    ),
    Setting(
        "SMTP_HOST",
        "PORTAL_SMTP_HOST",
        "",
        str.strip,
        "the mail server safety alerts are emailed through (empty: no emails, and staff pages"
        " say so)",
    ),
    Setting("SMTP_PORT", "PORTAL_SMTP_PORT", 25, _whole_number(1), "the mail server's port"),
    Setting("SMTP_USER", "PORTAL_SMTP_USER", "", str.strip, "user name for the mail server"),
    Setting(
        "SMTP_PASSWORD",
        "PORTAL_SMTP_PASSWORD",
        "",
        str,
        "password for the mail server",
        secret=True,
    ),
    Setting(
        "SMTP_STARTTLS",
        "PORTAL_SMTP_STARTTLS",
        False,
        _on_off,
        "1: switch to TLS (STARTTLS) before signing in to the mail server",
    ),
    Setting(
        "MAIL_FROM",
        "PORTAL_MAIL_FROM",
        "portal@localhost",
        _text,
        "the From address of safety alert emails",
    ),
    Setting(
        "BASE_URL",
        "PORTAL_BASE_URL",
        "http://127.0.0.1:5000",
        _text,
        "the portal's own address, for every full link it makes: emails, share links, QR codes,"
        " sign-in links (never taken from a request)",
    ),
    Setting(
        "TRUSTED_HOSTS",
        "PORTAL_TRUSTED_HOSTS",
        None,  # load() fills in PORTAL_BASE_URL's host, localhost and 127.0.0.1
        _host_names,
        'host names the portal answers to, separated by commas (".example.org": and its'
        " subdomains); a request naming another host gets 400. Default: PORTAL_BASE_URL's host,"
        " localhost and 127.0.0.1",
    ),
    Setting(
        "RESUME_CLIENT_MAX_FAILURES",
        "PORTAL_RESUME_CLIENT_MAX_FAILURES",
        10,
        _whole_number(1),
        "wrong resume codes from one client (an HMAC of its address, kept in memory only) in"
        " the window before that client must wait",
    ),
    Setting(
        "RESUME_MAX_FAILURES",
        "PORTAL_RESUME_MAX_FAILURES",
        200,
        _whole_number(1),
        "wrong resume codes across the whole site in the window before staff are alerted (a"
        " backstop above the per-client limit; nobody is locked out)",
    ),
    Setting(
        "RESUME_INACTIVE_DAYS",
        "PORTAL_RESUME_INACTIVE_DAYS",
        30,
        _whole_number(1),
        "days without a saved answer after which a resume code no longer opens unsent answers",
    ),
    Setting(
        "RECORDING_MAX_SECONDS",
        "PORTAL_RECORDING_MAX_SECONDS",
        120,
        _whole_number(5),
        'the longest spoken "Tell us more" kept (longer recordings are cut to this)',
    ),
    Setting(
        "RECORDING_MAX_BYTES",
        "PORTAL_RECORDING_MAX_BYTES",
        5_000_000,
        _whole_number(10_000),
        "the largest recording upload accepted, in bytes, before it is converted",
    ),
    Setting(
        "RESUME_WINDOW_MINUTES",
        "PORTAL_RESUME_WINDOW_MINUTES",
        10,
        _whole_number(1),
        "the minutes those wrong resume codes are counted over",
    ),
    Setting(
        "SIGN_IN_MAX_FAILURES",
        "PORTAL_SIGN_IN_MAX_FAILURES",
        5,
        _whole_number(1),
        "wrong passwords for one staff email from one client before that client is locked out of"
        " it (other clients can still sign in)",
    ),
    Setting(
        "SIGN_IN_WINDOW_MINUTES",
        "PORTAL_SIGN_IN_WINDOW_MINUTES",
        15,
        _whole_number(1),
        "the minutes wrong passwords are counted over, and the lock lasts",
    ),
    Setting(
        "SIGN_IN_CLIENT_MAX_FAILURES",
        "PORTAL_SIGN_IN_CLIENT_MAX_FAILURES",
        20,
        _whole_number(1),
        "wrong passwords from one client (any emails) in that window before it must wait",
    ),
    Setting(
        "SIGN_IN_EMAIL_MAX_FAILURES",
        "PORTAL_SIGN_IN_EMAIL_MAX_FAILURES",
        100,
        _whole_number(1),
        "wrong passwords for one staff email from all clients in that window before its sign-in"
        " is locked for everyone (a security event is logged)",
    ),
    Setting(
        "STAFF_SESSION_HOURS",
        "PORTAL_STAFF_SESSION_HOURS",
        8,
        _whole_number(1),
        "hours a staff sign-in lasts at most; then staff must sign in again",
    ),
    Setting(
        "STAFF_IDLE_MINUTES",
        "PORTAL_STAFF_IDLE_MINUTES",
        30,
        _whole_number(1),
        "minutes a staff sign-in may go unused before it ends",
    ),
    Setting(
        "PASSWORD_LINK_HOURS",
        "PORTAL_PASSWORD_LINK_HOURS",
        24,
        _whole_number(1),
        "hours a password reset link, or a new staff account's one-time password, works",
    ),
    Setting(
        "PROXIES",
        "PORTAL_PROXIES",
        0,
        _whole_number(0),
        "how many proxies (nginx, a load balancer) stand in front: the client's address, used"
        " only as an in-memory key for rate limits, is then read from X-Forwarded-For",
    ),
    Setting(
        "JOIN_CLIENT_MAX_FAILURES",
        "PORTAL_JOIN_CLIENT_MAX_FAILURES",
        10,
        _whole_number(1),
        "wrong join codes from one browser (its cookie and an in-memory HMAC of its address) in"
        " the window below before /join refuses it, even the right code, until the window has"
        " passed",
    ),
    Setting(
        "JOIN_ADDRESS_MAX_FAILURES",
        "PORTAL_JOIN_ADDRESS_MAX_FAILURES",
        50,
        _whole_number(1),
        "wrong join codes from one address, however many browsers (tablets sharing a Wi-Fi), in"
        " the window below before /join refuses that address",
    ),
    Setting(
        "JOIN_SITE_MAX_FAILURES",
        "PORTAL_JOIN_SITE_MAX_FAILURES",
        200,
        _whole_number(1),
        "wrong join codes from everybody in the window below before /join refuses everyone;"
        " facilitators' session pages warn from half of it",
    ),
    Setting(
        "JOIN_WINDOW_MINUTES",
        "PORTAL_JOIN_WINDOW_MINUTES",
        10,
        _whole_number(1),
        "the minutes wrong join codes are counted over",
    ),
    Setting(
        "PAGE_CACHE_MB",
        "PORTAL_PAGE_CACHE_MB",
        32,
        _whole_number(0),
        "megabytes of rendered question pages (never anyone's answers) each process keeps; 0: none",
    ),
    Setting(
        "SAFETY_UNLINKED_FLAGS_PER_HOUR",
        "PORTAL_SAFETY_UNLINKED_FLAGS_PER_HOUR",
        20,
        _whole_number(0),
        '"I need help now" alerts stored in an hour from people not yet answering (at home: across'
        " the whole site; on group tablets: per session); beyond it none are stored",
    ),
    Setting(
        "DEMO",
        "PORTAL_DEMO",
        False,
        _on_off,
        "1: the demo (`make run` sets it): the help page also shows the fictional 01632 numbers",
    ),
)


def _from_environment(setting: Setting, instance: Path) -> Any:
    """The setting's value: its environment variable read and checked, or else its default."""
    raw = os.environ.get(setting.env_var)
    if raw is None:
        default = setting.default
        return default(instance) if callable(default) else default
    try:
        return setting.parse(raw)
    except ValueError as error:
        shown = "" if setting.secret else f", not {raw!r}"
        raise SettingError(
            f"The environment variable {setting.env_var} must {error}{shown}."
        ) from None


def load(app: Flask, test_config: dict[str, Any] | None = None) -> None:
    """Fill app.config from defaults, then PORTAL_* environment variables, then test_config.

    A bad value in an environment variable raises SettingError naming the variable and what it
    must be, so the portal does not start. A setting given in test_config is not read at all."""
    instance = Path(app.instance_path)
    # The instance folder holds the secret key, the SQLite database and backups: owner only.
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    if instance.stat().st_mode & 0o077 and instance.stat().st_uid == os.getuid():
        instance.chmod(0o700)
    overridden = test_config or {}
    app.config.from_mapping(
        MAX_CONTENT_LENGTH=64 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,
        PREFERRED_URL_SCHEME="http",
        WTF_CSRF_TIME_LIMIT=None,
        LANGUAGES=list(LANGUAGES),
        SAFETY_SENDER_THREAD=True,  # tests turn it off to send with their own clock
    )
    app.config.from_mapping(
        {
            setting.key: _from_environment(setting, instance)
            for setting in SETTINGS
            if setting.key not in overridden
        }
    )
    app.config.update(overridden)
    if app.config["TRUSTED_HOSTS"] is None:
        app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config["BASE_URL"])
    if app.config["HTTPS"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
