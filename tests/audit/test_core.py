"""The audit as a whole: the sample and generated budgets are clean; every rule is
accounted for; a crashing rule is *not run*, never a crash; the JSON form."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from helpers import compiled, narrated

from yusuan.audit import FAMILIES, Issue, Severity, Status, all_rules, audit, rule
from yusuan.audit.core import Rule
from yusuan.compile.disclose import disclose
from yusuan.model.disclosure import Disclosure


def _serious(d: Disclosure, families: tuple[str, ...] = tuple(FAMILIES)) -> list[str]:
    report = audit(d)
    family = {r.id: r.family for r in all_rules()}
    return [
        f"{f.rule} {f.message}"
        for f in report.findings
        if f.severity is not Severity.info and family[f.rule] in families
    ]


def test_sample_as_compiled_has_no_errors_or_warnings() -> None:
    assert _serious(compiled()) == []
    assert _serious(narrated()) == []


@pytest.mark.parametrize("seed", range(16))
def test_generated_consistent_budgets_have_no_errors_or_warnings(seed: int) -> None:
    """Random consistent budgets (tests/factory.py), made complete (``complete_budget``)."""
    from factory import complete_budget
    from yusuan.compile.narrative import narrative_claims

    budget = complete_budget(seed)
    assert _serious(disclose(budget, narrative_claims(budget))) == []


def test_at_least_80_rules_in_eight_families_each_documented() -> None:
    rules = all_rules()
    assert len(rules) >= 80
    assert {r.family for r in rules} == set(FAMILIES)
    for r in rules:
        assert r.title and r.doc, r.id


def test_every_rule_is_accounted_for_in_the_summary() -> None:
    report = audit(compiled())
    summary = report.summary
    assert sum(sum(v.values()) for v in summary.values()) == len(all_rules())
    # the compiled sample has no prose: prose rules are not run, never counted as passed
    assert summary["prose"]["passed"] == 0
    assert summary["prose"]["not_run"] == sum(1 for r in all_rules() if r.family == "prose")
    reasons = {r.reason for r in report.results if r.rule.family == "prose"}
    assert all(reason and "文件未陈述该数字" in reason for reason in reasons)


def test_a_crashing_rule_is_not_run_with_its_reason() -> None:
    def broken(d: Disclosure) -> Iterator[Issue]:
        raise ZeroDivisionError("division by zero")

    r = Rule("TST-999", "prose", Severity.error, "坏规则", broken)
    report = audit(compiled(), [r])
    assert report.results[0].status is Status.not_run
    assert "ZeroDivisionError" in (report.results[0].reason or "")
    assert not report.has_errors


def test_json_form_has_the_documented_keys() -> None:
    from helpers import bump

    d = bump(narrated(), "general_budget_expenditure", "2013101", "basic")
    data = json.loads(json.dumps(audit(d).to_dict(), ensure_ascii=False))
    assert set(data) == {"document", "summary", "findings"}
    assert data["findings"]
    for f in data["findings"]:
        assert set(f) == {"rule", "severity", "message", "location", "expected", "actual"}
        assert set(f["location"]) == {"part", "table", "row", "column", "line"}
    assert any(
        f["location"]
        == {"part": "tables", "table": 5, "row": "2013101", "column": "total", "line": None}
        for f in data["findings"]
    )
    assert audit(d).has_errors


def test_rule_ids_are_checked() -> None:
    with pytest.raises(ValueError):
        rule(id="bad", family="prose", severity="error", title="x")


def test_findings_on_a_table_whose_columns_are_a_guess_are_not_run() -> None:
    """A parsed table whose amounts' columns the text could not settle (its search gave up)
    yields no findings on them: the rules that read it, or cite it, are not run, with why;
    rules that read other tables still fail as they should."""
    from helpers import bump, key_of

    d = compiled()
    d = bump(d, "general_budget_projects", key_of(d, "general_budget_projects", "201"), "302")
    d = bump(d, "general_budget_basic", "total", "total")
    failed = {r.rule.id for r in audit(d).results if r.status is Status.failed}
    assert {"TBL-SUM-027", "TBL-SUM-022"} <= failed
    guessed = d.model_copy(update={"guessed_tables": {"general_budget_projects": "列位置是推测的"}})
    results = {r.rule.id: r for r in audit(guessed).results}
    assert results["TBL-SUM-027"].status is Status.not_run
    assert "表7" in (results["TBL-SUM-027"].reason or "")
    assert "列位置是推测的" in (results["TBL-SUM-027"].reason or "")
    assert results["TBL-SUM-022"].status is Status.failed  # 表6: not a guess
