"""An editor records a person's voice for a text in the studio (here: uploads a sound file, as a
browser without JavaScript does); after review and publishing, respondents hear that voice
instead of the computer's, and the speaker is thanked by name only if they agreed."""

from __future__ import annotations

import io
import math

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.content import current_bank
from portal.content.models import ContentRelease
from portal.content.releases import open_release, release_asset_names
from tests.audio.test_voices import sound_file, syllables
from tests.helpers import Browser, Page
from tests.respond.journey import begin
from tests.studio.helpers import press, signed_in

FIRST = "listened-to"  # the first question of "About your life and support"


def _welsh_words(app: Flask) -> str:
    with app.test_request_context("/"):
        return current_bank("cy").statements[FIRST].text


def _counts(editor: Browser) -> str:
    page = editor.get("/staff/studio/voices")
    item = page.soup.find(id="voices-self-advocates-cy")
    assert item is not None
    return " ".join(item.get_text().split())


def _record_page(editor: Browser, words: str) -> Page:
    """From the voices overview to the Welsh list, then "Record or upload" for these words."""
    page = editor.get("/staff/studio/voices")
    page = editor.get(page.link("Welsh:"))
    assert page.h1 == "Welsh voices: About your life and support"
    item = next(li for li in page.soup.select("li.studio-voices__item") if words in li.get_text())
    link = item.find("a", string=lambda s: s and "Record or upload" in s) or item.find("a")
    page = editor.get(str(link["href"]))
    assert page.h1 == "Record a Welsh voice"
    shown = page.soup.select_one(".studio-voice__words")
    assert shown is not None and shown.get_text() == words and shown["lang"] == "cy"
    assert words not in page.url  # the address names the text by a hash, not its words
    return page


def _upload(
    editor: Browser, page: Page, sound: bytes, speaker: str = "Megan", credit: bool = True,
    status: int = 200,
) -> Page:  # fmt: skip
    data: dict[str, object] = {"recording": (io.BytesIO(sound), "megan.wav"), "speaker": speaker}
    if credit:
        data["credit"] = "y"
    return editor.submit(page, data, button="Save this voice", status=status)  # type: ignore[arg-type]


def _nothing_stored(app: Flask) -> None:
    with Session(app.extensions["db_engine"]) as db:
        assert db.scalar(select(ContentRelease)) is None
        assert not db.scalars(
            select(AuditEntry).where(AuditEntry.action == "content.voice_recorded")
        ).all()


def _publish(app: Flask, editor: Browser) -> None:
    page = press(editor, editor.get("/staff/studio/"), "Send to the reviewers", {"note": "Voice."})
    assert "Sent to the reviewers" in page.text
    reviewer = signed_in(app, "reviewer")
    page = press(reviewer, reviewer.get("/staff/studio/changes/"), "Approve these changes")
    assert "Approved" in page.text
    page = press(editor, editor.get("/staff/studio/"), "Publish the changes")
    assert "Published" in page.text


def test_a_welsh_voice_is_uploaded_listed_published_and_heard_by_respondents(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    words = _welsh_words(app)
    assert "People’s voices" in editor.get("/staff/studio/").text
    before = _counts(editor)
    assert before.startswith("Welsh: 0 of ")

    page = _upload(editor, _record_page(editor, words), sound_file([(2.0, syllables)]))
    assert "The voice is saved in your changes" in page.text
    assert _counts(editor) == before.replace("Welsh: 0 of", "Welsh: 1 of")
    item = page.soup.find(
        lambda tag: tag.name == "li" and words in tag.get_text() and tag.find("audio")
    )
    assert "Megan’s voice" in item.get_text()
    draft = [a["src"] for a in item.find_all("audio") if "/changes/files/voices/" in a["src"]]
    assert len(draft) == 1
    played = editor.client.get(draft[0])
    assert played.status_code == 200 and played.mimetype == "audio/mpeg"
    with Session(app.extensions["db_engine"]) as db:
        entry = db.scalars(
            select(AuditEntry).where(AuditEntry.action == "content.voice_recorded")
        ).one()
        assert "Megan" in entry.detail

    respondent = Browser(app.test_client())
    assert not [s for s in begin(respondent, language="cy").audio_sources() if "/voice/" in s]

    _publish(app, editor)
    question = begin(Browser(app.test_client()), language="cy")
    assert question.url == f"/question/{FIRST}"
    voices = [s for s in question.audio_sources() if s.startswith("/audio/voice/")]
    assert len(voices) == 1, question.audio_sources()
    heard = respondent.client.get(voices[0])
    assert heard.status_code == 200 and heard.mimetype == "audio/mpeg"
    assert heard.data[:3] == b"ID3" or heard.data[0] == 0xFF
    english = begin(Browser(app.test_client()), language="en")
    assert not [s for s in english.audio_sources() if "/voice/" in s], "only in Welsh"

    thanks = respondent.get("/attributions")
    assert "Megan" in thanks.text


def test_the_speaker_is_not_named_without_the_tick_and_a_voice_can_be_taken_out(
    app: Flask,
) -> None:
    editor = signed_in(app, "content_editor")
    words = _welsh_words(app)
    page = _upload(
        editor, _record_page(editor, words), sound_file([(2.0, syllables)]), "Rhodri", False
    )
    assert "(not named on the thank-you page)" in page.text
    _publish(app, editor)
    thanks = Browser(app.test_client()).get("/attributions")
    assert "People recorded some of the voices" in thanks.text
    assert "Rhodri" not in thanks.text

    page = _record_page(editor, words)
    assert "Rhodri’s voice is saved now" in page.text
    page = press(editor, page, "Take out this voice")
    assert "The voice is taken out of your changes" in page.text
    assert _counts(editor).startswith("Welsh: 0 of ")
    with Session(app.extensions["db_engine"]) as db:
        assert db.scalars(
            select(AuditEntry).where(AuditEntry.action == "content.voice_removed")
        ).one()
        # the recording leaves the changes too: an export holds no sound nobody hears
        assert not [p for p in release_asset_names(db, open_release(db)) if p.startswith("voices/")]


def test_silence_or_a_file_that_is_not_sound_is_refused_and_nothing_is_stored(
    app: Flask,
) -> None:
    editor = signed_in(app, "content_editor")
    words = _welsh_words(app)
    page = _record_page(editor, words)
    page = _upload(editor, page, sound_file([(2.0, None)]), status=400)
    error = page.soup.find(id="recording-error")
    assert error is not None and "could not hear any speech" in error.get_text()
    assert page.soup.find(id="speaker")["value"] == "Megan"  # what was typed is kept
    assert page.soup.title.get_text().startswith("Error: Record a Welsh voice")

    page = _upload(editor, page, b"This is a letter, not a recording. " * 50, status=400)
    assert "We could not play this file" in page.soup.find(id="recording-error").get_text()

    # (4 kHz: under the 500 kB beyond which the test client leaves a temporary file open)
    long = sound_file([(61.0, lambda t: 0.3 * math.sin(2 * math.pi * 220 * t))], rate=4_000)
    page = _upload(editor, page, long, status=400)
    assert "The recording is too long" in page.soup.find(id="recording-error").get_text()

    page = editor.submit(page, {"speaker": "Megan"}, button="Save this voice", status=400)
    assert "No recording came through" in page.soup.find(id="recording-error").get_text()

    page = _upload(editor, page, sound_file([(2.0, syllables)]), speaker=" ", status=400)
    assert "Type the name of the person speaking" in page.soup.find(id="speaker-error").get_text()
    _nothing_stored(app)


def test_an_address_that_names_no_text_is_not_found(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    editor.get("/staff/studio/voices/self-advocates/cy/0123456789abcdef", status=404)
    editor.get("/staff/studio/voices/self-advocates/xx", status=404)
    editor.get("/staff/studio/voices/no-such-questionnaire/cy", status=404)


def test_a_reviewer_cannot_record_voices(app: Flask) -> None:
    reviewer = signed_in(app, "reviewer")
    reviewer.get("/staff/studio/voices", status=403)
    reviewer.get("/staff/studio/voices/self-advocates/cy", status=403)
