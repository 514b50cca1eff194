"""The Advisory Group's themed summary of a report: one theme a page, each statement in at most
three short sentences of words ("Most people said Yes."), ten people coloured by what their
answers mean, and the approved quotes.

The words come from the report's frozen, published figures only (portal/reports/disclosure.py):
a band is worked out from published counts, and a count under the threshold is never described.

No Flask globals, like "What happened" (portal/happened/services.py): the page and `flask audio
build` both make a `Summary` with their own gettext, so every sentence on the page has a clip.
The band sentences are whole messages, so they are translated and voiced like every other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import format_skeleton

from portal.comments.models import QUOTES_SPOKEN_IN
from portal.content.bank import Bank
from portal.reports.results import ReportResult, Row, StatementResult
from portal.shared.answers import N_

Gettext = Callable[..., str]

# The word bands, defined once: a published count's share of the people a statement is about
# (per cent, rounded half up), at least the first number, gets the band's words.
BANDS: tuple[tuple[int, str], ...] = (
    (90, "almost_all"),
    (60, "most"),
    (40, "half"),
    (20, "some"),
    (1, "few"),
)
# The answers a sentence may describe, in the order the question offers them.
DESCRIBED = ("yes", "sometimes", "no", "not_sure")
SAID: dict[tuple[str, str], str] = {
    ("almost_all", "yes"): N_("Almost everyone said Yes."),
    ("almost_all", "sometimes"): N_("Almost everyone said Sometimes."),
    ("almost_all", "no"): N_("Almost everyone said No."),
    ("almost_all", "not_sure"): N_("Almost everyone said Not sure."),
    ("most", "yes"): N_("Most people said Yes."),
    ("most", "sometimes"): N_("Most people said Sometimes."),
    ("most", "no"): N_("Most people said No."),
    ("most", "not_sure"): N_("Most people said Not sure."),
    ("half", "yes"): N_("About half of the people said Yes."),
    ("half", "sometimes"): N_("About half of the people said Sometimes."),
    ("half", "no"): N_("About half of the people said No."),
    ("half", "not_sure"): N_("About half of the people said Not sure."),
    ("some", "yes"): N_("Some people said Yes."),
    ("some", "sometimes"): N_("Some people said Sometimes."),
    ("some", "no"): N_("Some people said No."),
    ("some", "not_sure"): N_("Some people said Not sure."),
    ("few", "yes"): N_("A few people said Yes."),
    ("few", "sometimes"): N_("A few people said Sometimes."),
    ("few", "no"): N_("A few people said No."),
    ("few", "not_sure"): N_("A few people said Not sure."),
}
# What the good answer's share says about a statement: at least GOING_WELL per cent is going
# well; under NEEDS_BETTER needs to get better; in between, it is good for some people.
GOING_WELL, NEEDS_BETTER = 80, 50
VERDICTS = {
    "good": N_("This is going well."),
    "in_between": N_("This is good for some people, but not for others."),
    "not_good": N_("This needs to get better."),
}
NOT_ENOUGH = N_("Not enough people answered this. So we cannot show the answers.")
# What each answer means for a statement, and its picture: the good answer (Yes, or No where No
# is the good answer) is always "good", so a good "No" is shown as good.
MEANING_PICTURES = {
    "good": "meaning-good",
    "in_between": "meaning-in-between",
    "not_good": "meaning-not-good",
    "other": "answer-not-sure",
    "hidden": "",
}
MEANING_ORDER = ("good", "in_between", "not_good", "other", "hidden")
PEOPLE = 10


def share(count: int | None, about: int | None) -> int | None:
    """Per cent of `about` (rounded half up), from published values; None when either is not
    shown."""
    if count is None or not about:
        return None
    return (200 * min(count, about) + about) // (2 * about)


def band(percent: int | None) -> str | None:
    """The band of a share (None: no words, for nothing shown or nobody)."""
    if percent is None:
        return None
    for lowest, name in BANDS:
        if percent >= lowest:
            return name
    return None


def meaning(value: str, good_answer: str) -> str:
    """ "good", "in_between", "not_good" or "other" for an answer to a statement."""
    if value == good_answer:
        return "good"
    if value in ("yes", "no"):
        return "not_good"
    if value == "sometimes":
        return "in_between"
    return "other"


def verdict(good_share: int | None) -> str | None:
    """How the statement is going, from the good answer's published share (None: not shown)."""
    if good_share is None:
        return None
    if good_share >= GOING_WELL:
        return "good"
    if good_share < NEEDS_BETTER:
        return "not_good"
    return "in_between"


def ten_people(row: Row, good_answer: str) -> tuple[str, ...]:
    """Ten meanings, one per person picture, in MEANING_ORDER: each answer's published share of
    the people the statement is about, by largest remainder so there are always ten. Answers
    under the threshold together are "hidden" (the people not described)."""
    if row.about is None:
        return ()
    shown = {
        value: count
        for value, count in row.counts.items()
        if value != "not_about_me" and count is not None
    }
    whole = max(sum(shown.values()), row.about)
    if not whole:
        return ()
    parts: dict[str, int] = dict.fromkeys(MEANING_ORDER, 0)
    for value, count in shown.items():
        parts[meaning(value, good_answer)] += count
    parts["hidden"] = whole - sum(shown.values())
    exact = {name: PEOPLE * part / whole for name, part in parts.items()}
    people = {name: int(value) for name, value in exact.items()}
    left = PEOPLE - sum(people.values())
    order = sorted(MEANING_ORDER, key=lambda name: (-(exact[name] - people[name]), name))
    for name in order[:left]:
        people[name] += 1
    return tuple(name for name in MEANING_ORDER for _ in range(people[name]))


@dataclass(frozen=True)
class Sentence:
    text: str
    picture: str  # the picture of what it means ("" for none)
    meaning: str


@dataclass(frozen=True)
class StatementSummary:
    id: str
    text: str
    text_lang: str | None  # "en" when the words are English on a page in another language
    picture: str
    good_answer: str
    sentences: tuple[Sentence, ...]  # three at most
    people: tuple[str, ...]  # ten meanings, or none when not enough answered
    people_words: tuple[PeoplePart, ...]  # the ten pictures in words (the key)


@dataclass(frozen=True)
class ThemeSummary:
    id: str
    name: str
    name_lang: str | None
    picture: str
    statements: tuple[StatementSummary, ...]
    quotes: tuple[str, ...]
    quotes_lang: str = QUOTES_SPOKEN_IN


@dataclass(frozen=True)
class Summary:
    intro: tuple[str, ...]
    themes: tuple[ThemeSummary, ...]

    def theme(self, theme_id: str) -> ThemeSummary | None:
        return next((theme for theme in self.themes if theme.id == theme_id), None)

    def spoken(self) -> Iterator[tuple[str | None, str]]:
        """(language, text) for every text on the pages with a clip; None: the page's language.
        The band sentences and verdicts are interface messages, voiced with the others."""
        for sentence in self.intro:
            yield None, sentence
        for theme in self.themes:
            yield theme.name_lang, theme.name
            for statement in theme.statements:
                yield statement.text_lang, statement.text
            for quote in theme.quotes:
                yield theme.quotes_lang, quote


def statement_sentences(result: StatementResult, _: Gettext) -> tuple[Sentence, ...]:
    """At most three: the two answers most people gave (in words, by band) and how it is going
    (by the good answer's share). One sentence when not enough people answered."""
    row = result.now
    if row.total is None or row.about is None:
        return (Sentence(_(NOT_ENOUGH), "", "hidden"),)
    described = sorted(
        (
            (count, value)
            for value, count in row.counts.items()
            if value in DESCRIBED and count and band(share(count, row.about))
        ),
        key=lambda pair: (-pair[0], DESCRIBED.index(pair[1])),
    )
    sentences = []
    for count, value in described[:2]:
        name = band(share(count, row.about))
        if name is None:  # filtered above; kept for the type checker
            continue
        said_meaning = meaning(value, result.good_answer)
        sentences.append(
            Sentence(_(SAID[(name, value)]), MEANING_PICTURES[said_meaning], said_meaning)
        )
    how = verdict(share(row.counts.get(result.good_answer), row.about))
    if how is not None:
        sentences.append(Sentence(_(VERDICTS[how]), MEANING_PICTURES[how], how))
    return tuple(sentences) or (Sentence(_(NOT_ENOUGH), "", "hidden"),)


@dataclass(frozen=True)
class PeoplePart:
    """One kind of person picture in the key, in words: "7 of 10 people: a good answer (No)."."""

    meaning: str
    words: str


def people_words(
    people: Sequence[str], answers: dict[str, str], _: Gettext
) -> tuple[PeoplePart, ...]:
    """The ten pictures in words, a part for each kind there is."""
    words = {
        "good": _("a good answer (%(answer)s)", answer=answers["good"]),
        "in_between": _("in between (%(answer)s)", answer=answers["in_between"]),
        "not_good": _("not a good answer (%(answer)s)", answer=answers["not_good"]),
        "other": _("not sure, or did not want to say"),
        "hidden": _("we cannot show these answers, to keep people private"),
    }
    return tuple(
        PeoplePart(
            name,
            _("%(number)s of 10 people: %(what)s.", number=people.count(name), what=words[name]),
        )
        for name in MEANING_ORDER
        if name in people
    )


def month(language: str, day: date) -> str:
    """ "March 2027", in the language's own words."""
    return format_skeleton("yMMMM", day, locale=language)


def summary(
    result: ReportResult,
    quotes: Sequence[dict[str, Any]],
    bank: Bank,
    language: str,
    _: Gettext,
    area_name: str | None = None,
) -> Summary:
    """The summary in one language: `bank` is the content in that language (statements and
    theme names are the report's own words where the bank has no translation)."""
    english = None if language == "en" else "en"
    translated = bank.language == language

    def own(statement_id: str) -> bool:
        statement = bank.statements.get(statement_id)
        return translated and statement is not None and not statement.retired

    answer_words = {"yes": _("Yes"), "no": _("No"), "sometimes": _("Sometimes")}
    by_theme: dict[str, list[str]] = {}
    for quote in quotes:
        for theme_id in quote["theme_ids"]:
            by_theme.setdefault(theme_id, []).append(quote["text"])
    themes = []
    for theme in result.themes:
        content = bank.themes.get(theme.id)
        statements = []
        for s in theme.statements:
            people = ten_people(s.now, s.good_answer)
            bad = "no" if s.good_answer == "yes" else "yes"
            meanings = {
                "good": answer_words[s.good_answer],
                "not_good": answer_words[bad],
                "in_between": answer_words["sometimes"],
            }
            statements.append(
                StatementSummary(
                    id=s.id,
                    text=bank.statements[s.id].text if own(s.id) else s.text,
                    text_lang=None if own(s.id) else english,
                    picture=s.picture,
                    good_answer=s.good_answer,
                    sentences=statement_sentences(s, _),
                    people=people,
                    people_words=people_words(people, meanings, _) if people else (),
                )
            )
        themes.append(
            ThemeSummary(
                id=theme.id,
                name=content.name if content is not None and translated else theme.name,
                name_lang=None if content is not None and translated else english,
                picture=content.picture if content is not None else "speech-bubble",
                statements=tuple(statements),
                quotes=tuple(by_theme.get(theme.id, ())),
            )
        )
    return Summary(intro=_intro(result, language, _, area_name), themes=tuple(themes))


def _intro(
    result: ReportResult, language: str, _: Gettext, area_name: str | None
) -> tuple[str, ...]:
    filters = result.filters
    about = (
        _("This page is about %(area)s.", area=area_name)
        if area_name
        else _("This page is about every area.")
    )
    last = filters.last.start
    end = last.replace(month=last.month + 2)  # the last month of the last quarter
    when = _(
        "People answered from %(start)s to %(end)s.",
        start=month(language, filters.first.start),
        end=month(language, end),
    )
    people = result.people.total
    how_many = (
        _("About %(number)s people answered.", number=people)
        if people is not None
        else _("Not enough people answered to show their answers.")
    )
    return about, when, how_many
