"""The easy-read rules that a command checks, not a person by eye.

Each finding names its rule in square brackets, e.g. `[one idea]`, so a writer can look it up.
Sentence length counts each language's own full stop and applies to every language; jargon and
active voice read English words; one idea, no negatives and sweeping words apply to statements
(the words a person answers Yes or No to).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

MAX_WORDS_PER_SENTENCE = 15

SENTENCE_LENGTH = "sentence length"
JARGON = "jargon"
ONE_IDEA = "one idea"
NO_NEGATIVES = "no negatives"
ACTIVE_VOICE = "active voice"
SWEEPING_WORD = "sweeping word"
RULES = (SENTENCE_LENGTH, JARGON, ONE_IDEA, NO_NEGATIVES, ACTIVE_VOICE, SWEEPING_WORD)

# A sentence ends at . ! ? followed by a space, or at a full stop of another script: the danda
# (Punjabi, Hindi), the Urdu full stop and the Arabic question mark, with or without a space.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[\u0964\u06d4\u061f])\s*")


@dataclass(frozen=True)
class Finding:
    """One easy-read rule broken by one text."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


def sentences(text: str) -> list[str]:
    """Split text into sentences at the language's sentence ends (. ! ? । ۔ ؟)."""
    return [s.strip() for s in SENTENCE_END.split(text.strip()) if s.strip()]


def easy_read_findings(
    text: str, jargon: dict[str, str], *, english: bool = True, statement: bool = False
) -> list[Finding]:
    """Every easy-read rule `text` breaks; `english` adds the English word rules, `statement`
    the rules for words a person answers Yes or No to."""
    found = _sentence_length(text)
    if english:
        found += _jargon(text, jargon) + _active_voice(text)
    if english and statement:
        found += _one_idea(text) + _negatives(text) + _sweeping(text)
    return found


def easy_read_problems(text: str, jargon: dict[str, str]) -> list[str]:
    """What breaks the easy-read rules in one English text that is not a statement."""
    return [str(finding) for finding in easy_read_findings(text, jargon)]


def _sentence_length(text: str) -> list[Finding]:
    found = []
    for sentence in sentences(text):
        words = len(sentence.split())
        if words > MAX_WORDS_PER_SENTENCE:
            found.append(
                Finding(
                    SENTENCE_LENGTH,
                    f"sentence has {words} words, more than {MAX_WORDS_PER_SENTENCE}: {sentence!r}",
                )
            )
    return found


def _jargon(text: str, jargon: dict[str, str]) -> list[Finding]:
    found = []
    for match in _jargon_pattern(tuple(jargon)).finditer(text):
        said = match.group(0)
        word = next(w for w in jargon if _jargon_pattern((w,)).fullmatch(said))
        found.append(Finding(JARGON, f"jargon word {word!r} in {text!r}: say {jargon[word]!r}"))
    return found


def _phrase_pattern(word: str) -> str:
    """A jargon entry as a pattern: '...' stands for up to 3 words ('take ... away')."""
    parts = [r"\s+".join(re.escape(w) for w in part.split()) for part in word.split("...")]
    return r"\s+(?:[\w'’-]+\s+){0,3}".join(part.strip() for part in parts)


@cache
def _jargon_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching any jargon word or phrase as a whole word, in any case."""
    if not words:
        return re.compile(r"(?!)")
    longest_first = sorted(words, key=len, reverse=True)
    alternatives = "|".join(_phrase_pattern(word) for word in longest_first)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", flags=re.IGNORECASE)


# --- active voice -------------------------------------------------------------------------

BE_OR_GET = r"(?<![\w'])(?:am|is|are|was|were|be|been|being|get|gets|got|getting|gotten)|'m|'re"
# One adverb may stand between: "are often told", "is not told", "was never asked".
ADVERB = r"not|never|always|often|sometimes|usually|also|still|just|already|really|n't|\w+ly"
IRREGULAR_PARTICIPLES = frozenset(
    "made taken told given seen sent kept done known heard shown left put met paid brought "
    "bought found held built chosen written spoken forgotten broken stolen thrown driven "
    "taught thought understood beaten bitten hidden forbidden sold said led fed caught "
    "hit let set shut spent stuck struck torn worn woken drawn grown".split()
)
# Words ending in -ed that describe how a person is or feels: "I am worried" is not passive.
ADJECTIVE_PARTICIPLES = frozenset(
    "worried tired scared bored interested married excited pleased surprised upset "
    "frightened confused stressed annoyed embarrassed ashamed disappointed relaxed "
    "involved supposed used disabled qualified experienced prepared satisfied concerned "
    "amazed shocked related closed finished tied fed-up isolated unwell good-hearted "
    "determined detailed engaged skilled talented".split()
)
# -ed words that are not participles at all
NOT_PARTICIPLES = frozenset("need seed feed speed bed red shed hundred naked wicked sacred".split())
_PASSIVE = re.compile(rf"({BE_OR_GET})\s+(?:(?:{ADVERB})\s+)?([A-Za-z-]+)\b", flags=re.IGNORECASE)


def _is_participle(word: str) -> bool:
    word = word.lower()
    if word in ADJECTIVE_PARTICIPLES or word in NOT_PARTICIPLES:
        return False
    return word in IRREGULAR_PARTICIPLES or (
        len(word) > 4 and word.endswith("ed") and not word.endswith("eed")
    )


def _active_voice(text: str) -> list[Finding]:
    found = []
    for match in _PASSIVE.finditer(text.replace("’", "'")):
        if _is_participle(match.group(2)):
            found.append(
                Finding(
                    ACTIVE_VOICE,
                    f"{text!r} is passive ({match.group(0)!r}): say who does it",
                )
            )
    return found


# --- statements: one idea, no negatives, no sweeping words ---------------------------------

# Phrases where "and" or "or" joins words that name ONE idea; each says why. Everything else
# with " and " or " or " in a statement asks two things at once, and one answer cannot say both.
ONE_IDEA_PHRASES = (
    "family and friends",  # the people close to me: one group
    "friends and family",  # the same group, the other way round
    "family or friends",  # the same group
    "doctors and nurses",  # health staff: one group
    "boyfriend or girlfriend",  # a partner, whichever word fits
    "husband or wife",  # a partner, whichever word fits
    "mum or dad",  # a parent, whichever word fits
    "mum and dad",  # my parents
    "brothers and sisters",  # my siblings
    "brother or sister",  # a sibling
    "school or college",  # where I learn, whichever word fits
    "person or place",  # one place to go for help, a person or an office
    "letters and leaflets",  # written information
    "day or night",  # at any time
    "bully me or make fun of me",  # one kind of harm, passed by the content review (2026-12)
    "again and again",  # one idea: many times
    "disability or am autistic",  # who the portal is for: one reason, in the review's words
    "disability or are autistic",  # the same, in a 'they' statement
    "a learning disability or autism",  # the same, as nouns
    "out and about",  # an idiom, one idea; the jargon rule names it
)
_CONJUNCTION = re.compile(r"\b(and|or)\b", flags=re.IGNORECASE)
# A list of examples after ", like" or "such as" illustrates one idea: "things I enjoy, like
# clubs, sport or going out".
_EXAMPLES = re.compile(r"(?:,\s*like|such as)\s", flags=re.IGNORECASE)


def _one_idea(text: str) -> list[Finding]:
    found = []
    for sentence in sentences(text):
        allowed = [m.span() for p in ONE_IDEA_PHRASES for m in _whole(p).finditer(sentence)]
        examples = _EXAMPLES.search(sentence)
        for match in _CONJUNCTION.finditer(sentence):
            start = match.start()
            if any(a <= start < b for a, b in allowed):
                continue
            if examples and examples.start() < start:
                continue
            word = match.group(1).lower()
            found.append(
                Finding(
                    ONE_IDEA,
                    f"{sentence!r} joins two asks with {word!r}: one idea a sentence",
                )
            )
            break
    return found


@cache
def _whole(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", flags=re.IGNORECASE)


NEGATIVES = re.compile(
    r"(?<![\w-])(not|never|nobody|nothing|none|nowhere|neither|nor|cannot|without|only|"
    r"no(?=[\s-]+\w))(?![\w-])|\w+(n't|n’t)\b",
    flags=re.IGNORECASE,
)


def _negatives(text: str) -> list[Finding]:
    words = [m.group(0) for m in NEGATIVES.finditer(text)]
    if not words:
        return []
    shown = ", ".join(repr(w) for w in dict.fromkeys(words))
    return [
        Finding(
            NO_NEGATIVES,
            f"{text!r} has {shown}: answering No makes a double negative; say it the other way",
        )
    ]


TIME_UNITS = "day|days|week|weeks|month|months|year|years|morning|evening|night|weekend"
SWEEPING = re.compile(
    rf"(?<![\w-])(everything|everyone|everybody|always|mostly|all the time|"
    rf"every(?!\s+(?:\d+\s+)?(?:{TIME_UNITS})\b))(?![\w-])",
    flags=re.IGNORECASE,
)


def _sweeping(text: str) -> list[Finding]:
    words = [m.group(0) for m in SWEEPING.finditer(text)]
    if not words:
        return []
    shown = ", ".join(repr(w) for w in dict.fromkeys(words))
    return [
        Finding(
            SWEEPING_WORD,
            f"{text!r} has {shown}: a sweeping word is hard to answer honestly",
        )
    ]
