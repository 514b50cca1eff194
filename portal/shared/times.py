"""Times as people in the UK read them: stored in UTC, shown in Europe/London (BST in summer)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def local_time(value: datetime | None, fmt: str = "%H:%M") -> str:
    """A stored UTC time (naive, as the database keeps it) in London time; "" for none.

    `fmt` is a strftime pattern, e.g. "%H:%M" or "%-d %B %Y at %H:%M"."""
    if value is None:
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(LONDON).strftime(fmt)
