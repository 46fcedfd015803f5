"""The budget of one department for one year, as immutable typed records.

Everything a disclosure shows is either stated here as a line item or derived from
these records by :mod:`yusuan.compile`.  Nothing derived is stored.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from yusuan.catalog import Catalog, CatalogEntry, CodeKind, level_of, load_catalog, parent_of
from yusuan.model.money import ZERO, Money
from yusuan.model.sources import GENERAL_BUDGET, FundSource, SourceGroup

#: What a disclosure prints where a project's basis or allocation is not published.
WITHHELD = "不予公开"

FunctionalItemCode = Annotated[str, Field(pattern=r"^\d{7}$", description="功能分类项级编码")]
EconomicSectionCode = Annotated[str, Field(pattern=r"^\d{5}$", description="经济分类款级编码")]
EconomicCode = Annotated[str, Field(pattern=r"^\d{3}(\d{2})?$", description="经济分类类/款级编码")]
YearMonth = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class InvariantError(ValueError):
    """A broken invariant, with the key path (``("projects", 3)``) it concerns."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Staff(Record):
    """编制数 and 实有人数 (在职 + 退休 + 离休)."""

    authorized: int = Field(ge=0)  # 编制数
    active: int = Field(ge=0)  # 在职
    retired: int = Field(ge=0)  # 退休
    pre1949_retired: int = Field(default=0, ge=0)  # 离休

    @property
    def actual(self) -> int:
        """实有人数."""
        return self.active + self.retired + self.pre1949_retired


class UnitKind(StrEnum):
    administrative = "administrative"  # 行政单位（含参公）
    institution = "institution"  # 事业单位


class SubordinateUnit(Record):
    name: str
    kind: UnitKind = UnitKind.institution


class Department(Record):
    name: str = Field(min_length=1)
    code: str | None = None
    kind: UnitKind = UnitKind.administrative
    functions: tuple[str, ...] = ()  # 主要职能
    offices: tuple[str, ...] = ()  # 内设机构
    subordinate_units: tuple[SubordinateUnit, ...] = ()
    staff: Staff | None = None


class CodeEntry(Record):
    """A code missing from yusuan's catalog, declared by the budget file itself."""

    code: str = Field(pattern=r"^\d{3}(\d{2}){0,2}$")
    name: str = Field(min_length=1)
    kind: CodeKind = CodeKind.functional


class BasicLine(Record):
    """基本支出 line item: functional 项 × economic 款 × fund source."""

    functional_code: FunctionalItemCode
    economic_code: EconomicSectionCode
    source: FundSource = FundSource.general_budget
    amount: Money


class ProjectLine(Record):
    economic_code: EconomicCode
    source: FundSource = FundSource.general_budget
    amount: Money


class AllocationItem(Record):
    label: str
    amount: Money | None = None


class Allocation(Record):
    """资金分配情况: the published text, with its amounts as items where stated."""

    text: str = WITHHELD
    items: tuple[AllocationItem, ...] = ()

    @property
    def withheld(self) -> bool:
        return self.text == WITHHELD


class Period(Record):
    """资金执行时间."""

    start: YearMonth
    end: YearMonth

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValueError(f"资金执行时间结束 {self.end} 早于开始 {self.start}")
        return self


class Project(Record):
    """项目支出: one named project.

    Money is given either as ``source`` + ``economic_split`` (one source) or as ``lines``
    (several sources).  ``amount``, when stated, must equal the parts.
    """

    name: str = Field(min_length=1)
    functional_code: FunctionalItemCode
    source: FundSource = FundSource.general_budget
    economic_split: dict[EconomicCode, Money] = Field(default_factory=dict)
    lines: tuple[ProjectLine, ...] = ()
    amount: Money | None = None
    owner: str | None = None  # 项目承担单位; None: the department itself
    basis: str = WITHHELD  # 设立的政策依据
    allocation: Allocation = Allocation()
    period: Period | None = None

    @model_validator(mode="after")
    def _money_stated_once(self) -> Self:
        if self.economic_split and self.lines:
            raise ValueError("economic_split 与 lines 只能给出其一")
        if not self.economic_split and not self.lines:
            raise ValueError("项目缺少金额：请给出 economic_split 或 lines")
        if self.amount is not None and self.amount != self.total:
            raise ValueError(
                f"项目「{self.name}」金额 {self.amount} 与经济分类合计 {self.total} 不一致"
            )
        return self

    @property
    def all_lines(self) -> tuple[ProjectLine, ...]:
        if self.lines:
            return self.lines
        return tuple(
            ProjectLine(economic_code=code, source=self.source, amount=amount)
            for code, amount in self.economic_split.items()
        )

    @property
    def total(self) -> Decimal:
        # the sum over all_lines, without building the lines (their amounts are these)
        if self.lines:
            return sum((line.amount for line in self.lines), ZERO)
        return sum(self.economic_split.values(), ZERO)

    def amount_from(self, sources: frozenset[FundSource]) -> Decimal:
        if self.lines:
            return sum((ln.amount for ln in self.lines if ln.source in sources), ZERO)
        return sum(self.economic_split.values(), ZERO) if self.source in sources else ZERO

    @property
    def general_budget_amount(self) -> Decimal:
        return self.amount_from(GENERAL_BUDGET)


class Indicator(Record):
    """One row of a 绩效目标表."""

    level1: str  # 一级指标
    level2: str  # 二级指标
    name: str  # 三级指标
    target: str  # 指标值
    basis: str = "计划标准"  # 指标值设置依据
    prior_value: str | None = None  # 上年完成值
    weight: Decimal = Field(ge=0)  # 指标分值权重
    scoring_rule: str = ""  # 指标赋分规则
    evidence: str | None = None  # 佐证资料


class PerformanceTarget(Record):
    """项目支出绩效目标表 of one project (amounts come from the project)."""

    project: str  # the Project.name it belongs to
    title: str | None = None  # the name printed on the target table, when it differs
    manager: str | None = None  # 项目负责人
    goal: str = ""  # 项目总体目标
    indicators: tuple[Indicator, ...] = ()

    @property
    def shown_name(self) -> str:
        return self.title or self.project


class Procurement(Record):
    """政府采购预算."""

    goods: Money = ZERO
    works: Money = ZERO
    services: Money = ZERO
    sme_reserved: Money = ZERO  # 面向中小企业预留
    small_micro_reserved: Money | None = None  # 其中：面向小微企业预留

    @property
    def total(self) -> Decimal:
        return self.goods + self.works + self.services

    @model_validator(mode="after")
    def _reserved_within(self) -> Self:
        if self.sme_reserved > self.total:
            raise ValueError(f"面向中小企业预留 {self.sme_reserved} 超过政府采购预算 {self.total}")
        if self.small_micro_reserved is not None and self.small_micro_reserved > self.sme_reserved:
            raise ValueError("面向小微企业预留超过面向中小企业预留")
        return self


class VehicleKind(StrEnum):
    general_official = "general_official"  # 一般公务用车
    law_enforcement = "law_enforcement"  # 执法执勤用车
    other = "other"  # 其他车辆


class VehicleGroup(Record):
    kind: VehicleKind
    count: int = Field(ge=0)
    value: Money


class Assets(Record):
    """国有资产占用使用情况 (as of the end of the previous year)."""

    as_of_year: int
    building_area: Decimal = Field(ge=0)  # 房屋 平方米
    building_value: Money
    vehicles: tuple[VehicleGroup, ...] = ()
    furniture_value: Money = ZERO
    other_value: Money = ZERO
    large_equipment_50: int = Field(default=0, ge=0)  # 单位价值 50 万元以上大型设备（台）
    large_equipment_100: int = Field(default=0, ge=0)  # 单位价值 100 万元以上
    planned_vehicle_purchase: Money = ZERO  # 本年预算安排购置车辆经费
    planned_large_equipment_50: int = Field(default=0, ge=0)
    planned_large_equipment_100: int = Field(default=0, ge=0)

    @property
    def vehicle_count(self) -> int:
        return sum(v.count for v in self.vehicles)

    @property
    def vehicle_value(self) -> Decimal:
        return sum((v.value for v in self.vehicles), ZERO)


class ThreePublicParts(Record):
    """三公经费 by part."""

    overseas_travel: Money = ZERO  # 因公出国（境）费
    reception: Money = ZERO  # 公务接待费
    vehicle_purchase: Money = ZERO  # 公务用车购置费
    vehicle_operation: Money = ZERO  # 公务用车运行费

    @property
    def vehicles(self) -> Decimal:
        return self.vehicle_purchase + self.vehicle_operation

    @property
    def total(self) -> Decimal:
        return self.overseas_travel + self.reception + self.vehicles


class PriorStaff(Record):
    active: int = Field(ge=0)
    retired: int = Field(ge=0)
    pre1949_retired: int = Field(default=0, ge=0)


class PriorYear(Record):
    """上年预算数: last year's budgeted figures, for year-over-year text.

    Typed from what the prose implies (current − change), or computed from last year's
    budget file by :func:`yusuan.compile.prior_from_budget`.
    """

    revenue: dict[SourceGroup, Money] = Field(default_factory=dict)
    basic: Money | None = None
    project: Money | None = None
    general_budget_basic: Money | None = None
    general_budget_project: Money | None = None
    general_budget_items: dict[FunctionalItemCode, Money] = Field(default_factory=dict)
    three_public: ThreePublicParts | None = None
    office_running_costs: Money | None = None
    staff: PriorStaff | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.general_budget_items and None not in (
            self.general_budget_basic,
            self.general_budget_project,
        ):
            items = sum(self.general_budget_items.values(), ZERO)
            parts = (self.general_budget_basic or ZERO) + (self.general_budget_project or ZERO)
            if items != parts:
                raise ValueError(
                    f"上年一般公共预算分项合计 {items} 与基本支出＋项目支出 {parts} 不一致"
                )
        if self.revenue and self.basic is not None and self.project is not None:
            revenue = sum(self.revenue.values(), ZERO)
            if revenue != self.basic + self.project:
                spent = self.basic + self.project
                raise ValueError(f"上年收入合计 {revenue} 与基本支出＋项目支出 {spent} 不一致")
        return self


class Reasons(Record):
    """主要原因 and 主要用于 texts the prose quotes; keys as the figures they explain."""

    revenue: dict[SourceGroup, str] = Field(default_factory=dict)
    basic: str | None = None
    project: str | None = None
    general_budget_basic: str | None = None
    general_budget_project: str | None = None
    items: dict[FunctionalItemCode, str] = Field(default_factory=dict)
    category_usage: dict[str, str] = Field(default_factory=dict)  # 类 code → 主要用于…
    three_public: dict[
        Literal["total", "overseas_travel", "reception", "vehicle_purchase", "vehicle_operation"],
        str,
    ] = Field(default_factory=dict)
    office_running_costs: str | None = None


class Budget(Record):
    """部门预算: one department, one year."""

    year: int = Field(ge=2000, le=2100)
    catalog_year: int | None = None
    department: Department
    codes: tuple[CodeEntry, ...] = ()
    basic: tuple[BasicLine, ...] = ()
    projects: tuple[Project, ...] = ()
    performance_targets: tuple[PerformanceTarget, ...] = ()
    procurement: Procurement | None = None
    assets: Assets | None = None
    prior_year: PriorYear | None = None
    reasons: Reasons = Reasons()
    published_on: date | None = None  # 落款日期
    other_matters: tuple[str, ...] = ()  # 其他需说明的事项 (free text)

    @property
    def catalog(self) -> Catalog:
        base = load_catalog(self.catalog_year or self.year)
        if not self.codes:
            return base
        return base.with_entries(
            CatalogEntry(
                code=c.code,
                name=c.name,
                level=level_of(c.kind, c.code) or "项",
                parent=parent_of(c.code),
                kind=c.kind,
                source="budget file",
            )
            for c in self.codes
        )

    def functional_codes(self) -> Iterator[str]:
        for line in self.basic:
            yield line.functional_code
        for project in self.projects:
            yield project.functional_code

    @model_validator(mode="after")
    def _invariants(self) -> Self:
        catalog = self.catalog
        if _invariants_hold(self, catalog):
            return self
        # find the first broken invariant, in order
        known: set[tuple[CodeKind, str]] = set()  # codes checked already (and found)

        def check(kind: CodeKind, code: str, where: tuple[str | int, ...]) -> None:
            if (kind, code) not in known:
                _check_code(catalog, kind, code, where)
                known.add((kind, code))

        for i, line in enumerate(self.basic):
            check(CodeKind.functional, line.functional_code, ("basic", i))
            check(CodeKind.economic, line.economic_code, ("basic", i))
        names: set[str] = set()
        for i, project in enumerate(self.projects):
            where: tuple[str | int, ...] = ("projects", i)
            if project.name in names:
                raise InvariantError(where, f"项目名称重复：{project.name}")
            names.add(project.name)
            check(CodeKind.functional, project.functional_code, where)
            economic = [ln.economic_code for ln in project.lines] or project.economic_split
            for code in economic:
                check(CodeKind.economic, code, where)
        seen: set[str] = set()
        for i, target in enumerate(self.performance_targets):
            if target.project not in names:
                raise InvariantError(
                    ("performance_targets", i, "project"),
                    f"绩效目标表所属项目不存在：{target.project}",
                )
            if target.project in seen:
                raise InvariantError(
                    ("performance_targets", i, "project"),
                    f"项目重复填报绩效目标表：{target.project}",
                )
            seen.add(target.project)
        return self


def _invariants_hold(budget: Budget, catalog: Catalog) -> bool:
    """Whether every invariant of :meth:`Budget._invariants` holds (checked as sets, at once)."""
    names = {p.name for p in budget.projects}
    targets = [t.project for t in budget.performance_targets]
    if len(names) != len(budget.projects) or not names.issuperset(targets):
        return False
    if len(set(targets)) != len(targets):
        return False
    functional = {line.functional_code for line in budget.basic}
    functional.update(p.functional_code for p in budget.projects)
    economic = {line.economic_code for line in budget.basic}
    for p in budget.projects:
        economic.update([ln.economic_code for ln in p.lines] or p.economic_split)
    return all(_code_known(catalog.functional, c) for c in functional) and all(
        _code_known(catalog.economic, c) for c in economic
    )


def _code_known(table: Mapping[str, CatalogEntry], code: str | None) -> bool:
    """The code and its parents are all in the catalog table."""
    while code:
        if code not in table:
            return False
        code = parent_of(code)
    return True


def _check_code(catalog: Catalog, kind: CodeKind, code: str, where: tuple[str | int, ...]) -> None:
    what = "功能分类" if kind is CodeKind.functional else "经济分类"
    if catalog.get(kind, code) is None:
        raise InvariantError(
            where,
            f"未知的{what}科目编码 {code}（{catalog.year} 年科目表中没有；"
            "若确为正式科目，请在 codes 中写明编码和名称）",
        )
    parent = parent_of(code)
    while parent:
        if catalog.get(kind, parent) is None:
            raise InvariantError(where, f"{what}科目 {code} 的上级科目 {parent} 不在科目表中")
        parent = parent_of(parent)
