"""Write to the audit log."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.auth.models import StaffUser


def record(
    db: Session, actor: StaffUser | None, action: str, subject: str, detail: str = ""
) -> AuditEntry:
    """Add one audit entry (flushed, not committed: the caller's transaction keeps it)."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject=subject,
        detail=detail,
    )
    db.add(entry)
    db.flush()
    return entry
