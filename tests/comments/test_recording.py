"""A person says their "Tell us more" instead of typing it: the recording is kept as one small
MP3 only until a moderator has listened and typed what was said, and only moderators hear it.
A recording that cannot be kept is refused with an easy message and the typed words stay."""

from __future__ import annotations

import array
import io
import math
from datetime import timedelta
from urllib.parse import urljoin

import av
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.comments.models import Comment, CommentRecording
from portal.db import utcnow
from portal.respond.models import Response
from tests.comments.test_moderation import BANK, open_queue, staff_browser
from tests.groups.helpers import form_index
from tests.helpers import Browser, Page
from tests.respond.journey import answer, begin

SAID = "The staff at my house are kind to me."
TYPED = "I like my house."


def tone(seconds: float, container: str = "wav", codec: str = "pcm_s16le", rate: int = 16_000,
         loudness: float = 0.3) -> io.BytesIO:  # fmt: skip
    """A 440 Hz sine tone of `seconds`, mono, in `container` (a real file, made with PyAV)."""
    out_file = io.BytesIO()
    with av.open(out_file, "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"  # type: ignore[union-attr]
        total, step = int(rate * seconds), 960
        for start in range(0, total, step):
            count = min(step, total - start)
            frame = av.AudioFrame(format="s16", layout="mono", samples=count)
            frame.rate = rate
            wave = array.array(
                "h",
                (
                    int(32767 * loudness * math.sin(2 * math.pi * 440 * (start + i) / rate))
                    for i in range(count)
                ),
            )
            frame.planes[0].update(wave.tobytes())
            for packet in stream.encode(frame):  # type: ignore[union-attr]
                out.mux(packet)
        for packet in stream.encode(None):  # type: ignore[union-attr]
            out.mux(packet)
    out_file.seek(0)
    return out_file


def tell_more_page(client: Browser) -> Page:
    page = answer(client, begin(client), "sometimes", button="more")
    assert page.h1 == "Tell us more"
    return page


def send(
    client: Browser,
    page: Page,
    sound: io.BytesIO | None,
    text: str = "",
    name: str = "recording.wav",
    status: int | None = 200,
) -> Page:
    """Send the "Tell us more" form with the "Send my recording" button, as a browser would."""
    form = page.form()
    fields: dict[str, object] = {
        tag["name"]: tag.get("value", "") for tag in form.find_all("input", type="hidden")
    }
    fields |= {"comment": text, "way": "speak"}
    if sound is not None:
        fields["recording"] = (sound, name)
    response = client.client.post(
        urljoin(page.url, form.get("action") or page.url),
        data=fields,
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    return client._page(response, response.request.path, status)


def recording_of(db: Session) -> CommentRecording | None:
    db.expire_all()
    return db.scalars(select(CommentRecording)).one_or_none()


def mp3_facts(mp3: bytes) -> tuple[str, int, int, float]:
    """Format, channels, sample rate and seconds of an MP3, by decoding it all."""
    with av.open(io.BytesIO(mp3)) as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
        return container.format.name, stream.channels, stream.rate, samples / stream.rate


@pytest.mark.parametrize(
    ("container", "codec", "rate", "name"),
    [
        ("wav", "pcm_s16le", 16_000, "recording.wav"),
        ("webm", "libopus", 48_000, "recording.webm"),  # what Chromium's MediaRecorder makes
        ("mp4", "aac", 48_000, "recording.m4a"),  # what Safari's MediaRecorder makes
    ],
)
def test_a_spoken_comment_is_kept_as_a_small_mp3_of_the_same_length(
    client: Browser, db_session: Session, container: str, codec: str, rate: int, name: str
) -> None:
    page = send(client, tell_more_page(client), tone(3, container, codec, rate), name=name)
    assert page.url.startswith("/question/"), "after sending, the next question"
    comment = db_session.scalars(select(Comment)).one()
    assert (comment.text, comment.status) == ("", "pending")
    kept = recording_of(db_session)
    assert kept is not None and kept.comment_id == comment.id
    codec_name, channels, sample_rate, seconds = mp3_facts(kept.audio)
    assert (codec_name, channels, sample_rate) == ("mp3", 1, 16_000)
    assert seconds == pytest.approx(3, abs=0.15)
    assert kept.seconds == pytest.approx(3, abs=0.1)
    assert len(kept.audio) < 3 * 32_000 / 8 * 1.2, "32 kbit/s at most"


def test_typed_words_and_a_recording_are_kept_together(
    client: Browser, db_session: Session
) -> None:
    send(client, tell_more_page(client), tone(2), text=TYPED)
    comment = db_session.scalars(select(Comment)).one()
    assert comment.text == TYPED
    assert recording_of(db_session) is not None


def test_a_recording_longer_than_the_limit_is_cut(
    app: Flask, client: Browser, db_session: Session
) -> None:
    app.config["RECORDING_MAX_SECONDS"] = 2
    send(client, tell_more_page(client), tone(5))
    kept = recording_of(db_session)
    assert kept is not None
    assert mp3_facts(kept.audio)[3] == pytest.approx(2, abs=0.15)


def test_a_recording_too_big_is_refused_with_a_message_and_the_typed_words_stay(
    app: Flask, client: Browser, db_session: Session
) -> None:
    app.config["RECORDING_MAX_BYTES"] = 50_000
    page = send(client, tell_more_page(client), tone(3), text=TYPED, status=400)  # 96 kB
    assert page.h1 == "Tell us more"
    assert "Your recording is too long. Please record a shorter one." in page.text
    assert page.soup.select_one(".error-summary") is not None
    assert page.soup.select_one("textarea#comment").get_text() == TYPED
    assert db_session.scalar(select(func.count(Comment.id))) == 0
    assert recording_of(db_session) is None


def test_a_request_far_over_the_limit_is_refused_before_it_is_read(
    app: Flask, client: Browser
) -> None:
    app.config["RECORDING_MAX_BYTES"] = 10_000
    page = send(client, tell_more_page(client), tone(10), status=413)  # 320 kB
    assert "That was too much to send" in page.text


def test_other_pages_keep_the_small_upload_limit(client: Browser) -> None:
    page = begin(client)
    response = client.client.post(page.url, data={"answer": "yes", "junk": "x" * 100_000})
    assert response.status_code == 413


@pytest.mark.parametrize(
    ("sound", "message"),
    [
        (io.BytesIO(b"This is a letter, not a recording. " * 200), "We could not play your"),
        (tone(0.3), "We could not hear anything. Please record it again."),
        (tone(2, loudness=0), "We could not hear anything. Please record it again."),
        (io.BytesIO(b""), "We could not hear anything. Please record it again."),
        (None, "We did not get a recording. Please record your words first."),
    ],
    ids=["not sound", "too short", "silent", "empty file", "no file"],
)
def test_a_recording_we_cannot_keep_is_refused_and_the_typed_words_stay(
    client: Browser, db_session: Session, sound: io.BytesIO | None, message: str
) -> None:
    page = send(client, tell_more_page(client), sound, text=TYPED, status=400)
    assert message in page.text
    assert page.soup.select_one("textarea#comment").get_text() == TYPED
    assert db_session.scalar(select(func.count(Comment.id))) == 0


def test_the_page_offers_a_file_field_that_opens_the_phones_recorder(client: Browser) -> None:
    page = tell_more_page(client)
    form = page.form()
    assert form["enctype"] == "multipart/form-data"
    field = form.select_one("input[type=file]#recording")
    assert field is not None and field["accept"] == "audio/*" and field.has_attr("capture")
    assert "A staff member will listen. Then they delete it." in page.text
    assert form.find("button", attrs={"name": "way", "value": "speak"}) is not None


def test_saving_empty_words_later_keeps_the_recording(client: Browser, db_session: Session) -> None:
    page = tell_more_page(client)
    send(client, page, tone(2))
    again = client.get(page.url)
    assert "We have your recording." in again.text
    client.submit(again, {"comment": ""}, button="Save and go on")
    assert recording_of(db_session) is not None


def spoken_comment(client: Browser, db: Session) -> Comment:
    send(client, tell_more_page(client), tone(3))
    db.expire_all()
    return db.scalars(select(Comment)).one()


def test_only_moderators_can_play_a_recording(
    app: Flask, client: Browser, db_session: Session
) -> None:
    comment = spoken_comment(client, db_session)
    address = f"/staff/comments/{comment.id}/recording"
    anonymous = app.test_client().get(address)
    assert anonymous.status_code == 302 and "/staff/sign-in" in anonymous.location
    for role in ("facilitator", "safeguarding_lead"):
        assert staff_browser(app, role).client.get(address).status_code == 403, role
    for role in ("reviewer", "administrator"):
        heard = staff_browser(app, role).client.get(address)
        assert heard.status_code == 200, role
        assert heard.mimetype == "audio/mpeg"
        assert heard.headers["Cache-Control"] == "no-store"
        assert mp3_facts(heard.data)[3] == pytest.approx(3, abs=0.15)
    part = staff_browser(app, "reviewer").client.get(address, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and len(part.data) == 100
    assert app.test_client().get(f"/staff/comments/{comment.id + 1}/recording").status_code == 302


def test_the_queue_plays_the_recording_and_asks_what_was_said(
    app: Flask, client: Browser, db_session: Session
) -> None:
    comment = spoken_comment(client, db_session)
    page = open_queue(staff_browser(app, "reviewer"))
    item = page.soup.select_one(f"#comment-{comment.id}")
    assert item is not None
    player = item.select_one("audio")
    assert player is not None and player["src"] == f"/staff/comments/{comment.id}/recording"
    assert "What the person said, in a recording of 3 seconds" in item.get_text(" ")
    assert item.select_one(f"textarea[name=approve-{comment.id}-said]") is not None


def approve_spoken(staff: Browser, comment: Comment, said: str, status: int = 200) -> Page:
    page = open_queue(staff)
    data = {
        f"approve-{comment.id}-said": said,
        f"approve-{comment.id}-shown_text": "The staff are kind to me.",
        f"approve-{comment.id}-themes": BANK.statements[comment.statement_id].theme,
    }
    return staff.submit(
        page, data, button="Approve", form=form_index(page, f"/{comment.id}/approve"),
        status=status,
    )  # fmt: skip


def test_approving_keeps_the_typed_words_and_deletes_the_recording(
    app: Flask, client: Browser, db_session: Session
) -> None:
    comment = spoken_comment(client, db_session)
    reviewer = staff_browser(app, "reviewer")
    refused = approve_spoken(reviewer, comment, "", status=400)
    assert "Type what the person said in the recording." in refused.text
    assert recording_of(db_session) is not None

    page = approve_spoken(reviewer, comment, SAID)
    assert "The comment is approved." in page.text
    db_session.expire_all()
    decided = db_session.get(Comment, comment.id)
    assert decided is not None
    assert (decided.status, decided.text, decided.shown_text) == (
        "approved",
        SAID,
        "The staff are kind to me.",
    )
    assert recording_of(db_session) is None
    assert reviewer.client.get(f"/staff/comments/{comment.id}/recording").status_code == 404
    details = " ".join(e.detail or "" for e in db_session.scalars(select(AuditEntry)))
    assert "kind" not in details, "the audit log never holds the words"


def test_rejecting_deletes_the_recording(app: Flask, client: Browser, db_session: Session) -> None:
    spoken_comment(client, db_session)
    reviewer = staff_browser(app, "reviewer")
    page = open_queue(reviewer)
    page = reviewer.submit(page, button="Reject", form=form_index(page, "/reject"))
    assert "The comment is rejected." in page.text
    assert recording_of(db_session) is None


def test_a_new_recording_after_the_page_was_opened_stops_the_decision(
    app: Flask, client: Browser, db_session: Session
) -> None:
    page = tell_more_page(client)
    send(client, page, tone(2))
    comment = db_session.scalars(select(Comment)).one()
    reviewer = staff_browser(app, "reviewer")
    queue = open_queue(reviewer)
    send(client, client.get(page.url), tone(3))  # the person records again
    data = {f"approve-{comment.id}-said": SAID, f"approve-{comment.id}-shown_text": SAID}
    done = reviewer.submit(
        queue, data, button="Approve", form=form_index(queue, f"/{comment.id}/approve")
    )
    assert "The person changed that comment after you opened this page." in done.text
    kept = recording_of(db_session)
    assert kept is not None and kept.seconds == pytest.approx(3, abs=0.1)


def test_retention_deletes_old_recordings_and_those_of_expired_responses(
    app: Flask, client: Browser, db_session: Session, runner: FlaskCliRunner
) -> None:
    comment = spoken_comment(client, db_session)
    # A second, older person whose whole response is past the retention period.
    other = Browser(app.test_client())
    send(other, tell_more_page(other), tone(1))
    db_session.expire_all()
    old_comment = db_session.scalars(select(Comment).where(Comment.id != comment.id)).one()
    kept_id, gone_id = comment.id, old_comment.id
    long_ago = utcnow() - timedelta(days=3 * 365)
    db_session.execute(
        update(Response).where(Response.id == old_comment.response_id).values(started_at=long_ago)
    )
    # The first person's response is kept, but its recording waited too long.
    db_session.execute(
        update(CommentRecording)
        .where(CommentRecording.comment_id == kept_id)
        .values(created_at=long_ago)
    )
    db_session.commit()
    result = runner.invoke(args=["retention", "apply", "--yes"])
    assert result.exit_code == 0, result.output
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(CommentRecording)) == 0
    assert db_session.get(Comment, kept_id) is not None, "the comment itself stays"
    assert db_session.get(Comment, gone_id) is None
    audit = db_session.scalars(
        select(AuditEntry.detail).where(AuditEntry.action == "retention.recordings")
    ).one()
    assert audit == "1 recordings"


def test_too_many_typed_words_beside_a_recording_are_refused(
    client: Browser, db_session: Session
) -> None:
    page = send(client, tell_more_page(client), tone(1), text="x" * 60_000, status=400)
    assert "You wrote too much. Please write less." in page.text
    assert recording_of(db_session) is None


def test_the_check_page_says_a_recording_was_sent(client: Browser) -> None:
    """A spoken-only comment has no words yet: the check page says it was sent, not nothing."""
    send(client, tell_more_page(client), tone(2))
    page = client.get("/check")
    assert "You sent a recording." in page.text
