"""The dated sentences of the page that says questions are closed ("They closed on 3 December
2026."), in each language, and their clips: made when a round is added, changed or closed, and
by `flask audio build`, so a person who cannot read hears when to come back."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

from babel.dates import format_date
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audio import clip_build_for_texts
from portal.audio.texts import page_gettexts
from portal.content.bank import Bank
from portal.rounds.models import SurveyRound

Gettext = Callable[..., str]
DAY = "d MMMM y"


def dated_sentences(
    _: Gettext, language: str, closed_on: date | None, opens_on: date | None
) -> list[str]:
    """When the questions closed and when they open again, as far as either is known (a
    sentence with no translation in `language` is left out)."""
    said = []
    if closed_on is not None:
        day = format_date(closed_on, DAY, locale=language)
        said.append(_("They closed on %(day)s.", day=day))
    if opens_on is not None:
        day = format_date(opens_on, DAY, locale=language)
        said.append(_("You can answer them from %(day)s.", day=day))
    return [sentence for sentence in said if sentence]


def round_sentences(
    rounds: Iterable[SurveyRound], gettexts: Callable[[str], Gettext], languages: Sequence[str]
) -> dict[str, list[str]]:
    """Every dated sentence the closed page can say of these rounds: it names the last day of
    one and the first day of another."""
    rounds = list(rounds)
    return {
        lang: [
            sentence
            for found in rounds
            for sentence in dated_sentences(gettexts(lang), lang, found.last_day, found.opens_on)
        ]
        for lang in languages
    }


def spoken_round_texts(
    db: Session,
    banks: Callable[[str], Bank],
    gettexts: Callable[[str], Gettext],
    languages: Sequence[str],
) -> Mapping[str, Iterable[str]]:
    """The dated sentences of every round, for `flask audio build`."""
    return round_sentences(db.scalars(select(SurveyRound)), gettexts, languages)


def voice_round(app: Flask, found: SurveyRound) -> None:
    """Make the clips of one round's dated sentences now (it was just added, changed or
    closed), in every language."""
    said = round_sentences([found], page_gettexts(app), app.config["LANGUAGES"])
    clip_build_for_texts(app, [(lang, text) for lang, texts in said.items() for text in texts])
