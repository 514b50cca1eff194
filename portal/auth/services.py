"""Staff accounts: create them, check passwords, and slow down guessing."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
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


def recent_failures(
    db: Session, email: str, window_minutes: int, now: datetime | None = None
) -> int:
    """Failed sign-ins for this email in the window, since its last successful one."""
    email = normalise_email(email)
    since = (now or utcnow()) - timedelta(minutes=window_minutes)
    last_success = db.scalar(
        select(func.max(SignInAttempt.at)).where(
            SignInAttempt.email == email, SignInAttempt.succeeded.is_(True)
        )
    )
    if last_success is not None and last_success > since:
        since = last_success
    return (
        db.scalar(
            select(func.count())
            .select_from(SignInAttempt)
            .where(
                SignInAttempt.email == email,
                SignInAttempt.succeeded.is_(False),
                SignInAttempt.at >= since,
            )
        )
        or 0
    )


def sign_in_locked(
    db: Session, email: str, max_failures: int = 5, window_minutes: int = 15
) -> bool:
    """True when this email has had too many failed sign-ins lately."""
    return recent_failures(db, email, window_minutes) >= max_failures


def authenticate(
    db: Session,
    email: str,
    password: str,
    max_failures: int = 5,
    window_minutes: int = 15,
) -> StaffUser | None:
    """The active account matching email and password, or None; records the attempt.

    After `max_failures` failed attempts in `window_minutes` every attempt is refused, even with
    the right password, until the window has passed.
    """
    email = normalise_email(email)
    if sign_in_locked(db, email, max_failures, window_minutes):
        return None
    user = user_by_email(db, email)
    good = check_password_hash(user.password_hash if user else _UNUSED_HASH, password)
    succeeded = bool(user is not None and user.active and good)
    db.add(SignInAttempt(email=email[:254], succeeded=succeeded))
    db.flush()
    return user if succeeded else None
