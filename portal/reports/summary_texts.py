"""Every sentence of the Advisory Group's summaries that is made from a report (its opening
sentences, statement words and quotes), for `flask audio build` and when a report is shared
for review: so "Read this page to me" reads the whole page in every language. The band sentences
are interface messages, voiced already."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.areas.services import area_names
from portal.audio import clip_build_for_texts
from portal.audio.texts import page_gettexts
from portal.content import current_bank
from portal.content.bank import Bank
from portal.reports import easy
from portal.reports.models import Report
from portal.reports.services import quotes_of, stored_figures

READ_BY_THE_GROUP = ("in_review", "approved", "published")


def spoken_summary_texts(
    db: Session,
    banks: Callable[[str], Bank],
    gettexts: Callable[[str], Callable[..., str]],
    languages: Sequence[str],
) -> Mapping[str, Iterable[str]]:
    """Language -> the texts of every summary the Advisory Group can read."""
    rows = db.scalars(select(Report).where(Report.status.in_(READ_BY_THE_GROUP)))
    areas = area_names(db)
    found: dict[str, list[str]] = {}
    for row in rows:
        for lang, text in report_texts(db, row, banks, gettexts, languages, areas):
            found.setdefault(lang, []).append(text)
    return found


def report_texts(
    db: Session,
    row: Report,
    banks: Callable[[str], Bank],
    gettexts: Callable[[str], Callable[..., str]],
    languages: Sequence[str],
    areas: Mapping[int, str],
) -> Iterator[tuple[str, str]]:
    """(language, text) of one report's summary in each language. A gettext may give "" for
    an untranslated sentence: that one gets no clip."""
    result = stored_figures(row)
    if result is None:  # made before migration 0010 and not opened since
        return
    quotes = quotes_of(db, row)
    area = areas.get(result.filters.area) if result.filters.area is not None else None
    for language in languages:
        made = easy.summary(result, quotes, banks(language), language, gettexts(language), area)
        for lang, text in made.spoken():
            if text:
                yield lang or language, text


def voice_report(app: Flask, db: Session, row: Report) -> None:
    """Make the clips of a report's summary now (it was just shared with the Advisory Group),
    in every language, so its readers hear every sentence without waiting for an audio build."""
    pairs = report_texts(
        db, row, current_bank, page_gettexts(app), app.config["LANGUAGES"], area_names(db)
    )
    clip_build_for_texts(app, pairs)
