"""Small numbers are hidden so nobody can be picked out, even by taking one figure from another.

The rules, for one row of counts (e.g. the answers to one statement) with threshold k:
1. A row with fewer than k in total shows "not enough answers to show".
2. A count from 1 to k-1 is hidden (primary suppression). Zero is shown: it counts nobody.
3. When the report is narrowed (by area, who answered, session or home, or spans several
   quarters), the same counts are made for every group of that breakdown. If any group has
   from 1 to k-1 in total, the row is "not enough answers to show"; a value that is small in
   any group is hidden. So no report can be taken from a wider one to reveal a small group.
4. Secondary suppression: whenever the hidden counts of the row, or of any group, add up to
   between 1 and k-1 (they could be worked out from the total), the next smallest count is
   hidden too, in every group alike, until each hidden part is 0 or at least k.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from portal.reports.cube import Entry

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Protected:
    """A row of counts safe to show: None marks a hidden count."""

    counts: dict[str, int | None]
    total: int | None
    enough: bool

    @property
    def hidden(self) -> bool:
        return any(count is None for count in self.counts.values())


def not_enough(columns: Sequence[str]) -> Protected:
    return Protected({column: None for column in columns}, None, False)


def _row(columns: Sequence[str]) -> dict[str, int]:
    return dict.fromkeys(columns, 0)


def protect(
    entries: Iterable[tuple[Entry, int]],
    keep: Callable[[Entry], bool],
    column: str,
    columns: Sequence[str],
    narrowed: Sequence[str],
    threshold: int,
) -> Protected:
    """Counts by `column` of the entries the report keeps, with small numbers hidden.

    `entries` are every counted group in the report's period for this row (not only the kept
    ones): the groups of each breakdown in `narrowed` are checked against them.
    """
    row = _row(columns)
    groups: dict[tuple[object, ...], dict[str, int]] = {}
    for entry, count in entries:
        value = getattr(entry, column)
        if value not in row:
            continue
        if keep(entry):
            row[value] += count
        if narrowed:
            group = tuple(getattr(entry, name) for name in narrowed)
            groups.setdefault(group, _row(columns))[value] += count
    if sum(row.values()) < threshold:
        return not_enough(columns)
    if any(0 < sum(group.values()) < threshold for group in groups.values()):
        return not_enough(columns)
    rows = [row, *groups.values()]
    hidden = {c for r in rows for c in columns if 0 < r[c] < threshold}
    while True:
        added = set()
        for r in rows:
            if 0 < sum(r[c] for c in hidden) < threshold:
                shown = [(r[c], i, c) for i, c in enumerate(columns) if c not in hidden and r[c]]
                if shown:
                    added.add(min(shown)[2])
        if not added:
            break
        hidden |= added
    counts = {c: None if c in hidden else row[c] for c in columns}
    return Protected(counts, sum(row.values()), True)
