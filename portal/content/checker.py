"""Read `content/`, check every rule, and name the file and line of each problem.

Loading is all or nothing: `load_bank` returns a complete, valid `Bank` or raises `ContentError`
with every problem found.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from portal.config import LANGUAGES
from portal.content.bank import (
    AUDIENCES,
    DIRECTIONS,
    HELP_PLACES,
    HELP_WHO,
    ORIGINS,
    Bank,
    Contact,
    ContentError,
    HelpPage,
    Picture,
    Problem,
    Questionnaire,
    SeedDocument,
    Source,
    Statement,
    Theme,
    Voice,
)
from portal.content.code_words import MIN_CODE_WORDS, CodeWord, CodeWords, fold, plain, typed_words
from portal.content.easy_read import easy_read_findings
from portal.content.openmoji import is_composite, openmoji_file, picture_parts, same_drawing
from portal.shared.answers import ANSWER_PICTURES, ANSWER_VALUES, WHO_PICTURES

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Located(dict[Hashable, Any]):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int
    key_lines: dict[Hashable, int]
    duplicate_keys: list[tuple[Hashable, int]]

    def line_of(self, key: Hashable) -> int:
        return self.key_lines.get(key, self.line)


try:  # libyaml's loader, where PyYAML was built with it; the same interface, only faster
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]  # fallback, same API


class _LineLoader(_SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Located:
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
    _LineLoader.construct_mapping,
)


@dataclass
class _Reader:
    """Reads content files, remembering the jargon and pictures met so far, and the problems."""

    root: Path
    # The content's YAML files by path under root ("statements/my-home.yaml"), when they come
    # from the database (a content release) rather than the folder; the seed documents in
    # sources/ are always read from the folder.
    files: Mapping[str, str] | None = None
    # With `files`: the uploaded pictures and recorded voices the release has ("pictures/x.png")
    assets: Collection[str] = ()
    problems: list[Problem] = field(default_factory=list)
    jargon: dict[str, str] = field(default_factory=dict)
    pictures: dict[str, Picture] = field(default_factory=dict)

    def problem(self, path: Path, line: int, message: str) -> None:
        if self.files is not None:
            shown = path.relative_to(self.root).as_posix()
        else:
            try:
                shown = os.path.relpath(path)
            except ValueError:
                shown = str(path)
        self.problems.append(Problem(shown, line, message))

    def file_text(self, path: Path) -> str | None:
        """A content file's text, or None when there is no such file."""
        if self.files is not None and path.suffix == ".yaml":
            return self.files.get(path.relative_to(self.root).as_posix())
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def has_asset(self, name: str) -> bool:
        """Whether an uploaded picture or recorded voice ("pictures/x.png") is in the content."""
        if self.files is not None:
            return name in self.assets
        return "/" in name and ".." not in name and (self.root / name).is_file()

    def yaml_files(self, folder: str) -> list[Path]:
        """The YAML files in a folder of the content, in name order."""
        if self.files is not None:
            prefix = f"{folder}/"
            return sorted(
                self.root / name
                for name in self.files
                if name.startswith(prefix)
                and name.endswith(".yaml")
                and "/" not in name[len(prefix) :]
            )
        return sorted((self.root / folder).glob("*.yaml"))

    def read(self, path: Path, top_key: str) -> Any:
        """The value under `top_key` in a YAML file, or None (with a problem) if unreadable."""
        document = self.read_document(path, top_key)
        return None if document is None else document[top_key]

    def read_document(self, path: Path, top_key: str) -> Located | None:
        """A whole YAML file that must have `top_key`, or None (with a problem) if unreadable."""
        try:
            text = self.file_text(path)
            if text is None:
                self.problem(path, 1, "file is missing")
                return None
            # _LineLoader is a SafeLoader that also notes line numbers
            data = yaml.load(text, Loader=_LineLoader)  # noqa: S506  # nosec B506
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
        return data

    def _duplicates(self, path: Path, value: Any) -> None:
        if isinstance(value, Located):
            for key, line in value.duplicate_keys:
                self.problem(path, line, f"duplicate key '{key}'")
            for child in value.values():
                self._duplicates(path, child)
        elif isinstance(value, list):
            for child in value:
                self._duplicates(path, child)

    def entries(
        self,
        path: Path,
        items: Any,
        required: Iterable[str],
        optional: Iterable[str] = (),
        what: str = "entry",
    ) -> list[Located]:
        """The entries that are mappings; each missing or unknown field is a problem."""
        found = []
        for item in items if isinstance(items, list) else [items]:
            if not isinstance(item, Located):
                self.problem(path, 1, f"each {what} must be a mapping of fields")
                continue
            for name in required:
                if item.get(name) in (None, ""):
                    self.problem(path, item.line, f"{what} is missing field '{name}'")
            known = set(required) | set(optional)
            for key in item:
                if key not in known:
                    self.problem(path, item.line_of(key), f"unknown field '{key}' in {what}")
            found.append(item)
        return found

    def text(self, path: Path, item: Located, key: str, *, statement: bool = False) -> str:
        """A text field, checked against the easy-read rules (a statement's words against the
        rules for words a person answers Yes or No to as well)."""
        value = item.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(path, item.line_of(key), f"'{key}' must be text")
            return str(value)
        self.easy_read(path, item.line_of(key), value, statement=statement)
        return value.strip()

    def easy_read(
        self, path: Path, line: int, text: str, *, english: bool = True, statement: bool = False
    ) -> None:
        """A problem, named by its rule, for each easy-read rule the text breaks."""
        for finding in easy_read_findings(text, self.jargon, english=english, statement=statement):
            self.problem(path, line, str(finding))

    def one_of(self, path: Path, item: Located, key: str, allowed: tuple[str, ...]) -> str:
        """A field whose value must come from a short list."""
        value = str(item.get(key, ""))
        if value and value not in allowed:
            self.problem(path, item.line_of(key), f"{key} must be one of {allowed}")
        return value

    def ident(self, path: Path, item: Located, seen: Iterable[str], what: str) -> str:
        """An id: lower-case words joined by hyphens, not used before."""
        value = str(item.get("id", ""))
        if value and not ID_PATTERN.match(value):
            self.problem(
                path, item.line_of("id"), f"id '{value}' must be lower case words joined by -"
            )
        if value in seen:
            self.problem(path, item.line_of("id"), f"duplicate {what} id '{value}'")
        return value

    def picture(self, path: Path, item: Located) -> str:
        """A picture name that pictures.yaml knows."""
        name = str(item.get("picture", ""))
        if name and name not in self.pictures:
            self.problem(path, item.line_of("picture"), f"unknown picture '{name}'")
        return name


def _seed_lines(sources: Path, seed: str, lines: str) -> str | None:
    """The text of lines `a-b` (1-based, inclusive) of a seed file, or None if out of range."""
    match = re.fullmatch(r"(\d+)(?:-(\d+))?", lines)
    path = sources / seed
    if not match or "/" in seed or not path.is_file():
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    all_lines = path.read_text(encoding="utf-8").splitlines()
    if not 1 <= first <= last <= len(all_lines):
        return None
    return " ".join(all_lines[first - 1 : last])


def _squash(text: str) -> str:
    return " ".join(text.split())


def _source(reader: _Reader, path: Path, item: Located) -> Source:
    """Where a statement's words come from; a quote must really be in the cited lines."""
    raw = item.get("source")
    if not isinstance(raw, Located):
        reader.problem(
            path, item.line_of("source"), "'source' must give origin, seed, lines, quote"
        )
        return Source(origin="proposed locally")
    reader.entries(path, raw, ["origin"], ["seed", "lines", "quote"], what="source")
    origin = reader.one_of(path, raw, "origin", ORIGINS)
    seed, lines, quote = (raw.get(key) for key in ("seed", "lines", "quote"))
    if origin == "seed" or seed or lines or quote:
        for name in ("seed", "lines", "quote"):
            if not raw.get(name):
                reader.problem(path, raw.line, f"source is missing field '{name}'")
        if seed and lines and quote:
            found = _seed_lines(reader.root / "sources", str(seed), str(lines))
            if found is None:
                reader.problem(path, raw.line_of("lines"), f"no lines {lines} in sources/{seed}")
            elif _squash(str(quote)) not in _squash(found):
                reader.problem(
                    path, raw.line_of("quote"), f"quote is not in sources/{seed} lines {lines}"
                )
    return Source(
        origin=origin,
        seed=str(seed) if seed else None,
        lines=str(lines) if lines else None,
        quote=_squash(str(quote)) if quote else None,
    )


def _read_seed_titles(reader: _Reader) -> dict[str, SeedDocument]:
    """Every seed document in sources/ has the title (and year, or null) that people read in
    seeds.yaml, instead of its file name."""
    path = reader.root / "seeds.yaml"
    named: dict[str, SeedDocument] = {}
    seeds = reader.read(path, "seeds") or []
    for entry in reader.entries(path, seeds, ["file", "title"], ["year"], what="seed"):
        name = str(entry.get("file", ""))
        if name and not (reader.root / "sources" / name).is_file():
            reader.problem(path, entry.line_of("file"), f"no file sources/{name}")
        year = entry.get("year")
        if year is not None and not isinstance(year, int):
            reader.problem(path, entry.line_of("year"), "year must be a number, or null")
            year = None
        named[name] = SeedDocument(name, str(entry.get("title", "")), year)
    for source in sorted((reader.root / "sources").glob("*.txt")):
        if source.name not in named:
            reader.problem(path, 1, f"sources/{source.name} has no title")
    return named


def _read_jargon(reader: _Reader) -> None:
    path = reader.root / "jargon.yaml"
    for entry in reader.entries(path, reader.read(path, "jargon") or [], ["word", "instead"]):
        reader.jargon[str(entry["word"]).lower()] = str(entry["instead"])


def jargon_words(root: Path) -> dict[str, str]:
    """The jargon words in `root`/jargon.yaml, each with its plainer words."""
    reader = _Reader(root)
    _read_jargon(reader)
    return reader.jargon


def _read_pictures(reader: _Reader) -> dict[str, str]:
    """Pictures by name (each must exist in OpenMoji); returns the licence line."""
    path = reader.root / "pictures.yaml"
    document = reader.read_document(path, "pictures")
    if document is None:
        return {}
    raw = document["pictures"]
    if not isinstance(raw, Located):
        reader.problem(path, 1, "'pictures' must map names to pictures")
        return {}
    for name, entry in raw.items():
        if isinstance(entry, Located) and "file" in entry:
            _read_uploaded_picture(reader, path, str(name), entry)
            continue
        for item in reader.entries(path, entry, ["openmoji", "alt"], what="picture"):
            code = str(item.get("openmoji", ""))
            _check_openmoji(reader, path, item.line_of("openmoji"), code)
            reader.pictures[str(name)] = Picture(str(name), code, reader.text(path, item, "alt"))
    return {str(k): str(v) for k, v in (document.get("licence") or {}).items()}


def _asset(reader: _Reader, path: Path, item: Located, folder: str) -> str:
    """An uploaded file's name (its content's sha256 and type), which must be in the content."""
    name = str(item.get("file", ""))
    if not re.match(r"^[0-9a-f]{64}\.(svg|png|jpg|webp|mp3)$", name):
        reader.problem(path, item.line_of("file"), f"file '{name}' is not an uploaded file's name")
    elif not reader.has_asset(f"{folder}/{name}"):
        reader.problem(path, item.line_of("file"), f"file '{folder}/{name}' is missing")
    return name


def _read_uploaded_picture(reader: _Reader, path: Path, name: str, entry: Located) -> None:
    """A picture someone uploaded, with who made it and its licence."""
    required = ["file", "alt", "licence", "author"]
    for item in reader.entries(
        path, entry, required, ["attribution", "url", "photo"], what="picture"
    ):
        photo = _flag(reader, path, item, "photo")
        reader.pictures[name] = Picture(
            name,
            "",
            reader.text(path, item, "alt"),
            file=_asset(reader, path, item, "pictures"),
            licence=str(item.get("licence", "")),
            author=str(item.get("author", "")),
            attribution=str(item.get("attribution") or ""),
            url=str(item.get("url") or ""),
            photo=photo,
        )


def _read_voices(reader: _Reader, languages: Iterable[str]) -> dict[tuple[str, str], Voice]:
    """Recorded voices (voices.yaml, optional): each for one text in one of the languages."""
    path = reader.root / "voices.yaml"
    if reader.file_text(path) is None:
        return {}
    voices: dict[tuple[str, str], Voice] = {}
    required = ["language", "text", "file", "speaker", "credit"]
    for item in reader.entries(path, reader.read(path, "voices") or [], required, what="voice"):
        language = reader.one_of(path, item, "language", tuple(languages))
        text = " ".join(str(item.get("text", "")).split())
        key = (language, text)
        if key in voices:
            reader.problem(path, item.line, f"a second voice for {language} {text!r}")
        voices[key] = Voice(
            language,
            text,
            _asset(reader, path, item, "voices"),
            str(item.get("speaker", "")),
            _flag(reader, path, item, "credit"),
        )
    return voices


def _read_themes(reader: _Reader) -> dict[str, Theme]:
    path = reader.root / "themes.yaml"
    themes: dict[str, Theme] = {}
    for item in reader.entries(
        path, reader.read(path, "themes") or [], ["id", "name", "picture", "source"], what="theme"
    ):
        theme_id = reader.ident(path, item, themes, "theme")
        themes[theme_id] = Theme(
            id=theme_id,
            name=reader.text(path, item, "name"),
            picture=reader.picture(path, item),
            source=str(item.get("source", "")),
        )
    return themes


def _read_statements(reader: _Reader, themes: dict[str, Theme]) -> dict[str, Statement]:
    statements: dict[str, Statement] = {}
    files = reader.yaml_files("statements")
    if not files:
        reader.problem(reader.root / "statements", 1, "no statement files")
    required = ["id", "theme", "text", "picture", "audiences", "direction", "source"]
    for path in files:
        optional = ["alert_on", "they", "carer", "not_about_me", "one_off", "retired"]
        for item in reader.entries(
            path, reader.read(path, "statements") or [], required, optional, what="statement"
        ):
            statement_id = reader.ident(path, item, statements, "statement")
            theme = str(item.get("theme", ""))
            if theme and theme not in themes:
                reader.problem(path, item.line_of("theme"), f"unknown theme '{theme}'")
            audiences = item.get("audiences") or []
            if not isinstance(audiences, list) or not set(audiences) <= set(AUDIENCES):
                reader.problem(
                    path, item.line_of("audiences"), f"audiences must be a list from {AUDIENCES}"
                )
                audiences = []
            alert_on = item.get("alert_on", [])
            if not isinstance(alert_on, list) or not set(alert_on) <= set(ANSWER_VALUES):
                reader.problem(
                    path,
                    item.line_of("alert_on"),
                    f"alert_on must be a list of the answers that raise a safety alert, from "
                    f"{ANSWER_VALUES}, each in quotes (YAML reads a bare yes or no as true)",
                )
                alert_on = []
            retired = _flag(reader, path, item, "retired")
            statement = Statement(
                id=statement_id,
                theme=theme,
                # a retired statement's words are never shown again: no easy-read rules
                text=str(item.get("text", "")).strip()
                if retired
                else reader.text(path, item, "text", statement=True),
                picture=reader.picture(path, item),
                audiences=tuple(audiences),
                direction=reader.one_of(path, item, "direction", DIRECTIONS),
                alert_on=tuple(alert_on),
                source=_source(reader, path, item),
                they=_variant(reader, path, item, "they", retired),
                carer=_variant(reader, path, item, "carer", retired),
                not_about_me=_flag(reader, path, item, "not_about_me"),
                one_off=_flag(reader, path, item, "one_off"),
                retired=retired,
            )
            if not retired:
                _check_variants(reader, path, item, statement)
                _check_own_picture(reader, path, item, statement)
            statements[statement_id] = statement
    return statements


def _variant(reader: _Reader, path: Path, item: Located, key: str, retired: bool) -> str:
    """A statement's words for another reader ('they', 'carer'): the statement rules too."""
    if retired:
        return str(item.get(key) or "").strip()
    return reader.text(path, item, key, statement=True)


def _check_openmoji(reader: _Reader, path: Path, line: int, code: str) -> None:
    """One OpenMoji code, or two joined by "+" (drawn side by side); each must exist."""
    if not code:
        return
    parts = picture_parts(code)
    if len(parts) > 2:
        reader.problem(path, line, f"picture '{code}' joins {len(parts)} OpenMoji: at most two")
    for part in parts:
        if openmoji_file(part) is None:
            where = f" in '{code}'" if is_composite(code) else ""
            reader.problem(path, line, f"no OpenMoji picture '{part}'{where}")


# Pictures on answers, buttons and "who is answering": a statement showing one would say two things
CONTROL_PICTURE_PREFIXES = ("answer-", "button-", "who-")


def _drawing(picture: Picture) -> str:
    """A key equal for two pictures that look alike: an uploaded picture by its file (whose
    name is its content's hash), an OpenMoji one by its drawings."""
    return f"file:{picture.file}" if picture.file else same_drawing(picture.code)


def _control_codes(reader: _Reader) -> dict[str, str]:
    """The drawing of every answer, button and who picture, to the picture's name."""
    names = {*ANSWER_PICTURES.values(), *WHO_PICTURES.values()}
    names.update(n for n in reader.pictures if n.startswith(CONTROL_PICTURE_PREFIXES))
    return {_drawing(reader.pictures[n]): n for n in sorted(names) if n in reader.pictures}


def _check_own_picture(reader: _Reader, path: Path, item: Located, statement: Statement) -> None:
    """A statement's picture is never one that an answer, a button or "who is answering" shows."""
    picture = reader.pictures.get(statement.picture)
    control = _control_codes(reader).get(_drawing(picture)) if picture else None
    if control:
        reader.problem(
            path,
            item.line_of("picture"),
            f"picture '{statement.picture}' looks like the '{control}' picture of an answer or "
            "button: choose a picture of the statement's own",
        )
    # half of a composite may be a person or a house, but never an answer's tick or cross
    answers = {
        reader.pictures[n].code: n
        for n in ANSWER_PICTURES.values()
        if n in reader.pictures and reader.pictures[n].code
    }
    parts = picture_parts(picture.code) if picture and is_composite(picture.code) else []
    for part in parts:
        if part in answers:
            reader.problem(
                path,
                item.line_of("picture"),
                f"picture '{statement.picture}' holds the '{answers[part]}' picture of an "
                "answer: it would suggest that answer",
            )


def _check_shared_pictures(
    reader: _Reader, path: Path, line: int, statements: dict[str, Statement], ids: list[Any]
) -> None:
    """No two statements in one questionnaire show the same picture (by name or by drawing)."""
    shown: dict[str, str] = {}
    for statement_id in ids:
        statement = statements.get(statement_id)
        picture = reader.pictures.get(statement.picture) if statement else None
        if picture is None:
            continue
        drawing = _drawing(picture)
        if drawing in shown:
            reader.problem(
                path,
                line,
                f"statements '{shown[drawing]}' and '{statement_id}' show the same picture "
                f"({picture.file or picture.code}): give each statement in a questionnaire its own",
            )
        shown.setdefault(drawing, str(statement_id))


def _check_variants(reader: _Reader, path: Path, item: Located, statement: Statement) -> None:
    """Someone answering for another person needs the third-person words of every statement a
    self-advocate can meet; carer words only for a statement family carers meet too; an alert
    only on an answer the statement offers."""
    if "self_advocate" in statement.audiences and not statement.they:
        reader.problem(
            path,
            item.line,
            "statement needs 'they': its words for someone answering for another person",
        )
    if statement.carer and "family_carer" not in statement.audiences:
        reader.problem(path, item.line_of("carer"), "'carer' words need family_carer audience")
    if unknown := set(statement.alert_on) - set(statement.answers):
        reader.problem(
            path,
            item.line_of("alert_on"),
            f"alert_on names answers this statement does not offer: {sorted(unknown)}",
        )


def _read_questionnaires(
    reader: _Reader, statements: dict[str, Statement]
) -> dict[str, Questionnaire]:
    path = reader.root / "questionnaires.yaml"
    questionnaires: dict[str, Questionnaire] = {}
    required = ["id", "version", "audience", "retention_months", "title", "intro", "statements"]
    required.append("mirrored")
    for item in reader.entries(
        path, reader.read(path, "questionnaires") or [], required, what="questionnaire"
    ):
        slug = reader.ident(path, item, questionnaires, "questionnaire")
        audience = reader.one_of(path, item, "audience", AUDIENCES)
        version = item.get("version")
        if not isinstance(version, int) or version < 1:
            reader.problem(path, item.line_of("version"), "version must be a whole number from 1")
            version = 0
        months = item.get("retention_months")
        if months not in (None, "") and (
            not isinstance(months, int) or isinstance(months, bool) or months < 1
        ):
            reader.problem(
                path,
                item.line_of("retention_months"),
                "retention_months must be a whole number of months from 1",
            )
        ids = item.get("statements") or []
        line = item.line_of("statements")
        if not isinstance(ids, list):
            reader.problem(path, line, "statements must be a list of ids")
            ids = []
        for statement_id in ids:
            statement = statements.get(statement_id)
            if statement is None:
                reader.problem(path, line, f"unknown statement '{statement_id}'")
            elif statement.retired:
                reader.problem(path, line, f"statement '{statement_id}' is retired: ask another")
            elif audience and audience not in statement.audiences:
                reader.problem(
                    path, line, f"statement '{statement_id}' is not written for {audience}"
                )
        if len(set(ids)) != len(ids):
            reader.problem(path, line, "a statement is listed twice")
        if audience == "self_advocate" and not any(
            statements[s].safety for s in ids if s in statements
        ):
            reader.problem(path, line, "needs a safety statement")
        _check_shared_pictures(reader, path, line, statements, ids)
        mirrored = _mirrored(reader, path, item, statements, ids)
        questionnaires[slug] = Questionnaire(
            slug=slug,
            version=version,
            audience=audience,
            title=reader.text(path, item, "title"),
            intro=reader.text(path, item, "intro"),
            statement_ids=tuple(str(s) for s in ids),
            retention_months=months if isinstance(months, int) else 0,
            mirrored=mirrored,
        )
    for audience in AUDIENCES:
        if questionnaires and not any(q.audience == audience for q in questionnaires.values()):
            reader.problem(path, 1, f"no questionnaire for {audience}")
    return questionnaires


def _mirrored(
    reader: _Reader, path: Path, item: Located, statements: dict[str, Statement], ids: list[Any]
) -> tuple[tuple[str, str], ...]:
    """At least one pair of statements in the questionnaire that ask one idea both ways (one
    yes_good, one no_good): reports count the people who said Yes to both."""
    raw = item.get("mirrored")
    line = item.line_of("mirrored")
    pairs: list[tuple[str, str]] = []
    for pair in raw if isinstance(raw, list) else []:
        if not (isinstance(pair, list) and len(pair) == 2 and all(p in ids for p in pair)):
            reader.problem(path, line, f"each mirrored pair is two statements listed here: {pair}")
            continue
        first, second = (statements.get(p) for p in pair)
        if first and second and first.direction == second.direction:
            reader.problem(
                path, line, f"mirrored pair {pair} must ask one idea both ways (yes_good, no_good)"
            )
        pairs.append((str(pair[0]), str(pair[1])))
    if not pairs:
        reader.problem(
            path, line, "needs at least one mirrored pair (the same idea asked both ways)"
        )
    return tuple(pairs)


# Digits in groups ("116 123"): the tel: link is the digits without the spaces.
PHONE_PATTERN = re.compile(r"^[0-9]+( [0-9]+)*$")


def _sentence_lists(
    reader: _Reader, path: Path, item: Located, key: str, names: tuple[str, ...]
) -> dict[str, tuple[str, ...]]:
    """`key:` maps each of `names` to a list of easy-read sentences, none missing or extra."""
    raw = item.get(key)
    if not isinstance(raw, Located):
        reader.problem(path, item.line_of(key), f"'{key}' must map {', '.join(names)} to lists")
        return {name: () for name in names}
    lists: dict[str, tuple[str, ...]] = {}
    for name in names:
        sentences = raw.get(name)
        if not isinstance(sentences, list) or not sentences:
            reader.problem(path, raw.line_of(name), f"'{key}' needs a list of sentences for {name}")
            sentences = []
        for text in sentences:
            if not isinstance(text, str) or not text.strip():
                reader.problem(path, raw.line_of(name), f"each sentence for {name} must be text")
                continue
            reader.easy_read(path, raw.line_of(name), text)
        lists[name] = tuple(str(text).strip() for text in sentences)
    for unknown in set(raw) - set(names):
        reader.problem(path, raw.line_of(unknown), f"unknown '{unknown}' in '{key}'")
    return lists


def _flag(reader: _Reader, path: Path, item: Located, key: str) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        reader.problem(path, item.line_of(key), f"{key} must be true or false")
    return value is True


def _read_contact(reader: _Reader, path: Path, contact: Located, seen: list[str]) -> Contact:
    """One number to call: digits in groups (each a tel: link), an https address if any."""
    phone = str(contact.get("phone", "")).strip()
    if phone and not PHONE_PATTERN.match(phone):
        reader.problem(path, contact.line_of("phone"), f"phone '{phone}' must be digits, in groups")
    web = contact.get("web")
    if web is not None and not (isinstance(web, str) and web.startswith("https://")):
        reader.problem(path, contact.line_of("web"), "web must be an https:// address")
    return Contact(
        id=reader.ident(path, contact, seen, "contact"),
        name=reader.text(path, contact, "name"),
        phone=phone,
        text=reader.text(path, contact, "text"),
        picture=reader.picture(path, contact),
        demo=_flag(reader, path, contact, "demo"),
        urgent=_flag(reader, path, contact, "urgent"),
        web=str(web) if web else None,
    )


def _read_help(reader: _Reader) -> HelpPage:
    """The help page: its sentences for each place and person, and the numbers to call; a
    real (not demo) urgent number must come first, above everything else on the page."""
    path = reader.root / "help.yaml"
    empty = HelpPage(title="", where={}, who={}, contacts=())
    raw = reader.read(path, "help")
    if raw is None:
        return empty
    items = reader.entries(path, raw, ["title", "where", "who", "contacts"], what="help")
    if not items:
        return empty
    item = items[0]
    contacts: list[Contact] = []
    for contact in reader.entries(
        path,
        item.get("contacts") or [],
        ["id", "name", "phone", "text", "picture"],
        ["demo", "urgent", "web"],
        what="contact",
    ):
        contacts.append(_read_contact(reader, path, contact, [c.id for c in contacts]))
        if contacts[-1].urgent and contacts[-1].demo:
            reader.problem(path, contact.line, "an urgent number cannot be a demo number")
    if contacts and not contacts[0].urgent:
        reader.problem(path, item.line_of("contacts"), "the first contact must be urgent (999)")
    return HelpPage(
        title=reader.text(path, item, "title"),
        where=_sentence_lists(reader, path, item, "where", HELP_PLACES),
        who=_sentence_lists(reader, path, item, "who", HELP_WHO),
        contacts=tuple(contacts),
    )


def _read_code_words(reader: _Reader) -> CodeWords:
    """Resume-code words (portal/content/code_words.py): an id, an OpenMoji picture and a word
    in every language each; one word each, none alike in a language, no spelling meaning two
    ids, no picture used twice, enough of them."""
    path = reader.root / "code-words.yaml"
    raw = reader.read(path, "words")
    if raw is None:
        return CodeWords()
    words: list[CodeWord] = []
    spellings: dict[str, str] = {}
    pictures: dict[str, str] = {}
    for item in reader.entries(path, raw, ["id", "openmoji", *LANGUAGES], what="code word"):
        word_id = reader.ident(path, item, [w.id for w in words], "code word")
        if word_id and not word_id.isalpha():
            reader.problem(path, item.line_of("id"), f"id '{word_id}' must be one word")
        code = str(item.get("openmoji", ""))
        _check_openmoji(reader, path, item.line_of("openmoji"), code)
        if code in pictures:
            reader.problem(path, item.line_of("openmoji"), f"'{pictures[code]}' has this picture")
        pictures.setdefault(code, word_id)
        by_language = {lang: str(item.get(lang, "")).strip() for lang in LANGUAGES}
        for lang, word in by_language.items():
            typed = typed_words(word)
            if len(typed) != 1 or typed[0] != fold(word):
                reader.problem(path, item.line_of(lang), f"'{word}' must be one word")
            for form in {fold(word), plain(fold(word))}:
                if spellings.setdefault(form, word_id) != word_id:
                    reader.problem(
                        path, item.line_of(lang), f"'{word}' is spelt like '{spellings[form]}'"
                    )
        if by_language["en"].lower() in reader.jargon:
            reader.problem(path, item.line_of("en"), f"jargon word '{by_language['en']}'")
        words.append(CodeWord(word_id, code, by_language))
    if len(words) < MIN_CODE_WORDS:
        reader.problem(path, 1, f"needs at least {MIN_CODE_WORDS} words, has {len(words)}")
    return CodeWords(tuple(words))


# draft: written, not yet checked by a native speaker; checked: checked by one; missing: not
# written yet (people reading that language see the English words, and hear no clip)
TRANSLATION_STATUSES = ("draft", "checked", "missing")


@dataclass(frozen=True)
class TranslationReport:
    """How much of one language is there, and how much a native speaker has checked."""

    language: str
    texts: int
    draft: int
    missing: int = 0

    def __str__(self) -> str:
        shown = (
            f"{self.language}: {self.texts} texts, {self.draft} draft, "
            f"{self.texts - self.draft} checked by a native speaker"
        )
        if self.missing:
            shown += f", {self.missing} not translated yet (shown in English)"
        return shown


def _read_translations(
    reader: _Reader,
    required: dict[str, str],
    languages: Iterable[str],
    english: dict[str, str],
) -> tuple[dict[str, dict[str, str]], list[TranslationReport]]:
    """Each language's texts by key; a missing, unknown or out-of-date text is a problem.
    `english` has every text that may be translated (with retired statements' words, kept for
    people part way through an older questionnaire version); `required` those that must be."""
    translations: dict[str, dict[str, str]] = {}
    reports = []
    for language in languages:
        if language == "en":
            continue
        path = reader.root / "translations" / f"{language}.yaml"
        raw = reader.read(path, "texts")
        if raw is None:
            continue
        if not isinstance(raw, Located):
            reader.problem(path, 1, "'texts' must map keys to translations")
            continue
        texts: dict[str, str] = {}
        draft = missing = 0
        for key, entry in raw.items():
            if key not in english:
                reader.problem(path, raw.line_of(key), f"unknown text '{key}'")
                continue
            for item in reader.entries(path, entry, ["en", "status"], ["text"], what="translation"):
                status = reader.one_of(path, item, "status", TRANSLATION_STATUSES)
                if _squash(str(item.get("en", ""))) != _squash(english[key]):
                    reader.problem(
                        path,
                        item.line_of("en"),
                        f"'{key}' was translated from older English: check it against "
                        f"{english[key]!r}",
                    )
                text = _squash(str(item.get("text") or ""))
                if status == "missing":
                    missing += 1
                    continue
                if not text:
                    reader.problem(
                        path,
                        item.line,
                        f"'{key}' has no {language} words: write them, or say status: missing",
                    )
                    continue
                draft += status == "draft"
                texts[key] = text
                # the rules that hold in every language: sentence length, by its own full stop
                reader.easy_read(path, item.line_of("text"), texts[key], english=False)
        for key in required:
            if key not in raw:
                reader.problem(path, raw.line, f"missing {language} text for '{key}'")
        translations[language] = texts
        reports.append(TranslationReport(language, len(texts), draft, missing))
    return translations, reports


def check(
    root: Path,
    languages: Iterable[str] = LANGUAGES,
    files: Mapping[str, str] | None = None,
    assets: Collection[str] = (),
) -> tuple[Bank | None, list[Problem]]:
    """Read and check all content under root (its YAML from `files` when given, with the
    uploaded files named in `assets`); the bank is None when anything is wrong."""
    bank, problems, _reports = check_with_report(root, languages, files, assets)
    return bank, problems


def check_with_report(
    root: Path,
    languages: Iterable[str] = LANGUAGES,
    files: Mapping[str, str] | None = None,
    assets: Collection[str] = (),
) -> tuple[Bank | None, list[Problem], list[TranslationReport]]:
    """Like `check`, also saying how many texts each language has and how many are draft."""
    languages = tuple(languages)
    reader = _Reader(root, files, assets)
    _read_jargon(reader)
    licence = _read_pictures(reader)
    themes = _read_themes(reader)
    statements = _read_statements(reader, themes)
    seeds = _read_seed_titles(reader)
    questionnaires = _read_questionnaires(reader, statements)
    help_page = _read_help(reader)
    code_words = _read_code_words(reader)
    bank = Bank(
        themes=themes,
        statements=statements,
        questionnaires=questionnaires,
        help=help_page,
        pictures=reader.pictures,
        jargon=reader.jargon,
        licence=licence,
        code_words=code_words,
        seeds=seeds,
    )
    translations, reports = _read_translations(
        reader, bank.text_keys(), languages, bank.text_keys(retired=True)
    )
    voices = _read_voices(reader, languages)
    if reader.problems:
        return None, reader.problems, reports
    return replace(bank, translations=translations, voices=voices), [], reports


# Checked banks by (folder, languages, digest of every file in it): checking takes 0.15 s, and
# every app built in one process (each test builds one) would otherwise check the same files again.
_CHECKED: dict[tuple[str, tuple[str, ...], str], Bank] = {}
_CHECKED_MAX = 8


def _digest(root: Path) -> str:
    """A digest of every file under `root`, names and bytes (2 ms for the real content)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def files_digest(files: Mapping[str, str]) -> str:
    """A digest of content files held in memory, names and texts."""
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode("utf-8") + b"\0")
    return digest.hexdigest()


def load_bank(
    root: str | Path,
    languages: Iterable[str] = LANGUAGES,
    files: Mapping[str, str] | None = None,
    assets: Collection[str] = (),
) -> Bank:
    """The checked bank from `root` (its YAML from `files` when given, with the uploaded files
    named in `assets`), or ContentError listing every problem; checked once per process for as
    long as the files stay the same."""
    folder = Path(root)
    if files is None:
        digest = _digest(folder)
    else:
        digest = "files:" + files_digest({**files, **dict.fromkeys(assets, "")})
    key = (str(folder.resolve()), tuple(languages), digest)
    bank = _CHECKED.get(key)
    if bank is None:
        bank, problems = check(folder, key[1], files, assets)
        if bank is None:
            raise ContentError(problems)
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.pop(next(iter(_CHECKED)))
        _CHECKED[key] = bank
    return bank
