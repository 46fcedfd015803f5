"""A small generator of consistent random budgets, for round-trip, compile and audit tests.

``make_budget(seed, **overrides)`` gives the same budget for the same seed; ``budgets()`` is a
hypothesis strategy over the same generator.  Every budget satisfies the model's invariants:
codes come from the catalog of the budget's year (or are declared in ``codes``), project names
are unique, stated project amounts equal their parts, targets name existing projects,
procurement reserves stay within the total, prior-year figures add up.  They are also what a
careful author would publish: every project has its 资金执行时间, stated allocation items add up
to the amount printed for the project, target weights add up to 100 with 产出 and 满意度
indicators, so ``audit(disclose(make_budget(n)))`` finds nothing and an audit test can plant
one mistake at a time.

Shapes vary on purpose: 0–40 projects, single- and multi-source projects, basic lines funded
by unit funds or transfers, fiscal and non-fiscal carryover, and often no government-fund or
state-capital money at all (their tables then print as 空表).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from yusuan.catalog import CodeKind, load_catalog
from yusuan.model import (
    Allocation,
    AllocationItem,
    Assets,
    BasicLine,
    Budget,
    CodeEntry,
    Department,
    Indicator,
    PerformanceTarget,
    Period,
    PriorStaff,
    PriorYear,
    Procurement,
    Project,
    ProjectLine,
    Reasons,
    SourceGroup,
    Staff,
    SubordinateUnit,
    ThreePublicParts,
    UnitKind,
    VehicleGroup,
    VehicleKind,
)
from yusuan.model.money import ZERO
from yusuan.model.sources import CARRYOVER, GENERAL_BUDGET, UNIT_FUNDS, FundSource, group_of

S = FundSource

PLACES = ["阿图什市", "普陀区", "江宁区", "乌恰县", "昌吉市", "海门区", "临安区", "城关镇"]
BODIES = [
    ("中共{p}委员会办公室", UnitKind.administrative),
    ("{p}人民政府办公室", UnitKind.administrative),
    ("{p}教育局", UnitKind.administrative),
    ("{p}司法局", UnitKind.administrative),
    ("{p}卫生健康委员会", UnitKind.administrative),
    ("{p}档案馆", UnitKind.institution),
    ("{p}疾病预防控制中心", UnitKind.institution),
    ("{p}融媒体中心", UnitKind.institution),
]
OFFICES = ["办公室", "综合科", "财务室", "督查室", "信息科", "法规科", "人事科", "宣传科"]
WORDS = ["信息化建设", "设备购置", "档案数字化", "宣传教育", "维修改造", "专项培训", "运行维护"]
WORDS2 = ["经费", "项目", "补助资金", "工作经费", "专项资金"]
LEVELS = {
    "产出指标": ["数量指标", "质量指标", "时效指标"],
    "效益指标": ["社会效益指标", "经济效益指标", "可持续影响指标"],
    "满意度指标": ["服务对象满意度指标"],
    "成本指标": ["经济成本指标"],
}

#: economic 类 that basic expenditure uses (人员经费 301/303, 公用经费 302, and some 310)
BASIC_CATEGORIES = ("301", "302", "303", "310")
#: fund sources besides the general budget, by what they make a budget look like
UNIT_SOURCES = sorted(UNIT_FUNDS)
CARRYOVER_SOURCES = sorted(CARRYOVER)
TRANSFER_SOURCES = [S.general_budget_transfer]


def cents(rng: random.Random, low: int = 1, high: int = 99_999) -> Decimal:
    """A money amount in 万元 with exactly two decimals (``low``/``high`` in cents)."""
    return Decimal(rng.randint(low, high)).scaleb(-2)


@dataclass
class _Shape:
    """The choices that give a budget its shape (drawn first, then filled in)."""

    year: int = 2023
    projects: int = 5
    sources: list[FundSource] = field(default_factory=lambda: [S.general_budget])
    targets: bool = True
    procurement: bool = True
    assets: bool = True
    prior: bool = True
    declared_code: bool = False


def _shape(rng: random.Random) -> _Shape:
    sources = [S.general_budget]
    if rng.random() < 0.5:
        sources += rng.sample(UNIT_SOURCES, rng.randint(1, 3))
    if rng.random() < 0.3:
        sources.append(rng.choice([S.government_fund, S.government_fund_transfer]))
    if rng.random() < 0.2:
        sources.append(rng.choice([S.state_capital, S.state_capital_transfer]))
    if rng.random() < 0.3:
        sources += TRANSFER_SOURCES
    if rng.random() < 0.3:
        sources += rng.sample(CARRYOVER_SOURCES, rng.randint(1, 2))
    if rng.random() < 0.15:
        sources.append(S.special_account)
    projects = rng.choice([0, 0, 1, 2, 3, 5, 8, 12, 20, 40]) if rng.random() < 0.9 else 40
    return _Shape(
        year=rng.choice([2023, 2023, 2023, 2024, 2025]),
        projects=projects,
        sources=list(dict.fromkeys(sources)),
        targets=rng.random() < 0.6,
        procurement=rng.random() < 0.6,
        assets=rng.random() < 0.5,
        prior=rng.random() < 0.6,
        declared_code=rng.random() < 0.15,
    )


class _Codes:
    """The codes of one year's catalog a generated budget may use."""

    def __init__(self, year: int) -> None:
        catalog = load_catalog(year)
        self.items = sorted(c for c in catalog.functional if len(c) == 7)
        self.categories = sorted(c for c in catalog.economic if len(c) == 3)
        self.sections = sorted(c for c in catalog.economic if len(c) == 5)
        self.basic_sections = [c for c in self.sections if c[:3] in BASIC_CATEGORIES]
        self.project_codes = self.categories + self.sections
        self.catalog = catalog

    def free_item(self, rng: random.Random) -> tuple[str, str] | None:
        """An unused 项 code under an existing 款, for a budget's own ``codes``."""
        sections = sorted(c for c in self.catalog.functional if len(c) == 5)
        section = rng.choice(sections)
        for suffix in ("97", "96", "95", "94"):
            code = section + suffix
            if code not in self.catalog.functional:
                return code, "本单位自列项目"
        return None


def _department(rng: random.Random, kind_hint: int) -> Department:
    pattern, kind = BODIES[kind_hint % len(BODIES)]
    name = pattern.format(p=rng.choice(PLACES))
    active = rng.randint(0, 300)
    return Department(
        name=name,
        code=rng.choice([None, f"{rng.randint(100, 999)}{rng.randint(1, 99):03d}"]),
        kind=kind,
        functions=tuple(
            f"负责{rng.choice(WORDS)}相关工作（第{i + 1}项职能）。"
            for i in range(rng.randint(0, 4))
        ),
        offices=tuple(rng.sample(OFFICES, rng.randint(0, 5))),
        subordinate_units=tuple(
            SubordinateUnit(name=f"{name}下属{i + 1}号单位", kind=rng.choice(list(UnitKind)))
            for i in range(rng.choice([0, 0, 0, 1, 2]))
        ),
        staff=Staff(
            authorized=active + rng.randint(-5, 10) if active >= 5 else active,
            active=active,
            retired=rng.randint(0, 100),
            pre1949_retired=rng.choice([0, 0, 0, 1, 2]),
        )
        if rng.random() < 0.9
        else None,
    )


def _basic(
    rng: random.Random, codes: _Codes, shape: _Shape, extra_item: str | None
) -> list[BasicLine]:
    items = rng.sample(codes.items, min(len(codes.items), rng.randint(1, 6)))
    if extra_item:
        items.append(extra_item)
    out: list[BasicLine] = []
    seen: set[tuple[str, str, FundSource]] = set()
    for item in items:
        for economic in rng.sample(codes.basic_sections, rng.randint(1, 5)):
            source = S.general_budget if rng.random() < 0.75 else rng.choice(shape.sources)
            if (item, economic, source) in seen:
                continue
            seen.add((item, economic, source))
            amount = cents(rng) if rng.random() < 0.97 else ZERO
            out.append(
                BasicLine(
                    functional_code=item, economic_code=economic, source=source, amount=amount
                )
            )
    return out


def _project(rng: random.Random, codes: _Codes, shape: _Shape, number: int, year: int) -> Project:
    name = f"{rng.choice(WORDS)}{rng.choice(WORDS2)}（{number + 1}）"
    functional = rng.choice(codes.items)
    kwargs: dict[str, Any] = {}
    if len(shape.sources) > 1 and rng.random() < 0.3:
        lines = []
        for source in rng.sample(shape.sources, min(len(shape.sources), rng.randint(1, 3))):
            for economic in rng.sample(codes.project_codes, rng.randint(1, 2)):
                lines.append(ProjectLine(economic_code=economic, source=source, amount=cents(rng)))
        kwargs["lines"] = tuple(lines)
        total = sum((ln.amount for ln in lines), ZERO)
        general = sum((ln.amount for ln in lines if ln.source in GENERAL_BUDGET), ZERO)
    else:
        source = S.general_budget if rng.random() < 0.7 else rng.choice(shape.sources)
        split = {
            c: cents(rng, high=500_000) for c in rng.sample(codes.project_codes, rng.randint(1, 3))
        }
        kwargs["source"] = source
        kwargs["economic_split"] = split
        total = sum(split.values(), ZERO)
        general = total if source in GENERAL_BUDGET else ZERO
    if rng.random() < 0.5:
        kwargs["amount"] = total
    if rng.random() < 0.5:
        kwargs["basis"] = f"《关于{name}的通知》〔{year - 1}〕{rng.randint(1, 200)} 号"
    if rng.random() < 0.4:
        # the stated items add up to the 预算安排规模 the disclosure prints for the project:
        # its general-budget part (what PRJ-007 checks), or its total when it has none
        items = tuple(
            AllocationItem(label=f"分项{i + 1}", amount=part)
            for i, part in enumerate(_split(rng, general or total, rng.randint(1, 3)))
        )
        text = "；".join(f"{it.label} {it.amount} 万元" for it in items)
        kwargs["allocation"] = Allocation(text=text, items=items)
    start_month = rng.randint(1, 12)
    end_year = year + rng.choice([0, 0, 0, 1, 2])
    end_month = rng.randint(start_month if end_year == year else 1, 12)
    kwargs["period"] = Period(start=f"{year}-{start_month:02d}", end=f"{end_year}-{end_month:02d}")
    if rng.random() < 0.1:
        kwargs["owner"] = "下属单位"
    return Project(name=name, functional_code=functional, **kwargs)


def _split(rng: random.Random, total: Decimal, parts: int) -> list[Decimal]:
    """``total`` cut into ``parts`` non-negative amounts (two decimals) that add up exactly."""
    cuts = sorted(rng.randint(0, int(total * 100)) for _ in range(parts - 1))
    bounds = [0, *cuts, int(total * 100)]
    return [Decimal(b - a).scaleb(-2) for a, b in itertools.pairwise(bounds)]


def _target(rng: random.Random, project: Project) -> PerformanceTarget:
    """A target table an auditor accepts: weights add up to 100, with 产出 and 满意度 indicators."""
    n = rng.randint(2, 6)
    level1s = ["产出指标", "满意度指标"] + [rng.choice(list(LEVELS)) for _ in range(n - 2)]
    # whole-number weights, each at least 1, adding up to 100
    weights = [1 + int(w * 100) for w in _split(rng, Decimal(100 - n).scaleb(-2), n)]
    indicators = []
    for i, level1 in enumerate(level1s):
        indicators.append(
            Indicator(
                level1=level1,
                level2=rng.choice(LEVELS[level1]),
                name=f"指标{i + 1}",
                target=rng.choice(
                    ["≥95%", "=100%", "≤12 个月", "按时完成", f"={rng.randint(1, 50)} 台"]
                ),
                prior_value=rng.choice([None, "100%", "已完成"]),
                weight=Decimal(weights[i]),
                scoring_rule=rng.choice(["", "完成得满分，未完成不得分"]),
            )
        )
    return PerformanceTarget(
        project=project.name,
        manager=rng.choice([None, "张三", "李四"]),
        goal=rng.choice(["", f"按期完成{project.name}。"]),
        indicators=tuple(indicators),
    )


def _procurement(rng: random.Random) -> Procurement:
    goods, works, services = (cents(rng, 0) if rng.random() < 0.7 else ZERO for _ in range(3))
    total = goods + works + services
    sme = (total * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.01"))
    sme = min(sme, total)
    small = rng.choice([None, (sme * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.01"))])
    if small is not None:
        small = min(small, sme)
    return Procurement(
        goods=goods, works=works, services=services, sme_reserved=sme, small_micro_reserved=small
    )


def _assets(rng: random.Random, year: int) -> Assets:
    return Assets(
        as_of_year=year - 1,
        building_area=Decimal(rng.randint(0, 200_000)).scaleb(-2),
        building_value=cents(rng, 0),
        vehicles=tuple(
            VehicleGroup(kind=kind, count=rng.randint(0, 10), value=cents(rng, 0, 50_000))
            for kind in rng.sample(list(VehicleKind), rng.randint(0, 3))
        ),
        furniture_value=cents(rng, 0, 10_000),
        other_value=cents(rng, 0, 10_000),
        large_equipment_50=rng.randint(0, 3),
        large_equipment_100=rng.randint(0, 2),
        planned_vehicle_purchase=rng.choice([ZERO, cents(rng, 0, 5_000)]),
    )


def _prior(rng: random.Random, codes: _Codes, shape: _Shape) -> PriorYear:
    basic, project = cents(rng), cents(rng)
    total = basic + project
    groups = sorted({group_of(s) for s in shape.sources})
    revenue: dict[SourceGroup, Decimal] = {}
    left = total
    for group in groups[:-1]:
        part = (left * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.01"))
        revenue[group] = part
        left -= part
    revenue[groups[-1]] = left
    gb_basic, gb_project = cents(rng), cents(rng)
    items = rng.sample(codes.items, rng.randint(1, 4))
    item_amounts: dict[str, Decimal] = {}
    left = gb_basic + gb_project
    for item in items[:-1]:
        part = (left * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.01"))
        item_amounts[item] = part
        left -= part
    item_amounts[items[-1]] = left
    return PriorYear(
        revenue=revenue,
        basic=basic,
        project=project,
        general_budget_basic=gb_basic,
        general_budget_project=gb_project,
        general_budget_items=item_amounts if rng.random() < 0.7 else {},
        three_public=ThreePublicParts(
            overseas_travel=cents(rng, 0, 1_000),
            reception=cents(rng, 0, 1_000),
            vehicle_purchase=rng.choice([ZERO, cents(rng, 0, 3_000)]),
            vehicle_operation=cents(rng, 0, 2_000),
        )
        if rng.random() < 0.7
        else None,
        office_running_costs=rng.choice([None, cents(rng)]),
        staff=rng.choice(
            [None, PriorStaff(active=rng.randint(0, 300), retired=rng.randint(0, 99))]
        ),
    )


def _generate(rng: random.Random, shape: _Shape, overrides: dict[str, Any]) -> Budget:
    year = int(overrides.get("year", shape.year))
    codes = _Codes(overrides.get("catalog_year") or year)
    declared: list[CodeEntry] = []
    extra_item = None
    if shape.declared_code:
        free = codes.free_item(rng)
        if free:
            declared.append(CodeEntry(code=free[0], name=free[1], kind=CodeKind.functional))
            extra_item = free[0]
    projects = [_project(rng, codes, shape, i, year) for i in range(shape.projects)]
    # 绩效目标表 for projects shown in 表7 (with general-budget money), as published ones are
    targets = (
        [_target(rng, p) for p in projects if p.general_budget_amount and rng.random() < 0.6]
        if shape.targets
        else []
    )
    fields: dict[str, Any] = {
        "year": year,
        "department": _department(rng, rng.randrange(len(BODIES))),
        "codes": tuple(declared),
        "basic": tuple(_basic(rng, codes, shape, extra_item)),
        "projects": tuple(projects),
        "performance_targets": tuple(targets),
        "procurement": _procurement(rng) if shape.procurement else None,
        "assets": _assets(rng, year) if shape.assets else None,
        "prior_year": _prior(rng, codes, shape) if shape.prior else None,
        "reasons": Reasons(
            basic=rng.choice([None, "人员工资调整"]),
            project=rng.choice([None, "项目增加"]),
            office_running_costs=rng.choice([None, "严控一般性支出"]),
        ),
        "published_on": rng.choice([None, date(year, rng.randint(1, 3), rng.randint(1, 28))]),
        "other_matters": tuple(
            rng.sample(["本部门无政府性基金预算。", "无其他需说明的事项。"], rng.randint(0, 1))
        ),
    }
    fields.update(overrides)
    if "projects" in overrides and "performance_targets" not in overrides:
        names = {p.name for p in fields["projects"]}
        fields["performance_targets"] = tuple(
            t for t in fields["performance_targets"] if t.project in names
        )
    return Budget(**fields)


def make_budget(seed: int, **overrides: Any) -> Budget:
    """The same consistent random budget for the same ``seed``; fields in ``overrides`` win.

    ``make_budget(3, projects=())``, ``make_budget(3, year=2024)`` (codes then come from the
    2024 catalog), ``make_budget(3, prior_year=None)``.
    """
    rng = random.Random(seed)
    return _generate(rng, _shape(rng), overrides)


def complete_budget(seed: int) -> Budget:
    """``make_budget(seed)`` made complete and consistent, as a department would publish it:
    上年预算数 computed from another budget (so the priors the prose implies agree), a reason
    for the 三公 change and 国有资产 (which the factory leaves out and the completeness rules
    ask for)."""
    from yusuan.compile import prior_from_budget
    from yusuan.model.budget import Assets

    budget = make_budget(seed)
    update: dict[str, object] = {
        "prior_year": prior_from_budget(make_budget(seed + 100)),
        "reasons": budget.reasons.model_copy(update={"three_public": {"total": "严控公务支出"}}),
    }
    if budget.assets is None:
        update["assets"] = Assets(
            as_of_year=budget.year - 1, building_area=Decimal(100), building_value=Decimal(10)
        )
    return Budget.model_validate(budget.model_copy(update=update).model_dump())


@st.composite
def budgets(draw: st.DrawFn, /, max_projects: int = 40, **overrides: Any) -> Budget:
    """Hypothesis strategy: budgets of varied shape (departments, sources, 0–40 projects …)."""
    rng = draw(st.randoms(use_true_random=False))
    shape = _shape(rng)
    shape.projects = draw(st.integers(0, max_projects))
    extra = draw(
        st.lists(
            st.sampled_from([s for s in FundSource if s is not S.general_budget]),
            max_size=4,
            unique=True,
        )
    )
    shape.sources = list(dict.fromkeys([*shape.sources, *extra]))
    shape.year = draw(st.sampled_from([2023, 2024, 2025]))
    return _generate(rng, shape, overrides)


def budget_to_yaml(budget: Budget) -> str:
    """The budget file text for ``budget`` (what ``yusuan`` reads)."""
    from yusuan.model.dump import dump_budget

    return dump_budget(budget)


def source_amounts(budget: Budget) -> dict[FundSource, Decimal]:
    """Σ line amounts per fund source, computed straight from the line items (an oracle)."""
    out: dict[FundSource, Decimal] = {s: ZERO for s in FundSource}
    for line in budget.basic:
        out[line.source] += line.amount
    for project in budget.projects:
        for pl in project.all_lines:
            out[pl.source] += pl.amount
    return out


__all__ = ["budget_to_yaml", "budgets", "cents", "make_budget", "source_amounts"]
