"""The visitor's cookie: what this browser says about the person using it now.

Only this module knows the keys and shapes kept in Flask's signed session cookie for a
respondent: their response's token, a family share link's area and questions, the tablet a
group-session browser is, and the one-page notes of the journey. `portal.kiosk.where_answered`
turns these into a `Place` (checking the tablet against the database).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import session

RESPONSE_KEY = "response"
LINK_KEY = "link"
TABLET_KEY = "kiosk"
# Everything about the person using the portal now: forgotten at "Next person", or when
# another family link is opened.
PERSON_KEYS = (
    RESPONSE_KEY,
    "who",
    "finished",
    "code",
    "help_flagged",
    "lang",
    LINK_KEY,
    "taken_away",
)


@dataclass(frozen=True)
class Place:
    """Where someone is answering: an area, and a group session's tablet (no session: home)."""

    area_id: int | None = None
    session_id: int | None = None
    tablet_id: int | None = None
    tablet_number: int | None = None


@dataclass(frozen=True)
class Link:
    """A family share link this browser came in by: its area and questionnaire slug."""

    area_id: int | None
    questionnaire: str | None


def response_token() -> str | None:
    """The token of the response this browser is answering, if any."""
    token = session.get(RESPONSE_KEY)
    return token if isinstance(token, str) else None


def remember_response(token: str) -> None:
    session[RESPONSE_KEY] = token


def forget_response() -> None:
    session.pop(RESPONSE_KEY, None)


def family_link() -> Link | None:
    """The share link this browser came in by, if any."""
    saved = session.get(LINK_KEY)
    if not isinstance(saved, dict):
        return None
    area, questionnaire = saved.get("area"), saved.get("questionnaire")
    return Link(
        area if isinstance(area, int) else None,
        questionnaire if isinstance(questionnaire, str) else None,
    )


def follow_link(area_id: int, questionnaire: str | None) -> None:
    """Answer in this link's area (and questions); a different link starts afresh."""
    chosen = {"area": area_id, "questionnaire": questionnaire}
    if session.get(LINK_KEY) != chosen:
        forget_person()
    session[LINK_KEY] = chosen


def place_from_link() -> Place:
    """Where a visitor who is not a tablet answers: their link's area, else nowhere known."""
    link = family_link()
    return Place(area_id=link.area_id if link else None)


def saved_tablet() -> tuple[int, int | None] | None:
    """(tablet id, generation) if this browser joined a group session as a tablet."""
    saved = session.get(TABLET_KEY)
    if isinstance(saved, dict) and isinstance(saved.get("tablet"), int):
        generation = saved.get("generation")
        return saved["tablet"], generation if isinstance(generation, int) else None
    return None


def remember_tablet(tablet_id: int, generation: int) -> None:
    session[TABLET_KEY] = {"tablet": tablet_id, "generation": generation}


def forget_tablet() -> None:
    session.pop(TABLET_KEY, None)


def forget_all_but_tablet() -> None:
    """Drop everything in the session cookie (a staff sign-in, the person's answers, ...) except
    the tablet this browser is, for a tablet that is starting afresh."""
    tablet = session.get(TABLET_KEY)
    session.clear()
    if tablet is not None:
        session[TABLET_KEY] = tablet


def forget_person() -> None:
    """Drop everything about the person who used this browser last (a tablet stays a tablet)."""
    for key in PERSON_KEYS:
        session.pop(key, None)
