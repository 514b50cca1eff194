"""Small numbers: built to leak, and proved not to."""

from __future__ import annotations

from portal.reports.cube import Entry
from portal.reports.periods import Quarter
from portal.reports.suppression import protect

Q3 = Quarter(2026, 3)
VALUES = ("yes", "sometimes", "no", "not_sure", "prefer_not")


def entries(*groups: tuple[int | None, str, dict[str, int]]) -> list[tuple[Entry, int]]:
    """(area, who, {value: count}) -> counted groups for one statement in Q3, at home."""
    found = []
    for area, who, counts in groups:
        for value, count in counts.items():
            found.append((Entry("s1", value, area, who, "home", Q3), count))
    return found


def keep_all(entry: Entry) -> bool:
    return True


def area_is(area: int):  # type: ignore[no-untyped-def]
    return lambda entry: entry.area == area


def test_counts_at_or_over_the_threshold_are_shown() -> None:
    row = protect(entries((1, "own", {"yes": 7, "no": 5})), keep_all, "key", VALUES, (), 5)
    assert row.counts == {"yes": 7, "sometimes": 0, "no": 5, "not_sure": 0, "prefer_not": 0}
    assert row.total == 12 and row.enough


def test_fewer_answers_than_the_threshold_show_nothing() -> None:
    row = protect(entries((1, "own", {"yes": 4})), keep_all, "key", VALUES, (), 5)
    assert not row.enough and row.total is None
    assert set(row.counts.values()) == {None}


def test_one_small_count_cannot_be_worked_out_from_the_total() -> None:
    # yes 10, no 2: hiding only "no" would leave it as 12 - 10.
    row = protect(entries((1, "own", {"yes": 10, "no": 2})), keep_all, "key", VALUES, (), 5)
    assert row.counts["no"] is None
    assert row.counts["yes"] is None, "the next smallest count is hidden too"
    shown = sum(c for c in row.counts.values() if c is not None)
    assert row.total is not None and row.total - shown >= 5


def test_two_small_counts_that_add_up_to_less_than_the_threshold_are_covered() -> None:
    # sometimes 1 + no 2 = 3 could be worked out from the total; hide the next smallest (6).
    counts = {"yes": 9, "sometimes": 1, "no": 2, "not_sure": 6}
    row = protect(entries((1, "own", counts)), keep_all, "key", VALUES, (), 5)
    assert row.counts == {
        "yes": 9,
        "sometimes": None,
        "no": None,
        "not_sure": None,
        "prefer_not": 0,
    }


def test_an_area_cannot_be_taken_away_from_the_whole_to_reveal_a_small_area() -> None:
    groups = entries(
        (1, "own", {"yes": 10, "no": 6}),
        (2, "own", {"yes": 8, "no": 5}),
        (3, "own", {"yes": 3}),  # a small area: 3 people
    )
    everyone = protect(groups, keep_all, "key", VALUES, (), 5)
    assert everyone.counts["yes"] == 21, "the whole is fine on its own"
    area_1 = protect(groups, area_is(1), "key", VALUES, ("area",), 5)
    area_2 = protect(groups, area_is(2), "key", VALUES, ("area",), 5)
    area_3 = protect(groups, area_is(3), "key", VALUES, ("area",), 5)
    assert not area_3.enough
    # Otherwise 21 - 10 - 8 = 3 people in area 3 said Yes, and the totals would show that was
    # everyone there. Area 3 is too small, so no area's figures can be shown on this breakdown.
    assert not area_1.enough and not area_2.enough


def test_a_value_small_in_one_area_is_hidden_in_every_area() -> None:
    groups = entries(
        (1, "own", {"yes": 10, "no": 6}),
        (2, "own", {"yes": 8, "no": 2, "sometimes": 5}),
    )
    area_1 = protect(groups, area_is(1), "key", VALUES, ("area",), 5)
    area_2 = protect(groups, area_is(2), "key", VALUES, ("area",), 5)
    everyone = protect(groups, keep_all, "key", VALUES, (), 5)
    # everyone.no (8) - area_1.no would give area 2's 2 people who said No.
    assert area_1.counts["no"] is None and area_2.counts["no"] is None
    assert everyone.counts["no"] == 8
    for row in (area_1, area_2):
        shown = sum(c for c in row.counts.values() if c is not None)
        assert row.total is not None and row.total - shown >= 5, "hidden part not derivable"


def test_quarters_inside_a_longer_period_are_checked() -> None:
    q2 = Quarter(2026, 2)
    groups = [
        (Entry("s1", "yes", 1, "own", "home", q2), 9),
        (Entry("s1", "no", 1, "own", "home", q2), 1),
        (Entry("s1", "yes", 1, "own", "home", Q3), 9),
        (Entry("s1", "no", 1, "own", "home", Q3), 6),
    ]
    both = protect(groups, keep_all, "key", VALUES, ("quarter",), 5)
    # Q2..Q3 "No" (7) minus Q3's "No" (6) would show the 1 person in Q2.
    assert both.counts["no"] is None
