"""Headline figures of a budget: what the prose and the auditor speak of."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.compile.build import is_personnel, lines, office_running_costs, three_public_figures
from yusuan.model.budget import Budget, PriorStaff, PriorYear, ThreePublicParts
from yusuan.model.money import ZERO
from yusuan.model.sources import (
    FISCAL_APPROPRIATION,
    GENERAL_BUDGET,
    FundSource,
    SourceGroup,
    group_of,
)


@dataclass(frozen=True)
class Figures:
    revenue_by_source: dict[FundSource, Decimal]
    revenue_by_group: dict[SourceGroup, Decimal]
    total: Decimal  # 收支总预算
    basic: Decimal
    project: Decimal
    fiscal_total: Decimal  # 财政拨款
    general_budget: Decimal
    general_budget_basic: Decimal
    general_budget_project: Decimal
    general_budget_by_category: dict[str, Decimal]  # 类 → amount
    general_budget_by_item: dict[str, Decimal]  # 项 → amount
    personnel: Decimal  # 一般公共预算基本支出中的人员经费
    operating: Decimal  # 公用经费
    three_public: ThreePublicParts
    office_running_costs: Decimal | None
    general_budget_project_count: int
    performance_count: int
    performance_total: Decimal
    expenditure_by_category: dict[str, Decimal] = field(default_factory=dict)


def figures(budget: Budget) -> Figures:
    all_lines = lines(budget)
    by_source: dict[FundSource, Decimal] = {s: ZERO for s in FundSource}
    by_group: dict[SourceGroup, Decimal] = {g: ZERO for g in SourceGroup}
    by_cat: dict[str, Decimal] = defaultdict(lambda: ZERO)
    gb_cat: dict[str, Decimal] = defaultdict(lambda: ZERO)
    gb_item: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for ln in all_lines:
        by_source[ln.source] += ln.amount
        by_group[group_of(ln.source)] += ln.amount
        by_cat[ln.functional_code[:3]] += ln.amount
        if ln.source in GENERAL_BUDGET:
            gb_cat[ln.functional_code[:3]] += ln.amount
            gb_item[ln.functional_code] += ln.amount
    gb_basic = [b for b in budget.basic if b.source in GENERAL_BUDGET]
    gb_projects = [p for p in budget.projects if p.general_budget_amount]
    targeted = {t.project for t in budget.performance_targets}
    return Figures(
        revenue_by_source=by_source,
        revenue_by_group=by_group,
        total=sum(by_source.values(), ZERO),
        basic=sum((ln.amount for ln in all_lines if ln.kind == "basic"), ZERO),
        project=sum((ln.amount for ln in all_lines if ln.kind == "project"), ZERO),
        fiscal_total=sum((by_source[s] for s in FISCAL_APPROPRIATION), ZERO),
        general_budget=by_group[SourceGroup.general_budget],
        general_budget_basic=sum((b.amount for b in gb_basic), ZERO),
        general_budget_project=sum((p.general_budget_amount for p in gb_projects), ZERO),
        general_budget_by_category=dict(gb_cat),
        general_budget_by_item=dict(gb_item),
        personnel=sum((b.amount for b in gb_basic if is_personnel(b.economic_code)), ZERO),
        operating=sum((b.amount for b in gb_basic if not is_personnel(b.economic_code)), ZERO),
        three_public=three_public_figures(budget),
        office_running_costs=office_running_costs(budget),
        general_budget_project_count=len(gb_projects),
        performance_count=len(targeted),
        performance_total=sum(
            (p.amount_from(FISCAL_APPROPRIATION) for p in budget.projects if p.name in targeted),
            ZERO,
        ),
        expenditure_by_category=dict(by_cat),
    )


def prior_from_budget(last_year: Budget) -> PriorYear:
    """The prior-year figures of next year's prose, computed from last year's budget file."""
    f = figures(last_year)
    staff = last_year.department.staff
    return PriorYear(
        revenue={g: v for g, v in f.revenue_by_group.items() if v},
        basic=f.basic,
        project=f.project,
        general_budget_basic=f.general_budget_basic,
        general_budget_project=f.general_budget_project,
        general_budget_items=f.general_budget_by_item,
        three_public=f.three_public,
        office_running_costs=f.office_running_costs,
        staff=PriorStaff(
            active=staff.active, retired=staff.retired, pre1949_retired=staff.pre1949_retired
        )
        if staff
        else None,
    )
