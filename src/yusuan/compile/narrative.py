"""The 情况说明 (and the 概况) as structured facts: every figure the prose states.

:func:`narrative` turns a budget into a :class:`Narrative`: one record per section of the
national format, holding amounts, shares, year-over-year changes and the reasons the budget
file gives.  The sentences are written by the templates in ``render/templates/document``;
nothing here is wording.  Every stated figure is also a :class:`~yusuan.model.disclosure.Claim`
(:func:`narrative_claims`), so that the auditor checks the compiled prose like a parsed one.

Rules (documented in ``docs/narrative.md``):

- share = part ÷ whole × 100, two decimals, rounded half-up, each share on its own (never
  nudged so that the shares add up to 100);
- change = this year − 上年预算数; rate = change ÷ 上年预算数 × 100, two decimals, half-up;
- growth from zero (上年 0, 本年 > 0) is stated as the national format does:
  增长 100.00%;
- no change is stated as 持平 (change 0, rate 0.00);
- without 上年预算数 no change is stated at all.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from yusuan.catalog import CodeKind
from yusuan.compile.build import is_personnel, lines, office_running_costs, three_public_figures
from yusuan.compile.figures import figures
from yusuan.model.budget import WITHHELD, Budget, UnitKind
from yusuan.model.disclosure import Claim, ClaimUnit, Location, PartKey, claim_topics
from yusuan.model.money import ZERO, fmt_money, round_half_up
from yusuan.model.sources import (
    FISCAL_APPROPRIATION,
    GENERAL_BUDGET,
    GOVERNMENT_FUND,
    STATE_CAPITAL,
    FundSource,
    SourceGroup,
)

HUNDRED = Decimal(100)
Direction = Literal["up", "down", "flat"]


@cache
def narrative_data() -> dict[str, Any]:
    text = resources.files("yusuan.compile").joinpath("narrative.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


# ---------------------------------------------------------------- arithmetic
def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """Part of whole in %, two decimals, half-up; ``None`` when the whole is zero."""
    if not whole:
        return None
    return round_half_up(part / whole * HUNDRED)


@dataclass(frozen=True)
class Change:
    """Year over year: 上年预算数, the change and its rate (%, signed, two decimals)."""

    prior: Decimal
    amount: Decimal  # signed
    rate: Decimal  # signed

    @property
    def direction(self) -> Direction:
        if self.amount > 0:
            return "up"
        if self.amount < 0:
            return "down"
        return "flat"

    @property
    def from_zero(self) -> bool:
        return self.prior == 0 and self.amount != 0


def change(current: Decimal, prior: Decimal | None) -> Change | None:
    """The change from ``prior`` to ``current``; ``None`` without a prior figure.

    Growth from zero is 100.00 %, as the national format states it.
    """
    if prior is None:
        return None
    amount = current - prior
    if prior == 0:
        rate = ZERO if amount == 0 else HUNDRED.quantize(Decimal("0.01"))
    else:
        rate = round_half_up(amount / prior * HUNDRED)
    return Change(prior=prior, amount=amount, rate=rate)


@dataclass(frozen=True)
class CountChange:
    """A head count and its change from last year (people)."""

    count: int
    change: int | None = None

    @property
    def direction(self) -> Direction:
        if not self.change:
            return "flat"
        return "up" if self.change > 0 else "down"


# ---------------------------------------------------------------- facts
@dataclass(frozen=True)
class Figure:
    """One stated amount: its label, share of the whole, change and the reason given."""

    key: str
    label: str
    amount: Decimal
    share: Decimal | None = None
    change: Change | None = None
    reason: str | None = None
    code: str | None = None
    usage: str | None = None  # 主要用于…


@dataclass(frozen=True)
class StaffFacts:
    authorized: int
    actual: int
    active: CountChange
    retired: CountChange
    pre1949_retired: CountChange


@dataclass(frozen=True)
class Profile:
    functions: tuple[str, ...]
    offices: tuple[str, ...]
    subordinate_units: tuple[str, ...]
    staff: StaffFacts | None


@dataclass(frozen=True)
class Overall:
    total: Decimal
    revenue_groups: tuple[str, ...]
    expenditure_categories: tuple[str, ...]


@dataclass(frozen=True)
class RevenueLine:
    key: str
    label: str
    figure: Figure | None  # None: 未安排
    transfer: bool = False


@dataclass(frozen=True)
class RevenueSection:
    total: Decimal
    lines: tuple[RevenueLine, ...]


@dataclass(frozen=True)
class ExpenditureSection:
    total: Decimal
    basic: Figure
    project: Figure


@dataclass(frozen=True)
class FiscalGroup:
    key: str
    label: str
    amount: Decimal  # this year's appropriation
    carryover: Decimal  # 上年结转 of the same kind
    categories: tuple[Figure, ...]  # spending by 类, carryover included (表4)
    current_categories: tuple[Figure, ...]  # this year's appropriation only (表8, 表9)


@dataclass(frozen=True)
class FiscalSection:
    total: Decimal
    groups: tuple[FiscalGroup, ...]  # all three, amount zero when 未安排

    @property
    def present(self) -> tuple[FiscalGroup, ...]:
        return tuple(g for g in self.groups if g.amount or g.carryover)

    @property
    def absent(self) -> tuple[FiscalGroup, ...]:
        return tuple(g for g in self.groups if not g.amount and not g.carryover)


@dataclass(frozen=True)
class GeneralBudgetSection:
    total: Decimal
    basic: Figure
    project: Figure
    categories: tuple[Figure, ...]
    items: tuple[Figure, ...]  # label: 类（类）款（款）项（项）


@dataclass(frozen=True)
class BasicSection:
    total: Decimal
    personnel: Figure
    personnel_contents: tuple[str, ...]
    operating: Figure
    operating_contents: tuple[str, ...]


@dataclass(frozen=True)
class ProjectFacts:
    index: int
    name: str
    basis: str
    amount: Decimal
    owner: str
    allocation: str
    period: tuple[int, int, int, int] | None  # start year, month, end year, month

    @property
    def basis_withheld(self) -> bool:
        return self.basis == WITHHELD

    @property
    def allocation_withheld(self) -> bool:
        return self.allocation == WITHHELD


@dataclass(frozen=True)
class FundSection:
    """八/九: 政府性基金 or 国有资本经营 appropriations."""

    key: str
    amount: Decimal
    categories: tuple[Figure, ...]


@dataclass(frozen=True)
class ThreePublicSection:
    total: Figure
    parts: tuple[Figure, ...]

    @property
    def has_change(self) -> bool:
        return self.total.change is not None


@dataclass(frozen=True)
class OfficeRunningSection:
    amount: Figure | None  # None: 事业单位, no 机关运行经费
    admin_units: int
    institution_units: int


@dataclass(frozen=True)
class ProcurementSection:
    total: Decimal
    goods: Decimal
    works: Decimal
    services: Decimal
    sme_reserved: Decimal
    small_micro_reserved: Decimal | None


@dataclass(frozen=True)
class VehicleFacts:
    key: str
    label: str
    count: int
    value: Decimal


@dataclass(frozen=True)
class AssetsSection:
    as_of_year: int
    building_area: Decimal
    building_value: Decimal
    vehicle_count: int
    vehicle_value: Decimal
    vehicles: tuple[VehicleFacts, ...]
    furniture_value: Decimal
    other_value: Decimal
    large_equipment_50: int
    large_equipment_100: int
    planned_vehicle_purchase: Decimal
    planned_large_equipment_50: int
    planned_large_equipment_100: int


@dataclass(frozen=True)
class PerformanceSection:
    fiscal_count: int
    fiscal_total: Decimal
    non_fiscal_count: int
    non_fiscal_total: Decimal
    targets: tuple[str, ...]  # project names with a 绩效目标表, in order


@dataclass(frozen=True)
class OtherMatters:
    project_count: int  # 一般公共预算项目
    project_total: Decimal
    published_count: int  # 公开绩效目标表
    withheld_count: int
    matters: tuple[str, ...]


@dataclass(frozen=True)
class Narrative:
    """Everything parts 1 and 3 state, as facts; ``claims`` are the same facts as claims."""

    department: str
    year: int
    profile: Profile
    overall: Overall
    revenue: RevenueSection
    expenditure: ExpenditureSection
    fiscal: FiscalSection
    general_budget: GeneralBudgetSection
    basic: BasicSection
    projects: tuple[ProjectFacts, ...]
    government_fund: FundSection
    state_capital: FundSection
    three_public: ThreePublicSection
    office_running_costs: OfficeRunningSection
    procurement: ProcurementSection | None
    assets: AssetsSection | None
    performance: PerformanceSection
    other: OtherMatters
    has_prior: bool
    claims: tuple[Claim, ...] = field(default=())


# ---------------------------------------------------------------- claims
class _Claims:
    """Collects claims; the text is the topic's label and the value (data, not wording)."""

    def __init__(self) -> None:
        self.items: list[Claim] = []

    def add(
        self,
        topic: str,
        value: Decimal | int | str | tuple[str, ...] | None,
        section: str,
        part: PartKey = "narrative",
        row: str | None = None,
    ) -> None:
        if value is None:
            return
        base = topic.split(":", 1)[0]
        spec = claim_topics()[base]
        unit: ClaimUnit = spec["unit"]  # type: ignore[assignment]
        shown = _shown(value, unit)
        self.items.append(
            Claim(
                topic=topic,
                value=value,
                unit=unit,
                text=f"{spec['label']}：{shown}",
                location=Location(part=part, section=section, row=row),
            )
        )

    def figure(self, prefix: str, fig: Figure, section: str, param: str | None = None) -> None:
        """``prefix.amount|share|change|rate`` claims of a figure."""
        suffix = f":{param}" if param else ""
        topics = claim_topics()
        amount_topic = prefix if prefix in topics else f"{prefix}.amount"
        base = amount_topic.rsplit(".", 1)[0]
        self.add(amount_topic + suffix, fig.amount, section, row=fig.label)
        if fig.share is not None and f"{base}.share" in topics:
            self.add(f"{base}.share{suffix}", fig.share, section, row=fig.label)
        if fig.change is not None and f"{base}.change" in topics:
            self.add(f"{base}.change{suffix}", fig.change.amount, section, row=fig.label)
            self.add(f"{base}.rate{suffix}", fig.change.rate, section, row=fig.label)


def _shown(value: Decimal | int | str | tuple[str, ...], unit: str) -> str:
    if isinstance(value, tuple):
        return "、".join(value)
    if isinstance(value, Decimal) and unit == "万元":
        return f"{fmt_money(value)} 万元"
    if isinstance(value, Decimal) and unit == "%":
        return f"{value:,.2f}%"
    if unit == "text":
        return str(value)
    return f"{value} {unit}"


# ---------------------------------------------------------------- building
def _category_names(budget: Budget, codes: list[str]) -> tuple[str, ...]:
    catalog = budget.catalog
    return tuple(catalog.name(CodeKind.functional, c) or c for c in sorted(codes))


def _item_label(budget: Budget, code: str) -> str:
    catalog = budget.catalog
    names = [
        (catalog.name(CodeKind.functional, code[:3]) or code[:3], "类"),
        (catalog.name(CodeKind.functional, code[:5]) or code[:5], "款"),
        (catalog.name(CodeKind.functional, code) or code, "项"),
    ]
    return "".join(f"{name}（{level}）" for name, level in names)


def narrative(budget: Budget) -> Narrative:
    """The structured narrative of ``budget`` (parts 1 and 3), with its claims."""
    f = figures(budget)
    data = narrative_data()
    prior = budget.prior_year
    reasons = budget.reasons
    catalog = budget.catalog
    claims = _Claims()
    dept = budget.department

    # ---- 第一部分 概况
    staff = None
    if dept.staff:
        s = dept.staff
        ps = prior.staff if prior else None
        staff = StaffFacts(
            authorized=s.authorized,
            actual=s.actual,
            active=CountChange(s.active, s.active - ps.active if ps else None),
            retired=CountChange(s.retired, s.retired - ps.retired if ps else None),
            pre1949_retired=CountChange(
                s.pre1949_retired, s.pre1949_retired - ps.pre1949_retired if ps else None
            ),
        )
        claims.add("staff.authorized", s.authorized, "二", part="profile")
        claims.add("staff.actual", s.actual, "二", part="profile")
        for key in ("active", "retired", "pre1949_retired"):
            cc: CountChange = getattr(staff, key)
            claims.add(f"staff.{key}", cc.count, "二", part="profile")
            claims.add(f"staff.{key}.change", cc.change, "二", part="profile")
    claims.add("units.subordinate_count", len(dept.subordinate_units), "二", part="profile")
    claims.add("units.offices_count", len(dept.offices), "二", part="profile")
    profile = Profile(
        functions=dept.functions,
        offices=dept.offices,
        subordinate_units=tuple(u.name for u in dept.subordinate_units),
        staff=staff,
    )

    # ---- 一、总体说明
    groups_present = tuple(g.label for g in SourceGroup if f.revenue_by_group[g])
    cats_present = _category_names(budget, [c for c, v in f.expenditure_by_category.items() if v])
    overall = Overall(f.total, groups_present, cats_present)
    claims.add("total.amount", f.total, "一")
    claims.add("revenue.groups", groups_present, "一")
    claims.add("expenditure.categories", cats_present, "一")

    # ---- 二、收入预算
    rev_lines: list[RevenueLine] = []
    prior_rev = prior.revenue if prior and prior.revenue else None
    for spec in data["revenue_lines"]:
        sources = [FundSource(s) for s in spec["sources"]]
        group = SourceGroup(spec["group"]) if "group" in spec else None
        if group is not None:
            amount = f.revenue_by_group[group]
        else:
            amount = sum((f.revenue_by_source[s] for s in sources), ZERO)
        fell_to_zero = bool(group is not None and prior_rev and prior_rev.get(group))
        if not amount and not spec["always"] and not fell_to_zero:
            continue
        if not amount and not fell_to_zero:
            rev_lines.append(RevenueLine(spec["key"], spec["label"], None, group is None))
            if group is not None:
                claims.add(f"revenue.group.absent:{group.value}", spec["label"], "二")
            continue
        fig = Figure(
            key=spec["key"],
            label=spec["label"],
            amount=amount,
            share=share(amount, f.total),
            change=(
                change(amount, prior_rev.get(group, ZERO))
                if prior_rev is not None and group is not None
                else None
            ),
            reason=reasons.revenue.get(group) if group is not None else None,
        )
        rev_lines.append(RevenueLine(spec["key"], spec["label"], fig, group is None))
        if group is not None:
            claims.figure("revenue.group", fig, "二", group.value)
        elif "transfer" in spec:
            claims.figure("revenue.transfer", fig, "二", spec["transfer"])
    revenue = RevenueSection(f.total, tuple(rev_lines))
    claims.add("revenue.total", f.total, "二")

    # ---- 三、支出预算
    basic_fig = Figure(
        "basic",
        "基本支出",
        f.basic,
        share(f.basic, f.total),
        change(f.basic, prior.basic if prior else None),
        reasons.basic,
    )
    project_fig = Figure(
        "project",
        "项目支出",
        f.project,
        share(f.project, f.total),
        change(f.project, prior.project if prior else None),
        reasons.project,
    )
    expenditure = ExpenditureSection(f.total, basic_fig, project_fig)
    claims.add("expenditure.total", f.total, "三")
    claims.figure("basic", basic_fig, "三")
    claims.figure("project", project_fig, "三")

    # ---- 四、财政拨款 (表4: this year's appropriations and their 上年结转, by 类)
    group_sources = {
        "general_budget": (GENERAL_BUDGET, FundSource.carryover_general_budget),
        "government_fund": (GOVERNMENT_FUND, FundSource.carryover_government_fund),
        "state_capital": (STATE_CAPITAL, FundSource.carryover_state_capital),
    }
    current_cat: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    carried_cat: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for ln in lines(budget):
        for key, (members, carried_source) in group_sources.items():
            if ln.source in members:
                current_cat[key][ln.functional_code[:3]] += ln.amount
            elif ln.source is carried_source:
                carried_cat[key][ln.functional_code[:3]] += ln.amount

    def category_figures(cats: dict[str, Decimal], group: str) -> tuple[Figure, ...]:
        return tuple(
            Figure(
                key=code,
                label=catalog.name(CodeKind.functional, code) or code,
                amount=cats[code],
                code=code,
                usage=reasons.category_usage.get(code) if group == "general_budget" else None,
            )
            for code in sorted(cats)
            if cats[code]
        )

    fiscal_groups: list[FiscalGroup] = []
    for spec in data["fiscal_groups"]:
        key = spec["key"]
        this_year = current_cat.get(key, {})
        carried_over = carried_cat.get(key, {})
        both = {
            c: this_year.get(c, ZERO) + carried_over.get(c, ZERO)
            for c in {*this_year, *carried_over}
        }
        fiscal_group = FiscalGroup(
            key=key,
            label=spec["label"],
            amount=sum(this_year.values(), ZERO),
            carryover=sum(carried_over.values(), ZERO),
            categories=category_figures(both, key),
            current_categories=category_figures(this_year, key),
        )
        fiscal_groups.append(fiscal_group)
        if fiscal_group.amount:
            claims.add(f"fiscal.group.amount:{key}", fiscal_group.amount, "四")
        if fiscal_group.carryover:
            claims.add(f"fiscal.group.carryover:{key}", fiscal_group.carryover, "四")
        # the 类 of each kind of appropriation: 表4's column of that kind
        topic = "fiscal.category" if key == "general_budget" else f"fiscal.{key}.category"
        for cat in fiscal_group.categories:
            claims.add(f"{topic}.amount:{cat.code}", cat.amount, "四", row=cat.label)
    fiscal = FiscalSection(f.fiscal_total, tuple(fiscal_groups))
    claims.add("fiscal.total", f.fiscal_total, "四")

    # ---- 五、一般公共预算当年拨款
    gb_basic = Figure(
        "general_budget_basic",
        "基本支出",
        f.general_budget_basic,
        change=change(f.general_budget_basic, prior.general_budget_basic if prior else None),
        reason=reasons.general_budget_basic,
    )
    gb_project = Figure(
        "general_budget_project",
        "项目支出",
        f.general_budget_project,
        change=change(f.general_budget_project, prior.general_budget_project if prior else None),
        reason=reasons.general_budget_project,
    )
    claims.add("general_budget.total", f.general_budget, "五（一）")
    claims.figure("general_budget.basic", gb_basic, "五（一）")
    claims.figure("general_budget.project", gb_project, "五（一）")
    gb_cats = tuple(
        Figure(
            key=code,
            label=catalog.name(CodeKind.functional, code) or code,
            amount=amount,
            share=share(amount, f.general_budget),
            code=code,
        )
        for code, amount in sorted(f.general_budget_by_category.items())
        if amount
    )
    for cat in gb_cats:
        claims.figure("general_budget.category", cat, "五（二）", cat.code)
    prior_items = prior.general_budget_items if prior and prior.general_budget_items else None
    item_codes = {c for c, v in f.general_budget_by_item.items() if v}
    if prior_items:
        item_codes |= {c for c, v in prior_items.items() if v}
    gb_items = tuple(
        Figure(
            key=code,
            label=_item_label(budget, code),
            amount=f.general_budget_by_item.get(code, ZERO),
            change=(
                change(f.general_budget_by_item.get(code, ZERO), prior_items.get(code, ZERO))
                if prior_items is not None
                else None
            ),
            reason=reasons.items.get(code),
            code=code,
        )
        for code in sorted(item_codes)
    )
    for item in gb_items:
        claims.figure("general_budget.item", item, "五（三）", item.code)
    general_budget = GeneralBudgetSection(f.general_budget, gb_basic, gb_project, gb_cats, gb_items)

    # ---- 六、一般公共预算基本支出
    personnel_codes: set[str] = set()
    operating_codes: set[str] = set()
    for b in budget.basic:
        if b.source in GENERAL_BUDGET and b.amount:
            (personnel_codes if is_personnel(b.economic_code) else operating_codes).add(
                b.economic_code
            )

    def names(codes: set[str]) -> tuple[str, ...]:
        return tuple(catalog.name(CodeKind.economic, c) or c for c in sorted(codes))

    basic = BasicSection(
        total=f.general_budget_basic,
        personnel=Figure("personnel", "人员经费", f.personnel),
        personnel_contents=names(personnel_codes),
        operating=Figure("operating", "公用经费", f.operating),
        operating_contents=names(operating_codes),
    )
    claims.add("basic.personnel.amount", f.personnel, "六")
    claims.add("basic.operating.amount", f.operating, "六")
    claims.add("basic.personnel.contents", basic.personnel_contents, "六")
    claims.add("basic.operating.contents", basic.operating_contents, "六")

    # ---- 七、一般公共预算项目支出
    projects: list[ProjectFacts] = []
    for project in budget.projects:
        amount = project.general_budget_amount
        if not amount:
            continue
        period = None
        if project.period:
            sy, sm = project.period.start.split("-")
            ey, em = project.period.end.split("-")
            period = (int(sy), int(sm), int(ey), int(em))
        projects.append(
            ProjectFacts(
                index=len(projects) + 1,
                name=project.name,
                basis=project.basis,
                amount=amount,
                owner=project.owner or dept.name,
                allocation=project.allocation.text,
                period=period,
            )
        )
    claims.add("projects.count", len(projects), "七")
    claims.add("projects.total", f.general_budget_project, "七")
    claims.add("projects.listed", tuple(p.name for p in projects), "七")

    # ---- 八、九 政府性基金 / 国有资本经营
    def fund_section(key: str, section: str) -> FundSection:
        group = next(g for g in fiscal_groups if g.key == key)
        if group.amount:  # (表8/表9: this year's appropriations, by 类)
            claims.add(f"{key}.amount", group.amount, section)
            for cat in group.current_categories:
                claims.add(f"{key}.category.amount:{cat.code}", cat.amount, section, row=cat.label)
        return FundSection(key, group.amount, group.current_categories)

    government_fund = fund_section("government_fund", "八")
    state_capital = fund_section("state_capital", "九")

    # ---- 十、三公
    tp = three_public_figures(budget)
    prior_tp = prior.three_public if prior else None
    tp_total = Figure(
        "total",
        "“三公”经费",
        tp.total,
        change=change(tp.total, prior_tp.total if prior_tp else None),
        reason=reasons.three_public.get("total"),
    )
    tp_parts = tuple(
        Figure(
            spec["key"],
            spec["label"],
            getattr(tp, spec["key"]),
            change=change(getattr(tp, spec["key"]), getattr(prior_tp, spec["key"]))
            if prior_tp
            else None,
            reason=reasons.three_public.get(spec["key"]),
        )
        for spec in data["three_public_parts"]
    )
    claims.figure("three_public.total", tp_total, "十")
    for part in tp_parts:
        claims.figure("three_public.part", part, "十", part.key)
    three_public = ThreePublicSection(tp_total, tp_parts)

    # ---- 十一（一）机关运行经费
    orc = office_running_costs(budget)
    orc_fig = (
        Figure(
            "office_running_costs",
            "机关运行经费",
            orc,
            change=change(orc, prior.office_running_costs if prior else None),
            reason=reasons.office_running_costs,
        )
        if orc is not None
        else None
    )
    admin_units = sum(1 for u in dept.subordinate_units if u.kind is UnitKind.administrative)
    inst_units = sum(1 for u in dept.subordinate_units if u.kind is UnitKind.institution)
    office = OfficeRunningSection(orc_fig, admin_units, inst_units)
    if orc_fig:
        claims.figure("office_running_costs", orc_fig, "十一（一）")
        claims.add("office_running_costs.admin_units", admin_units, "十一（一）")
        claims.add("office_running_costs.institution_units", inst_units, "十一（一）")

    # ---- 十一（二）政府采购
    procurement = None
    if budget.procurement:
        p = budget.procurement
        procurement = ProcurementSection(
            p.total, p.goods, p.works, p.services, p.sme_reserved, p.small_micro_reserved
        )
        for key in ("total", "goods", "works", "services", "sme_reserved"):
            claims.add(f"procurement.{key}", getattr(procurement, key), "十一（二）")
        claims.add("procurement.small_micro_reserved", p.small_micro_reserved, "十一（二）")
    else:  # the prose says 本部门无政府采购预算
        claims.add("procurement.total", ZERO, "十一（二）")

    # ---- 十一（三）国有资产
    assets = None
    if budget.assets:
        a = budget.assets
        by_kind = {v.kind.value: v for v in a.vehicles}
        vehicles = tuple(
            VehicleFacts(
                spec["key"],
                spec["label"],
                by_kind[spec["key"]].count if spec["key"] in by_kind else 0,
                by_kind[spec["key"]].value if spec["key"] in by_kind else ZERO,
            )
            for spec in data["vehicle_kinds"]
        )
        assets = AssetsSection(
            as_of_year=a.as_of_year,
            building_area=a.building_area,
            building_value=a.building_value,
            vehicle_count=a.vehicle_count,
            vehicle_value=a.vehicle_value,
            vehicles=vehicles,
            furniture_value=a.furniture_value,
            other_value=a.other_value,
            large_equipment_50=a.large_equipment_50,
            large_equipment_100=a.large_equipment_100,
            planned_vehicle_purchase=a.planned_vehicle_purchase,
            planned_large_equipment_50=a.planned_large_equipment_50,
            planned_large_equipment_100=a.planned_large_equipment_100,
        )
        sec = "十一（三）"
        claims.add("assets.building_area", a.building_area, sec)
        claims.add("assets.building_value", a.building_value, sec)
        claims.add("assets.vehicle_count", a.vehicle_count, sec)
        claims.add("assets.vehicle_value", a.vehicle_value, sec)
        for v in vehicles:
            claims.add(f"assets.vehicle_kind_count:{v.key}", v.count, sec, row=v.label)
            claims.add(f"assets.vehicle_kind_value:{v.key}", v.value, sec, row=v.label)
        claims.add("assets.furniture_value", a.furniture_value, sec)
        claims.add("assets.other_value", a.other_value, sec)
        claims.add("assets.large_equipment_50", a.large_equipment_50, sec)
        claims.add("assets.large_equipment_100", a.large_equipment_100, sec)
        claims.add("assets.planned_vehicle_purchase", a.planned_vehicle_purchase, sec)

    # ---- 十一（四）预算绩效
    by_name = {p.name: p for p in budget.projects}
    fiscal_count = non_fiscal_count = 0
    fiscal_total = non_fiscal_total = ZERO
    for target in budget.performance_targets:
        project = by_name[target.project]
        fiscal_amount = project.amount_from(FISCAL_APPROPRIATION)
        if fiscal_amount:
            fiscal_count += 1
            fiscal_total += fiscal_amount
        else:
            non_fiscal_count += 1
            non_fiscal_total += project.total
    performance = PerformanceSection(
        fiscal_count,
        fiscal_total,
        non_fiscal_count,
        non_fiscal_total,
        tuple(t.shown_name for t in budget.performance_targets),
    )
    sec = "十一（四）"
    claims.add("performance.fiscal_count", fiscal_count, sec)
    claims.add("performance.fiscal_total", fiscal_total, sec)
    claims.add("performance.non_fiscal_count", non_fiscal_count, sec)
    claims.add("performance.non_fiscal_total", non_fiscal_total, sec)

    # ---- 十一（五）其他需说明的事项
    gb_names = {p.name for p in projects}
    published = sum(1 for t in budget.performance_targets if t.project in gb_names)
    other = OtherMatters(
        project_count=len(projects),
        project_total=f.general_budget_project,
        published_count=published,
        withheld_count=len(projects) - published,
        matters=budget.other_matters,
    )
    sec = "十一（五）"
    claims.add("projects.count", len(projects), sec)
    claims.add("projects.total", f.general_budget_project, sec)
    claims.add("performance.published_count", published, sec)
    claims.add("performance.withheld_count", other.withheld_count, sec)

    return Narrative(
        department=dept.name,
        year=budget.year,
        profile=profile,
        overall=overall,
        revenue=revenue,
        expenditure=expenditure,
        fiscal=fiscal,
        general_budget=general_budget,
        basic=basic,
        projects=tuple(projects),
        government_fund=government_fund,
        state_capital=state_capital,
        three_public=three_public,
        office_running_costs=office,
        procurement=procurement,
        assets=assets,
        performance=performance,
        other=other,
        has_prior=prior is not None,
        claims=tuple(claims.items),
    )


def narrative_claims(budget: Budget) -> tuple[Claim, ...]:
    """Every figure the compiled prose states, as claims for :func:`yusuan.compile.disclose`."""
    return narrative(budget).claims
