"""Each finding of the content review (December 2026) is fixed, and named here.

The review (`../shared/reviews/content-review-2026-12.md`) found 89 English texts a respondent
meets that fail the easy-read rules, 3 citations that do not support their statement and 2
statements marked as the seed's words whose meaning had changed. Its table of texts is copied
into `easy_read_review.csv` beside this file. A failing text may come back only as a retired
statement (kept so that old answers keep their words in staff reports, never shown again).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from portal.config import PROJECT_ROOT
from portal.content.bank import Bank
from portal.content.checker import load_bank

REVIEW = Path(__file__).with_name("easy_read_review.csv")
FAILING = [
    row
    for row in csv.DictReader(REVIEW.read_text(encoding="utf-8").splitlines())
    if row["verdict"] == "fail"
]


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(PROJECT_ROOT / "content", ["en"])


def _squash(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def respondent_texts(bank: Bank) -> set[str]:
    """Every English text from content a respondent can read or hear, each variant too."""
    texts = set(bank.text_keys().values())
    for statement in bank.statements.values():
        if not statement.retired:
            texts |= {statement.text, statement.they, statement.carer}
    for sentences in (*bank.help.where.values(), *bank.help.who.values()):
        texts |= set(sentences)
    return {_squash(text) for text in texts if text}


def interface_texts() -> set[str]:
    """Every English interface text in the catalogue template (respondent pages only)."""
    with (PROJECT_ROOT / "translations" / "messages.pot").open("rb") as pot:
        catalogue = read_po(pot)
    found = set()
    for message in catalogue:
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            if text:
                found.add(_squash(text))
    return found


def test_the_review_table_is_the_one_with_89_failing_texts() -> None:
    assert len(FAILING) == 89
    assert {row["kind"] for row in FAILING} == {"statement", "theme", "questionnaire", "help", "ui"}


@pytest.mark.parametrize(
    "row", [r for r in FAILING if r["kind"] != "ui"], ids=lambda row: row["at"]
)
def test_each_failing_content_text_was_rewritten(bank: Bank, row: dict[str, str]) -> None:
    assert _squash(row["text"]) not in respondent_texts(bank), (
        f"{row['at']} still says {row['text']!r} ({row['rule']})"
    )


@pytest.mark.parametrize("row", [r for r in FAILING if r["kind"] == "ui"], ids=lambda r: r["at"])
def test_each_failing_interface_text_was_rewritten(row: dict[str, str]) -> None:
    assert _squash(row["text"]) not in interface_texts(), (
        f"{row['at']} still says {row['text']!r} ({row['rule']})"
    )


# (statement, seed, lines) the review found do not support the statement (section 1.1)
WRONG_CITATIONS = [
    ("carer-complain-without-fear", "002_b64d7cc83fb776d0.txt", "948"),
    ("someone-with-me-police", "002_b64d7cc83fb776d0.txt", "1050-1051"),
    ("know-my-rights", "001_aa30cc943bde5794.txt", "438"),
]


@pytest.mark.parametrize(("statement_id", "seed", "lines"), WRONG_CITATIONS)
def test_the_three_wrong_citations_are_gone(
    bank: Bank, statement_id: str, seed: str, lines: str
) -> None:
    statement = bank.statements.get(statement_id)
    if statement is None or statement.retired:
        return  # replaced by other statements, whose citations the checker verifies
    assert (statement.source.seed, statement.source.lines) != (seed, lines)


@pytest.mark.parametrize("statement_id", ["rights-protected", "same-chances"])
def test_statements_that_changed_the_seeds_meaning_are_not_labelled_as_its_words(
    bank: Bank, statement_id: str
) -> None:
    statement = bank.statements.get(statement_id)
    if statement is None or statement.retired:
        return
    assert statement.source.origin in ("adapted", "proposed locally")


# The seeds' hospital passages are about mental-health hospitals (review 1.3): 001 lines 117,
# 170 and 452. A statement citing one must say so, or it reads as any hospital.
MENTAL_HEALTH_PASSAGES = {("001_aa30cc943bde5794.txt", lines) for lines in ("117", "170", "452")}


def test_hospital_statements_say_which_hospital_their_sources_mean(bank: Bank) -> None:
    citing = [
        s
        for s in bank.statements.values()
        if not s.retired and (s.source.seed, s.source.lines) in MENTAL_HEALTH_PASSAGES
    ]
    assert len(citing) >= 4
    for statement in citing:
        assert "mental health" in statement.text, statement.id
        assert "mental health" in statement.they, statement.id
