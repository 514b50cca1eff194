"""The easy-read rules that a command checks, not a person by eye."""

from __future__ import annotations

import re
from functools import cache

MAX_WORDS_PER_SENTENCE = 15
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    """Split text into sentences at . ! or ? followed by a space."""
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def easy_read_problems(text: str, jargon: dict[str, str]) -> list[str]:
    """What breaks the easy-read rules in one text: long sentences and jargon words."""
    found = []
    for sentence in sentences(text):
        words = len(sentence.split())
        if words > MAX_WORDS_PER_SENTENCE:
            found.append(
                f"sentence has {words} words, more than {MAX_WORDS_PER_SENTENCE}: {sentence!r}"
            )
    for match in _jargon_pattern(tuple(jargon)).finditer(text):
        word = match.group(0).lower()
        found.append(f"jargon word {word!r} in {text!r}: say {jargon[word]!r} instead")
    return found


@cache
def _jargon_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any jargon word or phrase as a whole word, in any case."""
    if not words:
        return re.compile(r"(?!)")
    longest_first = sorted(words, key=len, reverse=True)
    alternatives = "|".join(re.escape(word) for word in longest_first)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags=re.IGNORECASE)
