"""What the studio's forms share: a text box's words, the easy-read rules beside the box that
breaks them, and a short name made from words."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from portal.content.easy_read import easy_read_findings


def words(field: Any) -> str:
    """A text box's words, without spaces at the ends ("" when the box was not sent)."""
    return str(field.data or "").strip()


def easy_read_errors(
    form: Any, names: list[tuple[str, bool, bool]], jargon: dict[str, str]
) -> bool:
    """Each easy-read rule a text box breaks, beside the box (its rule named); True if any.
    `names`: (field name, English?, a statement's words?) for each box to check."""
    found = False
    for name, english, statement in names:
        field = getattr(form, name)
        if field.data:
            for finding in easy_read_findings(
                field.data, jargon, english=english, statement=statement
            ):
                field.errors = [
                    *field.errors,
                    f"Easy read rule [{finding.rule}]: {finding.message}",
                ]
                found = True
    return found


def short_name(text: str, taken: Collection[str], fallback: str, most_words: int = 8) -> str:
    """A short name made from the first words of a text ("i-like-my-garden"), not used before."""
    base = "-".join(re.findall(r"[a-z0-9]+", text.lower())[:most_words]) or fallback
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    return name
