"""The column search's pruned enumeration finds exactly what checking every placement finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.parse.place import Spec, _all_combinations, _candidates, meeting_identities

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"


@st.composite
def specs_and_values(draw: st.DrawFn) -> tuple[Spec, tuple[int, ...]]:
    n = draw(st.integers(min_value=2, max_value=9))
    sums = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        target = draw(st.integers(min_value=0, max_value=n - 1))
        others = [i for i in range(n) if i != target]
        parts = draw(st.lists(st.sampled_from(others), min_size=1, max_size=4, unique=True))
        sums.append((target, tuple(sorted(parts))))
    prior = tuple(draw(st.floats(min_value=0, max_value=3)) for _ in range(n))
    spec = Spec(tuple(f"c{i}" for i in range(n)), tuple(sums), prior)
    # small amounts, often equal or summing up, so that identities do hold sometimes
    k = draw(st.integers(min_value=1, max_value=n))
    pool = st.sampled_from([0, 1, 2, 3, 5, 8, 10, 13])
    values = tuple(draw(st.lists(pool, min_size=k, max_size=k)))
    return spec, values


@settings(max_examples=400, deadline=None)
@given(specs_and_values())
def test_pruned_search_equals_checking_every_placement(case: tuple[Spec, tuple[int, ...]]) -> None:
    spec, values = case
    brute, ok = _all_combinations(spec, values)
    found = meeting_identities(spec, values)
    assert found is not None
    assert bool(found) == ok
    if ok:
        assert sorted(found) == sorted(brute)
    _candidates.cache_clear()
    assert _candidates(spec, values) == (brute, ok)


def test_total_and_its_parts_place_a_row_that_lost_its_blank_cells() -> None:
    # 合计 = 基本 + 项目 (columns 0 = 1 + 2): a row printing 5 and 5 is 合计 and one part
    spec = Spec(("total", "basic", "project"), ((0, (1, 2)),), (1.0, 0.5, 0.2))
    assert meeting_identities(spec, (5, 5)) == [(0, 1), (0, 2)]
    assert _candidates(spec, (5, 5)) == (((0, 1), (0, 2)), True)
    assert meeting_identities(spec, (5, 3)) == []
    assert meeting_identities(spec, (-5, -5)) is None  # negative amounts: checked one by one


@st.composite
def totals_and_parts(draw: st.DrawFn) -> tuple[Spec, tuple[int, ...]]:
    """A 合计 = Σ every other column spec, and a row whose first value is often the sum."""
    n = draw(st.integers(min_value=2, max_value=11))
    parts = draw(st.permutations(list(range(1, n))))
    prior = tuple(draw(st.sampled_from([0.0, 1.0, 2.0, 0.5])) for _ in range(n))
    spec = Spec(tuple(f"c{i}" for i in range(n)), ((0, tuple(parts)),), prior)
    k = draw(st.integers(min_value=1, max_value=n))
    rest = draw(st.lists(st.sampled_from([0, 1, 2, 5, 8]), min_size=k - 1, max_size=k - 1))
    first = sum(rest) if draw(st.booleans()) else draw(st.sampled_from([0, 1, 3, 5]))
    return spec, (first, *rest)


@settings(max_examples=400, deadline=None)
@given(totals_and_parts())
def test_total_and_parts_shortcut_equals_checking_every_placement(
    case: tuple[Spec, tuple[int, ...]],
) -> None:
    spec, values = case
    _candidates.cache_clear()
    assert _candidates(spec, values) == _all_combinations(spec, values)


@settings(max_examples=300, deadline=None)
@given(specs_and_values(), st.integers(min_value=2, max_value=10_000))
def test_placements_do_not_depend_on_a_common_factor(
    case: tuple[Spec, tuple[int, ...]], factor: int
) -> None:
    # solve looks a row up by its values divided by their gcd
    spec, values = case
    _candidates.cache_clear()
    scaled = _candidates(spec, tuple(v * factor for v in values))
    _candidates.cache_clear()
    assert scaled == _candidates(spec, values)


def test_a_search_weighing_too_many_options_gives_up_like_one_taking_too_many_steps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Steps that each weigh a few hundred options (rows of four amounts in eleven columns)
    made one generated document's search run 25 s before its step limit: the options weighed
    are capped too, and past the cap the search gives up as at the step limit (a guessed
    table).  The seed weighs 420 options: far below the cap, it is solved; under a cap of 100
    it is not."""
    from yusuan.parse import parse_file, place

    assert parse_file(SEED).disclosure.guessed_tables == {}
    monkeypatch.setattr(place, "MAX_TRIES", 100)
    guessed = parse_file(SEED).disclosure.guessed_tables
    assert set(guessed) == {"general_budget_projects"}
