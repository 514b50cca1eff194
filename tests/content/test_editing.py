"""The studio's edits to content files keep every comment and every line they do not change,
and what they write reads back as the same values."""

from __future__ import annotations

import difflib

import yaml

from portal.config import PROJECT_ROOT
from portal.content.checker import check
from portal.content.editing import (
    StatementFields,
    TranslationFile,
    save_statement,
    set_translation,
)
from portal.content.releases import content_files

CONTENT = PROJECT_ROOT / "content"
FILES = content_files(CONTENT)
GARDEN = StatementFields(
    theme="my-home",
    text="I like my garden.",
    they="They like their garden.",
    picture="map",
    audiences=("self_advocate",),
    direction="yes_good",
    origin="proposed locally",
)


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_a_new_statement_only_adds_lines_and_passes_every_check() -> None:
    welsh = {"cy": {"text": "Rydw i'n hoffi fy ngardd: mae'n \"dda\".", "they": ""}}
    changed = save_statement(FILES, "i-like-my-garden", GARDEN, welsh)
    for path, text in changed.items():
        assert all(line.startswith("+") for line in _changed_lines(FILES[path], text)), path
    texts = yaml.safe_load(changed["translations/cy.yaml"])["texts"]
    assert texts["statement.i-like-my-garden.text"] == {
        "en": "I like my garden.",
        "text": "Rydw i'n hoffi fy ngardd: mae'n \"dda\".",
        "status": "draft",
    }
    assert texts["statement.i-like-my-garden.they"] == {
        "en": "They like their garden.",
        "status": "missing",
    }
    bank, problems = check(CONTENT, files={**FILES, **changed})
    assert problems == [] and bank is not None
    assert bank.localised("cy").statements["i-like-my-garden"].they == "They like their garden."
    assert "They like their garden." in bank.untranslated("cy")
    assert "I like my garden." not in bank.untranslated("cy")


def test_checking_a_translation_changes_its_own_lines_only() -> None:
    before = FILES["translations/ur.yaml"]
    key = "theme.my-home.name"
    entry = TranslationFile(before).get(key)
    assert entry is not None
    after = set_translation(FILES, "ur", key, entry["text"], "checked")["translations/ur.yaml"]
    assert _changed_lines(before, after) == ["-    status: draft", "+    status: checked"]
    assert TranslationFile(after).get(key) == {**entry, "status": "checked"}
