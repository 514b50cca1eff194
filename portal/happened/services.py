""" "What happened": for each theme, what people said (a published report's figures only) and
what was done about it, as easy-read sentences in the page's language.

No Flask globals: the page and `flask audio build` both make a `Story` with their own gettext,
so every sentence on the page can have a clip. `_` is the gettext to use: `_(msgid, **values)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_skeleton
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.actions.models import STATUS_PICTURES, Action
from portal.actions.services import actions_for_area, all_actions
from portal.areas.models import Area
from portal.content.bank import Bank
from portal.content.typed_texts import ACTION_WORDS, TypedWords, typed_words
from portal.reports.disclosure import out_of
from portal.reports.periods import Quarter
from portal.reports.results import ReportResult, StatementResult
from portal.reports.services import (
    latest_for,
    published_reports,
    questionnaires_of,
    stored_figures,
)

Gettext = Callable[..., str]

THEME_PICTURE = "speech-bubble"


@dataclass(frozen=True)
class Findings:
    """What a page shows, read from the database once (the page is then made per language)."""

    area: Area | None  # None: the page for every area
    results: ReportResult | None  # the published snapshot's figures, or None if none yet
    for_area: bool  # the report counts this area only (not every area)
    actions: tuple[Action, ...]
    # The questionnaires with a published report for this page, newest first; the one shown.
    questionnaires: tuple[str, ...] = ()
    questionnaire: str | None = None


@dataclass(frozen=True)
class Said:
    """One statement: "7 out of 10 people said Yes." and the statement's words and picture."""

    sentence: str
    text: str
    text_lang: str | None  # "en" when the words are English on a page in another language
    picture: str
    # Under the sentence when some people said "This is not about me": they are not counted.
    note: str | None = None


@dataclass(frozen=True)
class Did:
    """One action: the easy-read words staff typed (in the page's language when a translator
    translated them from these very English words), its status and when."""

    words: str
    status: str
    status_words: str
    reason: str | None  # staff's words for why it is late (English only)
    due_words: str | None
    picture: str
    lang: str | None  # "en" when `words` are English on a page in another language
    reason_lang: str | None = None  # "en" on a page in another language


@dataclass(frozen=True)
class ThemeStory:
    id: str
    name: str
    name_lang: str | None
    picture: str
    said: tuple[Said, ...]
    did: tuple[Did, ...]


@dataclass(frozen=True)
class Story:
    intro: tuple[str, ...]
    themes: tuple[ThemeStory, ...]
    # Whose answers: "You can also see the answers to:" and a link for each other
    # questionnaire with a published report (slug, its title in the page's language).
    others_intro: str | None = None
    others: tuple[tuple[str, str], ...] = ()

    def spoken(self) -> Iterator[tuple[str | None, str]]:
        """(language, text) for every text on the page with a clip; None: the page's language."""
        for sentence in self.intro:
            yield None, sentence
        if self.others_intro:
            yield None, self.others_intro
        for _slug, title in self.others:
            yield None, title
        for theme in self.themes:
            yield theme.name_lang, theme.name
            for said in theme.said:
                yield said.text_lang, said.text
                yield None, said.sentence
                if said.note:
                    yield None, said.note
            for did in theme.did:
                yield did.lang, did.words
                yield None, did.status_words
                if did.reason:
                    yield did.reason_lang, did.reason
                if did.due_words:
                    yield None, did.due_words


def find(db: Session, bank: Bank, area: Area | None, questionnaire: str | None = None) -> Findings:
    """The newest published report of the questionnaire asked for (else of the one published
    most recently) for the area (else for every area), and the area's actions."""
    area_id = area.id if area is not None else None
    published = published_reports(db)
    choices = tuple(
        slug
        for slug in questionnaires_of(published)
        if slug in bank.questionnaires and latest_for(published, area_id, slug) is not None
    )
    chosen = questionnaire if questionnaire in choices else (choices[0] if choices else None)
    report = latest_for(published, area_id, chosen) if chosen is not None else None
    results = stored_figures(report) if report is not None else None
    return Findings(
        area=area,
        results=results,
        for_area=results is not None and results.filters.area is not None,
        actions=tuple(actions_for_area(db, area_id)),
        questionnaires=choices,
        questionnaire=chosen,
    )


def month(language: str, day: date) -> str:
    """ "March 2027", in the language's own words (the month's standalone name)."""
    return format_skeleton("yMMMM", day, locale=language)


def said_sentence(result: StatementResult, _: Gettext) -> str:
    """`StatementResult.sentence` in the page's language, from published values only: out of
    the people the statement is about."""
    row, value = result.now, result.good_answer
    count = row.counts.get(value)
    if row.total is None or count is None or not row.about:
        return _("Not enough answers to show.")
    out_of_ten = out_of(min(count, row.about), row.about, 10)
    if value == "yes":
        return _("%(number)s out of 10 people said Yes.", number=out_of_ten)
    return _("%(number)s out of 10 people said No.", number=out_of_ten)


def said_note(result: StatementResult, _: Gettext) -> str | None:
    """When the published values show some people said "This is not about me" (the report's
    own note, `StatementResult.left_out`): the sentence counts only the others."""
    row = result.now
    if result.left_out is None or row.counts.get(result.good_answer) is None or not row.about:
        return None  # no sentence to explain
    return _("We counted only the people this question is about.")


def _intro(findings: Findings, language: str, _: Gettext, today: date) -> tuple[str, ...]:
    area = findings.area
    about = (
        _("This page is about %(area)s.", area=area.name)
        if area is not None
        else _("This page is about every area.")
    )
    results = findings.results
    if results is None:
        first_results = Quarter.of(today).next().start
        return (
            about,
            _("We are still listening."),
            _("The first results come out in %(month)s.", month=month(language, first_results)),
        )
    who = (
        _("These are answers from everyone in %(area)s.", area=area.name)
        if findings.for_area and area is not None
        else _("These are answers from everyone, in every area.")
    )
    last = results.filters.last.start
    end = last.replace(month=last.month + 2)  # the last month of the last quarter
    when = _(
        "People answered from %(start)s to %(end)s.",
        start=month(language, results.filters.first.start),
        end=month(language, end),
    )
    return about, who, when


def _did(action: Action, language: str, _: Gettext, typed: TypedWords) -> Did:
    if action.status == "done":
        status_words = _("Done.")
    elif action.status == "on_track":
        status_words = _("We are doing this.")
    else:
        status_words = _("This is late because:")
    words = typed.words(ACTION_WORDS, action.id, action.easy_read)
    return Did(
        words=words.text,
        status=action.status,
        status_words=status_words,
        reason=action.reason if action.status == "not_on_track" else None,
        due_words=None
        if action.status == "done"
        else _("We said we would do this by %(month)s.", month=month(language, action.due)),
        picture=STATUS_PICTURES[action.status],
        lang=words.lang_on(language),
        reason_lang=None if language == "en" else "en",
    )


def story(
    findings: Findings,
    bank: Bank,
    language: str,
    _: Gettext,
    today: date,
    typed: TypedWords | None = None,
) -> Story:
    """The page in one language: `bank` is the content in that language, `typed` the
    translations of the actions' words into it (None: English words)."""
    typed = typed or TypedWords(language)
    english = None if language == "en" else "en"
    translated = bank.language == language

    def own(statement_id: str) -> bool:
        """Words in the page's language: a retired statement is never translated."""
        statement = bank.statements.get(statement_id)
        return translated and statement is not None and not statement.retired

    said: dict[str, list[Said]] = {}
    names: dict[str, str] = {}
    if findings.results is not None:
        for theme in findings.results.themes:
            names[theme.id] = theme.name
            said[theme.id] = [
                Said(
                    sentence=said_sentence(result, _),
                    text=bank.statements[result.id].text if own(result.id) else result.text,
                    text_lang=None if own(result.id) else english,
                    picture=result.picture,
                    note=said_note(result, _),
                )
                for result in theme.statements
            ]
    did: dict[str, list[Did]] = {}
    for action in findings.actions:
        did.setdefault(action.theme_id, []).append(_did(action, language, _, typed))
    order = list(said) + [theme for theme in bank.themes if theme in did and theme not in said]
    order += [theme for theme in did if theme not in order]
    themes = []
    for theme_id in order:
        content = bank.themes.get(theme_id)
        own_words = content is not None and translated
        themes.append(
            ThemeStory(
                id=theme_id,
                name=content.name if content is not None else names.get(theme_id, theme_id),
                name_lang=None if own_words else english,
                picture=content.picture if content is not None else THEME_PICTURE,
                said=tuple(said.get(theme_id, ())),
                did=tuple(did.get(theme_id, ())),
            )
        )
    intro = _intro(findings, language, _, today)
    others: tuple[tuple[str, str], ...] = ()
    if len(findings.questionnaires) > 1 and findings.questionnaire is not None:
        intro += (
            _(
                "These are the answers to: %(questions)s.",
                questions=bank.questionnaires[findings.questionnaire].title,
            ),
        )
        others = tuple(
            (slug, bank.questionnaires[slug].title)
            for slug in findings.questionnaires
            if slug != findings.questionnaire
        )
    return Story(
        intro=intro,
        themes=tuple(themes),
        others_intro=_("You can also see the answers to:") if others else None,
        others=others,
    )


def _or_none(slugs: list[str]) -> list[str | None]:
    return [*slugs] if slugs else [None]


def every_page_text(
    db: Session,
    banks: Callable[[str], Bank],
    gettexts: Callable[[str], Gettext],
    languages: Sequence[str],
    today: date,
) -> dict[str, list[str]]:
    """Language -> every text on every area's "What happened" page (and the page for every
    area), for `flask audio build`. A gettext may give "" for an untranslated sentence."""
    english = banks("en")
    pages = [
        find(db, english, area, questionnaire)
        for area in [None, *db.scalars(select(Area).order_by(Area.id))]
        for questionnaire in _or_none(questionnaires_of(published_reports(db)))
    ]
    texts: dict[str, list[str]] = {"en": [action.easy_read for action in all_actions(db)]}
    for language in languages:
        _ = gettexts(language)
        bank = banks(language)
        typed = typed_words(db, language, [ACTION_WORDS])
        for findings in pages:
            for lang, text in story(findings, bank, language, _, today, typed).spoken():
                if text:
                    texts.setdefault(lang or language, []).append(text)
    return texts
