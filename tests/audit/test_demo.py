"""The audit step of ``yusuan demo``: every planted mistake is found by its family's rules."""

from __future__ import annotations

from pathlib import Path

from helpers import sample_budget

from yusuan.audit import Severity, all_rules
from yusuan.cli._demo_audit import audit_planted, planted_mistakes


def test_each_planted_mistake_is_found_by_a_rule_of_its_family(tmp_path: Path) -> None:
    planted, report = audit_planted(sample_budget(), tmp_path / "planted.xlsx")
    assert len(planted) == len(planted_mistakes())
    family = {r.id: r.family for r in all_rules()}
    serious = {family[f.rule] for f in report.findings if f.severity is not Severity.info}
    for mistake in planted_mistakes():
        assert mistake["family"] in serious, mistake["what"]
    assert report.has_errors
