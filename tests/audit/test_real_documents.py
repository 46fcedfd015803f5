"""False errors measured on real published documents (tables printed in 元, 决算 layouts…)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import narrated, run, set_cell
from typer.testing import CliRunner

from yusuan.audit import Status
from yusuan.cli.app import app
from yusuan.model.disclosure import Disclosure

CORPUS = Path(__file__).parents[3] / "shared" / "corpus"
GOV_OFFICE = CORPUS / "shanghai-putuo_gov-office_2025_dept-budget.pdfplumber.txt"


def _exact(d: Disclosure, table: str, row: str, column: str, extra: str) -> Disclosure:
    """``d`` with one cell kept exact in 万元 as a table printed in 元 gives it."""
    cell = d.tables[table].row(row)
    assert cell is not None
    value = cell.values[column]
    assert value is not None
    return set_cell(d, table, row, column, str(value + Decimal(extra)))


def test_prose_amount_equals_an_exact_yuan_cell_rounded_to_the_cent() -> None:
    d = narrated()
    assert run("PRS-005", d)[0] is Status.passed
    # 表3 基本支出合计 printed in 元: x.xx4 万元 → the prose's x.xx is right
    exact = _exact(d, "expenditure", "total", "basic", "0.004321")
    assert run("PRS-005", exact)[0] is Status.passed
    # …and x.xx6 rounds up: the prose's x.xx is now a cent short, and the message shows cents
    up = _exact(d, "expenditure", "total", "basic", "0.005")
    status, findings = run("PRS-005", up)
    assert status is Status.failed
    assert len(findings) == 1
    assert findings[0].expected is not None and findings[0].expected.count(".") == 1
    assert len(findings[0].expected.split(".")[1]) == 2


def test_table_arithmetic_stays_exact_on_yuan_cells() -> None:
    d = narrated()
    exact = _exact(d, "expenditure", "total", "basic", "0.004321")
    status, findings = run("TBL-SUM-011", exact)  # 合计 = 基本支出 + 项目支出, to the 元
    assert status is Status.failed
    # both sides show as the same cents: the message says by how many 元 they differ
    assert "相差 43.21 元" in findings[0].message, findings[0].message


@pytest.mark.skipif(not GOV_OFFICE.exists(), reason="corpus not present")
def test_cli_audits_a_yuan_document_without_false_errors() -> None:
    result = CliRunner().invoke(app, ["audit", str(GOV_OFFICE), "--format", "json"])
    report = json.loads(result.stdout)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert errors == [], errors
    assert result.exit_code == 0


@pytest.mark.skipif(not GOV_OFFICE.exists(), reason="corpus not present")
def test_web_upload_of_a_yuan_document_is_audited_without_false_errors() -> None:
    from yusuan.web.ingest import analyse

    found = analyse(GOV_OFFICE.read_bytes(), GOV_OFFICE.name)
    assert found.audit_report is not None
    errors = [f for f in found.audit_report["findings"] if f["severity"] == "error"]
    assert errors == [], errors


def _vehicles_claim(d: Disclosure, value: str) -> Disclosure:
    """``d`` also stating 公务用车购置及运行费 (the sum of its 购置费 and 运行费), as Wanli does."""
    from helpers import with_claims

    operation = next(c for c in d.claims if c.topic == "three_public.part.amount:vehicle_operation")
    vehicles = operation.model_copy(
        update={
            "topic": "three_public.part.amount:vehicles",
            "param": "vehicles",
            "value": Decimal(value),
        }
    )
    return with_claims(d, vehicles)


def test_three_public_total_does_not_add_vehicles_and_its_sub_parts_twice() -> None:
    d = narrated()  # 三公 14.40 = 出国 0 + 购置 0 + 运行 14.40 + 接待 0
    assert run("PRS-049", d)[0] is Status.passed
    stated = _vehicles_claim(d, "14.40")  # 公务用车购置及运行费 14.40 as well
    assert run("PRS-049", stated)[0] is Status.passed
    # a 公务用车购置及运行费 that does not make up the total is still found
    status, findings = run("PRS-049", _vehicles_claim(d, "15.40"))
    assert status is Status.failed and "15.40" in findings[0].message


def _jiangsu_label(d: Disclosure) -> Disclosure:
    """表1 printing “1.一般公共预算” (Jiangsu) instead of the standard “1.一般公共预算拨款”."""
    from helpers import update_row

    row = d.tables["overview"].row("rev:1.一般公共预算拨款")
    assert row is not None
    texts = {**row.texts, "revenue_label": "1.一般公共预算"}
    return update_row(
        d, "overview", row.key, key="rev:1.一般公共预算", label="1.一般公共预算", texts=texts
    )


def test_prior_revenue_is_not_run_when_a_revenue_row_is_printed_under_another_name() -> None:
    d = narrated()
    assert run("PRS-040", d)[0] is Status.passed
    status, findings = run("PRS-040", _jiangsu_label(d))
    assert (status, findings) == (Status.not_run, [])


def _final_accounts_table6(d: Disclosure, *labels: str) -> Disclosure:
    """表6 as 决算 prints it: no 合计 row, one total row per half labelled ``labels``."""
    from helpers import add_row, drop_row

    total = d.tables["general_budget_basic"].row("total")
    assert total is not None
    out = drop_row(d, "general_budget_basic", "total")
    for label in labels:
        row = total.model_copy(
            update={"key": f"rev:{label}", "label": label, "texts": {"revenue_label": label}}
        )
        out = add_row(out, "general_budget_basic", row)
    return out


def test_final_accounts_table6_with_a_total_per_half_has_its_total_rows() -> None:
    d = narrated()
    assert run("TBL-SUM-039", d)[0] is Status.passed
    split = _final_accounts_table6(d, "人员经费合计", "公用经费合计")
    assert run("TBL-SUM-039", split)[0] is Status.passed
    # one half's total alone is not the layout: still a missing 合计 row
    status, findings = run("TBL-SUM-039", _final_accounts_table6(d, "人员经费合计"))
    assert status is Status.failed and "表6" in findings[0].message


def test_table1_line_is_named_by_the_side_the_finding_concerns() -> None:
    from helpers import bump, key_of

    d = narrated()
    revenue_side = bump(d, "overview", "rev:1.一般公共预算拨款", "revenue_amount")
    status, findings = run("TBL-SUM-003", revenue_side)
    assert status is Status.failed
    assert findings[0].message.startswith("表1“1.一般公共预算拨款”行"), findings[0].message
    expenditure_side = bump(d, "overview", key_of(d, "overview", "221"), "expenditure_amount")
    status, findings = run("XTB-002", expenditure_side)
    assert status is Status.failed
    assert "表1“221 住房保障支出”行" in findings[0].message, findings[0].message


def test_office_running_costs_below_table6_when_the_department_has_subordinate_units() -> None:
    from helpers import bump_claim, replace_claim

    d = narrated()  # no subordinate units: 机关运行经费 = 表6 公用经费合计 exactly
    assert run("XTB-026", d)[0] is Status.passed
    assert run("XTB-026", bump_claim(d, "office_running_costs.amount", "-1.00"))[0] is (
        Status.failed
    )
    # subordinate units (some may be 事业单位, outside 机关运行经费: Wanli's 4): less is right
    with_units = replace_claim(d, "units.subordinate_count", 5)
    lower = bump_claim(with_units, "office_running_costs.amount", "-1.00")
    assert run("XTB-026", lower)[0] is Status.passed
    status, findings = run("XTB-026", bump_claim(with_units, "office_running_costs.amount"))
    assert status is Status.failed and "超过" in findings[0].message


def test_table6_printing_only_its_total_leaves_the_contents_lists_unchecked() -> None:
    """A 决算 表6 with one 合计 column per half cannot say which 款 are 人员 or 公用经费: the
    “主要包括” lists are not run (they were false warnings on the Shanghai 决算)."""
    d = narrated()
    assert run("PRS-036", d)[0] is Status.passed
    t = d.tables["general_budget_basic"]
    kept = tuple(c for c in t.columns if c not in ("personnel", "operating"))
    rows = tuple(
        r.model_copy(update={"values": {c: v for c, v in r.values.items() if c in kept}})
        for r in t.rows
    )
    only_total = t.model_copy(update={"columns": kept, "rows": rows})
    d = d.model_copy(update={"tables": {**d.tables, "general_budget_basic": only_total}})
    for rule_id in ("PRS-036", "PRS-037"):
        status, findings = run(rule_id, d)
        assert status is Status.not_run, (rule_id, findings)
