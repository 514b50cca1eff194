"""People's voices in the studio: for each questionnaire, the help page, the theme names and
the words on every page, in each language, which texts a person has recorded; a page per text
to record a clip in the browser (or upload one), which is normalised (portal.audio.voices) and
saved in the working copy with the speaker's name. After publishing, respondents hear that
clip wherever the text is heard in that language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from hashlib import sha256

from flask import Flask, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from portal.audio.store import clip_file, collapse, read_manifest
from portal.audio.texts import texts_per_language
from portal.audio.voices import VoiceRefused, normalise_voice
from portal.comments.recording import takes_recording
from portal.content.bank import Bank, Problem, Voice
from portal.content.editing import remove_voice, save_voice
from portal.db import get_db
from portal.studio import services
from portal.studio.forms import ButtonForm, english_name
from portal.studio.views import bp

VOICE_MAX_SECONDS = 60  # one text read aloud; longer is not one text
PER_PAGE = 25
DONE = {
    "recorded": "The voice is saved in your changes. Respondents hear it after a reviewer "
    "approves the changes and you publish them.",
    "removed": "The voice is taken out of your changes. The computer voice is heard again "
    "after you publish them.",
}
# The texts that are not a questionnaire's, by the name in their addresses. Each name holds
# "_", which a questionnaire's id never does (checker.ID_PATTERN): no questionnaire can have
# the same address.
COLLECTIONS = {
    "help_page": "The help page",
    "theme_names": "Themes",
    "every_page": "Words on every page",
}
# What each text is, for the person recording it
PARTS = {
    "title": "The questionnaire’s title",
    "intro": "The questionnaire’s introduction",
    "text": "A statement",
    "they": "A statement, for someone answering for another person",
    "carer": "A statement, for a family carer",
    "help-title": "The help page’s title",
    "help-where": "What the help page says about where the person is",
    "help-who": "What the help page says to the person answering",
    "contact": "A number to call: its name, its words and its number",
    "theme": "A theme’s name",
    "interface": "Words on the pages: a button, an answer, a heading or a message",
}
INTERFACE_TEXTS = "studio_interface_texts"  # app.extensions: language -> interface texts


@dataclass(frozen=True)
class VoiceText:
    """One text of a collection in one language, and the person's voice for it (if any)."""

    ident: str  # a short hash of the language and the words, for addresses
    part: str  # what it is: a key of PARTS
    words: str
    voice: Voice | None


@dataclass(frozen=True)
class Collection:
    """Texts recorded together: a questionnaire's, or one of COLLECTIONS."""

    name: str  # the questionnaire's id, or a key of COLLECTIONS
    title: str


class VoiceForm(FlaskForm):
    """A recording (made on the page, or a sound file) and who is speaking."""

    recording = FileField("Record, or choose a sound file")
    speaker = StringField(
        "The speaker’s name",
        validators=[
            DataRequired(message="Type the name of the person speaking."),
            Length(max=100, message="Keep the name under 100 letters."),
        ],
    )
    credit = BooleanField(
        "Name me on the page that thanks the people who made the pictures and voices"
    )


def text_ident(language: str, words: str) -> str:
    """A short name for a text in a language, for addresses (never the words themselves)."""
    return sha256(f"{language}\n{collapse(words)}".encode()).hexdigest()[:16]


# A text before it is found in a language: the keys of its words in the translation files
# (all must be translated for another language's voice to read it), what it is, its words.
Keyed = tuple[tuple[str, ...], str, str]


def _voice_texts(bank: Bank, language: str, keyed: Iterable[Keyed]) -> list[VoiceText]:
    """Each text once, with its voice; texts shown untranslated (in English) are left out,
    as no voice of that language reads them."""
    translated = bank.translations.get(language) or {}
    texts: dict[str, VoiceText] = {}
    for keys, part, words in keyed:
        words = collapse(words)
        english = language != bank.language and not all(key in translated for key in keys)
        if english or not words or words in texts:
            continue
        voice = bank.voices.get((language, words))
        texts[words] = VoiceText(text_ident(language, words), part, words, voice)
    return list(texts.values())


def questionnaire_texts(bank: Bank, slug: str, language: str) -> list[VoiceText]:
    """The texts of a questionnaire a respondent hears in `language`: its title, its
    introduction and each statement's words, each once."""
    local = bank.localised(language)
    questionnaire = local.questionnaires[slug]
    keyed: list[Keyed] = [
        ((f"questionnaire.{slug}.title",), "title", questionnaire.title),
        ((f"questionnaire.{slug}.intro",), "intro", questionnaire.intro),
    ]
    for sid in questionnaire.statement_ids:
        statement = local.statements[sid]
        keyed += [
            ((f"statement.{sid}.{part}",), part, getattr(statement, part))
            for part in ("text", "they", "carer")
            if getattr(statement, part)
        ]
    return _voice_texts(bank, language, keyed)


def help_texts(bank: Bank, language: str) -> list[VoiceText]:
    """The help page's texts as it plays them: its title, each group of sentences (one Listen
    button each) and what each number's Listen button says."""
    page = bank.localised(language).help
    keyed: list[Keyed] = [(("help.title",), "help-title", page.title)]
    for kind, groups in (("where", page.where), ("who", page.who)):
        keyed += [
            (
                tuple(f"help.{kind}.{group}.{n}" for n in range(1, len(sentences) + 1)),
                f"help-{kind}",
                " ".join(sentences),
            )
            for group, sentences in groups.items()
        ]
    keyed += [
        ((f"contact.{c.id}.name", f"contact.{c.id}.text"), "contact", c.spoken)
        for c in page.contacts
    ]
    return _voice_texts(bank, language, keyed)


def theme_texts(bank: Bank, language: str) -> list[VoiceText]:
    """The name of each theme."""
    themes = bank.localised(language).themes
    keyed = [((f"theme.{i}.name",), "theme", t.name) for i, t in themes.items()]
    return _voice_texts(bank, language, keyed)


def interface_texts(app: Flask, language: str) -> list[str]:
    """The interface messages a respondent hears in `language` (only translated ones in another
    language), as `flask audio build` makes clips for them; found once per app."""
    found: dict[str, list[str]] | None = app.extensions.get(INTERFACE_TEXTS)
    if found is None:
        found = {lang: [] for lang in app.config["LANGUAGES"]}
        for lang, text in texts_per_language(app, {}):
            found.setdefault(lang, []).append(text)
        app.extensions[INTERFACE_TEXTS] = found
    return found.get(language, [])


def page_texts(bank: Bank, language: str, messages: Iterable[str]) -> list[VoiceText]:
    """The words on every page, less the texts of the content (those are in their own
    collections)."""
    content = {collapse(text) for text in bank.localised(language).respondent_texts()}
    keyed = [((), "interface", m) for m in messages if collapse(m) not in content]
    return _voice_texts(bank, language, keyed)


def collection_texts(bank: Bank, name: str, language: str) -> list[VoiceText]:
    """The texts of a collection (a questionnaire's id or a key of COLLECTIONS) in a language."""
    if name == "help_page":
        return help_texts(bank, language)
    if name == "theme_names":
        return theme_texts(bank, language)
    if name == "every_page":
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # proxy
        return page_texts(bank, language, interface_texts(app, language))
    return questionnaire_texts(bank, name, language)


def _languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def _questionnaires(bank: Bank) -> list[Collection]:
    return [Collection(slug, q.title) for slug, q in bank.questionnaires.items()]


def _others() -> list[Collection]:
    return [Collection(name, title) for name, title in COLLECTIONS.items()]


def _collection_or_404(bank: Bank, name: str, language: str) -> Collection:
    found = next((c for c in [*_questionnaires(bank), *_others()] if c.name == name), None)
    if found is None or language not in _languages():
        abort(404)
    return found


def _text_or_404(
    bank: Bank, name: str, language: str, ident: str
) -> tuple[Collection, int, VoiceText]:
    """The collection, the text and its place in the collection's list (from 0)."""
    collection = _collection_or_404(bank, name, language)
    texts = collection_texts(bank, name, language)
    found = next(((n, t) for n, t in enumerate(texts) if t.ident == ident), None)
    if found is None:
        abort(404)
    return (collection, *found)


def _page_of(position: int) -> int:
    return position // PER_PAGE + 1


@bp.get("/voices")
def voices() -> str:
    """How many texts of each collection have a person's voice, in each language."""
    bank = services.working(get_db()).bank

    def coverage(collection: Collection) -> list[tuple[str, str, int, int]]:
        return [
            (lang, english_name(lang), sum(t.voice is not None for t in texts), len(texts))
            for lang in _languages()
            for texts in [collection_texts(bank, collection.name, lang)]
        ]

    return render_template(
        "studio/voices.html",
        questionnaires=[(c, coverage(c)) for c in _questionnaires(bank)],
        others=[(c, coverage(c)) for c in _others()],
    )


@bp.get("/voices/<collection>/<lang>")
def voices_list(collection: str, lang: str) -> str:
    """Each text of a collection in a language, the computer voice and the person's: found
    by its words, 25 a page."""
    bank = services.working(get_db()).bank
    chosen = _collection_or_404(bank, collection, lang)
    texts = collection_texts(bank, collection, lang)
    query = " ".join(request.args.get("q", "").split())[:200]
    found = [t for t in texts if query.casefold() in t.words.casefold()] if query else texts
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    shown = found[(page - 1) * PER_PAGE : page * PER_PAGE]
    manifest = read_manifest(current_app.config["AUDIO_DIR"])
    computer = {}
    for text in shown:
        name = clip_file(lang, text.words, manifest=manifest)
        computer[text.ident] = name and url_for("audio.clip", name=name.removesuffix(".mp3"))
    return render_template(
        "studio/voices_list.html",
        collection=chosen,
        lang=lang,
        language=english_name(lang),
        voiced=sum(t.voice is not None for t in texts),
        total=len(texts),
        query=query,
        found=len(found),
        texts=shown,
        first=(page - 1) * PER_PAGE + 1,
        page=page,
        pages=pages,
        computer=computer,
        parts=PARTS,
        done=DONE.get(request.args.get("done", "")),
    )


@bp.route("/voices/<collection>/<lang>/<ident>", methods=["GET", "POST"])
@takes_recording
def record_voice(collection: str, lang: str, ident: str) -> str | tuple[str, int] | Response:
    """Record (or upload) a person's voice for one text; it is normalised and kept in the
    working copy. A refused recording is explained beside the recorder and nothing is kept."""
    db = get_db()
    work = services.working(db)
    chosen, position, text = _text_or_404(work.bank, collection, lang, ident)
    form = VoiceForm()
    problems: list[Problem] = []
    if request.method == "POST":
        valid = form.validate_on_submit()  # (first: validating clears every field's errors)
        clip = None
        try:
            clip = normalise_voice(_upload(form), VOICE_MAX_SECONDS)
        except VoiceRefused as refused:
            form.recording.errors = [refused.message]
        if valid and clip is not None:
            name = f"{sha256(clip.mp3).hexdigest()}.mp3"
            speaker = " ".join(form.speaker.data.split())
            changed = save_voice(work.files, lang, text.words, name, speaker, form.credit.data)
            problems = work.check(changed, [f"voices/{name}"])
            if not problems:
                problems = services.keep(
                    db,
                    current_user,
                    {f"voices/{name}": clip.mp3, **changed},
                    "content.voice_recorded",
                    f"voice {lang} {ident}",
                    f"{text.words!r} read by {speaker}, {clip.seconds} s",
                    work,
                )
            if not problems:
                return _back(collection, lang, ident, position, "recorded")
    elif text.voice is not None:
        form.speaker.data, form.credit.data = text.voice.speaker, text.voice.credit
    page = render_template(
        "studio/voices_record.html",
        form=form,
        collection=chosen,
        lang=lang,
        language=english_name(lang),
        text=text,
        part=PARTS[text.part],
        list_page=_page_of(position),
        max_seconds=VOICE_MAX_SECONDS,
        button_form=ButtonForm(),
        problems=problems,
    )
    return (page, 400) if request.method == "POST" else page


def _upload(form: VoiceForm) -> bytes:
    """The recording's bytes (b"" when none came); VoiceRefused when it is too big."""
    upload = form.recording.data
    if not upload:
        return b""
    limit = current_app.config["RECORDING_MAX_BYTES"]
    with upload.stream:  # a large upload is a temporary file: closed as soon as it is read
        data: bytes = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise VoiceRefused("too-big")
    return data


@bp.post("/voices/<collection>/<lang>/<ident>/remove")
def remove_recorded_voice(collection: str, lang: str, ident: str) -> Response:
    """Take a person's voice out of the working copy: the computer voice is heard again."""
    db = get_db()
    work = services.working(db)
    _chosen, position, text = _text_or_404(work.bank, collection, lang, ident)
    if text.voice is not None and ButtonForm().validate_on_submit():
        changed = remove_voice(work.files, lang, text.words)
        if not work.check(changed):
            services.keep(  # if someone changed the voices meanwhile, Remove is pressed again
                db,
                current_user,
                changed,
                "content.voice_removed",
                f"voice {lang} {ident}",
                f"{text.words!r} read by {text.voice.speaker}",
                work,
            )
            return _back(collection, lang, ident, position, "removed")
    return redirect(url_for("studio.record_voice", collection=collection, lang=lang, ident=ident))


def _back(collection: str, lang: str, ident: str, position: int, done: str) -> Response:
    """To the list page that shows the text, at the text."""
    page = _page_of(position)
    return redirect(
        url_for(
            "studio.voices_list",
            collection=collection,
            lang=lang,
            page=page if page > 1 else None,
            done=done,
            _anchor=f"text-{ident}",
        )
    )
