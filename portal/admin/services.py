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
from portal.auth.services import create_user
from portal.safety.models import OnCall
from portal.safety.on_call import ON_CALL_ROLES, remove_on_call


class AdminError(ValueError):
    """A change an administrator asked for cannot be made; the message says why."""


# --- staff accounts ---------------------------------------------------------------------------


def staff_accounts(db: Session) -> list[StaffUser]:
    """Every staff account, by email."""
    return list(db.scalars(select(StaffUser).order_by(StaffUser.email)))


def add_staff_account(
    db: Session, actor: StaffUser, email: str, name: str, role: str
) -> tuple[StaffUser, str]:
    """A new account and its one-time password (the password is never stored or logged)."""
    password = secrets.token_urlsafe(12)
    user = create_user(db, email, name, role, password)
    record(db, actor, "staff.added", f"staff_user:{user.id}", f"{user.email} as {role}")
    return user, password


def change_role(db: Session, actor: StaffUser, user: StaffUser, role: str) -> int:
    """Give an account another role; administrators cannot demote themselves. A role that
    cannot see safety alerts takes the person off every safety on-call list: returns how many
    lists they left."""
    if user.id == actor.id and role != user.role:
        raise AdminError("You cannot change your own role. Ask another administrator.")
    if role == user.role:
        return 0
    record(db, actor, "staff.role_changed", f"staff_user:{user.id}", f"{user.role} to {role}")
    user.role = role
    db.flush()
    if role in ON_CALL_ROLES:
        return 0
    entries = db.scalars(select(OnCall).where(OnCall.staff_user_id == user.id)).all()
    for entry in entries:
        remove_on_call(db, actor, entry)
    return len(entries)


def set_staff_active(db: Session, actor: StaffUser, user: StaffUser, active: bool) -> None:
    """Switch an account off (it can no longer sign in) or on; never your own."""
    if user.id == actor.id and not active:
        raise AdminError("You cannot switch off your own account. Ask another administrator.")
    if user.active == active:
        return
    user.active = active
    action = "staff.switched_on" if active else "staff.switched_off"
    record(db, actor, action, f"staff_user:{user.id}", user.email)
