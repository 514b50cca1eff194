"""Search the OpenMoji pictures by name and keyword, for the studio's picture library.

Promises: `search` returns only pictures whose SVG file is installed, best first (the exact name,
then whole words or the start of a word in the name, then keywords, then part of a word in the
name); every word of the query must match; case and accents do not matter; skin-tone variants are
left out of the results and offered by `skin_tone_variants` instead. The names and keywords come
from OpenMoji's own data file (openmoji_data.json, made by scripts/openmoji_data.py) and are
loaded once per process.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from portal.content.openmoji import openmoji_file

DATA_FILE = "openmoji_data.json"
_WORD = re.compile(r"[^\W_]+")

# How well one query word fits a picture: lower is better. The name as a whole is rank 0.
EXACT_NAME = 0
WHOLE_WORD_IN_NAME = 1
START_OF_NAME_WORD = 2
WHOLE_KEYWORD = 3
START_OF_KEYWORD = 4
INSIDE_NAME_WORD = 5


@dataclass(frozen=True, slots=True)
class Match:
    """One OpenMoji picture: its code (the SVG file name without .svg), name, keywords, group."""

    code: str
    name: str
    keywords: tuple[str, ...]
    group: str


@dataclass(frozen=True, slots=True)
class _Entry:
    """A picture with its name and keywords folded for matching."""

    match: Match
    order: int
    name: str  # folded words joined by one space
    name_words: frozenset[str]
    keyword_words: frozenset[str]
    text: str  # everything searchable, folded, for a quick first test
    base: str | None  # the plain picture's code, for a skin-tone variant


def fold(text: str) -> str:
    """Text in lower case without accents: "Piñata" -> "pinata"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _split_tags(*tag_lists: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for tags in tag_lists:
        for tag in tags.split(","):
            if tag.strip():
                seen.setdefault(tag.strip(), None)
    return tuple(seen)


@cache
def _entries() -> dict[str, _Entry]:
    """Every picture in the data file whose SVG is installed, by code, in OpenMoji's order."""
    raw = json.loads((files("portal.content") / DATA_FILE).read_text(encoding="utf-8"))
    rows = [row for row in raw["emoji"] if openmoji_file(row["hexcode"]) is not None]
    tags_by_code = {row["hexcode"]: (row["tags"], row["openmoji_tags"]) for row in rows}
    entries: dict[str, _Entry] = {}
    for order, row in enumerate(rows):
        base = row.get("skintone_base_hexcode")
        # OpenMoji gives a skin-tone variant no keywords of its own: it shares its plain picture's
        tags = tags_by_code.get(base, ("", "")) if base else (row["tags"], row["openmoji_tags"])
        keywords = _split_tags(*tags)
        name_words = _words(row["annotation"])
        keyword_words = {word for keyword in keywords for word in _words(keyword)}
        entries[row["hexcode"]] = _Entry(
            match=Match(row["hexcode"], row["annotation"], keywords, row["group"]),
            order=order,
            name=" ".join(name_words),
            name_words=frozenset(name_words),
            keyword_words=frozenset(keyword_words),
            text=" ".join([*name_words, *sorted(keyword_words)]),
            base=base,
        )
    return entries


@cache
def _plain_entries() -> tuple[_Entry, ...]:
    return tuple(entry for entry in _entries().values() if entry.base is None)


def _word_rank(word: str, entry: _Entry) -> int | None:
    """How well one query word fits the picture, or None if it does not."""
    if word in entry.name_words:
        return WHOLE_WORD_IN_NAME
    if any(name_word.startswith(word) for name_word in entry.name_words):
        return START_OF_NAME_WORD
    if word in entry.keyword_words:
        return WHOLE_KEYWORD
    if any(keyword_word.startswith(word) for keyword_word in entry.keyword_words):
        return START_OF_KEYWORD
    if word in entry.name:
        return INSIDE_NAME_WORD
    return None


def _rank(words: list[str], phrase: str, entry: _Entry) -> tuple[int, int, int, int] | None:
    """A sort key for the picture (lower is better), or None if a query word does not fit."""
    if any(word not in entry.text for word in words):
        return None  # quick: every way to fit needs the word somewhere in the text
    if entry.name == phrase:
        return (EXACT_NAME, 0, len(entry.name), entry.order)
    ranks = [_word_rank(word, entry) for word in words]
    if None in ranks:
        return None
    fits = [rank for rank in ranks if rank is not None]
    if entry.name.startswith(phrase):
        fits = [min(fits[0], WHOLE_WORD_IN_NAME), *fits[1:]]
    worst = max(fits)
    # The worst-fitting word decides, then the sum; among name fits the shorter name (the house
    # before the house with garden), among keyword fits OpenMoji's order, which keeps like together
    length = len(entry.name) if worst <= START_OF_NAME_WORD else 0
    return (worst, sum(fits), length, entry.order)


def search(query: str, limit: int = 24) -> list[Match]:
    """The pictures whose name or keywords fit every word of the query, best first."""
    words = _words(query)
    if not words or limit <= 0:
        return []
    phrase = " ".join(words)
    ranked = []
    for entry in _plain_entries():
        key = _rank(words, phrase, entry)
        if key is not None:
            ranked.append((key, entry.match))
    ranked.sort(key=lambda pair: pair[0])
    return [match for _, match in ranked[:limit]]


def describe(code: str) -> Match | None:
    """The name, keywords and group of one picture (a skin-tone variant too), or None."""
    entry = _entries().get(code)
    return entry.match if entry else None


def skin_tone_variants(code: str) -> list[Match]:
    """The skin-tone variants of a plain picture, in OpenMoji's order ([] if it has none)."""
    return [entry.match for entry in _entries().values() if entry.base == code]
