"""Every sentence of the Advisory Group's summaries that is made from a report (its opening
sentences, statement words and quotes), for `flask audio build`: so "Read this page to me" reads
the whole page in every language. The band sentences are interface messages, voiced already."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.areas.services import area_names
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
    """Language -> the texts of every summary the Advisory Group can read. A gettext may give
    "" for an untranslated sentence: that one gets no clip."""
    rows = db.scalars(select(Report).where(Report.status.in_(READ_BY_THE_GROUP)))
    areas = area_names(db)
    found: dict[str, list[str]] = {}
    for row in rows:
        result = stored_figures(row)
        if result is None:  # made before migration 0010 and not opened since
            continue
        quotes = quotes_of(db, row)
        area = areas.get(result.filters.area) if result.filters.area is not None else None
        for language in languages:
            made = easy.summary(result, quotes, banks(language), language, gettexts(language), area)
            for lang, text in made.spoken():
                if text:
                    found.setdefault(lang or language, []).append(text)
    return found
