"""Settings in one place: every environment variable the portal reads is declared once in
portal/config.py, listed in the README (and docs/deployment.md), checked when the portal starts,
and really changes what it does."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from flask import Flask

from portal.audio.engines import ENGINE_SETTINGS
from portal.config import PROJECT_ROOT, SETTINGS, TTS_ENGINES, SettingError, load
from tests.auth.helpers import PASSWORD, add_staff, sign_in
from tests.conftest import clear_answers, make_app
from tests.helpers import Browser

DECLARED = {setting.env_var for setting in SETTINGS}
ENVIRONMENT_NAMES = {"environ", "environb", "getenv", "getenvb"}
# Files of portal/ allowed to touch os.environ, and why. Settings are read in config.py only.
READS_ENVIRONMENT = {
    "portal/config.py": "the settings",
    "portal/backup/services.py": "passes the environment on to pg_dump, unchanged",
}


def _table_names(markdown: str, start: str, end: str) -> list[str]:
    """The first column of the markdown table between the line `start` and the line `end`."""
    lines = markdown.splitlines()
    section = lines[lines.index(start) + 1 :]
    section = section[: section.index(end)] if end in section else section
    rows = [line for line in section if line.startswith("|")]
    assert len(rows) > 2, f"no table after {start!r}"
    names = []
    for row in rows[2:]:  # after the header and the --- line
        cell = row.strip("|").split("|")[0].strip()
        assert re.fullmatch(r"`[A-Z][A-Z0-9_]*`", cell), f"not a variable name: {cell!r}"
        names.append(cell.strip("`"))
    return names


def _next_heading(markdown: str, start: str) -> str:
    lines = markdown.splitlines()
    return next(line for line in lines[lines.index(start) + 1 :] if line.startswith("#"))


def _load(tmp_path: Path, test_config: dict[str, object] | None = None) -> Flask:
    """Only the settings step of create_app, on a bare app with its own instance folder."""
    app = Flask("portal", instance_path=str(tmp_path / "instance"))
    load(app, test_config)
    return app


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No PORTAL_* setting (nor DATABASE_URL) from the shell running the tests."""
    for name in DECLARED:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# --- one list, and the documents follow it ---------------------------------------------------


def test_each_setting_is_declared_once() -> None:
    assert len(DECLARED) == len(SETTINGS)
    assert len({setting.key for setting in SETTINGS}) == len(SETTINGS)
    assert all(setting.meaning for setting in SETTINGS)


def test_the_readme_settings_table_lists_exactly_the_declared_settings() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text()
    names = _table_names(readme, "## Settings", _next_heading(readme, "## Settings"))
    assert len(names) == len(set(names)), "a variable is listed twice"
    assert sorted(DECLARED - set(names)) == [], "declared in portal/config.py, missing in README"
    assert sorted(set(names) - DECLARED) == [], "in the README, not read by portal/config.py"


def test_the_deployment_guide_lists_exactly_the_declared_settings() -> None:
    guide = (PROJECT_ROOT / "docs" / "deployment.md").read_text()
    heading = "## 1. Settings (environment variables)"
    names = _table_names(guide, heading, "For gunicorn (`deploy/gunicorn.conf.py`):")
    assert sorted(DECLARED - set(names)) == []
    assert sorted(set(names) - DECLARED) == []


def test_no_other_part_of_the_portal_reads_the_environment() -> None:
    readers = set()
    for path in sorted((PROJECT_ROOT / "portal").rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
                and node.attr in ENVIRONMENT_NAMES
            ) or (
                isinstance(node, ast.ImportFrom)
                and node.module == "os"
                and any(alias.name in ENVIRONMENT_NAMES for alias in node.names)
            ):
                readers.add(path.relative_to(PROJECT_ROOT).as_posix())
    assert readers == set(READS_ENVIRONMENT)


def test_config_imports_no_part_of_the_portal() -> None:
    tree = ast.parse((PROJECT_ROOT / "portal" / "config.py").read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] == "portal"}


def test_the_defaults_kept_in_config_match_the_rest_of_the_portal(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert TTS_ENGINES == ENGINE_SETTINGS
    config = _load(tmp_path).config
    instance = tmp_path / "instance"
    assert config["REPORT_THRESHOLD"] == 10 and config["REPORT_PTABLE"] == "rounding-5-by-key"
    assert config["COUNT_AFTER_DAYS"] == 7
    assert config["SAFETY_ESCALATE_MINUTES"] == 30
    assert (config["SMTP_HOST"], config["SMTP_PORT"], config["SMTP_STARTTLS"]) == ("", 25, False)
    assert config["BASE_URL"] == "http://127.0.0.1:5000"
    assert (config["RESUME_CLIENT_MAX_FAILURES"], config["RESUME_MAX_FAILURES"]) == (10, 200)
    assert (config["RESUME_WINDOW_MINUTES"], config["RESUME_INACTIVE_DAYS"]) == (10, 30)
    assert (config["SIGN_IN_MAX_FAILURES"], config["SIGN_IN_WINDOW_MINUTES"]) == (5, 15)
    assert config["DATABASE_URL"] == f"sqlite:///{instance / 'portal.sqlite3'}"
    assert config["AUDIO_DIR"] == str(instance / "audio")
    assert config["CONTENT_DIR"] == str(PROJECT_ROOT / "content")
    assert config["TTS_ENGINE"] == "auto"
    assert config["HTTPS"] is False and config["SESSION_COOKIE_SECURE"] is False
    assert config["SAFETY_UNLINKED_FLAGS_PER_HOUR"] == 20 and config["DEMO"] is False
    assert config["SECRET_KEY"] == (instance / "secret_key").read_text().strip()


# --- every variable is read, and a bad value stops the portal at start ----------------------

GOOD_VALUES = {
    "DATABASE_URL": (
        "postgresql+psycopg://portal@db/portal",
        "postgresql+psycopg://portal@db/portal",
    ),
    "PORTAL_SECRET_KEY": ("a" * 64, "a" * 64),
    "PORTAL_CONTENT_DIR": ("/srv/content", "/srv/content"),
    "PORTAL_AUDIO_DIR": ("/srv/audio", "/srv/audio"),
    "PORTAL_TTS_ENGINE": ("espeak", "espeak"),
    "PORTAL_HTTPS": ("1", True),
    "PORTAL_REPORT_THRESHOLD": ("10", 10),
    "PORTAL_REPORT_PTABLE": ("ons-10-5", "ons-10-5"),
    "PORTAL_COUNT_AFTER_DAYS": ("0", 0),
    "PORTAL_SAFETY_ESCALATE_MINUTES": ("15", 15),
    "PORTAL_SMTP_HOST": (" mail.example.org ", "mail.example.org"),
    "PORTAL_SMTP_PORT": ("587", 587),
    "PORTAL_SMTP_USER": ("portal", "portal"),
    "PORTAL_SMTP_PASSWORD": ("s3cret", "s3cret"),
    "PORTAL_SMTP_STARTTLS": ("1", True),
    "PORTAL_MAIL_FROM": ("alerts@example.org", "alerts@example.org"),
    "PORTAL_BASE_URL": ("https://feedback.example.org", "https://feedback.example.org"),
    "PORTAL_TRUSTED_HOSTS": (
        "feedback.example.org, .Council.example",
        ["feedback.example.org", ".council.example"],
    ),
    "PORTAL_RESUME_MAX_FAILURES": ("50", 50),
    "PORTAL_RESUME_CLIENT_MAX_FAILURES": ("5", 5),
    "PORTAL_RESUME_INACTIVE_DAYS": ("60", 60),
    "PORTAL_RESUME_WINDOW_MINUTES": ("30", 30),
    "PORTAL_RECORDING_MAX_SECONDS": ("60", 60),
    "PORTAL_RECORDING_MAX_BYTES": ("2000000", 2_000_000),
    "PORTAL_SIGN_IN_MAX_FAILURES": ("3", 3),
    "PORTAL_SIGN_IN_WINDOW_MINUTES": ("60", 60),
    "PORTAL_SIGN_IN_CLIENT_MAX_FAILURES": ("40", 40),
    "PORTAL_SIGN_IN_EMAIL_MAX_FAILURES": ("200", 200),
    "PORTAL_STAFF_SESSION_HOURS": ("10", 10),
    "PORTAL_STAFF_IDLE_MINUTES": ("15", 15),
    "PORTAL_PAGE_CACHE_MB": ("0", 0),
    "PORTAL_PASSWORD_LINK_HOURS": ("48", 48),
    "PORTAL_PROXIES": ("1", 1),
    "PORTAL_JOIN_CLIENT_MAX_FAILURES": ("5", 5),
    "PORTAL_JOIN_ADDRESS_MAX_FAILURES": ("40", 40),
    "PORTAL_JOIN_SITE_MAX_FAILURES": ("500", 500),
    "PORTAL_JOIN_WINDOW_MINUTES": ("30", 30),
    "PORTAL_SAFETY_UNLINKED_FLAGS_PER_HOUR": ("5", 5),
    "PORTAL_DEMO": ("1", True),
}


def test_every_declared_variable_sets_its_setting(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert set(GOOD_VALUES) == DECLARED
    for name, (raw, _value) in GOOD_VALUES.items():
        clean_environment.setenv(name, raw)
    config = _load(tmp_path).config
    for setting in SETTINGS:
        assert config[setting.key] == GOOD_VALUES[setting.env_var][1], setting.env_var
    assert config["SESSION_COOKIE_SECURE"] is True and config["PREFERRED_URL_SCHEME"] == "https"
    assert not (tmp_path / "instance" / "secret_key").exists()


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("PORTAL_REPORT_THRESHOLD", "abc", "must be a whole number, 1 or more, not 'abc'."),
        ("PORTAL_REPORT_THRESHOLD", "0", "must be a whole number, 1 or more, not '0'."),
        ("PORTAL_REPORT_THRESHOLD", "2.5", "must be a whole number, 1 or more, not '2.5'."),
        ("PORTAL_RESUME_MAX_FAILURES", "-3", "must be a whole number, 1 or more, not '-3'."),
        ("PORTAL_RESUME_WINDOW_MINUTES", "", "must be a whole number, 1 or more, not ''."),
        ("PORTAL_SIGN_IN_MAX_FAILURES", "five", "must be a whole number, 1 or more, not 'five'."),
        ("PORTAL_SIGN_IN_WINDOW_MINUTES", "-15", "must be a whole number, 1 or more, not '-15'."),
        ("PORTAL_PAGE_CACHE_MB", "-1", "must be a whole number, 0 or more, not '-1'."),
        ("PORTAL_COUNT_AFTER_DAYS", "a week", "must be a whole number, 0 or more, not 'a week'."),
        ("PORTAL_REPORT_PTABLE", "/no/such.csv", "CSV file that exists, not '/no/such.csv'."),
        (
            "PORTAL_REPORT_PTABLE",
            "ons",
            "rounding-5-by-key or ons-10-5, or the path of a CSV file that exists, not 'ons'.",
        ),
        ("PORTAL_SAFETY_ESCALATE_MINUTES", "0", "must be a whole number, 1 or more, not '0'."),
        ("PORTAL_SMTP_PORT", "smtp", "must be a whole number, 1 or more, not 'smtp'."),
        ("PORTAL_SMTP_STARTTLS", "yes", "must be 1 (on) or 0 (off), not 'yes'."),
        ("PORTAL_HTTPS", "yes", "must be 1 (on) or 0 (off), not 'yes'."),
        ("PORTAL_TTS_ENGINE", "festival", "must be one of auto, gtts, espeak, not 'festival'."),
        ("PORTAL_AUDIO_DIR", " ", "must not be empty, not ' '."),
        ("DATABASE_URL", "", "must not be empty."),  # never repeated: it may hold a password
        ("PORTAL_SECRET_KEY", "  ", "must not be empty."),
        (
            "PORTAL_TRUSTED_HOSTS",
            "https://feedback.example.org",
            "host names separated by commas, such as portal.example.org,"
            " not 'https://feedback.example.org'.",
        ),
        (
            "PORTAL_TRUSTED_HOSTS",
            " , ",
            "host names separated by commas, such as portal.example.org, not ' , '.",
        ),
    ],
)
def test_a_bad_value_stops_the_portal_with_one_line_naming_the_variable(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path, name: str, raw: str, message: str
) -> None:
    clean_environment.setenv(name, raw)
    with pytest.raises(SettingError) as raised:
        _load(tmp_path)
    text = str(raised.value)
    assert text.startswith(f"The environment variable {name} must ")
    assert text.endswith(message)
    assert "\n" not in text
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_create_app_refuses_to_start_with_a_bad_report_threshold(
    monkeypatch: pytest.MonkeyPatch, template_database: str, audio_dir: Path, tmp_path: Path
) -> None:
    monkeypatch.setenv("PORTAL_REPORT_THRESHOLD", "abc")
    with pytest.raises(SettingError, match=r"^The environment variable PORTAL_REPORT_THRESHOLD "):
        make_app(template_database, audio_dir, tmp_path)


def test_test_config_overrides_the_environment_without_reading_it(
    clean_environment: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_environment.setenv("PORTAL_REPORT_THRESHOLD", "abc")
    clean_environment.setenv("PORTAL_SIGN_IN_MAX_FAILURES", "9")
    clean_environment.setenv("PORTAL_HTTPS", "1")
    config = _load(
        tmp_path, {"REPORT_THRESHOLD": 3, "SIGN_IN_MAX_FAILURES": 2, "HTTPS": False}
    ).config
    assert (config["REPORT_THRESHOLD"], config["SIGN_IN_MAX_FAILURES"]) == (3, 2)
    assert config["HTTPS"] is False and config["SESSION_COOKIE_SECURE"] is False


# --- a setting in the environment changes what people see ------------------------------------


def test_sign_in_locks_after_the_number_of_wrong_passwords_set_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, template_database: str, audio_dir: Path, tmp_path: Path
) -> None:
    monkeypatch.setenv("PORTAL_SIGN_IN_MAX_FAILURES", "2")
    monkeypatch.setenv("PORTAL_SIGN_IN_WINDOW_MINUTES", "30")
    app = make_app(template_database, audio_dir, tmp_path)
    clear_answers(app)
    try:
        client = Browser(app.test_client())
        add_staff(app, "administrator", "admin@example.org")
        page = sign_in(client, "admin@example.org", "guess")
        assert "After 2 wrong tries you must wait 30 minutes." in page.text
        page = sign_in(client, "admin@example.org", "another guess")
        assert "You tried too many times. Wait 30 minutes. Then try again." in page.text
        page = sign_in(client, "admin@example.org", PASSWORD)
        assert page.h1 == "Staff sign in"
        assert "You tried too many times. Wait 30 minutes. Then try again." in page.text
    finally:
        app.extensions["db_engine"].dispose()
