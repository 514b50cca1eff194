"""Staff accounts and sign-in attempts (for rate limiting; no IP addresses are kept)."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, utcnow

ROLES = (
    "administrator",
    "facilitator",
    "reviewer",
    "safeguarding_lead",
    "content_editor",  # writes questionnaires, statements and pictures in the studio
    "translator",  # checks and edits the translations in the studio
)


class StaffUser(UserMixin, Base):
    """Someone who works with the portal: signs in with an email address and a password."""

    __tablename__ = "staff_user"
    __table_args__ = (
        CheckConstraint(f"role IN ({', '.join(repr(r) for r in ROLES)})", name="role"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # always lower case
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # A one-time password (a new account's) stops working at this time; None: not one-time
    password_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set for a one-time password: the first sign-in must choose a new password before anything
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Second factor (TOTP, RFC 6238) for administrators and safeguarding leads: the shared
    # secret (base32) and the last time step used, so one code never signs in twice
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses accounts that were switched off."""
        return bool(self.active)


class SignInAttempt(Base):
    """One try at signing in: which email, when, and whether it worked."""

    __tablename__ = "sign_in_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    # Which client tried: an HMAC of its address under the secret key (never the address), so a
    # lock holds against the client that guessed, not against the colleague it guessed at
    client: Mapped[str | None] = mapped_column(String(32), index=True)


class StaffSignIn(Base):
    """One sign-in of a staff account in one browser: the browser's cookie holds a random token
    whose hash is here. Ending it (sign-out, role change, switch-off, password change, too long
    idle or too old) makes that cookie useless at once."""

    __tablename__ = "staff_sign_in"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_why: Mapped[str | None] = mapped_column(String(32))
    browser: Mapped[str] = mapped_column(String(80), default="")  # "Chrome on Android", no more


class PasswordReset(Base):
    """A one-time link an administrator made so a colleague can choose a new password. Only the
    token's hash is kept; the link works once, before `expires_at`."""

    __tablename__ = "password_reset"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    made_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    made_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
