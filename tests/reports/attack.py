"""What an attacker learns from published values, and the integer programs that try to pin a
small true count with it (tests/reports/test_attacker.py, test_pair_attacker.py).

The attacker knows the method and the perturbation table, not the record keys: each published
value says the true count of a set of fine cells is in the range the ptable can publish as that
value (Ptable.could_be). The integer programs find, given every such range at once, the
smallest and largest a set of cells' true count can be.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pulp

from portal.reports.cube import Entry

SMALL = range(1, 10)  # the true counts that must never be pinned
TARGETS = 20  # small counts the integer programs try to pin, of each kind (a seeded sample)


Cells = frozenset[Entry]


@dataclass
class Knowledge:
    """Each published value says: the true count of these fine cells is in this range."""

    ranges: dict[Cells, range] = field(default_factory=dict)

    def learn(self, cells: Iterable[Entry], possible: range) -> None:
        key = frozenset(cells)
        known = self.ranges.get(key)
        if known is not None:  # the same cell published twice is the same value (cell keys)
            assert known == possible, "one cell, two published values"
        self.ranges[key] = possible


def _solver() -> pulp.LpSolver:
    return pulp.HiGHS(msg=False)


def bounds(
    known: Knowledge, target: Cells, extra: Callable[[dict[Entry, Any]], list[Any]]
) -> range:
    """The smallest and largest the true count of `target` can be, given everything learnt: an
    integer program over every fine cell (whole numbers, 0 or more)."""
    cells = sorted({e for cells in known.ranges for e in cells} | target, key=repr)
    found = []
    for sense in (pulp.LpMinimize, pulp.LpMaximize):
        problem = pulp.LpProblem("attack", sense)
        count = {
            e: problem.add_variable(f"x{i}", lowBound=0, cat="Integer") for i, e in enumerate(cells)
        }
        problem += pulp.lpSum(count[e] for e in target)
        for group, possible in known.ranges.items():
            total = pulp.lpSum(count[e] for e in group)
            problem += total >= possible.start
            problem += total <= possible.stop - 1
        for constraint in extra(count):
            problem += constraint
        assert problem.solve(_solver()) == pulp.LpStatusOptimal, "the truth is always feasible"
        found.append(round(pulp.value(problem.objective) or 0))
    return range(found[0], found[1] + 1)


def small_targets(
    known: Knowledge, truth: dict[Entry, int], seed: int, sample: int | None = TARGETS
) -> list[tuple[Cells, int]]:
    """Sets of fine cells with a true count from 1 to 9: each fine cell and each published
    cell (a seeded sample of `sample`, smallest true counts first; None: all of them). Put in
    a fixed order first: a set's order changes with each process's hash seed."""
    candidates = {frozenset([entry]) for entry in truth} | set(known.ranges)
    small = [(cells, sum(truth.get(e, 0) for e in cells)) for cells in candidates]
    small = sorted(
        ((cells, true) for cells, true in small if true in SMALL),
        key=lambda pair: sorted(map(repr, pair[0])),
    )
    random.Random(seed).shuffle(small)
    return sorted(small[:sample], key=lambda pair: pair[1])


def nothing_more(_count: dict[Entry, Any]) -> list[Any]:
    return []


def pinned(
    known: Knowledge, truth: dict[Entry, int], seed: int, extra: Any, sample: int = TARGETS
) -> list[str]:
    """Which of a seeded sample of small true counts the integer programs pin to one value."""
    found = []
    for cells, true in small_targets(known, truth, seed, sample):
        possible = bounds(known, cells, extra)
        assert true in possible, "the attacker's model must hold the truth"
        if len(possible) == 1:
            found.append(f"{true} in {sorted(map(str, cells))[:3]}...")
    return found
