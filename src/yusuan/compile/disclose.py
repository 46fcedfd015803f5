"""A budget as the document yusuan would publish: a :class:`Disclosure` (compiled origin)."""

from __future__ import annotations

from decimal import Decimal

from yusuan.compile.build import compile_tables
from yusuan.compile.table import Table
from yusuan.model.budget import Budget
from yusuan.model.disclosure import (
    Claim,
    Disclosure,
    Location,
    StatedIndicator,
    StatedPerformanceTable,
    StatedProject,
    StatedRow,
    StatedTable,
)
from yusuan.model.money import ZERO
from yusuan.model.sources import FISCAL_APPROPRIATION


def stated_table(table: Table) -> StatedTable:
    """A compiled table as a printed one (the form parsers produce)."""
    columns = table.columns
    rows = []
    for row in table.rows:
        values: dict[str, Decimal | None] = {}
        texts: dict[str, str] = {}
        for col, cell in zip(columns, row.cells, strict=True):
            if col.kind == "money":
                values[col.key] = cell if isinstance(cell, Decimal) else None
            elif cell:
                texts[col.key] = str(cell)
        label = next((t for k, t in texts.items() if k in ("name", "label", "revenue_label")), "")
        if row.kind == "project":
            label = texts.get("project", label)
        rows.append(
            StatedRow(
                key=row.key, label=label, code=row.code, kind=row.kind, values=values, texts=texts
            )
        )
    return StatedTable(
        key=table.key,
        number=table.number,
        title=table.title,
        department=table.department,
        unit=table.unit,
        columns=tuple(c.key for c in columns),
        rows=tuple(rows),
        note=table.note,
        location=Location(part="tables", table=table.number, table_key=table.key),
    )


def stated_projects(budget: Budget) -> tuple[StatedProject, ...]:
    out = []
    index = 0
    for project in budget.projects:
        amount = project.general_budget_amount
        if not amount:
            continue
        index += 1
        out.append(
            StatedProject(
                index=index,
                name=project.name,
                amount=amount,
                basis=project.basis,
                owner=project.owner or budget.department.name,
                allocation=project.allocation.text,
                period=(
                    f"{_ym(project.period.start)}至{_ym(project.period.end)}"
                    if project.period
                    else None
                ),
                fields=("name", "basis", "amount", "owner", "allocation", "period"),
                location=Location(part="narrative", section="七", row=project.name),
            )
        )
    return tuple(out)


def _ym(value: str) -> str:
    year, month = value.split("-")
    return f"{year} 年 {int(month)} 月"


def stated_performance(budget: Budget) -> tuple[StatedPerformanceTable, ...]:
    by_name = {p.name: p for p in budget.projects}
    out = []
    for target in budget.performance_targets:
        project = by_name[target.project]
        fiscal = project.amount_from(FISCAL_APPROPRIATION)
        out.append(
            StatedPerformanceTable(
                project=target.shown_name,
                manager=target.manager,
                total=project.total,
                fiscal=fiscal,
                other=project.total - fiscal if project.total >= fiscal else ZERO,
                goal=target.goal,
                indicators=tuple(
                    StatedIndicator(
                        level1=i.level1,
                        level2=i.level2,
                        name=i.name,
                        target=i.target,
                        basis=i.basis,
                        prior_value=i.prior_value,
                        weight=i.weight,
                        scoring_rule=i.scoring_rule,
                    )
                    for i in target.indicators
                ),
                location=Location(part="performance", row=target.shown_name),
            )
        )
    return tuple(out)


def disclose(budget: Budget, claims: tuple[Claim, ...] = ()) -> Disclosure:
    """The disclosure of ``budget``: compiled tables, projects, targets and prose claims.

    ``claims`` are the narrative's statements (see :mod:`yusuan.compile.narrative` once
    it exists); without them the prose-vs-table rules have nothing to check.
    """
    tables = {t.key: stated_table(t) for t in compile_tables(budget)}
    return Disclosure(
        source=f"compiled:{budget.department.name} {budget.year}",
        origin="compiled",
        department=budget.department.name,
        year=budget.year,
        parts={
            "profile": Location(part="profile"),
            "tables": Location(part="tables"),
            **({"narrative": Location(part="narrative")} if claims else {}),
            **({"performance": Location(part="performance")} if budget.performance_targets else {}),
        },
        tables=tables,
        claims=claims,
        projects=stated_projects(budget),
        performance=stated_performance(budget),
        budget=budget,
    )
