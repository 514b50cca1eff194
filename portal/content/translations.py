"""Translation files for content: one per language, each text with its English and a status."""

from __future__ import annotations

from pathlib import Path

import yaml

from portal.content.bank import Bank

HEADER = """\
# {language}: statement, theme, questionnaire, help and picture texts.
# Each entry keeps the English it was translated from (`en`), the translation (`text`) and a
# status: `draft` until a native speaker has checked it, then `checked`.
"""


def update_translation_file(path: Path, english: Bank) -> int:
    """Add an empty draft entry for every English text the file lacks; returns how many.
    Translations of retired statements are kept, but none is asked for."""
    existing: dict[str, dict[str, str]] = {}
    if path.exists():
        existing = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("texts") or {}
    texts = {}
    added = 0
    required = english.text_keys()
    for key, text in english.text_keys(retired=True).items():  # a retired text's stays
        if key in existing:
            texts[key] = existing[key]
        elif key in required:
            texts[key] = {"en": text, "text": "", "status": "draft"}
            added += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(
        {"texts": texts}, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False
    )
    path.write_text(HEADER.format(language=path.stem) + body, encoding="utf-8")
    return added
