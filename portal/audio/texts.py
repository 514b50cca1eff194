"""Every text a respondent can hear, per language: content texts and interface messages."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from babel.messages.extract import extract_from_dir
from babel.support import NullTranslations, Translations
from flask import Flask
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from portal.audio.store import collapse
from portal.content import current_bank
from portal.content.bank import Bank
from portal.i18n import language_name

STAFF_TEMPLATES = (
    "templates/staff/**",
    "templates/admin/**",
    "templates/reports/**",
    "templates/studio/**",
)
METHOD_MAP = [
    *((pattern, "ignore") for pattern in STAFF_TEMPLATES),
    ("templates/**.html", "jinja2.ext:babel_extract"),
    ("**.py", "python"),
]
OPTIONS_MAP = {"templates/**.html": {"trimmed": "true"}}
# N_ marks a message without translating it where it is written (portal/shared/answers.py)
KEYWORDS = {
    "_": None,
    "_l": None,
    "N_": None,
    "gettext": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
}
RUNTIME_FORMATTED = ("%(", "%s")
PLURAL_COUNTS = range(101)  # enough numbers to meet every plural form of our languages

Message = str | tuple[str, ...]


def interface_messages(source_dir: str) -> list[Message]:
    """Respondent-facing msgids under `source_dir` (templates and modules), in file order."""
    found: list[Message] = []
    for _file, _line, message, _comments, _context in extract_from_dir(
        source_dir, METHOD_MAP, OPTIONS_MAP, KEYWORDS
    ):
        forms = (message,) if isinstance(message, str) else tuple(message)
        if any(mark in form for form in forms for mark in RUNTIME_FORMATTED):
            continue
        found.append(message)
    return found


def translation_dirs(app: Flask) -> list[str]:
    """The folders holding compiled catalogues, resolved the way Flask-Babel does."""
    babel = app.extensions.get("babel")
    if babel is not None:
        return list(babel.translation_directories)
    names = app.config.get("BABEL_TRANSLATION_DIRECTORIES", "translations").split(";")
    return [os.path.join(app.root_path, name) for name in names]


def catalogue(app: Flask, lang: str) -> NullTranslations:
    """The compiled interface catalogue for `lang`, merged over every translation folder."""
    merged: NullTranslations = NullTranslations()
    for dirname in translation_dirs(app):
        found = Translations.load(dirname, [lang])
        if isinstance(merged, Translations) and isinstance(found, Translations):
            merged.merge(found)
        elif isinstance(found, Translations):
            merged = found
    return merged


def translated(message: Message, translations: NullTranslations) -> Iterator[str]:
    """The translated text(s) of one msgid; nothing when it is untranslated."""
    if isinstance(message, str):
        text = translations.gettext(message)
        if text != message:
            yield text
        return
    singular, plural = message[0], message[1]
    for count in PLURAL_COUNTS:
        text = translations.ngettext(singular, plural, count)
        if text not in (singular, plural):
            yield text


def spoken_texts(app: Flask) -> list[tuple[str, str]]:
    """(language, text) for every text a respondent can meet, de-duplicated, in stable order."""
    content: dict[str, list[str]] = {}
    with app.app_context():
        for lang in app.config["LANGUAGES"]:
            bank = current_bank(lang)
            if bank.language == lang:  # never a Welsh voice reading English words
                english = bank.untranslated(lang)  # never a Welsh voice reading English words
                texts = [t for t in bank.respondent_texts() if t not in english]
                content[lang] = [*texts, language_name(lang)]
    for lang, texts in database_texts(app).items():
        content.setdefault(lang, []).extend(texts)
    return texts_per_language(app, content)


def page_gettext(translations: NullTranslations, english: bool) -> Callable[..., str]:
    """gettext(msgid, **values) for pages made outside a request; "" when a message has no
    translation, so another language's voice never reads English words."""

    def gettext(message: str, **values: object) -> str:
        text = translations.gettext(message)
        if text == message and not english:
            return ""
        return text % values if values else text

    return gettext


def page_gettexts(app: Flask) -> Callable[[str], Callable[..., str]]:
    """`page_gettext` of each of the portal's languages, by language."""
    languages = app.config["LANGUAGES"]
    found = {lang: page_gettext(catalogue(app, lang), lang == "en") for lang in languages}
    return found.__getitem__


# A source of texts kept in the database: (db, bank of a language, gettext of a language,
# languages) -> language -> texts. Domains above audio add theirs with `add_spoken_texts`.
SpokenTexts = Callable[
    [Session, Callable[[str], Bank], Callable[[str], Callable[..., str]], Sequence[str]],
    Mapping[str, Iterable[str]],
]
SOURCES = "spoken_text_sources"


def add_spoken_texts(app: Flask, source: SpokenTexts) -> None:
    """Have `flask audio build` make clips for the texts `source` finds in the database."""
    sources = app.extensions.setdefault(SOURCES, [])
    if source not in sources:
        sources.append(source)


def database_texts(app: Flask) -> dict[str, list[str]]:
    """Texts kept in the database, per language, from every source added with
    `add_spoken_texts` (e.g. the "What happened" pages). None without a database."""
    url = app.config.get("DATABASE_URL")
    sources: list[SpokenTexts] = app.extensions.get(SOURCES, [])
    if not url or not sources:
        return {}
    from portal.db import make_engine

    languages = list(app.config["LANGUAGES"])
    gettexts = page_gettexts(app)
    engine = make_engine(url)  # its own, closed here: a build leaves no connection open
    found: dict[str, list[str]] = {}
    try:
        with app.app_context(), Session(engine) as db:
            for source in sources:
                for lang, texts in source(db, current_bank, gettexts, languages).items():
                    found.setdefault(lang, []).extend(texts)
    except SQLAlchemyError:  # no tables yet (before `flask db upgrade`), or no server
        return {}
    finally:
        engine.dispose()
    return found


def texts_per_language(app: Flask, content: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """(language, text) pairs: each language's content texts, then its interface messages.

    Interface messages in another language are taken only where the catalogue translates them,
    so a page in another language never gets English audio.
    """
    messages = interface_messages(app.root_path)
    pairs: dict[tuple[str, str], None] = {}
    for lang in app.config["LANGUAGES"]:
        texts: list[str] = list(content.get(lang, ()))
        if lang == "en":
            for message in messages:
                texts += [message] if isinstance(message, str) else message
        else:
            translations = catalogue(app, lang)
            for message in messages:
                texts += translated(message, translations)
        for text in map(collapse, texts):
            if text:
                pairs[(lang, text)] = None
    return list(pairs)
