"""The easy-read rules over everything a respondent reads: the content files (through the checker)
and the interface catalogues in translations/, counted by rule and by language."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from portal.config import LANGUAGES
from portal.content.bank import Problem
from portal.content.checker import check_with_report, jargon_words
from portal.content.easy_read import RULES, easy_read_findings

# Catalogue locations of staff-only words (relative to portal/): babel.cfg keeps most of them out
# of messages.pot already; these are never read by a respondent, so no easy-read rules.
STAFF_LOCATIONS = (
    "templates/staff/",
    "templates/admin/",
    "templates/reports/",
    "auth/",
    "admin/",
    "groups/",
    "reports/",
)
_RULE = re.compile(r"^\[(" + "|".join(re.escape(rule) for rule in RULES) + r")\] ")
_TRANSLATION_FILE = re.compile(r"(?:^|/)translations/([a-z]{2,3})(?:\.yaml$|/)")


@dataclass(frozen=True)
class EasyReadProblem:
    """One easy-read rule broken by one text, in one language, at one place."""

    problem: Problem
    rule: str
    language: str

    def __str__(self) -> str:
        return str(self.problem)


def easy_read_report(
    content_root: Path,
    catalogue_root: Path | None = None,
    languages: Iterable[str] = LANGUAGES,
) -> list[EasyReadProblem]:
    """Every easy-read problem in the content under `content_root` (all languages) and in the
    interface catalogues under `catalogue_root` (by default translations/ beside the content)."""
    languages = tuple(languages)
    _bank, problems, _reports = check_with_report(content_root, languages)
    found = content_easy_read_problems(problems)
    catalogues = catalogue_root or content_root.parent / "translations"
    found += catalogue_problems(catalogues, languages, jargon_words(content_root))
    return found


def content_easy_read_problems(problems: Iterable[Problem]) -> list[EasyReadProblem]:
    """The checker's problems that are easy-read findings, with their rule and language."""
    found = []
    for problem in problems:
        match = _RULE.match(problem.message)
        if match:
            language = _TRANSLATION_FILE.search(problem.path.replace("\\", "/"))
            found.append(
                EasyReadProblem(problem, match.group(1), language.group(1) if language else "en")
            )
    return found


def catalogue_problems(
    folder: Path, languages: Iterable[str], jargon: dict[str, str]
) -> list[EasyReadProblem]:
    """Easy-read problems in the respondent's interface words: the English msgids of
    messages.pot (every rule for English text) and each language's msgstr (sentence length)."""
    found: list[EasyReadProblem] = []
    pot = folder / "messages.pot"
    if "en" in languages and pot.exists():
        for message, text in _respondent_texts(pot, english=True):
            for finding in easy_read_findings(text, jargon):
                found.append(_catalogue_problem(pot, message, str(finding), finding.rule, "en"))
    for language in languages:
        po = folder / language / "LC_MESSAGES" / "messages.po"
        if language == "en" or not po.exists():
            continue
        for message, text in _respondent_texts(po, english=False):
            for finding in easy_read_findings(text, jargon, english=False):
                shown = f"[{finding.rule}] {language}: {finding.message}"
                found.append(_catalogue_problem(po, message, shown, finding.rule, language))
    return found


def _respondent_texts(path: Path, *, english: bool) -> Iterator[tuple[Message, str]]:
    """Each respondent-facing message with each of its texts (msgids, or translated msgstrs)."""
    with path.open("rb") as file:
        catalogue = read_po(file)
    for message in catalogue:
        if not message.id or message.fuzzy or _staff_only(message):
            continue
        texts = message.id if english else message.string
        for text in (texts,) if isinstance(texts, str) else texts or ():
            if text:
                yield message, text


def _staff_only(message: Message) -> bool:
    paths = [location[0] for location in message.locations]
    return bool(paths) and all(path.startswith(STAFF_LOCATIONS) for path in paths)


def _catalogue_problem(
    path: Path, message: Message, shown: str, rule: str, language: str
) -> EasyReadProblem:
    """A problem at the template or module the words come from, else at the catalogue line."""
    if message.locations:
        where, line = message.locations[0]
        problem = Problem(f"portal/{where}", int(line or 1), shown)
    else:
        problem = Problem(str(path), int(message.lineno or 1), shown)
    return EasyReadProblem(problem, rule, language)


def failing_texts(found: Iterable[EasyReadProblem]) -> int:
    """How many places (file and line, per language) hold a text that breaks a rule."""
    return len({(p.language, p.problem.path, p.problem.line) for p in found})


def counts(found: Iterable[EasyReadProblem]) -> tuple[Counter[str], Counter[str]]:
    """Problems by rule and by language."""
    found = list(found)
    return Counter(p.rule for p in found), Counter(p.language for p in found)
