"""The cell-key method (portal/reports/disclosure.py): the same published values as the ONS
package's own `create_perturbed_table`, ptables checked before use, and the default table's
rounding by key."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest
from cell_key_perturbation.create_perturbed_table import create_perturbed_table

from portal.db import RECORD_KEYS
from portal.reports.disclosure import (
    BY_KEY_PTABLE,
    LARGEST_PCV,
    ONS_PTABLE,
    Cell,
    PtableError,
    load_ptable,
    ons_ptable_path,
    random_rounding,
)


def _microdata(seed: int) -> pd.DataFrame:
    """People with a random record key each, in cells from tiny to over 750 (where the
    package reuses rows 501-750 of its table)."""
    rng = random.Random(seed)
    rows = []
    for area, size in enumerate((1, 2, 3, 5, 8, 9, 10, 11, 12, 13, 14, 37, 752, 1003)):
        for _ in range(size):
            rows.append(
                {
                    "area": f"a{area}",
                    "answer": rng.choice(("yes", "no")),
                    "record_key": rng.randrange(RECORD_KEYS),
                }
            )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("name", [ONS_PTABLE, BY_KEY_PTABLE])
def test_published_values_are_the_ons_packages_own(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ptable = load_ptable(name, 10)
    frame = pd.DataFrame(
        [(pcv, key, value) for (pcv, key), value in sorted(ptable.pvalues.items())],
        columns=["pcv", "ckey", "pvalue"],
    )
    data = _microdata(seed=len(name))
    theirs = create_perturbed_table(data, frame, ["area"], ["answer"], "record_key", threshold=10)
    checked = 0
    for row in theirs.itertuples():
        people = data[(data.area == row.area) & (data.answer == row.answer)]
        cell = Cell(len(people), int(people.record_key.sum()))
        expected = None if pd.isna(row.count) else int(row.count)
        assert ptable.published(cell) == expected, (row.area, row.answer, cell)
        checked += 1
    assert checked == 28 and any(pd.isna(r.count) for r in theirs.itertuples())


def test_the_portal_reads_the_packages_own_table_file() -> None:
    path = ons_ptable_path()
    assert path.name == "ptable_10_5_rule.csv" and path.is_file()
    ons = load_ptable(ONS_PTABLE, 10)
    assert [ons.published(Cell(n, 7)) for n in (0, 1, 9, 10, 12, 13, 17, 18, 751)] == [
        None, None, None, 10, 10, 15, 15, 20, 750,
    ]  # fmt: skip


def test_rounding_by_key_goes_to_a_neighbouring_five_and_is_right_on_average() -> None:
    table = load_ptable(BY_KEY_PTABLE, 10)
    for count in range(1, LARGEST_PCV + 1):
        values = [count + table.pvalues[count, key] for key in range(RECORD_KEYS)]
        below = count - count % 5
        assert set(values) <= {below, below + 5}
        assert abs(sum(values) / RECORD_KEYS - count) < 0.02, count
    assert table.could_be(None) == range(0, 10), "not shown: fewer than 10, and only that"
    assert table.could_be(10) == range(6, 15) and table.could_be(15) == range(11, 20)
    assert table.published(Cell(12, 0)) == 15 and table.published(Cell(12, 255)) == 10
    assert {table.published(Cell(n, k)) for n in range(10, 800) for k in (0, 99, 255)} >= {10}
    assert None not in {table.published(Cell(n, k)) for n in range(10, 800) for k in (0, 255)}


def test_a_ptable_that_would_say_fewer_than_10_of_10_people_is_refused(tmp_path: Path) -> None:
    rows = random_rounding() | {(10, 3): -5}  # 10 people published as 5: "fewer than 10"
    path = tmp_path / "dishonest.csv"
    path.write_text(
        "pcv,ckey,pvalue\n" + "".join(f"{p},{k},{v}\n" for (p, k), v in sorted(rows.items()))
    )
    with pytest.raises(PtableError, match="a count of 10 .cell key 3. would be published under"):
        load_ptable(str(path), 10)
    short = tmp_path / "short.csv"
    short.write_text("pcv,ckey,pvalue\n1,0,-1\n")
    with pytest.raises(PtableError, match="rows are missing"):
        load_ptable(str(short), 10)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("count,key,noise\n1,0,-1\n")
    with pytest.raises(PtableError, match="needs the columns pcv, ckey and pvalue"):
        load_ptable(str(wrong), 10)
