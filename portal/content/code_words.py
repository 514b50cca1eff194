"""Resume-code words (content/code-words.yaml): everyday things with a picture and a word in
each language. A code is four of them; it is kept as their ids, so the same code typed in any
language finds the same answers.

Typing is forgiving: any spaces, hyphens, commas or other marks between the words, any case,
any Unicode normal form (NFKC, then casefold), Latin letters with or without their accents
("jablko" for "jabłko"), and the two common spellings of some Urdu letters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

CODE_LENGTH = 4  # different words in a code: 112 words make 149 million codes
MIN_CODE_WORDS = 100

# Letters keyboards type two ways (Arabic and Persian forms, used alike in Urdu)
_SAME_LETTER = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ł": "l"})


@dataclass(frozen=True)
class CodeWord:
    """One code word: its id (the English word), its OpenMoji picture, its word per language."""

    id: str
    openmoji: str
    words: Mapping[str, str]

    def word(self, language: str) -> str:
        """The word in `language` (English when it has none there)."""
        return self.words.get(language) or self.words["en"]


def fold(text: str) -> str:
    """`text` as compared: NFKC, casefolded, no invisible joiners, one form of each letter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def plain(word: str) -> str:
    """A folded word without the accents of its Latin letters ("jabłko" -> "jablko"); other
    scripts are left whole (their vowel signs are letters there, not accents)."""
    word = word.translate(_SAME_LETTER)
    if not all("LATIN" in unicodedata.name(c, "") for c in word):
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def typed_words(text: str) -> list[str]:
    """The words a person typed: split at anything that is not a letter or a mark."""
    cleaned = "".join(c if unicodedata.category(c)[0] in "LM" else " " for c in fold(text))
    return cleaned.split()


@dataclass(frozen=True)
class CodeWords:
    """The words, in file order, and a way back from any spelling to a word's id."""

    words: tuple[CodeWord, ...] = ()
    by_id: dict[str, CodeWord] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_id.update({w.id: w for w in self.words})

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[CodeWord]:
        return iter(self.words)

    def __bool__(self) -> bool:
        return bool(self.words)

    @cached_property
    def _lookup(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for word in self.words:
            for spelling in (word.id, *word.words.values()):
                for form in (fold(spelling), plain(fold(spelling))):
                    found.setdefault(form, word.id)
        return found

    def ids_of(self, text: str) -> list[str] | None:
        """The ids of the words typed, in order; None when any word is not a code word."""
        ids = []
        for typed in typed_words(text):
            found = self._lookup.get(typed) or self._lookup.get(plain(typed))
            if found is None:
                return None
            ids.append(found)
        return ids

    def shown(self, ids: Iterable[str]) -> list[CodeWord]:
        """The words of a code, for showing (unknown ids left out)."""
        return [self.by_id[i] for i in ids if i in self.by_id]
