"""Settings from the environment, with safe defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# English first; Punjabi in Gurmukhi script (Babel's `pa`); Urdu is right to left.
LANGUAGES = ("en", "cy", "pl", "ur", "gu", "pa")


def _secret_key(instance: Path) -> str:
    """Read the secret key kept in the instance folder, making one the first time."""
    key_file = instance / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def load(app: Flask, test_config: dict[str, Any] | None = None) -> None:
    """Fill app.config from defaults, then PORTAL_* environment variables, then test_config."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    env = os.environ
    https = env.get("PORTAL_HTTPS", "") == "1"
    app.config.from_mapping(
        DATABASE_URL=env.get("DATABASE_URL", f"sqlite:///{instance / 'portal.sqlite3'}"),
        CONTENT_DIR=env.get("PORTAL_CONTENT_DIR", str(PROJECT_ROOT / "content")),
        AUDIO_DIR=env.get("PORTAL_AUDIO_DIR", str(instance / "audio")),
        TTS_ENGINE=env.get("PORTAL_TTS_ENGINE", "auto"),
        MAX_CONTENT_LENGTH=64 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        HTTPS=https,  # served over HTTPS only: HSTS header, Secure cookie, https:// links
        SESSION_COOKIE_SECURE=https,
        PREFERRED_URL_SCHEME="https" if https else "http",
        WTF_CSRF_TIME_LIMIT=None,
        LANGUAGES=list(LANGUAGES),
        # Wrong resume codes allowed across the whole site before /resume pauses (no IPs kept).
        RESUME_MAX_FAILURES=int(env.get("PORTAL_RESUME_MAX_FAILURES", "20")),
        RESUME_WINDOW_MINUTES=int(env.get("PORTAL_RESUME_WINDOW_MINUTES", "10")),
    )
    if "PORTAL_SECRET_KEY" in env:
        app.config["SECRET_KEY"] = env["PORTAL_SECRET_KEY"]
    elif not (test_config and "SECRET_KEY" in test_config):
        app.config["SECRET_KEY"] = _secret_key(instance)
    if test_config:
        app.config.update(test_config)
    if app.config["HTTPS"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["PREFERRED_URL_SCHEME"] = "https"
