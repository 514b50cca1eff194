"""Passwords staff choose themselves: changing your own, the one-time password of a new account
(it stops working after PORTAL_PASSWORD_LINK_HOURS and must be replaced at the first sign-in),
and password reset links an administrator makes for a colleague.

A reset link holds a random token; only its sha256 is kept (password_reset). It works once,
before it expires, and making a new link for the same account cancels the old one.

The audit log sits above this package (portal.audit imports portal.auth), so what staff do to
their own account is announced on `account_event`, which portal.admin writes to the audit log.
These functions add and flush; the caller commits."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from blinker import Namespace
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash

from portal.auth.models import PasswordReset, StaffUser
from portal.auth.services import MIN_PASSWORD_LENGTH, hash_password
from portal.db import utcnow

# Sent with db, actor (StaffUser or None for the command line), action, subject and detail:
# the arguments of portal.audit.services.record.
account_event = Namespace().signal("staff-account-event")

# The reset link's state, as the page opened with it says it
LINK_WORKS = "works"
LINK_USED = "used"
LINK_EXPIRED = "expired"
LINK_UNKNOWN = "unknown"  # mistyped, or cancelled by a newer link


class PasswordError(ValueError):
    """A new password cannot be used, or the current one was not right: the message says why."""


def announce(db: Session, actor: StaffUser | None, action: str, user: StaffUser) -> None:
    """Tell the audit log that `actor` did `action` to `user`'s account (never a password)."""
    account_event.send(
        db, actor=actor, action=action, subject=f"staff_user:{user.id}", detail=user.email
    )


def token_hash(token: str) -> str:
    """The sha256 (hex) of a reset link's token: all the database keeps."""
    return hashlib.sha256(token.encode()).hexdigest()


def set_chosen_password(db: Session, user: StaffUser, password: str) -> None:
    """The password the person chose: it does not expire, and need not be changed."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.password_expires_at = None
    user.must_change_password = False
    db.flush()


def change_own_password(db: Session, user: StaffUser, current: str, new: str) -> None:
    """Change your own password, after typing the current one. Audited."""
    if not check_password_hash(user.password_hash, current):
        raise PasswordError("current")
    set_chosen_password(db, user, new)
    announce(db, user, "staff.password_changed", user)


def give_one_time_password(user: StaffUser, hours: int, now: datetime | None = None) -> None:
    """Make the account's password one-time: it stops working after `hours`, and the first
    sign-in must choose a new one."""
    user.password_expires_at = (now or utcnow()) + timedelta(hours=hours)
    user.must_change_password = True


def password_expired(user: StaffUser, now: datetime | None = None) -> bool:
    """True when the account's one-time password is too old to sign in with."""
    return user.password_expires_at is not None and (now or utcnow()) >= user.password_expires_at


@dataclass(frozen=True)
class ResetLink:
    """A reset link just made: the token (shown once) and when it stops working."""

    token: str
    expires_at: datetime


def make_reset_link(
    db: Session, actor: StaffUser, user: StaffUser, hours: int, now: datetime | None = None
) -> ResetLink:
    """A new one-time reset link for `user`; their older links stop working. The caller audits
    (portal.admin)."""
    db.execute(
        delete(PasswordReset).where(
            PasswordReset.staff_user_id == user.id, PasswordReset.used_at.is_(None)
        )
    )
    token = secrets.token_urlsafe(32)
    expires_at = (now or utcnow()) + timedelta(hours=hours)
    db.add(
        PasswordReset(
            staff_user_id=user.id,
            token_hash=token_hash(token),
            made_by=actor.id,
            expires_at=expires_at,
        )
    )
    db.flush()
    return ResetLink(token, expires_at)


def find_reset_link(
    db: Session, token: str, now: datetime | None = None
) -> tuple[str, PasswordReset | None]:
    """The link's state (LINK_WORKS, LINK_USED, LINK_EXPIRED or LINK_UNKNOWN) and its row."""
    wanted = token_hash(token)
    reset = db.scalar(select(PasswordReset).where(PasswordReset.token_hash == wanted))
    if reset is None or not hmac.compare_digest(reset.token_hash, wanted):
        return LINK_UNKNOWN, None
    if reset.used_at is not None:
        return LINK_USED, reset
    if (now or utcnow()) >= reset.expires_at:
        return LINK_EXPIRED, reset
    user = db.get(StaffUser, reset.staff_user_id)
    if user is None or not user.active:
        return LINK_UNKNOWN, None
    return LINK_WORKS, reset


def use_reset_link(db: Session, reset: PasswordReset, password: str) -> StaffUser:
    """Set the new password chosen on a working reset link; the link stops working. Audited.
    The caller ends the account's sign-ins."""
    user = db.get(StaffUser, reset.staff_user_id)
    if user is None:  # find_reset_link said the link works: the account went since
        raise LookupError("The account of this reset link is gone.")
    set_chosen_password(db, user, password)
    reset.used_at = utcnow()
    db.flush()
    announce(db, user, "staff.password_reset_used", user)
    return user
