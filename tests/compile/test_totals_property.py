"""Random consistent budgets compile to tables whose totals equal the sum of their parts.

Each check reads the compiled tables only, and where a figure can be computed straight from
the line items (Σ amounts per fund source), compares with that as well.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings

from factory import budgets, make_budget, source_amounts
from yusuan.compile import Row, Table, compile_tables
from yusuan.compile.layouts import sources_of, table_layout
from yusuan.model import Budget
from yusuan.model.sources import (
    CARRYOVER_FISCAL,
    FISCAL_APPROPRIATION,
    GENERAL_BUDGET,
    GOVERNMENT_FUND,
    STATE_CAPITAL,
    FundSource,
)

ZERO = Decimal("0.00")
FUNCTIONAL_TABLES = (
    "revenue",
    "expenditure",
    "general_budget_expenditure",
    "fund_budget_expenditure",
    "state_capital_expenditure",
)
BASIC_PROJECT_TABLES = FUNCTIONAL_TABLES[1:]


def _money(cell: object) -> Decimal:
    return cell if isinstance(cell, Decimal) else ZERO


def _tables(budget: Budget) -> dict[str, Table]:
    return {t.key: t for t in compile_tables(budget)}


def _col(table: Table, row: Row, key: str) -> Decimal:
    return _money(row.cells[table.column_index(key)])


def _money_keys(table: Table) -> list[str]:
    return [c.key for c in table.columns if c.kind == "money"]


def _sum_of(budget: Budget, sources: frozenset[FundSource]) -> Decimal:
    amounts = source_amounts(budget)
    return sum((amounts[s] for s in sources), ZERO)


def _lines_total(budget: Budget, kind: str, sources: frozenset[FundSource]) -> Decimal:
    if kind == "basic":
        return sum((b.amount for b in budget.basic if b.source in sources), ZERO)
    return sum((p.amount_from(sources) for p in budget.projects), ZERO)


def check_functional_hierarchy(table: Table) -> None:
    """类 = Σ款 = Σ项, and 合计 = Σ类, in every money column."""
    coded = [r for r in table.rows if r.code and r.kind != "total"]
    total = table.row("total")
    for key in _money_keys(table):
        for row in coded:
            children = [r for r in coded if r.code and r.code[:-2] == row.code]
            if len(row.code or "") < 7:
                assert children, f"表{table.number} {row.code} has no lower rows"
                parts = sum((_col(table, r, key) for r in children), ZERO)
                assert _col(table, row, key) == parts, (table.number, row.code, key)
        categories = sum((_col(table, r, key) for r in coded if len(r.code or "") == 3), ZERO)
        assert _col(table, total, key) == categories, (table.number, key)


def check_total_is_basic_plus_project(table: Table) -> None:
    for row in table.rows:
        if row.kind in ("item", "subtotal", "total"):
            basic, project = _col(table, row, "basic"), _col(table, row, "project")
            assert _col(table, row, "total") == basic + project, (table.number, row.key)


def check_overview(budget: Budget, t1: Table) -> None:
    """表1: 收入总计 = 支出总计 = Σ all lines; the parts add up on both sides."""
    total = t1.row("total")
    total_in, total_out = _money(total.cells[1]), _money(total.cells[3])
    everything = _sum_of(budget, frozenset(FundSource))
    assert total_in == total_out == everything
    top = [r for r in t1.rows if r.key.startswith("rev:") and r.level == 0 and r.cells[0]]
    assert sum((_money(r.cells[1]) for r in top), ZERO) == total_in
    categories = [r for r in t1.rows if r.code and len(r.code) == 3]
    assert sum((_money(r.cells[3]) for r in categories), ZERO) == total_out
    # every source row of 表1 = Σ of the line items from those sources (layouts.yaml says which)
    amounts = source_amounts(budget)
    rows_by_label: dict[str, list[Row]] = {}
    for r in t1.rows:
        rows_by_label.setdefault(str(r.cells[0]), []).append(r)
    for spec in table_layout("overview")["revenue_rows"]:
        if "sources" not in spec:
            continue
        expected = sum((amounts[s] for s in sources_of(spec)), ZERO)
        shown = [
            _money(r.cells[1]) for r in rows_by_label[spec["label"]] if r.level == spec["level"]
        ]
        assert expected in shown, (spec["label"], expected, shown)


def check_fiscal_overview(budget: Budget, t1: Table, t4: Table, t5: Table) -> None:
    """表4 = the fiscal part of 表1; 收入总计 = 支出总计; columns add up per 类."""
    total = t4.row("total")
    total_in = _money(total.cells[t4.column_index("revenue_amount")])
    total_out = _money(total.cells[t4.column_index("expenditure_total")])
    fiscal = _sum_of(budget, FISCAL_APPROPRIATION | CARRYOVER_FISCAL)
    assert total_in == total_out == fiscal
    t1_fiscal = sum(
        (
            _money(r.cells[1])
            for r in t1.rows
            if r.cells[0] in ("1.一般公共预算拨款", "2.基金预算拨款", "3.国有资本经营预算拨款")
            or r.cells[0] == "1.财政拨款结转"
        ),
        ZERO,
    )
    assert total_in == t1_fiscal
    parts = ("general_budget", "government_fund", "state_capital")
    for row in t4.rows:
        if row.code:
            assert _col(t4, row, "expenditure_total") == sum(
                (_col(t4, row, k) for k in parts), ZERO
            ), row.code
            t1_row = next(r for r in t1.rows if r.code == row.code)
            assert _col(t4, row, "expenditure_total") <= _money(t1_row.cells[3]), row.code
    carry_gb = _sum_of(budget, frozenset({FundSource.carryover_general_budget}))
    t5_total = _col(t5, t5.row("total"), "total")
    assert _col(t4, total, "general_budget") == t5_total + carry_gb


def check_general_budget_basic(budget: Budget, t5: Table, t6: Table) -> None:
    """表6: 合计 = 人员 + 公用 on every row; 类 = Σ款; total = 表5 基本支出."""
    rows = [r for r in t6.rows if r.code]
    for row in [*rows, t6.row("total")]:
        parts = _col(t6, row, "personnel") + _col(t6, row, "operating")
        assert _col(t6, row, "total") == parts, row.key
    for row in rows:
        if row.code and len(row.code) == 3:
            sections = [r for r in rows if r.code and len(r.code) == 5 and r.code[:3] == row.code]
            for key in ("total", "personnel", "operating"):
                assert _col(t6, row, key) == sum((_col(t6, r, key) for r in sections), ZERO)
    total = _col(t6, t6.row("total"), "total")
    assert (
        total == _col(t5, t5.row("total"), "basic") == _lines_total(budget, "basic", GENERAL_BUDGET)
    )


def check_general_budget_projects(budget: Budget, t5: Table, t7: Table) -> None:
    """表7: each row's total = Σ economic columns; 类/款 rows = Σ their projects."""
    money = _money_keys(t7)
    economic = [k for k in money if k != "total"]
    for row in t7.rows:
        assert _col(t7, row, "total") == sum((_col(t7, row, k) for k in economic), ZERO), row.key
    projects = [r for r in t7.rows if r.kind == "project"]
    for row in t7.rows:
        if row.kind == "subtotal" and row.code:
            under = [r for r in projects if r.code and r.code.startswith(row.code)]
            for key in money:
                assert _col(t7, row, key) == sum((_col(t7, r, key) for r in under), ZERO)
    total = _col(t7, t7.row("total"), "total")
    assert total == sum((_col(t7, r, "total") for r in projects), ZERO)
    assert total == _col(t5, t5.row("total"), "project")
    assert total == _lines_total(budget, "project", GENERAL_BUDGET)


def check_three_public(budget: Budget, t10: Table) -> None:
    """表10: 合计 = 出国 + 接待 + 车辆; 车辆 = 购置 + 运行; 合计列 = Σ资金来源."""
    for key in _money_keys(t10):

        def v(row: str, key: str = key) -> Decimal:
            return _col(t10, t10.row(row), key)

        assert v("total") == v("overseas_travel") + v("reception") + v("vehicles"), key
        assert v("vehicles") == v("vehicle_purchase") + v("vehicle_operation"), key
    for row in t10.rows:
        by_source = sum(
            (_col(t10, row, k) for k in ("general_budget", "government_fund", "state_capital")),
            ZERO,
        )
        assert _col(t10, row, "total") == by_source, row.key
    assert (t10.note is None) == (_col(t10, t10.row("total"), "total") != 0)


def check_all(budget: Budget) -> None:
    tables = _tables(budget)
    for key in FUNCTIONAL_TABLES:
        check_functional_hierarchy(tables[key])
    for key in BASIC_PROJECT_TABLES:
        check_total_is_basic_plus_project(tables[key])
    t2, t3 = tables["revenue"], tables["expenditure"]
    for row in t2.rows:
        fiscal_children = (
            "general_budget",
            "general_budget_transfer",
            "government_fund",
            "government_fund_transfer",
            "state_capital",
            "state_capital_transfer",
        )
        assert _col(t2, row, "fiscal") == sum((_col(t2, row, k) for k in fiscal_children), ZERO)
        rest = (
            "fiscal",
            "special_account",
            "unit_funds",
            "carryover_fiscal",
            "carryover_non_fiscal",
        )
        assert _col(t2, row, "total") == sum((_col(t2, row, k) for k in rest), ZERO), row.key
    everything = _sum_of(budget, frozenset(FundSource))
    assert _col(t2, t2.row("total"), "total") == _col(t3, t3.row("total"), "total") == everything
    for key, sources in (
        ("general_budget_expenditure", GENERAL_BUDGET),
        ("fund_budget_expenditure", GOVERNMENT_FUND),
        ("state_capital_expenditure", STATE_CAPITAL),
    ):
        table = tables[key]
        assert _col(table, table.row("total"), "total") == _sum_of(budget, sources), key
    for key in ("fund_budget_expenditure", "state_capital_expenditure"):
        table = tables[key]
        empty = _col(table, table.row("total"), "total") == 0
        assert (table.note is not None) == empty, key  # an 空表 says so
    check_overview(budget, tables["overview"])
    check_fiscal_overview(
        budget, tables["overview"], tables["fiscal_overview"], tables["general_budget_expenditure"]
    )
    check_general_budget_basic(
        budget, tables["general_budget_expenditure"], tables["general_budget_basic"]
    )
    check_general_budget_projects(
        budget, tables["general_budget_expenditure"], tables["general_budget_projects"]
    )
    check_three_public(budget, tables["three_public"])


@settings(max_examples=40)
@given(budgets())
def test_totals_equal_the_sum_of_their_parts(budget: Budget) -> None:
    check_all(budget)


def test_totals_on_seeded_budgets_with_and_without_fund_tables() -> None:
    seen_empty = seen_full = 0
    for seed in range(25):
        budget = make_budget(seed)
        check_all(budget)
        fund = _sum_of(budget, GOVERNMENT_FUND)
        seen_empty += fund == 0
        seen_full += fund != 0
    assert seen_empty and seen_full  # both shapes were exercised


def test_a_budget_with_no_projects_and_one_line() -> None:
    budget = make_budget(11, projects=(), performance_targets=())
    check_all(budget)
    t7 = _tables(budget)["general_budget_projects"]
    assert [r.kind for r in t7.rows] == ["total"]
