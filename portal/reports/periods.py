"""Quarters: reports count whole quarters (3 months), the rhythm partnership boards meet to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 to 4: January-March is 1

    @classmethod
    def of(cls, day: date | datetime) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def of_month(cls, year: int, month: int) -> Quarter:
        return cls(int(year), (int(month) - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter | None:
        """ "2026-Q3" (or "2026 q3") -> Quarter(2026, 3); anything else -> None."""
        match = re.fullmatch(r"\s*(\d{4})\s*[- ]?\s*[Qq]([1-4])\s*", text or "")
        return cls(int(match[1]), int(match[2])) if match else None

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The first day after the quarter."""
        following = self.next()
        return date(following.year, 3 * following.number - 2, 1)

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        """ "July to September 2026": plain words for people, not "Q3"."""
        months = ("January", "April", "July", "October")
        last = ("March", "June", "September", "December")
        return f"{months[self.number - 1]} to {last[self.number - 1]} {self.year}"


def quarters_between(first: Quarter, last: Quarter) -> list[Quarter]:
    """Every quarter from `first` to `last`, both included."""
    found = []
    quarter = first
    while quarter <= last:
        found.append(quarter)
        quarter = quarter.next()
    return found
