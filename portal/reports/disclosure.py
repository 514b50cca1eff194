"""Disclosure control: the cell-key method the ONS used for the 2021 Census flexible tables.

Every counted record (a person's response, a group vote, a safety alert) has a random record
key from 0 to 255, made with it and never shown. A cell of a table (say "No" to "I feel safe
where I live" in the North, July to September) has a count and a cell key: the sum of its
records' keys, modulo 256. Its published value is the count plus the perturbation the
perturbation table (ptable) gives for that count and cell key, and a published value below
the threshold is not shown ("fewer than 10"). The same records always make the same cell key,
so the same cell always has the same published value in every report, however it was asked
for: taking one report from another gives no one's answers, only the difference of two
perturbed numbers.

The ONS ships a ptable in its `cell-key-perturbation` package, `ptable_10_5_rule.csv`: counts
from 1 to 9 become 0 and are not shown; everything else is rounded to the nearest 5, whatever
the cell key. The portal's default (`rounding-5-by-key`, random_rounding below) is the same
10/5 rule with the cell key choosing whether each count rounds up or down; the ONS table, or
any ptable in its form, can be chosen instead (PORTAL_REPORT_PTABLE). Either is applied
exactly as the package's `create_perturbed_table` applies it (checked in
tests/reports/test_disclosure.py against the package itself).

docs/reports.md says all of this for staff.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from portal.db import RECORD_KEYS

BY_KEY_PTABLE = "rounding-5-by-key"  # the default: see random_rounding below
ONS_PTABLE = "ons-10-5"
ONS_PACKAGE = "cell-key-perturbation"
ONS_FILE = "ptable_10_5_rule.csv"
# The package's table covers counts 1 to 750; a larger count is looked up at the row for
# ((count - 1) % 250) + 501, so rows 501-750 are reused for every count above 750.
LARGEST_PCV = 750
REUSED = 250


@dataclass(frozen=True)
class Cell:
    """A count and the sum of its records' keys (any size: taken modulo 256 when looked up)."""

    count: int = 0
    key_sum: int = 0

    def __add__(self, other: Cell) -> Cell:
        return Cell(self.count + other.count, self.key_sum + other.key_sum)


class PtableError(ValueError):
    """A perturbation table that cannot be used (wrong columns, gaps, or dishonest words)."""


@dataclass(frozen=True)
class Ptable:
    """A perturbation table: (pcv, cell key) -> the number added to the count."""

    name: str
    threshold: int
    pvalues: dict[tuple[int, int], int]

    def published(self, cell: Cell) -> int | None:
        """The value anyone may see for this cell: None means "fewer than the threshold"."""
        count = cell.count
        if count <= 0:
            value = 0  # no records, no row in the table: nothing is added
        else:
            pcv = count if count <= LARGEST_PCV else (count - 1) % REUSED + LARGEST_PCV - REUSED + 1
            value = count + self.pvalues.get((pcv, cell.key_sum % RECORD_KEYS), 0)
        return None if value < self.threshold else value

    def could_be(self, value: int | None) -> range:
        """Every true count (up to LARGEST_PCV) that can be published as `value`, under some cell
        key: what an attacker who knows the method but not the keys learns from one cell."""
        low, high = _inverse(self.name, self.threshold).get(value, (0, -1))
        return range(low, high + 1)


@functools.cache
def _inverse(name: str, threshold: int) -> dict[int | None, tuple[int, int]]:
    table = load_ptable(name, threshold)
    found: dict[int | None, tuple[int, int]] = {}
    for count in range(LARGEST_PCV + 1):
        for key in range(RECORD_KEYS) if count else (0,):
            value = table.published(Cell(count, key))
            low, high = found.get(value, (count, count))
            found[value] = (min(low, count), max(high, count))
    return found


def _rows(path: Path) -> dict[tuple[int, int], int]:
    try:
        with path.open(newline="") as file:
            reader = csv.reader(file)
            header = [name.strip() for name in next(reader, [])]
            if not {"pcv", "ckey", "pvalue"} <= set(header):
                raise PtableError(f"{path}: needs the columns pcv, ckey and pvalue")
            pcv, ckey, pvalue = (header.index(name) for name in ("pcv", "ckey", "pvalue"))
            return {(int(r[pcv]), int(r[ckey])): int(r[pvalue]) for r in reader if r}
    except PtableError:
        raise
    except (OSError, ValueError, IndexError) as error:
        raise PtableError(f"{path}: {error}") from error


def random_rounding(base: int = 5) -> dict[tuple[int, int], int]:
    """A ptable in the ONS package's form (pcv 1-750, cell key 0-255) that rounds each count
    to a multiple of `base`, up or down as its cell key says: up for a share of the keys equal
    to how far the count is past the multiple below (12 goes up to 15 for 2/5 of the keys, and
    down to 10 for the rest), so on average the published value is the true count.

    Why not the package's own 10/5 table by default: it rounds to the nearest 5 whatever the
    key, so each published value leaves a range of 5 possible counts, and an integer program
    over every report the form allows pinned small counts of people exactly (the attacker in
    tests/reports/test_attacker.py). Rounding by the key leaves ranges of 9 (a published 15 is
    anything from 11 to 19), and pinned none."""
    table = {}
    for pcv in range(1, LARGEST_PCV + 1):
        below, past = pcv - pcv % base, pcv % base
        for key in range(RECORD_KEYS):
            up = key * base < past * RECORD_KEYS
            table[pcv, key] = below + (base if up else 0) - pcv
    return table


def ons_ptable_path() -> Path:
    """Where the ONS package put its 10/5 table (a data file, installed beside the package)."""
    files = metadata.files(ONS_PACKAGE) or []
    for file in files:
        if file.name == ONS_FILE:
            return Path(str(file.locate()))
    raise PtableError(f"{ONS_PACKAGE} is installed without {ONS_FILE}")


@functools.cache
def load_ptable(name: str, threshold: int) -> Ptable:
    """The ptable a setting names (ONS_PTABLE, or a CSV file), checked: every pcv from 1 to
    750 has all 256 cell keys, and a count at or over the threshold is never published under
    it, so "fewer than 10" is only ever said of fewer than 10."""
    if name == BY_KEY_PTABLE:
        path, pvalues = Path(name), random_rounding()
    else:
        path = ons_ptable_path() if name == ONS_PTABLE else Path(name)
        pvalues = _rows(path)
    wanted = {(pcv, key) for pcv in range(1, LARGEST_PCV + 1) for key in range(RECORD_KEYS)}
    if missing := wanted - set(pvalues):
        raise PtableError(f"{path}: {len(missing)} of the (pcv, ckey) rows are missing")
    table = Ptable(name, threshold, pvalues)
    for pcv, key in wanted:
        if pcv >= threshold and pcv + pvalues[pcv, key] < threshold:
            raise PtableError(
                f"{path}: a count of {pcv} (cell key {key}) would be published under the "
                f"threshold {threshold}, so 'fewer than {threshold}' would be untrue"
            )
    return table


def out_of(part: int, whole: int, scale: int) -> int:
    """`part` of `whole` as a number out of `scale`, rounded half up in whole numbers
    (7 of 20 out of 10 is 3.5 -> 4; Python's round() would give the even neighbour)."""
    return (2 * scale * part + whole) // (2 * whole)
