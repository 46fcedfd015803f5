"""Mutation test: the sample rendered as a published workbook, read back by the parser,
then changed in one place at a time; the auditor flags the change at its place."""

from __future__ import annotations

from mutants import rendered, run_mutants


def test_mutants_of_the_rendered_sample_are_flagged_at_their_place() -> None:
    tallies, missed = run_mutants(rendered())
    total = sum(t.total for t in tallies.values())
    assert total >= 300
    assert sum(t.crashes for t in tallies.values()) == 0
    numeric = [t for kind, t in tallies.items() if kind in ("number", "row", "prose")]
    found = sum(t.caught for t in numeric)
    assert found / sum(t.total for t in numeric) >= 0.95, missed
    assert tallies["prose"].total >= 20 and tallies["row"].total >= 30


def test_missing_project_subtotal_row_is_found() -> None:
    from helpers import clean, drop_row, run

    status, findings = run("CAT-005", drop_row(clean(), "general_budget_projects", "201"))
    assert status.value == "failed"
    assert any(f.location.table == 7 and f.location.row == "201" for f in findings)


def test_mutants_of_the_seed_are_flagged_at_their_place() -> None:
    """The same on the real published document (which has its own mistakes: only new
    findings at the mutated place count)."""
    import pytest
    from test_seed_and_cli import SEED

    if not SEED.exists():
        pytest.skip("seed document not available")
    from yusuan.parse import parse_file

    tallies, missed = run_mutants(parse_file(SEED).disclosure, seed=11)
    assert sum(t.total for t in tallies.values()) >= 300
    assert sum(t.crashes for t in tallies.values()) == 0
    numeric = [t for kind, t in tallies.items() if kind in ("number", "row", "prose")]
    assert sum(t.caught for t in numeric) / sum(t.total for t in numeric) >= 0.95, missed
