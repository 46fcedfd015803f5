"""Pure functions from a :class:`~yusuan.model.Budget` to the ten disclosure tables.

Every number in every table is a sum over the budget's line items; nothing is typed
twice.  Layouts (titles, columns, row labels) come from ``layouts.yaml``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

from yusuan.catalog import Catalog, CodeKind, parent_of
from yusuan.compile.layouts import build_tree, layout_data, leaf_specs, sources_of, table_layout
from yusuan.compile.table import Cell, Row, Table
from yusuan.model.budget import Budget, ThreePublicParts, UnitKind
from yusuan.model.money import ZERO
from yusuan.model.sources import (
    CARRYOVER,
    CURRENT_YEAR,
    FISCAL_APPROPRIATION,
    GENERAL_BUDGET,
    GOVERNMENT_FUND,
    STATE_CAPITAL,
    FundSource,
)

LineKind = Literal["basic", "project"]


@dataclass(frozen=True)
class Line:
    """One amount: where it goes (functional 项, economic code), where it comes from."""

    functional_code: str
    economic_code: str
    source: FundSource
    amount: Decimal
    kind: LineKind
    project: str | None = None


def lines(budget: Budget) -> list[Line]:
    """Every line item of the budget, basic and project."""
    out = [
        Line(b.functional_code, b.economic_code, b.source, b.amount, "basic") for b in budget.basic
    ]
    for project in budget.projects:
        for pl in project.all_lines:
            out.append(
                Line(
                    project.functional_code,
                    pl.economic_code,
                    pl.source,
                    pl.amount,
                    "project",
                    project.name,
                )
            )
    return out


def is_personnel(economic_code: str) -> bool:
    """人员经费 = 工资福利支出 + 对个人和家庭的补助 (by economic 类)."""
    return economic_code[:3] in layout_data()["personnel_categories"]


def _base(budget: Budget, key: str, rows: list[Row]) -> Table:
    """A table of ``rows`` laid out as ``layouts.yaml`` says, with its 空表 note when empty."""
    spec = table_layout(key)
    nodes = list(spec["columns"]) + list(spec.get("money_columns", []))
    if "money_group" in spec:
        nodes.append(
            {
                "label": spec["money_group"],
                "children": [
                    {"key": "total", "label": "合计", "kind": "money"},
                    {"key": "basic", "label": "基本支出", "kind": "money"},
                    {"key": "project", "label": "项目支出", "kind": "money"},
                ],
            }
        )
    table = Table(
        number=spec["number"],
        key=key,
        title=spec["title"],
        department=budget.department.name,
        year=budget.year,
        tree=build_tree(nodes),
        rows=tuple(rows),
        meta={"compact": bool(spec.get("compact", False))},
    )
    if "empty_note" in spec and table.is_empty:
        return replace(table, note=_empty_note(budget, key))
    return table


def _empty_note(budget: Budget, key: str) -> str:
    template: str = table_layout(key)["empty_note"]
    return template.format(department=budget.department.name, year=budget.year)


def _code_cells(code: str) -> tuple[str, str, str]:
    return (code[:3], code[3:5], code[5:7])


def _functional_rows(
    catalog: Catalog, sums: dict[str, dict[str, Decimal]], money_keys: list[str]
) -> tuple[list[Row], dict[str, Decimal]]:
    """类/款/项 rows (depth first, code order) from sums per 项 code; plus the totals."""
    agg: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for item, values in sums.items():
        if not any(values.get(k, ZERO) for k in money_keys):
            continue
        code: str | None = item
        while code:
            for k in money_keys:
                agg[code][k] += values.get(k, ZERO)
            code = parent_of(code)
    rows: list[Row] = []
    total = {k: sum((agg[c][k] for c in agg if len(c) == 3), ZERO) for k in money_keys}
    for code in sorted(agg, key=lambda c: (c[:3], c[3:5] or "", c[5:7] or "")):
        level = {3: 0, 5: 1, 7: 2}[len(code)]
        name = catalog.name(CodeKind.functional, code) or ""
        cells: tuple[Cell, ...] = (*_code_cells(code), name, *(agg[code][k] for k in money_keys))
        rows.append(Row(code, "item" if level == 2 else "subtotal", cells, level, code))
    return rows, total


def _total_row(label: str, width_before: int, values: Iterable[Decimal]) -> Row:
    cells: tuple[Cell, ...] = (*([""] * (width_before - 1)), label, *values)
    return Row("total", "total", cells)


# ---------------------------------------------------------------- 表1 部门收支总体情况表
def _revenue_by_source(budget: Budget) -> dict[FundSource, Decimal]:
    out: dict[FundSource, Decimal] = {s: ZERO for s in FundSource}
    for ln in lines(budget):
        out[ln.source] += ln.amount
    return out


def _left_rows(
    specs: list[dict[str, Any]], by_source: dict[FundSource, Decimal]
) -> list[tuple[str, Decimal, int]]:
    out = []
    for spec in specs:
        if "group" in spec:
            members = CURRENT_YEAR if spec["group"] == "current_year" else CARRYOVER
        else:
            members = sources_of(spec)
        out.append((spec["label"], sum((by_source[s] for s in members), ZERO), spec["level"]))
    return out


def overview(budget: Budget) -> Table:
    """表1 部门收支总体情况表."""
    spec = table_layout("overview")
    by_source = _revenue_by_source(budget)
    left = _left_rows(spec["revenue_rows"], by_source)
    catalog = budget.catalog
    spent: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ln in lines(budget):
        spent[ln.functional_code[:3]] += ln.amount
    right = [
        (e.code, f"{e.code} {e.name}", spent.get(e.code, ZERO))
        for e in catalog.categories(CodeKind.functional)
    ]
    rows = _pair_rows(left, right)
    total_in = sum(by_source.values(), ZERO)
    total_out = sum(spent.values(), ZERO)
    labels = spec["total_labels"]
    rows.append(Row("total", "total", (labels[0], total_in, labels[1], total_out)))
    return _base(budget, "overview", rows)


def _pair_rows(
    left: list[tuple[str, Decimal, int]], right: list[tuple[str, str, Decimal]]
) -> list[Row]:
    rows = []
    for i in range(max(len(left), len(right))):
        lcells: tuple[Cell, ...] = (left[i][0], left[i][1]) if i < len(left) else ("", None)
        rcells: tuple[Cell, ...] = (right[i][1], right[i][2]) if i < len(right) else ("", None)
        key = f"rev:{left[i][0]}" if i < len(left) else f"exp:{right[i][0]}"
        code = right[i][0] if i < len(right) else None
        rows.append(Row(key, "item", lcells + rcells, left[i][2] if i < len(left) else 0, code))
    return rows


# ---------------------------------------------------------------- 表2 部门收入总体情况表
def revenue(budget: Budget) -> Table:
    """表2 部门收入总体情况表: by functional code × fund source."""
    spec = table_layout("revenue")
    money_specs = leaf_specs(spec["money_columns"])
    keys = [m["key"] for m in money_specs]
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for ln in lines(budget):
        row = sums[ln.functional_code]
        row["total"] += ln.amount
        for m in money_specs:
            if ln.source in sources_of(m):
                row[m["key"]] += ln.amount
    rows, total = _functional_rows(budget.catalog, sums, keys)
    rows.append(_total_row("合计", 4, (total[k] for k in keys)))
    return _base(budget, "revenue", rows)


# ------------------------------------------------- 表3, 表5, 表8, 表9: 合计 = 基本 + 项目
def _basic_project_table(budget: Budget, key: str, sources: frozenset[FundSource]) -> Table:
    sums: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for ln in lines(budget):
        if ln.source in sources:
            sums[ln.functional_code]["total"] += ln.amount
            sums[ln.functional_code][ln.kind] += ln.amount
    keys = ["total", "basic", "project"]
    rows, total = _functional_rows(budget.catalog, sums, keys)
    rows.append(_total_row("合计", 4, (total[k] for k in keys)))
    return _base(budget, key, rows)


def expenditure(budget: Budget) -> Table:
    """表3 部门支出总体情况表 (all sources)."""
    return _basic_project_table(budget, "expenditure", frozenset(FundSource))


def general_budget_expenditure(budget: Budget) -> Table:
    """表5 一般公共预算支出情况表."""
    return _basic_project_table(budget, "general_budget_expenditure", GENERAL_BUDGET)


def fund_budget_expenditure(budget: Budget) -> Table:
    """表8 政府性基金预算支出情况表 (with its 空表 note when empty)."""
    return _basic_project_table(budget, "fund_budget_expenditure", GOVERNMENT_FUND)


def state_capital_expenditure(budget: Budget) -> Table:
    """表9 国有资本经营预算支出情况表 (with its 空表 note when empty)."""
    return _basic_project_table(budget, "state_capital_expenditure", STATE_CAPITAL)


# ---------------------------------------------------------------- 表4 财政拨款收支总体情况表
def fiscal_overview(budget: Budget) -> Table:
    """表4 财政拨款收支预算总体情况表."""
    spec = table_layout("fiscal_overview")
    by_source = _revenue_by_source(budget)
    carry = [s for s in CARRYOVER if by_source[s]]
    fiscal_carry = {
        FundSource.carryover_general_budget,
        FundSource.carryover_government_fund,
        FundSource.carryover_state_capital,
    }
    specs = list(spec["revenue_rows"])
    if any(s in fiscal_carry for s in carry):
        specs += spec["carryover_rows"]
    left = _left_rows(specs, by_source)
    money_specs = [m for m in leaf_specs(spec["columns"]) if m.get("sources")]
    scope = FISCAL_APPROPRIATION | fiscal_carry
    per_cat: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for ln in lines(budget):
        if ln.source in scope:
            cat = per_cat[ln.functional_code[:3]]
            cat["total"] += ln.amount
            for m in money_specs:
                if ln.source in sources_of(m):
                    cat[m["key"]] += ln.amount
    rows: list[Row] = []
    cats = budget.catalog.categories(CodeKind.functional)
    for i in range(max(len(left), len(cats))):
        lcells: tuple[Cell, ...] = (left[i][0], left[i][1]) if i < len(left) else ("", None)
        if i < len(cats):
            e = cats[i]
            values = per_cat.get(e.code, {})
            rcells: tuple[Cell, ...] = (
                f"{e.code} {e.name}",
                values.get("total", ZERO),
                *(values.get(m["key"], ZERO) for m in money_specs),
            )
            code: str | None = e.code
        else:
            rcells, code = ("", None, *(None for _ in money_specs)), None
        key = f"rev:{left[i][0]}" if i < len(left) else f"exp:{code}"
        rows.append(Row(key, "item", lcells + rcells, left[i][2] if i < len(left) else 0, code))
    total_in = sum((amount for label, amount, level in left if level == 0), ZERO)
    totals = [sum((c.get(m["key"], ZERO) for c in per_cat.values()), ZERO) for m in money_specs]
    total_out = sum((c["total"] for c in per_cat.values()), ZERO)
    labels = spec["total_labels"]
    rows.append(Row("total", "total", (labels[0], total_in, labels[1], total_out, *totals)))
    return _base(budget, "fiscal_overview", rows)


# ---------------------------------------------------------------- 表6 一般公共预算基本支出
def general_budget_basic(budget: Budget) -> Table:
    """表6 一般公共预算基本支出情况表: economic 类/款 × 人员经费/公用经费."""
    catalog = budget.catalog
    agg: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for b in budget.basic:
        if b.source not in GENERAL_BUDGET:
            continue
        part = "personnel" if is_personnel(b.economic_code) else "operating"
        for code in (b.economic_code, b.economic_code[:3]):
            agg[code]["total"] += b.amount
            agg[code][part] += b.amount
    keys = ["total", "personnel", "operating"]
    rows: list[Row] = []
    for code in sorted(agg):
        level = 0 if len(code) == 3 else 1
        name = catalog.name(CodeKind.economic, code) or ""
        cells: tuple[Cell, ...] = (code[:3], code[3:5], name, *(agg[code][k] for k in keys))
        rows.append(Row(code, "subtotal" if level == 0 else "item", cells, level, code))
    totals = [sum((agg[c][k] for c in agg if len(c) == 3), ZERO) for k in keys]
    rows.append(_total_row("合计", 3, totals))
    return _base(budget, "general_budget_basic", rows)


# ---------------------------------------------------------------- 表7 一般公共预算项目支出
def general_budget_projects(budget: Budget) -> Table:
    """表7 一般公共预算项目支出情况表: projects by functional code × economic 类."""
    spec = table_layout("general_budget_projects")
    econ_keys = [
        c["key"] for c in spec["columns"] if c.get("kind") == "money" and c["key"] != "total"
    ]
    catalog = budget.catalog
    per_project: list[tuple[str, str, dict[str, Decimal]]] = []
    for project in budget.projects:
        split: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for pl in project.all_lines:
            if pl.source in GENERAL_BUDGET:
                split[pl.economic_code[:3]] += pl.amount
        if any(split.values()):
            per_project.append((project.functional_code, project.name, split))
    subtotals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for code, _, split in per_project:
        for prefix in (code[:3], code[:5]):
            for k, v in split.items():
                subtotals[prefix][k] += v
    rows: list[Row] = []

    def money_cells(values: dict[str, Decimal]) -> tuple[Cell, ...]:
        return (sum(values.values(), ZERO), *(values.get(k, ZERO) for k in econ_keys))

    order = sorted(range(len(per_project)), key=lambda i: (per_project[i][0], i))
    emitted: set[str] = set()
    for i in order:
        code, name, split = per_project[i]
        for prefix in (code[:3], code[:5]):
            if prefix not in emitted:
                emitted.add(prefix)
                cells: tuple[Cell, ...] = (
                    *_code_cells(prefix),
                    catalog.name(CodeKind.functional, prefix) or "",
                    "",
                    *money_cells(subtotals[prefix]),
                )
                rows.append(Row(prefix, "subtotal", cells, 0 if len(prefix) == 3 else 1, prefix))
        cells = (
            *_code_cells(code),
            catalog.name(CodeKind.functional, code) or "",
            name,
            *money_cells(split),
        )
        rows.append(Row(f"project:{name}", "project", cells, 2, code))
    grand: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for _, _, split in per_project:
        for k, v in split.items():
            grand[k] += v
    rows.append(_total_row("合计", 5, money_cells(grand)))  # type: ignore[arg-type]
    return _base(budget, "general_budget_projects", rows)


# ---------------------------------------------------------------- 表10 三公经费
def three_public_by_source(budget: Budget, sources: frozenset[FundSource]) -> ThreePublicParts:
    """三公 parts from the economic 款 codes of the lines funded by ``sources``."""
    parts = table_layout("three_public")["parts"]
    values: dict[str, Decimal] = {}
    all_lines = lines(budget)
    for part, spec in parts.items():
        codes = frozenset(spec["codes"])
        values[part] = sum(
            (ln.amount for ln in all_lines if ln.source in sources and ln.economic_code in codes),
            ZERO,
        )
    return ThreePublicParts(**values)


def three_public_figures(budget: Budget) -> ThreePublicParts:
    """财政拨款三公经费 (general budget + government fund + state capital)."""
    return three_public_by_source(budget, FISCAL_APPROPRIATION)


def three_public(budget: Budget) -> Table:
    """表10 财政拨款“三公”经费支出情况表."""
    spec = table_layout("three_public")
    columns = [c for c in leaf_specs(spec["columns"]) if c.get("sources")]
    per_col = [three_public_by_source(budget, sources_of(c)) for c in columns]
    allp = three_public_by_source(budget, FISCAL_APPROPRIATION)
    labels = {k: v["label"] for k, v in spec["parts"].items()}

    def row(key: str, label: str, get: Callable[[ThreePublicParts], Decimal], level: int) -> Row:
        cells: tuple[Cell, ...] = (label, get(allp), *(get(p) for p in per_col))
        return Row(key, "subtotal" if level == 0 else "item", cells, level)

    rows = [
        row("total", "合计", lambda p: p.total, 0),
        row("overseas_travel", labels["overseas_travel"], lambda p: p.overseas_travel, 1),
        row("reception", labels["reception"], lambda p: p.reception, 1),
        row("vehicles", "公务用车购置及运行费（小计）", lambda p: p.vehicles, 1),
        row("vehicle_purchase", labels["vehicle_purchase"], lambda p: p.vehicle_purchase, 2),
        row("vehicle_operation", labels["vehicle_operation"], lambda p: p.vehicle_operation, 2),
    ]
    return _base(budget, "three_public", rows)


# ---------------------------------------------------------------- 机关运行经费
def office_running_costs(budget: Budget) -> Decimal | None:
    """机关运行经费: fiscal-appropriation 公用经费 of basic expenditure.

    ``None`` for an institution (事业单位) that is not run as an administrative unit.
    """
    if budget.department.kind is not UnitKind.administrative:
        return None
    return sum(
        (
            b.amount
            for b in budget.basic
            if b.source in FISCAL_APPROPRIATION and not is_personnel(b.economic_code)
        ),
        ZERO,
    )


TABLE_FUNCTIONS: dict[str, Callable[[Budget], Table]] = {
    "overview": overview,
    "revenue": revenue,
    "expenditure": expenditure,
    "fiscal_overview": fiscal_overview,
    "general_budget_expenditure": general_budget_expenditure,
    "general_budget_basic": general_budget_basic,
    "general_budget_projects": general_budget_projects,
    "fund_budget_expenditure": fund_budget_expenditure,
    "state_capital_expenditure": state_capital_expenditure,
    "three_public": three_public,
}


def compile_tables(budget: Budget) -> list[Table]:
    """The ten disclosure tables, 表1 … 表10."""
    return [fn(budget) for fn in TABLE_FUNCTIONS.values()]
