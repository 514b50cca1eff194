"""Change content files as the studio's forms ask, keeping their comments, order and layout.

Each function takes a release's files (path -> YAML text) and returns only the files it
changed; nothing here checks the rules (portal.content.checker does, on the whole release) or
touches the database (portal.content.releases does). ruamel.yaml's round trip keeps every
comment and the files' indentation, so an exported release reads like the files people wrote.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

try:  # libyaml's loader where PyYAML has it: the same results, only faster
    from yaml import CSafeLoader as _FAST_LOADER
except ImportError:  # pragma: no cover  # PyYAML built without libyaml
    from yaml import SafeLoader as _FAST_LOADER  # type: ignore[assignment]

Files = Mapping[str, str]
Changed = dict[str, str]

# Keys of a statement's words, each translated into every language
STATEMENT_TEXTS = ("text", "they", "carer")
QUESTIONNAIRE_TEXTS = ("title", "intro")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long sentence onto two lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def load(text: str) -> Any:
    return _yaml().load(text)


def dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


@dataclass(frozen=True)
class StatementFields:
    """Everything the studio's statement form sets, in English."""

    theme: str
    text: str
    picture: str
    audiences: tuple[str, ...]
    direction: str
    origin: str
    they: str = ""
    carer: str = ""
    seed: str = ""
    lines: str = ""
    quote: str = ""
    alert_on: tuple[str, ...] = ()
    not_about_me: bool = False
    one_off: bool = False


def find_statement(files: Files, statement_id: str) -> str | None:
    """The statements file that holds a statement."""
    for path in sorted(files):
        if path.startswith("statements/") and f"id: {statement_id}\n" in files[path]:
            for item in load(files[path]).get("statements") or []:
                if item.get("id") == statement_id:
                    return path
    return None


def key_lines(files: Files, path: str, list_key: str, ident: str) -> dict[str, int]:
    """The line of each key of one entry (a statement, a questionnaire) in a file, from 1; the
    entry's own line as "". For naming a problem's field."""
    for item in load(files[path]).get(list_key) or []:
        if item.get("id") == ident:
            lines = {"": item.lc.line + 1}
            lines |= {str(key): item.lc.key(key)[0] + 1 for key in item}
            source = item.get("source")
            if isinstance(source, CommentedMap):
                lines |= {str(key): source.lc.key(key)[0] + 1 for key in source}
            return lines
    return {}


def statement_ids(files: Files) -> set[str]:
    ids: set[str] = set()
    for path in files:
        if path.startswith("statements/"):
            ids.update(item.get("id") for item in load(files[path]).get("statements") or [])
    return ids


def _set(item: CommentedMap, key: str, value: Any, *, keep_empty: bool = False) -> None:
    """Set a key, or take it out when the value is empty (optional keys are left out)."""
    if value or keep_empty:
        item[key] = value
    elif key in item:
        del item[key]


def _flow(values: Iterable[str]) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _fill_statement(item: CommentedMap, fields: StatementFields) -> None:
    item["theme"] = fields.theme
    item["text"] = fields.text
    _set(item, "they", fields.they)
    _set(item, "carer", fields.carer)
    item["picture"] = fields.picture
    item["audiences"] = _flow(fields.audiences)
    item["direction"] = fields.direction
    source = CommentedMap(origin=fields.origin)
    for key in ("seed", "lines", "quote"):
        _set(source, key, getattr(fields, key))
    item["source"] = source
    # in quotes: YAML reads a bare yes or no as true or false
    alert = CommentedSeq(_quoted(a) for a in fields.alert_on)
    alert.fa.set_flow_style()
    _set(item, "alert_on", alert)
    _set(item, "not_about_me", fields.not_about_me)
    _set(item, "one_off", fields.one_off)


def _quoted(value: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value)


def save_statement(
    files: Files,
    statement_id: str,
    fields: StatementFields,
    translations: Mapping[str, dict[str, str]],
) -> Changed:
    """Add a statement, or change one in place; `translations` gives each other language's
    words by key ("text", "they", "carer"). A translation whose English changed is draft again."""
    changed: Changed = {}
    path = find_statement(files, statement_id)
    if path is None:
        path = f"statements/{fields.theme}.yaml"
        document = load(files[path]) if path in files else CommentedMap(statements=CommentedSeq())
        item = CommentedMap(id=statement_id)
        document["statements"].append(item)
    else:
        document = load(files[path])
        item = next(i for i in document["statements"] if i.get("id") == statement_id)
    _fill_statement(item, fields)
    changed[path] = dump(document)
    english = {key: getattr(fields, key) for key in STATEMENT_TEXTS}
    changed |= _translate(files, "statement", statement_id, english, translations)
    return changed


class TranslationFile:
    """A translations/LANG.yaml file changed entry by entry: only the entries changed are
    written again, every other line stays as it was. (A whole round trip through ruamel.yaml
    takes half a second for each of these files, and a statement touches five of them.)"""

    KEY = re.compile(r"^  (\S[^\n]*?):[ \t]*$")

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines(keepends=True)
        # PyYAML's C loader reads the entries (fast); the lines are only spliced
        self.entries: dict[str, dict[str, Any]] = dict(
            (yaml.load(text, Loader=_FAST_LOADER) or {}).get("texts") or {}  # noqa: S506  # nosec B506
        )

    def get(self, key: str) -> dict[str, Any] | None:
        return self.entries.get(key)

    def keys(self) -> list[str]:
        return list(self.entries)

    def set(self, key: str, entry: dict[str, Any] | None) -> None:
        """Write one entry (en, text, status), or take it out (None)."""
        start = self._start(key)
        block = [] if entry is None else self._render(key, entry)
        if start is None:
            if block:
                if self.lines and not self.lines[-1].endswith("\n"):
                    self.lines[-1] += "\n"
                self.lines.extend(block)
        else:
            end = start + 1
            while end < len(self.lines) and self.lines[end].startswith("    "):
                end += 1
            self.lines[start:end] = block
        if entry is None:
            self.entries.pop(key, None)
        else:
            self.entries[key] = dict(entry)

    def text(self) -> str:
        return "".join(self.lines)

    def _start(self, key: str) -> int | None:
        for n, line in enumerate(self.lines):
            found = self.KEY.match(line)
            if found and found.group(1).strip("'\"") == key:
                return n
        return None

    @staticmethod
    def _render(key: str, entry: dict[str, Any]) -> list[str]:
        ordered = CommentedMap()
        for name in ("en", "text", "status"):
            if entry.get(name):
                ordered[name] = entry[name]
        out = dump(CommentedMap([(key, ordered)]))
        return ["  " + line for line in out.splitlines(keepends=True)]


def _translate(
    files: Files,
    kind: str,
    ident: str,
    english: Mapping[str, str],
    translations: Mapping[str, dict[str, str]],
) -> Changed:
    """Each language's entries for one thing's texts: set from `translations` where given
    (draft: a person typed them, nobody checked them yet; missing: nobody wrote them yet),
    English brought up to date."""
    changed: Changed = {}
    for path in sorted(files):
        if not (path.startswith("translations/") and path.endswith(".yaml")):
            continue
        language = path.removeprefix("translations/").removesuffix(".yaml")
        document = TranslationFile(files[path])
        given = translations.get(language, {})
        for key, words in english.items():
            name = f"{kind}.{ident}.{key}"
            entry = document.get(name)
            if not words:
                if entry is not None:
                    document.set(name, None)
                continue
            new_text = given.get(key, (entry or {}).get("text") or "")
            if (
                entry is not None
                and entry.get("en") == words
                and (entry.get("text") or "") == new_text
            ):
                continue
            if new_text:  # a person typed it: nobody has checked it yet
                document.set(name, {"en": words, "text": new_text, "status": "draft"})
            else:  # not written yet: people reading this language see the English words
                document.set(name, {"en": words, "status": "missing"})
        text = document.text()
        if text != files[path]:
            changed[path] = text
    return changed


def set_translation(files: Files, language: str, key: str, text: str, status: str) -> Changed:
    """One text's translation and whether a native speaker checked it."""
    path = f"translations/{language}.yaml"
    document = TranslationFile(files[path])
    entry = dict(document.get(key) or {})
    entry["text"] = text
    entry["status"] = status
    document.set(key, entry)
    return {path: document.text()}


def replace_statement(files: Files, old_id: str, new_id: str) -> Changed:
    """A statement with new meaning: every questionnaire asks `new_id` where it asked `old_id`,
    and the old statement is retired (kept for the answers given to it, never asked again)."""
    changed: Changed = {}
    document = load(files["questionnaires.yaml"])
    for questionnaire in document["questionnaires"]:
        ids = questionnaire["statements"]
        for n, value in enumerate(ids):
            if value == old_id:
                ids[n] = new_id
        for pair in questionnaire.get("mirrored") or []:
            for n, value in enumerate(pair):
                if value == old_id:
                    pair[n] = new_id
    changed["questionnaires.yaml"] = dump(document)
    path = find_statement(files, old_id)
    if path is not None:
        statements = load(files[path])
        item = next(i for i in statements["statements"] if i.get("id") == old_id)
        item["retired"] = True
        changed[path] = dump(statements)
    # the old statement keeps its translations: someone part way through the version that
    # asks it still reads it in their language
    return changed


@dataclass(frozen=True)
class QuestionnaireFields:
    title: str
    intro: str
    audience: str
    retention_months: int
    statements: tuple[str, ...]
    mirrored: tuple[tuple[str, str], ...]


def save_questionnaire(
    files: Files, slug: str, fields: QuestionnaireFields, translations: Mapping[str, dict[str, str]]
) -> Changed:
    """Add a questionnaire (version 1) or change one; its version number is set on publishing."""
    document = load(files["questionnaires.yaml"])
    item = next((q for q in document["questionnaires"] if q.get("id") == slug), None)
    if item is None:
        item = CommentedMap(id=slug, version=1)
        document["questionnaires"].append(item)
    item["audience"] = fields.audience
    item["retention_months"] = fields.retention_months
    item["title"] = fields.title
    item["intro"] = fields.intro
    item["statements"] = CommentedSeq(fields.statements)
    item["mirrored"] = CommentedSeq(_flow(pair) for pair in fields.mirrored)
    changed = {"questionnaires.yaml": dump(document)}
    english = {"title": fields.title, "intro": fields.intro}
    return changed | _translate(files, "questionnaire", slug, english, translations)


def set_questionnaire_versions(files: Files, versions: Mapping[str, int]) -> Changed:
    """Give questionnaires new version numbers."""
    document = load(files["questionnaires.yaml"])
    for item in document["questionnaires"]:
        if item.get("id") in versions:
            item["version"] = versions[item["id"]]
    return {"questionnaires.yaml": dump(document)}


@dataclass(frozen=True)
class PictureFields:
    """A picture for the library: an OpenMoji `code`, or an uploaded `file` with its licence."""

    alt: str
    code: str = ""
    file: str = ""
    licence: str = ""
    author: str = ""
    attribution: str = ""
    url: str = ""
    photo: bool = False


def save_picture(files: Files, name: str, fields: PictureFields) -> Changed:
    """Add a picture to pictures.yaml (or change one), with its alt text translated later."""
    document = load(files["pictures.yaml"])
    entry = CommentedMap()
    if fields.file:
        entry["file"] = fields.file
        entry["alt"] = fields.alt
        entry["licence"] = fields.licence
        entry["author"] = fields.author
        _set(entry, "attribution", fields.attribution)
        _set(entry, "url", fields.url)
        _set(entry, "photo", fields.photo)
    else:
        entry["openmoji"] = _quoted(fields.code)
        entry["alt"] = _quoted(fields.alt)
        entry.fa.set_flow_style()
    document["pictures"][name] = entry
    changed = {"pictures.yaml": dump(document)}
    return changed | _translate(files, "picture", name, {"alt": fields.alt}, {})


def voice_entries(files: Files) -> list[dict[str, Any]]:
    """The recorded voices in voices.yaml, as plain mappings."""
    if "voices.yaml" not in files:
        return []
    return [dict(item) for item in load(files["voices.yaml"]).get("voices") or []]


def save_voice(
    files: Files, language: str, text: str, file: str, speaker: str, credit: bool
) -> Changed:
    """A recorded voice for one text in one language (replacing any earlier one)."""
    document = (
        load(files["voices.yaml"])
        if "voices.yaml" in files
        else CommentedMap(voices=CommentedSeq())
    )
    if "voices.yaml" not in files:
        document.yaml_set_start_comment(
            "People's recorded voices: each is heard wherever its text is, in its language,\n"
            "instead of the synthetic clip. `file` is in voices/; `credit`: the speaker agreed\n"
            "to be named on the attributions page."
        )
    words = " ".join(text.split())
    voices = document["voices"]
    _drop_voice(voices, language, words)
    # quoted: the checker reads YAML 1.1, where a bare Yes, No, On or Off is true or false,
    # not words (and "Yes" is an answer a voice may read)
    voices.append(
        CommentedMap(
            language=language, text=_quoted(words), file=file, speaker=speaker, credit=credit
        )
    )
    return {"voices.yaml": dump(document)}


def remove_voice(files: Files, language: str, text: str) -> Changed:
    """Take a recorded voice out: the synthetic clip is heard again."""
    if "voices.yaml" not in files:
        return {}
    document = load(files["voices.yaml"])
    _drop_voice(document["voices"], language, " ".join(text.split()))
    return {"voices.yaml": dump(document)}


def _drop_voice(voices: CommentedSeq, language: str, words: str) -> None:
    """Take out the voice for these words in this language, if there is one."""
    for n in reversed(range(len(voices))):
        item = voices[n]
        if item.get("language") == language and " ".join(str(item.get("text")).split()) == words:
            del voices[n]


# Themes (the studio's theme page: portal/studio/themes.py) -----------------------------------


@dataclass(frozen=True)
class ThemeFields:
    """Everything the studio's theme form sets, in English. `source`: a seed document and
    line ("001_aa30cc943bde5794.txt:L40") or "proposed locally"."""

    name: str
    picture: str
    source: str


def save_theme(
    files: Files,
    theme_id: str,
    fields: ThemeFields,
    translations: Mapping[str, dict[str, str]] | None = None,
) -> Changed:
    """Add a theme at the end of themes.yaml, or change one in place; `translations` gives each
    other language's name ({"cy": {"name": ...}}). Its statements file is written with its first
    statement (save_statement)."""
    document = load(files["themes.yaml"])
    themes = document["themes"]
    item = next((t for t in themes if t.get("id") == theme_id), None)
    if item is None:
        item = CommentedMap(id=theme_id)
        themes.append(item)
        if len(themes) > 1:  # a blank line between themes, as people write them
            themes.yaml_set_comment_before_after_key(len(themes) - 1, before="\n")
    item["name"] = fields.name
    item["picture"] = fields.picture
    item["source"] = _quoted(fields.source) if ":" in fields.source else fields.source
    changed = {"themes.yaml": dump(document)}
    return changed | _translate(files, "theme", theme_id, {"name": fields.name}, translations or {})


# --- The studio's named pictures (portal/studio/pictures.py): take a picture out ----------------


def remove_picture_entry(files: Files, name: str) -> Changed:
    """Take a picture out of pictures.yaml, with its alt text's translations (its uploaded
    file leaves the release when it is saved, as nothing names it any more)."""
    document = load(files["pictures.yaml"])
    if name not in document["pictures"]:
        return {}
    del document["pictures"][name]
    changed = {"pictures.yaml": dump(document)}
    return changed | _translate(files, "picture", name, {"alt": ""}, {})
