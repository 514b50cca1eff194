"""The statement bank as the portal uses it: themes, statements, questionnaires, help, pictures.

`portal.content.checker` builds a `Bank` from `content/` only when every rule holds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

AUDIENCES = ("self_advocate", "family_carer")
DIRECTIONS = ("yes_good", "no_good")
ORIGINS = ("seed", "proposed locally")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file, at one line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """The content has problems; nothing was loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Picture:
    name: str
    code: str
    alt: str


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    picture: str
    source: str


@dataclass(frozen=True)
class Source:
    origin: str
    seed: str | None = None
    lines: str | None = None
    quote: str | None = None

    def cite(self) -> str:
        """A short citation: `file:Lstart-end`, or "proposed locally"."""
        where = f"{self.seed}:L{self.lines}" if self.seed else ""
        if self.origin == "seed":
            return where
        return f"proposed locally (based on {where})" if where else "proposed locally"


@dataclass(frozen=True)
class Statement:
    id: str
    theme: str
    text: str
    picture: str
    audiences: tuple[str, ...]
    direction: str
    safety: bool
    source: Source


@dataclass(frozen=True)
class Questionnaire:
    slug: str
    version: int
    audience: str
    title: str
    intro: str
    statement_ids: tuple[str, ...]
    retention_months: int  # answers and comments older than this are deleted


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    phone: str
    text: str
    picture: str
    demo: bool


@dataclass(frozen=True)
class HelpPage:
    title: str
    paragraphs: tuple[str, ...]
    contacts: tuple[Contact, ...]


@dataclass(frozen=True)
class Bank:
    """The whole statement bank, checked."""

    themes: dict[str, Theme]
    statements: dict[str, Statement]
    questionnaires: dict[str, Questionnaire]
    help: HelpPage
    pictures: dict[str, Picture]
    jargon: dict[str, str]
    licence: dict[str, str]
    code_words: tuple[str, ...]
    language: str = "en"
    translations: dict[str, dict[str, str]] = field(default_factory=dict)

    def map_texts(self, change: Callable[[str, str], str]) -> Bank:
        """A copy with every respondent text replaced by change(key, text).

        The keys (e.g. `statement.listened-to.text`) name each text in the translation files.
        """
        help_page = self.help
        return replace(
            self,
            themes={
                i: replace(t, name=change(f"theme.{i}.name", t.name))
                for i, t in self.themes.items()
            },
            statements={
                i: replace(s, text=change(f"statement.{i}.text", s.text))
                for i, s in self.statements.items()
            },
            questionnaires={
                i: replace(
                    q,
                    title=change(f"questionnaire.{i}.title", q.title),
                    intro=change(f"questionnaire.{i}.intro", q.intro),
                )
                for i, q in self.questionnaires.items()
            },
            help=replace(
                help_page,
                title=change("help.title", help_page.title),
                paragraphs=tuple(
                    change(f"help.paragraph.{n}", p)
                    for n, p in enumerate(help_page.paragraphs, start=1)
                ),
                contacts=tuple(
                    replace(
                        c,
                        name=change(f"contact.{c.id}.name", c.name),
                        text=change(f"contact.{c.id}.text", c.text),
                    )
                    for c in help_page.contacts
                ),
            ),
            pictures={
                n: replace(p, alt=change(f"picture.{n}.alt", p.alt))
                for n, p in self.pictures.items()
            },
        )

    def text_keys(self) -> dict[str, str]:
        """Every translatable text by its key, in a stable order."""
        keys: dict[str, str] = {}
        self.map_texts(lambda key, text: keys.setdefault(key, text))
        return keys

    def localised(self, language: str) -> Bank:
        """The bank in another language (itself when there is no translation for it)."""
        texts = self.translations.get(language)
        if language == self.language or texts is None:
            return self
        return replace(self.map_texts(lambda key, text: texts.get(key, text)), language=language)

    def questionnaire_for(self, audience: str) -> Questionnaire:
        """The questionnaire written for this audience."""
        return next(q for q in self.questionnaires.values() if q.audience == audience)

    def respondent_texts(self) -> Iterator[str]:
        """Every text from content that a respondent can meet (for audio)."""
        for theme in self.themes.values():
            yield theme.name
        for statement in self.statements.values():
            yield statement.text
        for questionnaire in self.questionnaires.values():
            yield questionnaire.title
            yield questionnaire.intro
        yield self.help.title
        yield from self.help.paragraphs
        for contact in self.help.contacts:
            yield contact.name
            yield contact.text
