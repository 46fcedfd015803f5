"""One test per rule: a consistent document passes it, a document with one planted
inconsistency fails it (and the finding points where the inconsistency is)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from arithmetic_cases import ARI_CASES
from helpers import (
    add_row,
    bump,
    bump_claim,
    clean,
    drop_claim,
    drop_row,
    key_of,
    rename_row,
    replace_claim,
    run,
    set_cell,
    update_project,
    update_row,
    update_table,
    with_claims,
    without_table,
)

from yusuan.audit import Status, all_rules
from yusuan.model.disclosure import Claim, Disclosure, Location, StatedRow

D = Disclosure
Mutation = Callable[[D], D]

GB, EX, RV, FO, OV = (
    "general_budget_expenditure",
    "expenditure",
    "revenue",
    "fiscal_overview",
    "overview",
)
BASIC, PROJ, TP = "general_budget_basic", "general_budget_projects", "three_public"
FUND, SC = "fund_budget_expenditure", "state_capital_expenditure"


def cat(d: D, table: str, code: str) -> str:
    return key_of(d, table, code)


def national(table: str, *columns: str) -> Mutation:
    """The table as the Ministry of Finance's template prints it (read by its header): 合计
    then ``columns``; the first of them keeps the row's whole amount (a 项目支出 column, its
    part), the others print zero."""

    def f(d: D) -> D:
        rows = []
        for r in d.tables[table].rows:
            values: dict[str, Decimal | None] = {c: Decimal("0.00") for c in columns}
            values["total"] = r.values.get("total")
            if "project" in columns:
                values["basic"], values["project"] = r.values.get("basic"), r.values.get("project")
            else:
                values[columns[0]] = r.values.get("total")
            rows.append(r.model_copy(update={"values": values}))
        return update_table(d, table, columns=("total", *columns), rows=tuple(rows))

    return f


def two_years(d: D) -> D:
    """表10 as the Ministry of Finance's template prints it with last year's budget and the
    change beside this year's (one row, read into ``total``, ``prior_year`` and ``change``):
    last year's amounts those the prose's changes imply."""
    stated = {
        c.param or "total": c.value
        for c in d.claims
        if c.topic.startswith(("three_public.total.change", "three_public.part.change"))
    }
    stated["vehicles"] = stated["vehicle_purchase"] + stated["vehicle_operation"]
    rows = []
    for r in d.tables[TP].rows:
        now = r.values["total"] or Decimal(0)
        before = now - stated[r.key]
        values: dict[str, Decimal | None] = {"total": now, "prior_year": before}
        rows.append(r.model_copy(update={"values": values | {"change": now - before}}))
    return update_table(d, TP, columns=("total", "prior_year", "change"), rows=tuple(rows))


def own_line(row: str, column: str) -> Mutation:
    """表2 in the national template with ``column`` holding every row's amount, and 表1's line
    ``row`` (printed there under 单位资金, with its 其中：) equal to its 合计."""

    def f(d: D) -> D:
        d = national(RV, column, "general_budget")(d)
        total = d.tables[RV].row("total")
        assert total is not None
        return set_cell(d, OV, row, "revenue_amount", str(total.values["total"]))

    return f


def fund_rows(table: str, mutate: bool) -> Mutation:
    """表8/表9 with a 类 and a 款 row (the 款 row off by 1.00 when ``mutate``)."""

    def f(d: D) -> D:
        section = "5.00" if mutate else "10.00"
        for code, v in (("212", "10.00"), ("21201", section)):
            row = StatedRow(
                key=code,
                code=code,
                label=code,
                kind="subtotal",
                values={"total": Decimal(v), "basic": Decimal(v), "project": Decimal(0)},
            )
            d = add_row(d, table, row)
        d = set_cell(set_cell(d, table, "total", "total", "10"), table, "total", "basic", "10")
        return update_table(d, table, note=None)

    return f


def basic_row(code: str, amount: str) -> Mutation:
    def f(d: D) -> D:
        v = Decimal(amount)
        row = StatedRow(
            key=code,
            code=code,
            label="x",
            values={"total": v, "personnel": Decimal(0), "operating": v},
        )
        return add_row(d, BASIC, row)

    return f


def project_field(position: int, **changes: object) -> Mutation:
    return lambda d: update_project(d, position, **changes)


def perf(index: int, **changes: object) -> Mutation:
    def f(d: D) -> D:
        tables = list(d.performance)
        tables[index] = tables[index].model_copy(update=changes)
        return d.model_copy(update={"performance": tuple(tables)})

    return f


def indicator(table: int, i: int, **changes: object) -> Mutation:
    def f(d: D) -> D:
        t = d.performance[table]
        ind = list(t.indicators)
        ind[i] = ind[i].model_copy(update=changes)
        return perf(table, indicators=tuple(ind))(d)

    return f


def lines(*text: str) -> Mutation:
    return lambda d: d.model_copy(update={"text_lines": d.text_lines + text})


def claim(topic: str, value: object, unit: str = "万元") -> Mutation:
    return lambda d: with_claims(d, Claim(topic=topic, value=value, unit=unit))  # type: ignore[arg-type]


def with_transfer(d: D) -> D:
    """The sample with 100.00 万元 of 上级一般公共预算安排转移支付 in 表1 and the narrative."""
    d = set_cell(d, OV, "rev:上级一般公共预算安排转移支付", "revenue_amount", "100")
    return with_claims(
        d,
        Claim(topic="revenue.transfer.amount:general_budget", value=Decimal("100.00"), unit="万元"),
        Claim(topic="revenue.transfer.share:general_budget", value=Decimal("1.68"), unit="%"),
    )


def with_carryover(d: D) -> D:
    """The sample with 50.00 万元 of 一般公共预算 carried over: 表4's 上年结转 lines (the same
    label as the 本年收入 line above) and the narrative's "上年结转一般公共预算拨款"."""
    carried = [
        StatedRow(
            key=f"rev:{label}",
            label=label,
            kind="item",
            values={"revenue_amount": Decimal("50")},
            texts={"revenue_label": label},
        )
        for label in ("二、上年结转", "一般公共预算")
    ]
    rows = list(d.tables[FO].rows)
    at = [r.key for r in rows].index("rev:国有资本经营预算") + 1
    d = update_table(d, FO, rows=(*rows[:at], *carried, *rows[at:]))
    return with_claims(
        d,
        Claim(topic="fiscal.group.carryover:general_budget", value=Decimal("50.00"), unit="万元"),
    )


def with_fund_category(kind: str) -> Mutation:
    """The sample with 10.00 万元 of ``kind`` appropriation spent on 类 210, in 表4 and in the
    narrative's list of that kind's 类."""

    def f(d: D) -> D:
        d = set_cell(d, FO, key_of(d, FO, "210"), kind, "10")
        topic = f"fiscal.{kind}.category.amount:210"
        return with_claims(d, Claim(topic=topic, value=Decimal("10.00"), unit="万元"))

    return f


def with_fund_claims(table: str, kind: str) -> Mutation:
    """表8 or 表9 with a 类 of 10.00 万元 (``fund_rows``), stated in the narrative too."""

    def f(d: D) -> D:
        d = fund_rows(table, mutate=False)(d)
        return with_claims(
            d,
            Claim(topic=f"{kind}.amount", value=Decimal("10.00"), unit="万元"),
            Claim(topic=f"{kind}.category.amount:212", value=Decimal("10.00"), unit="万元"),
        )

    return f


def drop_claims(prefix: str) -> Mutation:
    return lambda d: d.model_copy(
        update={"claims": tuple(c for c in d.claims if not c.topic.startswith(prefix))}
    )


def drop_part(part: str) -> Mutation:
    return lambda d: d.model_copy(update={"parts": {k: v for k, v in d.parts.items() if k != part}})


def list_claim(topic: str, change: Callable[[tuple[str, ...]], tuple[str, ...]]) -> Mutation:
    def f(d: D) -> D:
        value = next(c.value for c in d.claims if c.topic == topic)
        assert isinstance(value, tuple)
        return replace_claim(d, topic, change(value))

    return f


def second_claim(topic: str, value: object) -> Mutation:
    def f(d: D) -> D:
        out, seen = [], 0
        for c in d.claims:
            if c.topic == topic:
                seen += 1
                if seen == 2:
                    c = c.model_copy(update={"value": value})
            out.append(c)
        assert seen >= 2
        return d.model_copy(update={"claims": tuple(out)})

    return f


def displaced(d: D) -> D:
    d = update_project(
        d,
        15,
        fields=(
            "name",
            "amount",
            "owner",
            "allocation",
            "basis",
            "amount",
            "owner",
            "allocation",
            "period",
        ),
    )
    return update_project(
        d, 16, amount=None, owner=None, allocation=None, fields=("name", "basis", "period")
    )


def only_adding_up_costs(d: D) -> D:
    from yusuan.audit.rules.performance import cost_amounts

    keep = tuple(p for p in d.performance if (c := cost_amounts(p)) and sum(c) == p.total)
    return d.model_copy(update={"performance": keep})


# rule id → (mutation,) or (base, mutation): base defaults to the clean document
CASES: dict[str, tuple[Mutation, ...]] = {
    # ---------------------------------------------------------------- table arithmetic
    "TBL-SUM-001": (lambda d: bump(d, OV, "total", "revenue_amount"),),
    "TBL-SUM-002": (lambda d: bump(d, OV, "rev:一、本年收入", "revenue_amount"),),
    "TBL-SUM-003": (lambda d: bump(d, OV, "rev:其中：一般财力", "revenue_amount", "-0.01"),),
    "TBL-SUM-005": (lambda d: bump(d, OV, cat(d, OV, "201"), "expenditure_amount"),),
    "TBL-SUM-006": (lambda d: bump(d, OV, "total", "expenditure_amount"),),
    "TBL-SUM-007": (lambda d: bump(d, RV, "2013101", "total"),),
    "TBL-SUM-008": (lambda d: bump(d, RV, "2013101", "fiscal"),),
    "TBL-SUM-009": (lambda d: bump(d, RV, "20131", "general_budget"),),
    "TBL-SUM-010": (lambda d: bump(d, RV, "total", "unit_funds"),),
    "TBL-SUM-011": (lambda d: bump(d, EX, "2013101", "basic"),),
    "TBL-SUM-012": (lambda d: bump(d, EX, "20131", "project"),),
    "TBL-SUM-013": (lambda d: bump(d, EX, "total", "basic"),),
    "TBL-SUM-014": (lambda d: bump(d, FO, "total", "revenue_amount"),),
    "TBL-SUM-015": (lambda d: bump(d, FO, "rev:一般公共预算", "revenue_amount"),),
    "TBL-SUM-016": (lambda d: bump(d, FO, cat(d, FO, "201"), "general_budget"),),
    "TBL-SUM-017": (lambda d: bump(d, FO, "total", "general_budget"),),
    "TBL-SUM-018": (lambda d: bump(d, FO, "total", "expenditure_total"),),
    "TBL-SUM-019": (lambda d: bump(d, GB, "2013101", "basic"),),
    "TBL-SUM-020": (lambda d: bump(d, GB, "20131", "basic"),),
    "TBL-SUM-021": (lambda d: bump(d, GB, "total", "project"),),
    "TBL-SUM-022": (lambda d: bump(d, BASIC, "30101", "personnel"),),
    "TBL-SUM-023": (lambda d: bump(d, BASIC, "301", "total"),),
    "TBL-SUM-024": (lambda d: bump(d, BASIC, "total", "operating"),),
    "TBL-SUM-025": (
        lambda d: set_cell(
            set_cell(d, BASIC, "30201", "operating", "0"), BASIC, "30201", "personnel", "4.60"
        ),
    ),
    "TBL-SUM-026": (lambda d: bump(d, PROJ, "project:链路租赁费", "301"),),
    "TBL-SUM-027": (lambda d: bump(d, PROJ, "20131", "total"),),
    "TBL-SUM-028": (lambda d: bump(d, PROJ, "total", "total"),),
    "TBL-SUM-029": (lambda d: set_cell(d, FUND, "total", "total", "5"),),
    "TBL-SUM-030": (fund_rows(FUND, False), fund_rows(FUND, True)),
    "TBL-SUM-031": (
        fund_rows(FUND, False),
        lambda d: set_cell(fund_rows(FUND, False)(d), FUND, "total", "total", "9"),
    ),
    "TBL-SUM-032": (lambda d: set_cell(d, SC, "total", "total", "5"),),
    "TBL-SUM-033": (fund_rows(SC, False), fund_rows(SC, True)),
    "TBL-SUM-034": (
        fund_rows(SC, False),
        lambda d: set_cell(fund_rows(SC, False)(d), SC, "total", "total", "9"),
    ),
    "TBL-SUM-035": (lambda d: bump(d, TP, "vehicle_operation", "general_budget"),),
    "TBL-SUM-036": (lambda d: bump(bump(d, TP, "total", "total"), TP, "total", "general_budget"),),
    "TBL-SUM-037": (
        lambda d: bump(bump(d, TP, "vehicles", "total"), TP, "vehicles", "general_budget"),
    ),
    "TBL-SUM-039": (lambda d: drop_row(d, RV, "total"),),
    "TBL-SUM-040": (
        national(RV, "general_budget", "business_income", "other_income"),
        lambda d: bump(d, RV, "2013101", "business_income"),
    ),
    "TBL-SUM-041": (
        national(EX, "basic", "project", "remittance", "operating", "subsidiary"),
        lambda d: bump(d, EX, "2013101", "remittance"),
    ),
    "TBL-SUM-038": (lambda d: set_cell(d, TP, "reception", "state_capital", "-1"),),
    "TBL-SUM-042": (two_years, lambda d: bump(d, TP, "vehicle_operation", "change")),
    # ---------------------------------------------------------------- cross-table
    "XTB-001": (lambda d: bump(d, RV, "total", "total"),),
    "XTB-002": (lambda d: bump(d, EX, "201", "total"),),
    "XTB-003": (lambda d: bump(d, EX, "total", "total"),),
    "XTB-004": (lambda d: bump(d, RV, "2013101", "total"),),
    "XTB-005": (lambda d: bump(d, RV, "total", "general_budget"),),
    "XTB-006": (lambda d: bump(d, RV, "total", "government_fund"),),
    "XTB-007": (lambda d: bump(d, RV, "total", "state_capital"),),
    "XTB-008": (lambda d: bump(d, RV, "total", "special_account"),),
    "XTB-009": (lambda d: bump(d, RV, "total", "unit_funds"),),
    "XTB-033": (lambda d: bump(d, RV, "total", "carryover_fiscal"),),
    "XTB-034": (
        own_line("rev:其中：事业收入", "business_income"),
        lambda d: bump(d, RV, "total", "business_income"),
    ),
    "XTB-035": (
        own_line("rev:事业单位经营收入", "operating_income"),
        lambda d: bump(d, RV, "total", "operating_income"),
    ),
    "XTB-036": (
        own_line("rev:上级补助收入", "superior_subsidy"),
        lambda d: bump(d, RV, "total", "superior_subsidy"),
    ),
    "XTB-037": (
        own_line("rev:附属单位上缴收入", "affiliated_remittance"),
        lambda d: bump(d, RV, "total", "affiliated_remittance"),
    ),
    "XTB-038": (
        own_line("rev:其他收入", "other_income"),
        lambda d: bump(d, OV, "rev:其他收入", "revenue_amount"),
    ),
    "XTB-010": (lambda d: bump(d, FO, "rev:一、财政拨款（补助）", "revenue_amount"),),
    "XTB-011": (lambda d: bump(d, FO, "rev:一般公共预算", "revenue_amount"),),
    "XTB-012": (lambda d: bump(d, FO, cat(d, FO, "201"), "general_budget"),),
    "XTB-013": (lambda d: bump(d, FO, cat(d, FO, "201"), "government_fund"),),
    "XTB-014": (lambda d: bump(d, FO, cat(d, FO, "201"), "state_capital"),),
    "XTB-015": (lambda d: bump(d, GB, "2013101", "total"),),
    "XTB-016": (lambda d: bump(d, RV, "2013101", "government_fund"),),
    "XTB-017": (lambda d: bump(d, RV, "2013101", "state_capital"),),
    "XTB-018": (lambda d: set_cell(d, GB, "2013101", "basic", "2000"),),
    "XTB-019": (lambda d: bump(d, BASIC, "total", "total"),),
    "XTB-021": (lambda d: bump(d, GB, "2013101", "project"),),
    "XTB-022": (lambda d: bump(d, GB, "total", "project"),),
    "XTB-023": (lambda d: set_cell(d, TP, "vehicle_operation", "general_budget", "10"),),
    "XTB-024": (basic_row("30212", "1.00"),),
    "XTB-025": (basic_row("30217", "1.00"),),
    "XTB-026": (lambda d: bump_claim(d, "office_running_costs.amount"),),
    "XTB-027": (lambda d: set_cell(d, FUND, "total", "total", "5"),),
    "XTB-028": (lambda d: set_cell(d, FUND, "total", "total", "5"),),
    "XTB-029": (lambda d: set_cell(d, SC, "total", "total", "5"),),
    "XTB-030": (lambda d: set_cell(d, SC, "total", "total", "5"),),
    "XTB-031": (lambda d: bump(d, FO, cat(d, FO, "201"), "expenditure_total"),),
    "XTB-032": (lambda d: bump(d, FO, "rev:一般公共预算", "revenue_amount"),),
    # ---------------------------------------------------------------- prose
    **{
        rule_id: ((lambda t: lambda d: bump_claim(d, t))(topic),)
        for rule_id, topic in {
            "PRS-001": "total.amount",
            "PRS-002": "revenue.total",
            "PRS-003": "expenditure.total",
            "PRS-004": "revenue.group.amount:general_budget",
            "PRS-005": "basic.amount",
            "PRS-006": "project.amount",
            "PRS-007": "fiscal.total",
            "PRS-008": "fiscal.group.amount:general_budget",
            "PRS-009": "fiscal.category.amount:201",
            "PRS-010": "general_budget.total",
            "PRS-011": "general_budget.basic.amount",
            "PRS-012": "general_budget.project.amount",
            "PRS-013": "general_budget.category.amount:201",
            "PRS-014": "general_budget.item.amount:2013101",
            "PRS-015": "basic.personnel.amount",
            "PRS-016": "basic.operating.amount",
            "PRS-017": "projects.total",
            "PRS-018": "three_public.total.amount",
            "PRS-019": "three_public.part.amount:vehicle_operation",
            "PRS-020": "revenue.group.share:general_budget",
            "PRS-021": "basic.share",
            "PRS-022": "project.share",
            "PRS-023": "general_budget.category.share:221",
            "PRS-024": "revenue.group.rate:general_budget",
            "PRS-025": "basic.rate",
            "PRS-026": "project.rate",
            "PRS-027": "general_budget.basic.rate",
            "PRS-028": "general_budget.project.rate",
            "PRS-029": "general_budget.item.rate:2080501",
            "PRS-030": "three_public.total.rate",
            "PRS-031": "three_public.part.rate:vehicle_operation",
            "PRS-032": "office_running_costs.rate",
            "PRS-039": "projects.count",
            "PRS-040": "basic.change",
            "PRS-041": "general_budget.basic.change",
            "PRS-042": "general_budget.item.change:2013150",
            "PRS-043": "three_public.part.change:vehicle_operation",
            "PRS-044": "procurement.goods",
            "PRS-046": "assets.vehicle_count",
            "PRS-047": "assets.vehicle_value",
            "PRS-048": "staff.actual",
            "PRS-049": "three_public.part.amount:reception",
        }.items()
    },
    "PRS-033": (list_claim("revenue.groups", lambda v: v[:1]),),
    "PRS-034": (claim("revenue.group.absent:unit_funds", "单位资金", "text"),),
    "PRS-035": (list_claim("expenditure.categories", lambda v: v[:-1]),),
    "PRS-036": (list_claim("basic.personnel.contents", lambda v: v[1:]),),
    "PRS-037": (list_claim("basic.operating.contents", lambda v: (*v, "培训费")),),
    "PRS-038": (list_claim("projects.listed", lambda v: (*v, "并不存在的项目")),),
    "PRS-060": (two_years, lambda d: bump(d, TP, "vehicle_operation", "prior_year")),
    "PRS-045": (lambda d: replace_claim(d, "procurement.sme_reserved", Decimal("5000.00")),),
    "PRS-050": (second_claim("projects.count", 26),),
    "PRS-053": (
        with_fund_category("government_fund"),
        lambda d: bump_claim(d, "fiscal.government_fund.category.amount:210"),
    ),
    "PRS-054": (
        with_fund_category("state_capital"),
        lambda d: bump_claim(d, "fiscal.state_capital.category.amount:210"),
    ),
    "PRS-055": (
        with_fund_claims(FUND, "government_fund"),
        lambda d: bump_claim(d, "government_fund.amount"),
    ),
    "PRS-056": (
        with_fund_claims(FUND, "government_fund"),
        lambda d: bump_claim(d, "government_fund.category.amount:212"),
    ),
    "PRS-057": (
        with_fund_claims(SC, "state_capital"),
        lambda d: bump_claim(d, "state_capital.amount"),
    ),
    "PRS-058": (
        with_fund_claims(SC, "state_capital"),
        lambda d: bump_claim(d, "state_capital.category.amount:212"),
    ),
    "PRS-059": (
        with_carryover,
        lambda d: bump_claim(d, "fiscal.group.carryover:general_budget"),
    ),
    "PRS-051": (with_transfer, lambda d: bump_claim(d, "revenue.transfer.amount:general_budget")),
    "PRS-052": (with_transfer, lambda d: bump_claim(d, "revenue.transfer.share:general_budget")),
    # ---------------------------------------------------------------- projects
    "PRJ-001": (project_field(0, amount=Decimal("133.71")),),
    "PRJ-002": (lambda d: d.model_copy(update={"projects": d.projects[1:]}),),
    "PRJ-003": (project_field(0, name="另一个项目"),),
    "PRJ-004": (
        project_field(0, amount=None, fields=("name", "basis", "owner", "allocation", "period")),
    ),
    "PRJ-005": (
        project_field(
            0, fields=("name", "basis", "amount", "amount", "owner", "allocation", "period")
        ),
    ),
    "PRJ-006": (displaced,),
    "PRJ-007": (
        project_field(1, allocation="基础设施建设 295.36 万元；办公设备及配套设施 232.27 万元"),
    ),
    "PRJ-008": (project_field(2, index=5),),
    "PRJ-009": (lambda d: update_project(d, 1, name=d.projects[0].name),),
    "PRJ-010": (project_field(0, amount=Decimal("133.71")),),
    "PRJ-011": (project_field(0, period="2021 年 1 月至 2021 年 12 月"),),
    # ---------------------------------------------------------------- performance
    "PRF-001": (indicator(0, 0, weight=Decimal(8)),),
    "PRF-002": (indicator(0, 6, target="<=600 万元"),),
    "PRF-003": (
        only_adding_up_costs,
        lambda d: indicator(0, 6, target="<=5 万元")(only_adding_up_costs(d)),
    ),
    "PRF-004": (lambda d: bump_claim(d, "performance.fiscal_count"),),
    "PRF-005": (lambda d: bump_claim(d, "performance.fiscal_total"),),
    "PRF-006": (
        perf(0, project="与任何项目都不相干", fiscal=Decimal("999.99"), total=Decimal("999.99")),
    ),
    "PRF-007": (perf(0, project="县级领导配套经费项目"),),
    "PRF-008": (perf(0, other=Decimal("1.00")),),
    "PRF-009": (perf(0, fiscal=Decimal("15.00"), total=Decimal("15.00")),),
    "PRF-010": (indicator(0, 0, level1="其他指标"),),
    "PRF-011": (
        lambda d: perf(
            0, indicators=tuple(i for i in d.performance[0].indicators if i.level1 != "满意度指标")
        )(d),
    ),
    "PRF-012": (
        lambda d: d.model_copy(update={"performance": (*d.performance, d.performance[0])}),
    ),
    "PRF-013": (indicator(0, 0, weight=None),),
    "PRF-014": (lambda d: bump_claim(d, "performance.published_count"),),
    "PRF-015": (lambda d: bump_claim(d, "performance.withheld_count"),),
    # ---------------------------------------------------------------- catalog
    "CAT-001": (lambda d: update_row(d, EX, "2013150", code="2013188"),),
    "CAT-002": (lambda d: update_row(d, BASIC, "30201", code="30298"),),
    "CAT-003": (lambda d: rename_row(d, GB, "2013101", "行政运作"),),
    "CAT-004": (lambda d: rename_row(d, BASIC, "30201", "办工费"),),
    "CAT-005": (lambda d: drop_row(d, GB, "20131"),),
    "CAT-006": (
        lambda d: update_row(
            d, FO, cat(d, FO, "234"), texts={"expenditure_label": "234 抗疫特别国债还本支出"}
        ),
    ),
    "CAT-007": (lambda d: drop_row(d, OV, "exp:234"),),
    "CAT-008": (lambda d: update_row(d, PROJ, "project:链路租赁费", code="20131"),),
    # ---------------------------------------------------------------- completeness
    **{
        rule_id: ((lambda k: lambda d: without_table(d, k))(key),)
        for rule_id, key in {
            "CMP-001": OV,
            "CMP-002": RV,
            "CMP-003": EX,
            "CMP-004": FO,
            "CMP-005": GB,
            "CMP-006": BASIC,
            "CMP-007": PROJ,
            "CMP-008": FUND,
            "CMP-009": SC,
            "CMP-010": TP,
        }.items()
    },
    "CMP-011": (lambda d: update_table(d, FUND, note=None),),
    "CMP-012": (drop_claims("three_public."),),
    "CMP-013": (
        lambda d: d.model_copy(
            update={"text_lines": tuple(x for x in d.text_lines if "原因" not in x)}
        ),
    ),
    "CMP-014": (drop_claims("office_running_costs."),),
    "CMP-015": (drop_claims("procurement."),),
    "CMP-016": (drop_claims("assets."),),
    "CMP-017": (lambda d: drop_claims("performance.")(d).model_copy(update={"performance": ()}),),
    "CMP-018": (drop_part("glossary"),),
    "CMP-019": (drop_part("profile"),),
    "CMP-020": (drop_part("narrative"),),
    # ---------------------------------------------------------------- text quality
    "TXT-001": (lambda d: rename_row(d, BASIC, "302", "商品和服务支岀"),),
    "TXT-002": (
        lambda d: d.model_copy(
            update={"text_lines": (*d.text_lines, "公用经费主要用于商品和服务支岀")}
        ),
    ),
    "TXT-003": (lines("资金分配情况：机房地面改造 0.9 万元，线路改造 2. 万元"),),
    "TXT-004": (
        project_field(1, allocation="基础设施建设 295.36 万元；办公设备及配套设施 232.26 万"),
    ),
    "TXT-005": (lines("《阿图什市视频会议中心更换 UPS 电池和列头柜费用的请示》"),),
    "TXT-006": (lambda d: replace_claim(d, "office_running_costs.institution_units", 3),),
    "TXT-007": (lines("市委机要**局搬迁项目"),),
    "TXT-008": (lambda d: update_table(d, TP, department="另一个部门"),),
    "TXT-009": (lines("其他资产价值 2820.55 万元。"),),
    "TXT-010": (lines("主要用于办公，，会议。"),),
    "TXT-011": (lambda d: update_table(d, TP, unit="元"),),
    # ---------------------------------------------------------------- prose arithmetic
    **ARI_CASES,
}


def _case(rule_id: str) -> tuple[D, D]:
    steps = CASES[rule_id]
    base = steps[0](clean()) if len(steps) == 2 else clean()
    return base, steps[-1](base)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_passes_the_consistent_document_and_fails_the_planted_mistake(rule_id: str) -> None:
    base, mutant = _case(rule_id)
    status, findings = run(rule_id, base)
    assert status is Status.passed, [f.message for f in findings]
    status, findings = run(rule_id, mutant)
    assert status is Status.failed
    assert findings and all(f.rule == rule_id and f.message for f in findings)


def test_every_rule_has_its_test() -> None:
    assert {r.id for r in all_rules()} == set(CASES)


def test_finding_names_stated_and_expected_values() -> None:
    _, mutant = _case("TBL-SUM-019")
    (finding, *_) = run("TBL-SUM-019", mutant)[1]
    assert finding.location == Location(
        part="tables", table=5, table_key=GB, row="2013101", column="total"
    )
    assert finding.actual == "4,467.47" and finding.expected == "4,467.48"
    assert (
        "表5“201 31 01 行政运行”行 合计 4,467.47 ≠ 基本支出 1,010.70 + 项目支出 3,456.78"
        in finding.message
    )


def test_seed_share_nudged_to_total_100_is_found() -> None:
    d = replace_claim(clean(), "general_budget.category.share:221", Decimal("2.37"))
    status, findings = run("PRS-023", d)
    assert status is Status.failed
    assert findings[0].expected == "2.36%" and findings[0].actual == "2.37%"


def test_prose_rule_without_the_figure_is_not_run() -> None:
    d = drop_claim(clean(), "basic.share")
    status, _ = run("PRS-021", d)
    assert status is Status.not_run


def test_text_findings_cite_source_lines_when_the_parser_kept_them() -> None:
    d = clean()
    numbers = tuple(10 * (i + 1) for i in range(len(d.text_lines) + 1))
    d = d.model_copy(
        update={
            "text_lines": (*d.text_lines, "线路改造 2. 万元"),
            "text_line_numbers": numbers,
        }
    )
    _, findings = run("TXT-003", d)
    assert findings[0].location.line == numbers[-1]


def test_page_number_inside_a_listed_project_name_is_not_a_new_project() -> None:
    d = clean()
    listed = next(c.value for c in d.claims if c.topic == "projects.listed")
    assert isinstance(listed, tuple)
    broken = (listed[0][:2] + "22" + listed[0][2:], *listed[1:])
    status, _ = run("PRS-038", replace_claim(d, "projects.listed", broken))
    assert status is Status.passed


def test_a_table_in_another_layout_is_not_run_not_failed() -> None:
    """A locality that prints 表5 with 合计 only: the row identity cannot be checked."""
    d = clean()
    t = d.tables[GB]
    rows = tuple(r.model_copy(update={"values": {"total": r.values["total"]}}) for r in t.rows)
    d = update_table(d, GB, columns=("total",), rows=rows)
    status, _ = run("TBL-SUM-019", d)
    assert status is Status.not_run
    status, _ = run("XTB-019", d)
    assert status is Status.not_run
    status, findings = run("TBL-SUM-020", d)  # 类 = Σ款 still holds in the printed column
    assert status is Status.passed, findings


def test_off_by_one_cent_is_named_as_rounding() -> None:
    _, findings = run("TBL-SUM-019", bump(clean(), GB, "2013101", "total"))
    assert "相差 0.01" in findings[0].message
