"""A second factor for administrators and safeguarding leads: a 6-digit code from an
authenticator app (TOTP, RFC 6238, with pyotp), typed after the password.

staff_user.totp_secret holds the shared secret (base32). totp_last_step is the last time step
a code was used for; it is None until the person has confirmed the set-up with a code, so
"set up" means both are there. A code works once, and one step (30 seconds) either side of now.
These functions add and flush; the caller commits."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime

import pyotp
import segno
from markupsafe import Markup
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser

SECOND_FACTOR_ROLES = frozenset({"administrator", "safeguarding_lead"})
ISSUER = "Easy read feedback portal"  # the name the authenticator app shows
CODE_DIGITS = 6
STEP_SECONDS = 30
# A code from the step before or after now also works (the phone's clock may be a little off)
STEPS_EITHER_SIDE = 1


def needs_second_factor(user: StaffUser) -> bool:
    """Administrators and safeguarding leads type a code after their password."""
    return user.role in SECOND_FACTOR_ROLES


def is_set_up(user: StaffUser) -> bool:
    """True once the person has confirmed their authenticator app with a code."""
    return user.totp_secret is not None and user.totp_last_step is not None


def secret_for_set_up(db: Session, user: StaffUser) -> str:
    """The secret to put in the authenticator app: a new one, unless the set-up was started and
    not finished (so reloading the page shows the same QR code)."""
    if user.totp_secret is None or user.totp_last_step is not None:
        user.totp_secret = pyotp.random_base32()
        user.totp_last_step = None
        db.flush()
    return user.totp_secret


def _step(now: datetime | None) -> int:
    moment = now or datetime.now(UTC)
    return int(moment.timestamp()) // STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    """The code the authenticator app shows during `step`."""
    return pyotp.TOTP(secret, digits=CODE_DIGITS, interval=STEP_SECONDS).generate_otp(step)


def current_code(user: StaffUser, now: datetime | None = None) -> str:
    """The code for now (for `flask user code`, for testers without an authenticator app)."""
    if user.totp_secret is None:
        raise ValueError(f"{user.email} has no second factor set up.")
    return code_at(user.totp_secret, _step(now))


def check_code(db: Session, user: StaffUser, typed: str, now: datetime | None = None) -> bool:
    """True when `typed` is a code for now (or one step either side) not used before; that
    step is then used up. Confirms a set-up too."""
    code = "".join(typed.split())
    if user.totp_secret is None or len(code) != CODE_DIGITS or not code.isdigit():
        return False
    here = _step(now)
    for step in range(here - STEPS_EITHER_SIDE, here + STEPS_EITHER_SIDE + 1):
        if user.totp_last_step is not None and step <= user.totp_last_step:
            continue
        if hmac.compare_digest(code_at(user.totp_secret, step), code):
            user.totp_last_step = step
            db.flush()
            return True
    return False


def reset_second_factor(db: Session, user: StaffUser) -> None:
    """Forget the account's authenticator app: it is set up again at the next sign-in."""
    user.totp_secret = None
    user.totp_last_step = None
    db.flush()


def give_confirmed_secret(user: StaffUser) -> str:
    """A new, already confirmed secret (the demo accounts': written to their details file)."""
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = 0
    return user.totp_secret


def in_groups(secret: str, size: int = 4) -> str:
    """The secret in groups of four letters, for typing into an app by hand."""
    return " ".join(secret[i : i + size] for i in range(0, len(secret), size))


def qr_code_svg(user: StaffUser, secret: str, title: str) -> Markup:
    """The set-up QR code as inline SVG (the Content-Security-Policy allows no data: images)."""
    uri = pyotp.TOTP(secret, digits=CODE_DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=user.email, issuer_name=ISSUER
    )
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, svgclass="qr", lineclass=None, omitsize=True, title=title
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704  # nosec B704  # segno's own SVG
