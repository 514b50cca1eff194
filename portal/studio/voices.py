"""People's voices in the studio: for each questionnaire and language, which of its texts a
person has recorded; a page per text to record a clip in the browser (or upload one), which is
normalised (portal.audio.voices) and saved in the working copy with the speaker's name. After
publishing, respondents hear that clip wherever the text is heard in that language."""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import sha256

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length

from portal.audio.store import clip_file, collapse, read_manifest
from portal.audio.voices import VoiceRefused, normalise_voice
from portal.comments.recording import takes_recording
from portal.content.bank import Bank, Problem, Voice
from portal.content.editing import remove_voice, save_voice
from portal.db import get_db
from portal.studio import services
from portal.studio.forms import ButtonForm, english_name
from portal.studio.views import bp

VOICE_MAX_SECONDS = 60  # one text read aloud; longer is not one text
DONE = {
    "recorded": "The voice is saved in your changes. Respondents hear it after a reviewer "
    "approves the changes and you publish them.",
    "removed": "The voice is taken out of your changes. The computer voice is heard again "
    "after you publish them.",
}
# What each text of a questionnaire is, for the person recording it
PARTS = {
    "title": "The questionnaire’s title",
    "intro": "The questionnaire’s introduction",
    "text": "A statement",
    "they": "A statement, for someone answering for another person",
    "carer": "A statement, for a family carer",
}


@dataclass(frozen=True)
class VoiceText:
    """One text of a questionnaire in one language, and the person's voice for it (if any)."""

    ident: str  # a short hash of the language and the words, for addresses
    part: str  # what it is: a key of PARTS
    words: str
    voice: Voice | None


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


def questionnaire_texts(bank: Bank, slug: str, language: str) -> list[VoiceText]:
    """The texts of a questionnaire a respondent hears in `language`: its title, its
    introduction and each statement's words, each once; texts shown untranslated (in English)
    are left out, as no voice of that language reads them."""
    local = bank.localised(language)
    questionnaire = local.questionnaires[slug]
    keyed = [
        (f"questionnaire.{slug}.title", "title", questionnaire.title),
        (f"questionnaire.{slug}.intro", "intro", questionnaire.intro),
    ]
    for sid in questionnaire.statement_ids:
        statement = local.statements[sid]
        keyed += [
            (f"statement.{sid}.{part}", part, getattr(statement, part))
            for part in ("text", "they", "carer")
            if getattr(statement, part)
        ]
    translated = bank.translations.get(language) or {}
    texts: dict[str, VoiceText] = {}
    for key, part, words in keyed:
        words = collapse(words)
        if (language != bank.language and key not in translated) or words in texts:
            continue
        voice = bank.voices.get((language, words))
        texts[words] = VoiceText(text_ident(language, words), part, words, voice)
    return list(texts.values())


def _languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


def _text_or_404(bank: Bank, slug: str, language: str, ident: str) -> VoiceText:
    if slug not in bank.questionnaires or language not in _languages():
        abort(404)
    found = next((t for t in questionnaire_texts(bank, slug, language) if t.ident == ident), None)
    if found is None:
        abort(404)
    return found


@bp.get("/voices")
def voices() -> str:
    """How many texts of each questionnaire have a person's voice, in each language."""
    bank = services.working(get_db()).bank
    counts = {
        slug: [
            (lang, english_name(lang), sum(t.voice is not None for t in texts), len(texts))
            for lang in _languages()
            for texts in [questionnaire_texts(bank, slug, lang)]
        ]
        for slug in bank.questionnaires
    }
    return render_template("studio/voices.html", bank=bank, counts=counts)


@bp.get("/voices/<slug>/<lang>")
def voices_list(slug: str, lang: str) -> str:
    """Each text of a questionnaire in a language: the computer voice and the person's."""
    bank = services.working(get_db()).bank
    if slug not in bank.questionnaires or lang not in _languages():
        abort(404)
    manifest = read_manifest(current_app.config["AUDIO_DIR"])
    texts = questionnaire_texts(bank, slug, lang)
    computer = {}
    for text in texts:
        name = clip_file(lang, text.words, manifest=manifest)
        computer[text.ident] = name and url_for("audio.clip", name=name.removesuffix(".mp3"))
    return render_template(
        "studio/voices_list.html",
        questionnaire=bank.questionnaires[slug],
        lang=lang,
        language=english_name(lang),
        texts=texts,
        computer=computer,
        parts=PARTS,
        done=DONE.get(request.args.get("done", "")),
    )


@bp.route("/voices/<slug>/<lang>/<ident>", methods=["GET", "POST"])
@takes_recording
def record_voice(slug: str, lang: str, ident: str) -> str | tuple[str, int] | Response:
    """Record (or upload) a person's voice for one text; it is normalised and kept in the
    working copy. A refused recording is explained beside the recorder and nothing is kept."""
    db = get_db()
    work = services.working(db)
    text = _text_or_404(work.bank, slug, lang, ident)
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
                services.save(
                    db,
                    current_user,
                    {f"voices/{name}": clip.mp3, **changed},
                    "content.voice_recorded",
                    f"voice {lang} {ident}",
                    f"{text.words!r} read by {speaker}, {clip.seconds} s",
                )
                db.commit()
                return _back(slug, lang, ident, "recorded")
    elif text.voice is not None:
        form.speaker.data, form.credit.data = text.voice.speaker, text.voice.credit
    page = render_template(
        "studio/voices_record.html",
        form=form,
        questionnaire=work.bank.questionnaires[slug],
        lang=lang,
        language=english_name(lang),
        text=text,
        part=PARTS[text.part],
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


@bp.post("/voices/<slug>/<lang>/<ident>/remove")
def remove_recorded_voice(slug: str, lang: str, ident: str) -> Response:
    """Take a person's voice out of the working copy: the computer voice is heard again."""
    db = get_db()
    work = services.working(db)
    text = _text_or_404(work.bank, slug, lang, ident)
    if text.voice is not None and ButtonForm().validate_on_submit():
        changed = remove_voice(work.files, lang, text.words)
        if not work.check(changed):
            services.save(
                db,
                current_user,
                changed,
                "content.voice_removed",
                f"voice {lang} {ident}",
                f"{text.words!r} read by {text.voice.speaker}",
            )
            db.commit()
            return _back(slug, lang, ident, "removed")
    return redirect(url_for("studio.record_voice", slug=slug, lang=lang, ident=ident))


def _back(slug: str, lang: str, ident: str, done: str) -> Response:
    return redirect(
        url_for("studio.voices_list", slug=slug, lang=lang, done=done, _anchor=f"text-{ident}")
    )
