"""Style sheets and scripts under names that carry a hash of their content, kept for a year.

`flask digest compile` (Flask-Static-Digest; `make static`, which `make run` and `make test` go
through) copies each file in portal/static/ to `<name>-<md5 of its content>.<ext>` beside it and
lists the copies in portal/static/cache_manifest.json. Templates link files with
`static_url_for('static', filename=...)`, which gives the hashed name the manifest lists. A
browser keeps those for a year without asking again (`immutable`); a changed file gets a new
name, so pages link the new one at once. The copies are files on disk, so nginx can serve them
itself (docs/deployment.md, section 6), and old copies stay, so pages made before a new version
still load theirs.

Without a manifest (never compiled), or for a file changed since it was compiled, pages link
the plain name, which Flask serves with `no-cache`: always the file as it is now, checked on
every page. The manifest is read, and each listed file's hash checked, once per process.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from flask import Flask, request
from flask_static_digest import FlaskStaticDigest
from werkzeug.wrappers import Response

ONE_YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
MANIFEST = "cache_manifest.json"  # in the static folder, written by `flask digest compile`
# The names `flask digest compile` gives: portal.css -> portal-<32 hex digits>.css
HASHED_NAME = re.compile(r"(?:.*/)?[^/]+-[0-9a-f]{32}\.[A-Za-z0-9]+")


def hashed_name(folder: str | Path, filename: str) -> str:
    """The name `flask digest compile` gives the file as it is now in folder."""
    data = (Path(folder) / filename).read_bytes()
    digest = hashlib.md5(data, usedforsecurity=False).hexdigest()  # a name, not a secret
    stem, dot, extension = filename.rpartition(".")
    return f"{stem}-{digest}.{extension}" if dot else f"{filename}-{digest}"


def _still_current(app: Flask, manifest: dict[str, str]) -> dict[str, str]:
    """The manifest's entries whose copy exists and whose file has not changed since compiled."""
    folder = Path(app.static_folder or "")
    current: dict[str, str] = {}
    for filename, hashed in manifest.items():
        try:
            unchanged = hashed == hashed_name(folder, filename) and (folder / hashed).is_file()
        except OSError:
            unchanged = False
        if unchanged:
            current[filename] = hashed
        else:
            app.logger.warning(
                "static/%s has changed since `flask digest compile`: linked by its plain name",
                filename,
            )
    return current


def load_manifest(app: Flask) -> None:
    """Read the static folder's cache_manifest.json (again, after `flask digest compile`) into
    what `static_url_for` links, keeping only up-to-date entries; without one, plain names."""
    try:
        listed = json.loads(Path(app.static_folder or "", MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        listed = {}
    if not isinstance(listed, dict):
        listed = {}
    digest: FlaskStaticDigest = app.extensions["static_digest"]
    digest.manifests["static"] = _still_current(app, listed)


def _cache_headers(response: Response) -> Response:
    """A hashed name never changes content: keep it a year. Plain names keep Flask's no-cache."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    if HASHED_NAME.fullmatch((request.view_args or {}).get("filename", "")):
        response.headers["Cache-Control"] = IMMUTABLE
    return response


def init_app(app: Flask) -> None:
    """Link static files by their hashed names when compiled; serve those names for a year."""
    # Only the hashed copies: nginx compresses on the fly (docs/deployment.md), Flask never does.
    app.config.setdefault("FLASK_STATIC_DIGEST_COMPRESSION", [])
    app.extensions["static_digest"] = FlaskStaticDigest(app)  # adds `static_url_for`
    load_manifest(app)  # the manifest as FlaskStaticDigest reads it, checked against the files
    app.after_request(_cache_headers)
