"""Telling administrators that many wrong resume codes were typed across the whole site: the
backstop above the per-client limit. Nobody is locked out; staff look at what is going on.

The email goes through the same mail set-up as safety alerts (PORTAL_SMTP_*), sent off the
request in a thread, and says nothing about any code or who typed it.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from email.message import EmailMessage

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.safety.delivery import MailSettings, send_mail

log = logging.getLogger(__name__)

SUBJECT = "Many wrong resume codes"


def administrators(db: Session) -> list[str]:
    """The email addresses of every administrator who is switched on."""
    rows = db.scalars(
        select(StaffUser.email).where(StaffUser.role == "administrator", StaffUser.active.is_(True))
    )
    return list(rows)


def message(settings: MailSettings, to: str, count: int, minutes: int) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = SUBJECT
    email["From"] = settings.sender
    email["To"] = to
    email.set_content(
        f"{count} wrong resume codes were typed on the portal in the last {minutes} minutes.\n\n"
        "Someone may be trying to guess codes. Each address is slowed after a few wrong codes,"
        " and nobody is locked out. Look at the security events in the portal's log\n"
        f"(event=resume_backstop) and at {settings.base_url}/staff/.\n\n"
        "This email does not say which codes were typed or who typed them.\n"
    )
    return email


def _send_all(settings: MailSettings, emails: list[EmailMessage]) -> None:
    try:
        send_mail(settings, *emails)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("wrong resume codes alert email failed: %s", error)


def alert_administrators(
    app: Flask, db: Session, count: int, minutes: int
) -> threading.Thread | None:
    """Email every administrator (in a thread, so the person typing does not wait); returns the
    thread, or None when there is no mail server or no administrator (then only logged)."""
    settings = MailSettings.of(app.config)
    to = administrators(db)
    if not settings.host or not to:
        log.warning("many wrong resume codes (%s in %s min); nobody emailed", count, minutes)
        return None
    emails = [message(settings, address, count, minutes) for address in to]
    thread = threading.Thread(
        target=_send_all, args=(settings, emails), name="resume-alert", daemon=True
    )
    thread.start()
    return thread
