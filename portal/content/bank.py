"""The statement bank as the portal uses it: themes, statements, questionnaires, help, pictures.

`portal.content.checker` builds a `Bank` from `content/` only when every rule holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from portal.content.code_words import CodeWords
from portal.shared.answers import ANSWER_VALUES

AUDIENCES = ("self_advocate", "family_carer")
DIRECTIONS = ("yes_good", "no_good")
# seed: the seed's words, as written or made easier; adapted: the seed's idea in other words
# (the seed's own words are shown beside it); proposed locally: our words, maybe based on a seed
ORIGINS = ("seed", "adapted", "proposed locally")


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
    """A picture by name: an OpenMoji `code`, or an uploaded `file` (in pictures/ of the
    content) with its own licence and who made it (shown on /attributions)."""

    name: str
    code: str
    alt: str
    file: str = ""  # "3fa2c1...e9.png": uploaded, checked and re-encoded (portal.pictures.uploads)
    licence: str = ""
    author: str = ""
    attribution: str = ""
    url: str = ""
    photo: bool = False  # a photo: the people in it agreed to its use


@dataclass(frozen=True)
class Voice:
    """A person's recorded voice for one text in one language (in voices/ of the content):
    it is heard wherever that text is, instead of the synthetic clip."""

    language: str
    text: str
    file: str  # "9b1e...04.mp3", normalised (portal.audio.voices)
    speaker: str  # credited on /attributions when `credit`
    credit: bool


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
    # The page "Where the questions come from" shows these with the seed's title and year
    # (content/seeds.yaml: Bank.seeds), in the reader's language.


@dataclass(frozen=True)
class SeedDocument:
    """A seed document as people read its name: a title and year, not a file name."""

    file: str  # the file in content/sources/
    title: str
    year: int | None = None


@dataclass(frozen=True)
class Statement:
    id: str
    theme: str
    text: str
    picture: str
    audiences: tuple[str, ...]
    direction: str
    source: Source
    alert_on: tuple[str, ...] = ()  # the answers that raise a safety alert
    # The same statement for someone answering for another person: "People listen to them."
    they: str = ""
    # A family carer's words for a statement shared with self-advocates (about them and the
    # person they care for), where the first-person words would be unclear
    carer: str = ""
    not_about_me: bool = False  # offers "This is not about me" (hospital, police, a job...)
    one_off: bool = False  # one event, not a pattern: Yes or No, never "Sometimes"
    # Kept only so that answers given to older questionnaire versions keep their words in
    # reports; no questionnaire in content may ask it, so nobody reads it or hears it again
    retired: bool = False

    @property
    def safety(self) -> bool:
        """A safety statement: some answer to it raises an alert."""
        return bool(self.alert_on)

    @property
    def answers(self) -> tuple[str, ...]:
        """The answers this statement offers, in the order a question page shows them."""
        return tuple(
            value
            for value in ANSWER_VALUES
            if not (value == "sometimes" and self.one_off)
            and not (value == "not_about_me" and not self.not_about_me)
        )

    def text_for(self, answered_by: str | None) -> str:
        """The words this person reads: third person for someone answering for another person,
        the carer's words for a family carer where there are some, otherwise the "I" words."""
        if answered_by == "on_behalf" and self.they:
            return self.they
        if answered_by == "family_carer" and self.carer:
            return self.carer
        return self.text


@dataclass(frozen=True)
class Questionnaire:
    slug: str
    version: int
    audience: str
    title: str
    intro: str
    statement_ids: tuple[str, ...]
    retention_months: int  # answers and comments older than this are deleted
    # Pairs of statements asking one idea both ways (one yes_good, one no_good): reports count
    # the people who said Yes to both, a sign of saying yes to everything (acquiescence)
    mirrored: tuple[tuple[str, str], ...] = ()


# A number, in groups of digits: "999", "116 123", "01632 960123".
NUMBER = re.compile(r"\d+(?:[ \u00a0]\d+)*")


def spell_digits(text: str) -> str:
    """Numbers said digit by digit, a pause between groups: "call 116 123" becomes
    "call 1 1 6, 1 2 3", so no voice says "nine hundred and ninety-nine"."""
    return NUMBER.sub(lambda m: ", ".join(" ".join(group) for group in m.group().split()), text)


def spoken_contact(name: str, phone: str, text: str) -> str:
    """What a help contact's one Listen button says: its name, its words, and its number (added
    when the words do not say it), every number digit by digit."""
    said = f"{name.strip().rstrip('.')}. {text.strip()}"
    if "".join(filter(str.isdigit, phone)) not in "".join(filter(str.isdigit, said)):
        said = f"{said} {phone.strip()}."
    return spell_digits(said)


@dataclass(frozen=True)
class Contact:
    """A number on the help page. `urgent` ones (999) come first, as a big button; `demo` ones
    have fictional numbers and are shown only in the demo (PORTAL_DEMO=1); `web` is the
    address of an app or site that goes with the number (999 BSL)."""

    id: str
    name: str
    phone: str
    text: str
    picture: str
    demo: bool
    urgent: bool = False
    web: str | None = None

    @property
    def spoken(self) -> str:
        return spoken_contact(self.name, self.phone, self.text)


# Where someone asks for help decides what the page can honestly promise: at home nobody knows
# who they are, so nobody can come; on a group tablet the facilitator sees the alert (once one
# was raised). Who is answering decides the words after that.
HELP_PLACES = ("at_home", "group_told", "group_not_told")
HELP_WHO = ("own_view", "on_behalf", "family_carer")


@dataclass(frozen=True)
class HelpPage:
    """The help page's title, its sentences for each place and each kind of person answering
    (`where` and `who`, keyed by HELP_PLACES and HELP_WHO), and the numbers to call."""

    title: str
    where: dict[str, tuple[str, ...]]
    who: dict[str, tuple[str, ...]]
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
    code_words: CodeWords
    language: str = "en"
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    seeds: dict[str, SeedDocument] = field(default_factory=dict)  # by file name
    # Recorded voices by (language, the text's words with spaces collapsed)
    voices: dict[tuple[str, str], Voice] = field(default_factory=dict)

    def map_texts(self, change: Callable[[str, str], str], retired: bool = False) -> Bank:
        """A copy with every respondent text replaced by change(key, text); with `retired`, the
        words of retired statements too (someone who started an older questionnaire version
        still meets them).

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
                i: s
                if s.retired and not retired
                else replace(
                    s,
                    text=change(f"statement.{i}.text", s.text),
                    they=s.they and change(f"statement.{i}.they", s.they),
                    carer=s.carer and change(f"statement.{i}.carer", s.carer),
                )
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
                where={
                    place: tuple(
                        change(f"help.where.{place}.{n}", sentence)
                        for n, sentence in enumerate(sentences, start=1)
                    )
                    for place, sentences in help_page.where.items()
                },
                who={
                    who: tuple(
                        change(f"help.who.{who}.{n}", sentence)
                        for n, sentence in enumerate(sentences, start=1)
                    )
                    for who, sentences in help_page.who.items()
                },
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

    def text_keys(self, retired: bool = False) -> dict[str, str]:
        """Every translatable text by its key, in a stable order (`retired`: with the words of
        retired statements, whose translations are kept but not required)."""
        keys: dict[str, str] = {}
        self.map_texts(lambda key, text: keys.setdefault(key, text), retired)
        return keys

    def localised(self, language: str) -> Bank:
        """The bank in another language (itself when there is no translation for it)."""
        texts = self.translations.get(language)
        if language == self.language or texts is None:
            return self
        return replace(
            self.map_texts(lambda key, text: texts.get(key, text), retired=True), language=language
        )

    def untranslated(self, language: str) -> set[str]:
        """The English words shown as they are in `language`, not translated yet: no voice of
        that language reads them, and no clip is made for them."""
        texts = self.translations.get(language)
        if language == "en" or texts is None:
            return set()
        return {text for key, text in self.text_keys(retired=True).items() if key not in texts}

    def questionnaire_for(self, audience: str) -> Questionnaire:
        """The questionnaire written for this audience."""
        return next(q for q in self.questionnaires.values() if q.audience == audience)

    def respondent_texts(self) -> Iterator[str]:
        """Every text from content that a respondent can meet (for audio)."""
        for theme in self.themes.values():
            yield theme.name
        for statement in self.statements.values():
            if not statement.retired:
                yield statement.text
                yield from filter(None, (statement.they, statement.carer))
        for questionnaire in self.questionnaires.values():
            yield questionnaire.title
            yield questionnaire.intro
        yield self.help.title
        for sentences in (*self.help.where.values(), *self.help.who.values()):
            yield " ".join(sentences)  # one Listen button for each group of sentences
        for contact in self.help.contacts:
            yield contact.spoken
        for word in self.code_words:  # resume codes are read aloud word by word
            yield word.word(self.language)
