"""The easy-read rules that a command checks, not a person by eye."""

from __future__ import annotations

import re

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
    for word, instead in jargon.items():
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, flags=re.IGNORECASE):
            found.append(f"jargon word {word!r} in {text!r}: say {instead!r} instead")
    return found
