"""Staff sign-ins that can be ended: the session cookie holds "<account id>:<random token>" and
the database keeps only the token's sha256, in a StaffSignIn row. Every request checks the row,
so signing out, a role change, switching an account off or a password change ends a sign-in at
once, even in a cookie copied before. A sign-in also ends when it is too old
(PORTAL_STAFF_SESSION_HOURS) or was not used for too long (PORTAL_STAFF_IDLE_MINUTES).

These functions add and flush; the caller commits (a view commits once), except
`load_signed_in`, which commits the small writes it makes itself (see there).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, g, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.auth.models import StaffSignIn, StaffUser
from portal.db import rowcount, utcnow

# Why a sign-in ended (StaffSignIn.ended_why); the sign-ins page says each in words.
SIGNED_OUT = "signed_out"
SIGNED_OUT_ELSEWHERE = "signed_out_elsewhere"  # "Sign out everywhere else" in another browser
ROLE_CHANGED = "role_changed"
SWITCHED_OFF = "switched_off"
PASSWORD_CHANGED = "password_changed"  # noqa: S105  # nosec B105  (why a sign-in ended)
IDLE = "idle"
TOO_OLD = "too_old"
BECAME_TABLET = "became_tablet"  # the browser joined a group session as a tablet
ENDED_WHY = (
    SIGNED_OUT,
    SIGNED_OUT_ELSEWHERE,
    ROLE_CHANGED,
    SWITCHED_OFF,
    PASSWORD_CHANGED,
    IDLE,
    TOO_OLD,
    BECAME_TABLET,
)

# last_seen_at is written at most this often, not on every request
TOUCH_EVERY = timedelta(minutes=1)


def token_hash(token: str) -> str:
    """The sha256 (hex) of a sign-in token: what the database keeps."""
    return hashlib.sha256(token.encode()).hexdigest()


def browser_name(user_agent: str | None) -> str:
    """The browser in coarse words ("Chrome on Android"), from the User-Agent; nothing more."""
    agent = user_agent or ""
    browser = next(
        (
            name
            for marker, name in (
                ("Edg/", "Edge"),
                ("OPR/", "Opera"),
                ("SamsungBrowser/", "Samsung Internet"),
                ("Firefox/", "Firefox"),
                ("FxiOS/", "Firefox"),
                ("CriOS/", "Chrome"),
                ("Chrome/", "Chrome"),
                ("Safari/", "Safari"),
            )
            if marker in agent
        ),
        "",
    )
    system = next(
        (
            name
            for marker, name in (
                ("Android", "Android"),
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Windows", "Windows"),
                ("Mac OS X", "Mac"),
                ("CrOS", "ChromeOS"),
                ("Linux", "Linux"),
            )
            if marker in agent
        ),
        "",
    )
    if browser and system:
        return f"{browser} on {system}"
    return browser or system


def start_staff_session(db: Session, user: StaffUser) -> StaffSignIn:
    """Sign `user` in, in this browser: a fresh session (nothing a visitor typed before, no old
    CSRF token), a new StaffSignIn row, and the cookie naming it. Flushes; the caller commits."""
    user_agent = request.headers.get("User-Agent")
    language = session.get("lang")
    session.clear()
    if language is not None:
        session["lang"] = language  # the language chosen stays; nothing else does
    g.pop("csrf_token", None)  # Flask-WTF keeps this request's token here too
    token = secrets.token_urlsafe(32)
    sign_in = StaffSignIn(
        staff_user_id=user.id,
        token_hash=token_hash(token),
        browser=browser_name(user_agent)[:80],
    )
    db.add(sign_in)
    db.flush()
    login_user(user)
    session["_user_id"] = f"{user.id}:{token}"  # what the user loader is given next time
    g.staff_sign_in = sign_in
    return sign_in


def end_sign_ins(db: Session, user: StaffUser, why: str, keep_current: bool = False) -> int:
    """End every open sign-in of `user` (sign out everywhere, role change, switch-off, password
    change); with keep_current, all but this browser's. How many ended. Flushes."""
    query = update(StaffSignIn).where(
        StaffSignIn.staff_user_id == user.id, StaffSignIn.ended_at.is_(None)
    )
    current = current_sign_in() if keep_current else None
    if current is not None:
        query = query.where(StaffSignIn.id != current.id)
    ended = rowcount(db.execute(query.values(ended_at=utcnow(), ended_why=why)))
    db.flush()
    return ended


def end_this_sign_in(db: Session, why: str = SIGNED_OUT) -> None:
    """End this browser's sign-in (signing out). Flushes."""
    current = current_sign_in()
    if current is not None:
        db.execute(
            update(StaffSignIn)
            .where(StaffSignIn.id == current.id, StaffSignIn.ended_at.is_(None))
            .values(ended_at=utcnow(), ended_why=why)
        )
        db.flush()


def sign_out_here(db: Session, why: str) -> None:
    """Whoever is signed in in this browser is signed out, their sign-in ended (so a copy of
    the cookie stops working too). Commits when there was one to end."""
    if current_user.is_authenticated:  # runs the user loader, which finds this sign-in
        end_this_sign_in(db, why)
        db.commit()
    logout_user()


def current_sign_in() -> StaffSignIn | None:
    """This request's sign-in row, once the user loader has checked it."""
    found: StaffSignIn | None = g.get("staff_sign_in")
    return found


@dataclass(frozen=True)
class Limits:
    """How long a sign-in lasts, and how long it may go unused."""

    lifetime: timedelta
    idle: timedelta

    @classmethod
    def from_config(cls) -> Limits:
        config = current_app.config
        return cls(
            lifetime=timedelta(hours=config["STAFF_SESSION_HOURS"]),
            idle=timedelta(minutes=config["STAFF_IDLE_MINUTES"]),
        )


def why_refused(sign_in: StaffSignIn, limits: Limits, now: datetime) -> str | None:
    """TOO_OLD or IDLE when an open sign-in must end now, else None."""
    if now - sign_in.started_at > limits.lifetime:
        return TOO_OLD
    if now - sign_in.last_seen_at > limits.idle:
        return IDLE
    return None


def load_signed_in(db: Session, cookie_id: str) -> StaffUser | None:
    """The account whose open sign-in the cookie names, or None.

    Called by Flask-Login's user loader, the first time a request asks who is signed in (for
    staff pages, in the blueprint's before_request, before the view writes anything). It commits
    its own two small writes: ending a sign-in that is too old or idle (and remembering why in
    g.staff_sign_in_ended, for the sign-in page's message), and last_seen_at, at most once a
    minute."""
    user_id, _, token = cookie_id.partition(":")
    if not user_id.isdigit() or not token:
        return None  # e.g. an old cookie holding only the account id
    wanted = token_hash(token)
    found = db.execute(
        select(StaffSignIn, StaffUser)
        .join(StaffUser, StaffUser.id == StaffSignIn.staff_user_id)
        .where(StaffSignIn.token_hash == wanted)
    ).first()
    if found is None:
        return None
    sign_in, user = found
    if not hmac.compare_digest(sign_in.token_hash, wanted) or user.id != int(user_id):
        return None
    if sign_in.ended_at is not None:
        g.staff_sign_in_ended = sign_in.ended_why
        return None
    now = utcnow()
    refused = why_refused(sign_in, Limits.from_config(), now)
    if refused is not None:
        sign_in.ended_at, sign_in.ended_why = now, refused
        db.commit()
        g.staff_sign_in_ended = refused
        return None
    if not user.active:
        return None
    if now - sign_in.last_seen_at >= TOUCH_EVERY:
        sign_in.last_seen_at = now
        db.commit()
    g.staff_sign_in = sign_in
    return user


def sign_ins_of(db: Session, user: StaffUser, since: datetime, most: int = 20) -> list[StaffSignIn]:
    """The account's open sign-ins and those that ended after `since` (at most `most` ended
    ones), newest first."""
    open_ones = db.scalars(
        select(StaffSignIn)
        .where(StaffSignIn.staff_user_id == user.id, StaffSignIn.ended_at.is_(None))
        .order_by(StaffSignIn.started_at.desc(), StaffSignIn.id.desc())
    ).all()
    ended = db.scalars(
        select(StaffSignIn)
        .where(StaffSignIn.staff_user_id == user.id, StaffSignIn.ended_at >= since)
        .order_by(StaffSignIn.ended_at.desc(), StaffSignIn.id.desc())
        .limit(most)
    ).all()
    return [*open_ones, *ended]
