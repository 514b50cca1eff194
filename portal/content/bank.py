"""Load the statement bank from `content/` and check every rule, naming file and line.

Loading is all or nothing: `load_bank` either returns a complete, valid `Bank` or raises
`ContentError` with every problem found.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from portal.pictures.openmoji import openmoji_file

MAX_WORDS_PER_SENTENCE = 15
AUDIENCES = ("self_advocate", "family_carer")
DIRECTIONS = ("yes_good", "no_good")
ORIGINS = ("seed", "proposed locally")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


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


# --- YAML that remembers where each mapping and key came from -----------------------------


class Located(dict):  # type: ignore[type-arg]
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Located:  # type: ignore[override]
        mapping = Located()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        mapping.duplicate_keys = []
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in mapping:
                mapping.duplicate_keys.append((key, key_node.start_mark.line + 1))
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _LineLoader.construct_mapping,  # type: ignore[arg-type]
)


# --- easy-read rules ---------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """Split text into sentences at . ! or ? followed by a space."""
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def easy_read_problems(text: str, jargon: dict[str, str]) -> list[str]:
    """What breaks the easy-read rules in one text: long sentences and jargon words."""
    found = []
    for sentence in sentences(text):
        words = len(sentence.split())
        if words > MAX_WORDS_PER_SENTENCE:
            found.append(
                f"sentence has {words} words, more than {MAX_WORDS_PER_SENTENCE}: {sentence!r}"
            )
    for word, instead in jargon.items():
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, flags=re.IGNORECASE):
            found.append(f"jargon word {word!r} in {text!r}: say {instead!r} instead")
    return found


# --- the checker -------------------------------------------------------------------------


@dataclass
class _Reader:
    """Reads content files and collects problems as it goes."""

    root: Path
    problems: list[Problem] = field(default_factory=list)

    def display(self, path: Path) -> str:
        try:
            return os.path.relpath(path)
        except ValueError:
            return str(path)

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(self.display(path), line, message))

    def read(self, path: Path, top_key: str) -> Any:
        """The value under `top_key` in a YAML file, or None (with a problem) if unreadable."""
        if not path.exists():
            self.problem(path, 1, "file is missing")
            return None
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            self.problem(path, line, f"not valid YAML: {getattr(error, 'problem', error)}")
            return None
        except UnicodeDecodeError:
            self.problem(path, 1, "not UTF-8 text")
            return None
        if not isinstance(data, Located) or top_key not in data:
            self.problem(path, 1, f"expected a top-level '{top_key}:'")
            return None
        self._duplicates(path, data)
        return data[top_key]

    def _duplicates(self, path: Path, value: Any) -> None:
        if isinstance(value, Located):
            for key, line in value.duplicate_keys:
                self.problem(path, line, f"duplicate key '{key}'")
            for child in value.values():
                self._duplicates(path, child)
        elif isinstance(value, list):
            for child in value:
                self._duplicates(path, child)

    def fields(
        self,
        path: Path,
        item: Any,
        required: Iterable[str],
        optional: Iterable[str] = (),
        what: str = "entry",
    ) -> Located | None:
        """Check an entry is a mapping with every required field and no unknown ones."""
        if not isinstance(item, Located):
            self.problem(path, 1, f"each {what} must be a mapping of fields")
            return None
        required = list(required)
        for name in required:
            if item.get(name) in (None, ""):
                self.problem(path, item.line, f"{what} is missing field '{name}'")
        known = set(required) | set(optional)
        for name in item:
            if name not in known:
                self.problem(path, item.line_of(name), f"unknown field '{name}' in {what}")
        return item

    def text(self, path: Path, item: Located, key: str, jargon: dict[str, str]) -> str:
        """A text field, checked against the easy-read rules."""
        value = item.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(path, item.line_of(key), f"'{key}' must be text")
            return str(value)
        for message in easy_read_problems(value, jargon):
            self.problem(path, item.line_of(key), message)
        return value.strip()


def _seed_lines(sources: Path, seed: str, lines: str) -> str | None:
    """The text of lines `a-b` (1-based, inclusive) of a seed file, or None if out of range."""
    match = re.fullmatch(r"(\d+)(?:-(\d+))?", lines)
    path = sources / seed
    if not match or not path.is_file() or "/" in seed:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    all_lines = path.read_text(encoding="utf-8").splitlines()
    if not 1 <= first <= last <= len(all_lines):
        return None
    return " ".join(all_lines[first - 1 : last])


def _squash(text: str) -> str:
    return " ".join(text.split())


def _check_source(reader: _Reader, path: Path, item: Located) -> Source:
    raw = item.get("source")
    line = item.line_of("source")
    if not isinstance(raw, Located):
        reader.problem(path, line, "'source' must give origin, and seed, lines and quote")
        return Source(origin="proposed locally")
    reader.fields(path, raw, ["origin"], ["seed", "lines", "quote"], what="source")
    origin = raw.get("origin")
    if origin not in ORIGINS:
        reader.problem(path, raw.line_of("origin"), f"source origin must be one of {ORIGINS}")
    seed, lines, quote = raw.get("seed"), raw.get("lines"), raw.get("quote")
    if origin == "seed" or seed or lines or quote:
        for name in ("seed", "lines", "quote"):
            if not raw.get(name):
                reader.problem(path, raw.line, f"source is missing field '{name}'")
        if seed and lines and quote:
            sources = reader.root / "sources"
            found = _seed_lines(sources, str(seed), str(lines))
            if found is None:
                reader.problem(path, raw.line_of("lines"), f"no lines {lines} in sources/{seed}")
            elif _squash(str(quote)) not in _squash(found):
                reader.problem(
                    path, raw.line_of("quote"), f"quote is not in sources/{seed} lines {lines}"
                )
    return Source(
        origin=str(origin),
        seed=str(seed) if seed else None,
        lines=str(lines) if lines else None,
        quote=_squash(str(quote)) if quote else None,
    )


def _check_id(reader: _Reader, path: Path, item: Located, key: str = "id") -> str:
    value = str(item.get(key, ""))
    if value and not ID_PATTERN.match(value):
        reader.problem(
            path, item.line_of(key), f"id '{value}' must be lower case words joined by -"
        )
    return value


def _check_picture(reader: _Reader, path: Path, item: Located, pictures: dict[str, Picture]) -> str:
    name = str(item.get("picture", ""))
    if name and name not in pictures:
        reader.problem(path, item.line_of("picture"), f"unknown picture '{name}'")
    return name


MIN_CODE_WORDS = 500


def _check_code_words(reader: _Reader, path: Path, jargon: dict[str, str]) -> tuple[str, ...]:
    """Resume-code words: one a line, lower-case letters, no repeats, enough of them."""
    if not path.exists():
        reader.problem(path, 1, "file is missing")
        return ()
    words: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        word = line.strip()
        if not word or word.startswith("#"):
            continue
        if not word.isalpha() or not word.islower() or not word.isascii():
            reader.problem(path, number, f"'{word}' must be one word of lower-case letters")
        elif word in words:
            reader.problem(path, number, f"'{word}' is already on line {words[word]}")
        elif word in jargon:
            reader.problem(path, number, f"jargon word '{word}'")
        words.setdefault(word, number)
    if len(words) < MIN_CODE_WORDS:
        reader.problem(path, 1, f"needs at least {MIN_CODE_WORDS} words, has {len(words)}")
    return tuple(words)


def check(root: Path) -> tuple[Bank | None, list[Problem]]:
    """Read and check all content under root; the bank is None when anything is wrong."""
    reader = _Reader(root)

    jargon: dict[str, str] = {}
    jargon_path = root / "jargon.yaml"
    for entry in reader.read(jargon_path, "jargon") or []:
        if reader.fields(jargon_path, entry, ["word", "instead"], what="jargon entry"):
            jargon[str(entry["word"]).lower()] = str(entry["instead"])

    pictures: dict[str, Picture] = {}
    licence: dict[str, str] = {}
    pictures_path = root / "pictures.yaml"
    raw_pictures = reader.read(pictures_path, "pictures")
    if isinstance(raw_pictures, Located):
        for name, entry in raw_pictures.items():
            if not reader.fields(pictures_path, entry, ["openmoji", "alt"], what="picture"):
                continue
            code = str(entry.get("openmoji", ""))
            if code and openmoji_file(code) is None:
                reader.problem(
                    pictures_path, entry.line_of("openmoji"), f"no OpenMoji picture '{code}'"
                )
            alt = reader.text(pictures_path, entry, "alt", jargon)
            pictures[str(name)] = Picture(str(name), code, alt)
        licence_raw = yaml.safe_load(pictures_path.read_text(encoding="utf-8")).get("licence", {})
        licence = {str(k): str(v) for k, v in (licence_raw or {}).items()}
    elif raw_pictures is not None:
        reader.problem(pictures_path, 1, "'pictures' must map names to pictures")

    themes: dict[str, Theme] = {}
    themes_path = root / "themes.yaml"
    for entry in reader.read(themes_path, "themes") or []:
        item = reader.fields(themes_path, entry, ["id", "name", "picture", "source"], what="theme")
        if item is None:
            continue
        theme_id = _check_id(reader, themes_path, item)
        if theme_id in themes:
            reader.problem(themes_path, item.line_of("id"), f"duplicate theme id '{theme_id}'")
        themes[theme_id] = Theme(
            id=theme_id,
            name=reader.text(themes_path, item, "name", jargon),
            picture=_check_picture(reader, themes_path, item, pictures),
            source=str(item.get("source", "")),
        )

    statements: dict[str, Statement] = {}
    statement_files = sorted((root / "statements").glob("*.yaml"))
    if not statement_files:
        reader.problem(root / "statements", 1, "no statement files")
    for path in statement_files:
        for entry in reader.read(path, "statements") or []:
            item = reader.fields(
                path,
                entry,
                ["id", "theme", "text", "picture", "audiences", "direction", "source"],
                ["safety"],
                what="statement",
            )
            if item is None:
                continue
            statement_id = _check_id(reader, path, item)
            if statement_id in statements:
                reader.problem(path, item.line_of("id"), f"duplicate statement id '{statement_id}'")
            theme = str(item.get("theme", ""))
            if theme and theme not in themes:
                reader.problem(path, item.line_of("theme"), f"unknown theme '{theme}'")
            audiences = item.get("audiences") or []
            if not isinstance(audiences, list) or not set(audiences) <= set(AUDIENCES):
                reader.problem(
                    path, item.line_of("audiences"), f"audiences must be a list from {AUDIENCES}"
                )
                audiences = []
            direction = str(item.get("direction", ""))
            if direction and direction not in DIRECTIONS:
                reader.problem(
                    path, item.line_of("direction"), f"direction must be one of {DIRECTIONS}"
                )
            safety = item.get("safety", False)
            if not isinstance(safety, bool):
                reader.problem(path, item.line_of("safety"), "safety must be true or false")
            statements[statement_id] = Statement(
                id=statement_id,
                theme=theme,
                text=reader.text(path, item, "text", jargon),
                picture=_check_picture(reader, path, item, pictures),
                audiences=tuple(audiences),
                direction=direction,
                safety=safety is True,
                source=_check_source(reader, path, item),
            )

    questionnaires: dict[str, Questionnaire] = {}
    q_path = root / "questionnaires.yaml"
    for entry in reader.read(q_path, "questionnaires") or []:
        item = reader.fields(
            q_path,
            entry,
            ["id", "version", "audience", "title", "intro", "statements"],
            what="questionnaire",
        )
        if item is None:
            continue
        slug = _check_id(reader, q_path, item)
        if slug in questionnaires:
            reader.problem(q_path, item.line_of("id"), f"duplicate questionnaire id '{slug}'")
        audience = str(item.get("audience", ""))
        if audience and audience not in AUDIENCES:
            reader.problem(q_path, item.line_of("audience"), f"audience must be one of {AUDIENCES}")
        version = item.get("version")
        if not isinstance(version, int) or version < 1:
            reader.problem(q_path, item.line_of("version"), "version must be a whole number from 1")
            version = 0
        ids = item.get("statements") or []
        if not isinstance(ids, list):
            reader.problem(q_path, item.line_of("statements"), "statements must be a list of ids")
            ids = []
        for statement_id in ids:
            statement = statements.get(statement_id)
            if statement is None:
                reader.problem(
                    q_path, item.line_of("statements"), f"unknown statement '{statement_id}'"
                )
            elif audience and audience not in statement.audiences:
                reader.problem(
                    q_path,
                    item.line_of("statements"),
                    f"statement '{statement_id}' is not written for {audience}",
                )
        if len(set(ids)) != len(ids):
            reader.problem(q_path, item.line_of("statements"), "a statement is listed twice")
        if audience == "self_advocate" and not any(
            statements[s].safety for s in ids if s in statements
        ):
            reader.problem(q_path, item.line_of("statements"), "needs a safety statement")
        questionnaires[slug] = Questionnaire(
            slug=slug,
            version=version,
            audience=audience,
            title=reader.text(q_path, item, "title", jargon),
            intro=reader.text(q_path, item, "intro", jargon),
            statement_ids=tuple(str(s) for s in ids),
        )
    for audience in AUDIENCES:
        if questionnaires and not any(q.audience == audience for q in questionnaires.values()):
            reader.problem(q_path, 1, f"no questionnaire for {audience}")

    help_path = root / "help.yaml"
    help_page = HelpPage(title="", paragraphs=(), contacts=())
    raw_help = reader.read(help_path, "help")
    item = reader.fields(help_path, raw_help, ["title", "paragraphs", "contacts"], what="help")
    if raw_help is not None and item is not None:
        paragraphs = item.get("paragraphs") or []
        for text in paragraphs:
            for message in easy_read_problems(str(text), jargon):
                reader.problem(help_path, item.line_of("paragraphs"), message)
        contacts = []
        for entry in item.get("contacts") or []:
            contact = reader.fields(
                help_path,
                entry,
                ["id", "name", "phone", "text", "picture"],
                ["demo"],
                what="contact",
            )
            if contact is None:
                continue
            contacts.append(
                Contact(
                    id=_check_id(reader, help_path, contact),
                    name=reader.text(help_path, contact, "name", jargon),
                    phone=str(contact.get("phone", "")),
                    text=reader.text(help_path, contact, "text", jargon),
                    picture=_check_picture(reader, help_path, contact, pictures),
                    demo=bool(contact.get("demo", False)),
                )
            )
        help_page = HelpPage(
            title=reader.text(help_path, item, "title", jargon),
            paragraphs=tuple(str(p).strip() for p in paragraphs),
            contacts=tuple(contacts),
        )

    code_words = _check_code_words(reader, root / "code-words.txt", jargon)

    if reader.problems:
        return None, reader.problems
    bank = Bank(
        themes, statements, questionnaires, help_page, pictures, jargon, licence, code_words
    )
    return bank, []


def load_bank(root: str | Path) -> Bank:
    """The checked bank from `root`, or ContentError listing every problem."""
    bank, problems = check(Path(root))
    if bank is None:
        raise ContentError(problems)
    return bank
