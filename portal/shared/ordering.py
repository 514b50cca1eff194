"""Lists staff keep in order (an area's help contacts, a safety on-call list): each row has a
`position`, and "up" or "down" swaps it with its neighbour."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class Positioned(Protocol):
    position: int


T = TypeVar("T", bound=Positioned)


def number(rows: Sequence[Positioned]) -> None:
    """Number the rows 1, 2, 3... in the order given."""
    for position, row in enumerate(rows, start=1):
        row.position = position


def move_one_place(rows: list[T], row: T, up: bool) -> int | None:
    """Swap `row` with the one before (up) or after it and number the list again; its new
    index, or None when it is already at that end (nothing changes)."""
    here = rows.index(row)
    there = here - 1 if up else here + 1
    if not 0 <= there < len(rows):
        return None
    rows[here], rows[there] = rows[there], rows[here]
    number(rows)
    return there
