"""What administrators change about staff accounts (areas, contacts and links: portal.areas;
safety on-call lists: portal.safety.on_call).

Every change is written to the audit log. No Flask globals: views and commands pass the session.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.auth.passwords import ResetLink, give_one_time_password, make_reset_link
from portal.auth.second_factor import reset_second_factor
from portal.auth.services import create_user
from portal.auth.sessions import ROLE_CHANGED, SWITCHED_OFF, end_sign_ins
from portal.safety.models import OnCall
from portal.safety.on_call import ON_CALL_ROLES, remove_on_call


class AdminError(ValueError):
    """A change an administrator asked for cannot be made; the message says why."""


# --- staff accounts ---------------------------------------------------------------------------


def staff_accounts(db: Session) -> list[StaffUser]:
    """Every staff account, by email."""
    return list(db.scalars(select(StaffUser).order_by(StaffUser.email)))


def audit_account_event(
    db: Session, actor: StaffUser | None, action: str, subject: str, detail: str = ""
) -> None:
    """Write what staff did to their own account (portal.auth.passwords.account_event) to the
    audit log."""
    record(db, actor, action, subject, detail)


def add_staff_account(
    db: Session, actor: StaffUser, email: str, name: str, role: str, hours: int
) -> tuple[StaffUser, str]:
    """A new account and its one-time password (never stored or logged): it works for `hours`,
    and the first sign-in must choose a new one."""
    password = secrets.token_urlsafe(12)
    user = create_user(db, email, name, role, password)
    give_one_time_password(user, hours)
    record(db, actor, "staff.added", f"staff_user:{user.id}", f"{user.email} as {role}")
    return user, password


def password_reset_link(db: Session, actor: StaffUser, user: StaffUser, hours: int) -> ResetLink:
    """A one-time link for a colleague to choose a new password (older links stop working)."""
    if user.id == actor.id:
        raise AdminError("Change your own password on the “Change your password” page.")
    link = make_reset_link(db, actor, user, hours)
    record(db, actor, "staff.password_reset_link", f"staff_user:{user.id}", user.email)
    return link


def forget_second_factor(db: Session, actor: StaffUser | None, user: StaffUser) -> None:
    """Forget a colleague's authenticator app (a lost phone): they set it up again at their
    next sign-in. `actor` None: the command line."""
    if actor is not None and user.id == actor.id:
        raise AdminError("You cannot reset your own second factor. Ask another administrator.")
    reset_second_factor(db, user)
    record(db, actor, "staff.second_factor_reset", f"staff_user:{user.id}", user.email)


def change_role(db: Session, actor: StaffUser, user: StaffUser, role: str) -> int:
    """Give an account another role, ending its sign-ins; administrators cannot demote
    themselves. A role that
    cannot see safety alerts takes the person off every safety on-call list: returns how many
    lists they left."""
    if user.id == actor.id and role != user.role:
        raise AdminError("You cannot change your own role. Ask another administrator.")
    if role == user.role:
        return 0
    record(db, actor, "staff.role_changed", f"staff_user:{user.id}", f"{user.role} to {role}")
    user.role = role
    end_sign_ins(db, user, ROLE_CHANGED)  # they sign in again, and see what the new role can do
    db.flush()
    if role in ON_CALL_ROLES:
        return 0
    entries = db.scalars(select(OnCall).where(OnCall.staff_user_id == user.id)).all()
    for entry in entries:
        remove_on_call(db, actor, entry)
    return len(entries)


def set_staff_active(db: Session, actor: StaffUser, user: StaffUser, active: bool) -> None:
    """Switch an account off (it can no longer sign in, and its sign-ins end) or on; never your
    own."""
    if user.id == actor.id and not active:
        raise AdminError("You cannot switch off your own account. Ask another administrator.")
    if user.active == active:
        return
    user.active = active
    if not active:
        end_sign_ins(db, user, SWITCHED_OFF)
    action = "staff.switched_on" if active else "staff.switched_off"
    record(db, actor, action, f"staff_user:{user.id}", user.email)
