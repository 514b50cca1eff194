"""Clip files `AUDIO_DIR/<key>.mp3` and `manifest.json` (language -> variant -> text -> file)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

from flask import current_app

MANIFEST = "manifest.json"
VARIANTS = ("normal", "slow")

Manifest = dict[str, dict[str, dict[str, str]]]

_cache: dict[str, tuple[tuple[int, int], Manifest]] = {}
_checked: dict[str, float] = {}  # when each manifest's file was last looked at


def collapse(text: str) -> str:
    """The text with every run of whitespace made one space, ends trimmed."""
    return " ".join(text.split())


def text_hash(text: str) -> str:
    """sha256 of the collapsed text: the manifest's key for a text."""
    return hashlib.sha256(collapse(text).encode("utf-8")).hexdigest()


def clip_name(engine: str, lang: str, variant: str, text: str, version: str = "") -> str:
    """File name of the clip one engine makes for one text, language and variant; an engine's
    `version` (its voice settings, e.g. espeak's pace) is part of it, so new settings make new
    clips while an engine without one keeps the names it always had."""
    engine_version = f"{engine}@{version}" if version else engine
    parts = "\n".join((engine_version, lang, variant, collapse(text)))
    return hashlib.sha256(parts.encode("utf-8")).hexdigest()[:32] + ".mp3"


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file so that readers see either the old file or the whole new one."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)  # clips are public files; mkstemp makes 0600
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def read_manifest(store_dir: str | os.PathLike[str], checked_within: float = 0.0) -> Manifest:
    """The manifest in `store_dir` (cached, reloaded when the file changes); {} if none.

    With `checked_within` (seconds), a manifest read or checked that recently is taken as it
    is, without asking the file system again: pages use 1 s, so a new `flask audio build` shows
    within a second, and a busy process is spared a system call on every page.
    """
    path = os.path.join(store_dir, MANIFEST)  # every page asks: plain strings, not pathlib
    now = time.monotonic()
    cached = _cache.get(path)
    if cached is not None and checked_within and now - _checked.get(path, 0.0) < checked_within:
        return cached[1]
    _checked[path] = now
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return {}
    stamp = (stat.st_mtime_ns, stat.st_ino)
    cached = _cache.get(path)
    if cached is None or cached[0] != stamp:
        try:
            with open(path, encoding="utf-8") as file:
                cached = (stamp, json.load(file))
        except (OSError, ValueError):
            return {}  # unreadable: no clips rather than a broken page
        _cache[path] = cached
    return cached[1]


def manifest_stamp(store_dir: str | os.PathLike[str]) -> tuple[int, int] | None:
    """When the manifest last changed (as `read_manifest` last read it), or None."""
    cached = _cache.get(os.path.join(store_dir, MANIFEST))
    return cached[0] if cached is not None else None


def write_manifest(store_dir: str | os.PathLike[str], manifest: Manifest) -> None:
    """Replace the manifest in one step; this process's next page reads it (others within
    the second `read_manifest` gives them)."""
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    write_atomically(Path(store_dir) / MANIFEST, data.encode("utf-8"))
    _checked.pop(os.path.join(store_dir, MANIFEST), None)


def clip_file(
    lang: str,
    text: str,
    variant: str = "normal",
    store_dir: str | None = None,
    manifest: Manifest | None = None,
) -> str | None:
    """File name of the built clip for a text, or None; store_dir defaults to AUDIO_DIR."""
    if manifest is None:
        manifest = read_manifest(store_dir or current_app.config["AUDIO_DIR"])
    return manifest.get(lang, {}).get(variant, {}).get(text_hash(text))
