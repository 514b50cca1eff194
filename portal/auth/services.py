"""Staff accounts: create them, check passwords, and slow down guessing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from portal.auth.models import ROLES, SignInAttempt, StaffUser
from portal.db import utcnow

MIN_PASSWORD_LENGTH = 12
# Checked when no account matches, so a wrong email takes as long as a wrong password.
_UNUSED_HASH = generate_password_hash("not-a-real-password", method="scrypt")


class AccountError(ValueError):
    """A staff account cannot be made as asked."""


def normalise_email(email: str) -> str:
    """Email addresses are compared and stored in lower case, without outer spaces."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """A salted scrypt hash of the password."""
    return generate_password_hash(password, method="scrypt")


def user_by_email(db: Session, email: str) -> StaffUser | None:
    """The account with this email address, if any."""
    return db.scalar(select(StaffUser).where(StaffUser.email == normalise_email(email)))


def create_user(db: Session, email: str, display_name: str, role: str, password: str) -> StaffUser:
    """Add a staff account; refuses an unknown role, a used email or a short password."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(f"{email!r} is not an email address.")
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    if not display_name.strip():
        raise AccountError("The name must not be empty.")
    if user_by_email(db, email) is not None:
        raise AccountError(f"There is already an account for {email}.")
    user = StaffUser(
        email=email,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password),
        active=True,
    )
    db.add(user)
    db.flush()
    return user


def set_password(db: Session, user: StaffUser, password: str) -> None:
    """Give an account a new password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password must have at least {MIN_PASSWORD_LENGTH} characters.")
    user.password_hash = hash_password(password)
    db.flush()


@dataclass(frozen=True)
class SignInRules:
    """When wrong passwords lock a sign-in (PORTAL_SIGN_IN_* settings)."""

    max_failures: int = 5  # for one email from one client
    window_minutes: int = 15  # the window they are counted over, and the lock lasts
    email_max_failures: int = 100  # for one email from every client: then locked for everyone


@dataclass(frozen=True)
class SignInResult:
    """What a sign-in attempt came to: the account, or why none."""

    user: StaffUser | None
    # Locked now (the try was refused, or this failure reached a limit): "client" for this
    # client and this email, "email" for everyone
    locked: str | None = None
    email_lock_began: bool = False  # this failure locked the email for everyone


# Attempts are forgotten after a day (or the window, if longer); a sign-in removes at most this
# many old ones, so no sign-in is slow.
FORGET_AFTER = timedelta(days=1)
FORGET_AT_ONCE = 500


def _failures(db: Session, *conditions: ColumnElement[bool]) -> int:
    return (
        db.scalar(
            select(func.count())
            .select_from(SignInAttempt)
            .where(SignInAttempt.succeeded.is_(False), *conditions)
        )
        or 0
    )


def sign_in_lock(
    db: Session, email: str, client: str, rules: SignInRules, now: datetime, attempt_id: int = 0
) -> str | None:
    """Whether this email is locked: "email" after too many failed sign-ins from everyone
    lately, "client" from this client (since its last success), else None. Leaves out the
    attempt `attempt_id` (the one being made)."""
    since = now - timedelta(minutes=rules.window_minutes)
    others = SignInAttempt.id != attempt_id
    recent = (SignInAttempt.email == email, SignInAttempt.at >= since, others)
    if _failures(db, *recent) >= rules.email_max_failures:
        return "email"
    last_success = db.scalar(
        select(func.max(SignInAttempt.at)).where(
            SignInAttempt.email == email,
            SignInAttempt.client == client,
            SignInAttempt.succeeded.is_(True),
        )
    )
    client_since = max(since, last_success) if last_success is not None else since
    failures = _failures(
        db,
        SignInAttempt.email == email,
        SignInAttempt.client == client,
        SignInAttempt.at >= client_since,
        others,
    )
    return "client" if failures >= rules.max_failures else None


def forget_old_attempts(db: Session, now: datetime, window_minutes: int) -> None:
    """Delete some sign-in attempts older than a day (or the window). Rows another sign-in is
    deleting are skipped (PostgreSQL: SKIP LOCKED), so two sign-ins never wait on each other."""
    cutoff = now - max(FORGET_AFTER, timedelta(minutes=window_minutes))
    old = (
        select(SignInAttempt.id)
        .where(SignInAttempt.at < cutoff)
        .limit(FORGET_AT_ONCE)
        .with_for_update(skip_locked=True)
    )
    db.execute(delete(SignInAttempt).where(SignInAttempt.id.in_(old.scalar_subquery())))


def authenticate(
    db: Session,
    email: str,
    password: str,
    client: str,
    rules: SignInRules | None = None,
    now: datetime | None = None,
) -> SignInResult:
    """The active account matching email and password, if the email is not locked for this
    client or for everyone; records the attempt. Flushes; the caller commits at once.

    The attempt is written before the password is checked and, on PostgreSQL, the account's row
    is locked (SELECT ... FOR UPDATE) until the caller commits; SQLite lets one writer at a
    time. So tries at the same account are checked one after another, each counting those
    before it: however many arrive together, at most `max_failures` passwords are checked.
    A refused try (locked) is not kept: it checked nothing, and must not add to the count that
    locks the email for everyone.
    """
    rules = rules or SignInRules()
    email = normalise_email(email)[:254]
    now = now or utcnow()
    attempt = SignInAttempt(email=email, client=client, at=now, succeeded=False)
    db.add(attempt)
    db.flush()  # the first write: takes SQLite's write lock
    user = db.scalar(select(StaffUser).where(StaffUser.email == email).with_for_update())
    locked = sign_in_lock(db, email, client, rules, now, attempt.id)
    if locked is not None:
        db.delete(attempt)
        db.flush()
        return SignInResult(None, locked)
    good = check_password_hash(user.password_hash if user else _UNUSED_HASH, password)
    attempt.succeeded = bool(user is not None and user.active and good)
    forget_old_attempts(db, now, rules.window_minutes)
    db.flush()
    if attempt.succeeded:
        return SignInResult(user)
    since = now - timedelta(minutes=rules.window_minutes)
    email_failures = _failures(db, SignInAttempt.email == email, SignInAttempt.at >= since)
    return SignInResult(
        None,
        locked=sign_in_lock(db, email, client, rules, now),  # this failure may have locked it
        email_lock_began=email_failures == rules.email_max_failures,
    )
