"""A spoken "Tell us more": whatever the browser or phone recorded, decoded with PyAV (FFmpeg in
its wheel) and kept as one small MP3 (mono, 16 kHz, 32 kbit/s, the audio clips' encoder).

The upload itself is never kept: it is read from the request into memory (werkzeug spools a
large one to a temporary file that is deleted when the request ends), decoded, and only the MP3
is stored, in `CommentRecording`, beside its comment. A spoken-only comment has empty `text`
until a moderator types what was said; a comment can have typed words and a recording.

The app refuses requests over MAX_CONTENT_LENGTH (64 KiB). A view that takes a recording is
marked with `@takes_recording`; `raise_upload_limit` (run before any before_request function
reads the form) lets that one view's multipart requests be as large as RECORDING_MAX_BYTES, plus
room for the words typed beside it (whose own length the comment form checks). Werkzeug checks
the limit before it reads the body.
"""

from __future__ import annotations

import array
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, Literal, TypeVar

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.audio.decode import NotSound, decode_pcm
from portal.audio.engines import encode_mp3
from portal.comments.models import Comment, CommentRecording
from portal.db import utcnow

SAMPLE_RATE = 16_000
SHORTEST_SECONDS = 0.5
# Loudest sample below this (of 32,767) is silence: a muted or missing microphone.
SILENCE_PEAK = 200
# Room for the CSRF token and the words typed beside the recording (the comment is 2,000
# letters at most: 4 bytes each in UTF-8, form encoding aside).
FORM_ROOM = 64 * 1024

Problem = Literal["missing", "not-sound", "too-short", "too-big"]

PROBLEM_MESSAGES = {
    "missing": _l("We did not get a recording. Please record your words first."),
    "not-sound": _l("We could not play your recording. Please record it again."),
    "too-short": _l("We could not hear anything. Please record it again."),
    "too-big": _l("Your recording is too long. Please record a shorter one."),
}


class RecordingRefused(Exception):
    """The upload is not a recording we can keep; `problem` says why, for the person."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem

    @property
    def message(self) -> str:
        return str(PROBLEM_MESSAGES[self.problem])


@dataclass(frozen=True)
class Converted:
    """The small MP3 kept for moderation, and how long it plays."""

    mp3: bytes
    seconds: float


View = TypeVar("View", bound=Callable[..., Any])


def takes_recording(view: View) -> View:
    """Mark a view as one that accepts a recording, so its requests may be larger."""
    view.takes_recording = True  # type: ignore[attr-defined]
    return view


def raise_upload_limit(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """For a view marked `@takes_recording`, allow a multipart request up to RECORDING_MAX_BYTES
    (and the form around it) instead of the app's MAX_CONTENT_LENGTH. Runs as a URL value
    preprocessor, so before any before_request function reads the form."""
    view = current_app.view_functions.get(request.endpoint or "")
    if (
        request.method == "POST"
        and request.mimetype == "multipart/form-data"
        and getattr(view, "takes_recording", False)
    ):
        request.max_content_length = current_app.config["RECORDING_MAX_BYTES"] + FORM_ROOM


def convert_recording(upload: IO[bytes], max_bytes: int, max_seconds: float) -> Converted:
    """Decode any sound file PyAV can read and give back mono 16 kHz MP3, cut to `max_seconds`.

    Refused: more than `max_bytes`, not sound, or shorter than half a second (or silent)."""
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RecordingRefused("too-big")
    if not data:
        raise RecordingRefused("too-short")
    pcm = _decode_to_pcm(data, int(max_seconds * SAMPLE_RATE))
    samples = array.array("h", pcm)
    if sys.byteorder == "big":  # s16 from FFmpeg is native order; the check reads it so
        samples.byteswap()
    seconds = len(samples) / SAMPLE_RATE
    if seconds < SHORTEST_SECONDS or max(max(samples), -min(samples)) < SILENCE_PEAK:
        raise RecordingRefused("too-short")
    return Converted(encode_mp3(pcm, SAMPLE_RATE), round(seconds, 2))


def _decode_to_pcm(data: bytes, max_samples: int) -> bytes:
    """The first audio stream as 16-bit mono PCM at SAMPLE_RATE, at most `max_samples` long."""
    try:
        return decode_pcm(data, SAMPLE_RATE, max_samples)
    except NotSound as error:
        raise RecordingRefused("not-sound") from error


def save_recording(
    db: Session, response_id: int, statement_id: str, text: str, converted: Converted
) -> None:
    """Keep the recording with the comment on this statement (made with `text` when there is
    none; the typed words replace the old ones when there is), pending moderation again. A new
    recording replaces an older one. Only adds and flushes: the view commits."""
    comment = db.scalar(
        select(Comment).where(
            Comment.response_id == response_id, Comment.statement_id == statement_id
        )
    )
    if comment is None:
        comment = Comment(response_id=response_id, statement_id=statement_id, text=text.strip())
        db.add(comment)
    else:
        comment.text = text.strip()
        comment.status = "pending"
    db.flush()
    db.execute(delete(CommentRecording).where(CommentRecording.comment_id == comment.id))
    db.add(
        CommentRecording(
            comment_id=comment.id,
            audio=converted.mp3,
            seconds=converted.seconds,
            created_at=utcnow(),
        )
    )
    db.flush()


def has_recording(db: Session, response_id: int, statement_id: str) -> bool:
    """Whether the person's comment on this statement has a recording waiting."""
    return (
        db.scalar(
            select(CommentRecording.comment_id)
            .join(Comment, Comment.id == CommentRecording.comment_id)
            .where(Comment.response_id == response_id, Comment.statement_id == statement_id)
        )
        is not None
    )
