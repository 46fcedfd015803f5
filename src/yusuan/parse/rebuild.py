"""Rebuilding a :class:`Budget` from what a disclosure states.

What the tables do not publish is filled in by documented, deterministic rules:

- 基本支出 by functional 项 × economic 款: 表5 gives each 项's basic total, 表6 each 款's;
  the cross-table is filled by the north-west-corner rule (项 in code order × 款 in code
  order), which meets both margins exactly, so 表3/表5/表6 compile back unchanged.
- 项目支出 economic split: 表7's columns as placed (see :mod:`yusuan.parse.place`).
- Funds outside the general budget (表3 − 表5): a line per 项 with the source the revenue
  table names (单位资金 → the 收入 row of 表1 that carries it), economic code 30299 (basic)
  or 302 (project), reported as an assumption.
- 上年预算数: current − the change the prose states.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from datetime import date
from decimal import MAX_PREC, ROUND_HALF_UP, Context, Decimal
from functools import reduce
from itertools import chain
from operator import attrgetter
from typing import Any

from pydantic import ValidationError

from yusuan.catalog import Catalog, CodeKind, parent_of
from yusuan.model.budget import (
    WITHHELD,
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
    Reasons,
    Staff,
    ThreePublicParts,
    UnitKind,
    VehicleGroup,
    VehicleKind,
)
from yusuan.model.disclosure import Claim, Disclosure, StatedIndicator, StatedTable
from yusuan.model.money import CENT, ZERO
from yusuan.model.sources import FundSource, SourceGroup
from yusuan.parse.records import record, trusted

_UNIT_FUND_ROWS = {
    "其中：事业收入": FundSource.business_income,
    "上级补助收入": FundSource.superior_subsidy,
    "附属单位上缴收入": FundSource.affiliated_remittance,
    "事业单位经营收入": FundSource.operating_income,
    "其他收入": FundSource.other_income,
}
_REVENUE_COLUMN_SOURCE = {
    "general_budget": FundSource.general_budget,
    "general_budget_transfer": FundSource.general_budget_transfer,
    "government_fund": FundSource.government_fund,
    "government_fund_transfer": FundSource.government_fund_transfer,
    "state_capital": FundSource.state_capital,
    "state_capital_transfer": FundSource.state_capital_transfer,
    "special_account": FundSource.special_account,
    "business_income": FundSource.business_income,
    "operating_income": FundSource.operating_income,
    "other_income": FundSource.other_income,
    "superior_subsidy": FundSource.superior_subsidy,
    "affiliated_remittance": FundSource.affiliated_remittance,
    "carryover_fiscal": FundSource.carryover_general_budget,
    "carryover_non_fiscal": FundSource.carryover_unit_funds,
}


class _Claims:
    """The disclosure's claims, indexed once: by topic, and with each topic's base and param."""

    def __init__(self, claims: tuple[Claim, ...]) -> None:
        self.first = {c.topic: c for c in reversed(claims)}
        self.by_topic: dict[str, list[Claim]] = {}
        if len(self.first) < len(claims):  # some topic stated twice
            for c in claims:
                self.by_topic.setdefault(c.topic, []).append(c)
        # claims of topics with a parameter, with base and parameter
        self.split: list[tuple[Claim, str, str]] = []
        for c in claims:
            if ":" in c.topic:
                base, _, param = c.topic.partition(":")
                self.split.append((c, base, param))

    def value(self, topic: str) -> Any:
        """The value of the first claim of ``topic``, None when there is none."""
        found = self.first.get(topic)
        return None if found is None else found.value

    def all(self, topic: str) -> list[Claim]:
        """Every claim of ``topic``, in order."""
        if not self.by_topic:
            found = self.first.get(topic)
            return [] if found is None else [found]
        return self.by_topic.get(topic, [])


def _items(table: StatedTable | None, column: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    if table is None:
        return out
    for r in table.rows:
        if r.code and len(r.code) == 7:
            v = r.values.get(column)
            if v:
                out[r.code] = out.get(r.code, ZERO) + v
    return out


def _northwest(
    rows: list[tuple[str, Decimal]], cols: list[tuple[str, Decimal]]
) -> list[tuple[str, str, Decimal]]:
    """A non-negative table with the given margins (equal totals), filled corner first."""
    out: list[tuple[str, str, Decimal]] = []
    i = j = 0
    r_left = [v for _, v in rows]
    c_left = [v for _, v in cols]
    while i < len(rows) and j < len(cols):
        amount = min(r_left[i], c_left[j])
        if amount > 0:
            out.append((rows[i][0], cols[j][0], amount))
        r_left[i] -= amount
        c_left[j] -= amount
        if r_left[i] == 0:
            i += 1
        if j < len(cols) and c_left[j] == 0:
            j += 1
    return out


def _ym(text: str | None) -> Period | None:
    if not text:
        return None
    m = re.match(r"(\d{4})年(\d{1,2})月至(\d{4})年(\d{1,2})月", text)
    if not m:
        return None
    try:
        return Period(
            start=f"{m.group(1)}-{int(m.group(2)):02d}", end=f"{m.group(3)}-{int(m.group(4)):02d}"
        )
    except ValidationError:
        return None


_ITEM = re.compile(r"^(?P<label>.+?)\s*(?P<a>\d+(?:\.\d+)?)\s*万元?$")


def _allocation(text: str | None) -> Allocation:
    """资金分配情况 as printed, with its "label N 万元" items when every part has one."""
    if not text or text == WITHHELD:
        return Allocation()
    items = []
    for part in re.split(r"[；;，,]", text.rstrip("。；; ")):
        m = _ITEM.match(part.strip())
        if m is None:
            return Allocation(text=text)
        # stripped text and a non-negative amount in cents: as validation would give them
        label, amount = m.group("label").strip(), Decimal(m.group("a")).quantize(CENT)
        items.append(trusted(AllocationItem, label=label, amount=amount))
    return trusted(Allocation, text=text, items=tuple(items))


_WIDE = Context(prec=MAX_PREC)
_VALUES = attrgetter("values")


def _cent_exponents(table: StatedTable) -> bool:
    """True when no amount has more than two decimals as written (then each is cent-exact).

    An exact sum has the smallest exponent of its terms; zeros are exact whatever they show.
    """
    amounts = filter(None, chain.from_iterable(map(dict.values, map(_VALUES, table.rows))))
    exponent = reduce(_WIDE.add, amounts, ZERO).as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -2


def _to_cents(table: StatedTable, notes: list[str]) -> StatedTable:
    """The table with every amount rounded half-up to the cent (万元, 2 decimals), as the model
    holds money; tables printed in 元 are stated exactly (up to 6 decimals in 万元)."""
    if _cent_exponents(table) or all(
        v is None or v == v.quantize(CENT) for r in table.rows for v in r.values.values()
    ):
        return table
    notes.append(f"表{table.number}的金额以元列示，还原预算模型时各单元格四舍五入到万元两位小数")
    rows = tuple(
        r.model_copy(
            update={
                "values": {
                    c: None if v is None else v.quantize(CENT, rounding=ROUND_HALF_UP)
                    for c, v in r.values.items()
                }
            }
        )
        for r in table.rows
    )
    return table.model_copy(update={"rows": rows})


# ---- records from values validation would keep as they are
#
# Validating hundreds of line items is most of a rebuild's time, and what a disclosure states
# is mostly valid by construction: its text comes from validated records with the same
# configuration as the budget's (stripped str), so only what the budget model adds is checked
# here, cheaply and conservatively (names not empty, codes of ASCII digits, amounts finite,
# non-negative and cent-exact, weights not negative).  What passes is built as
# ``model_construct`` does (parse/records.py), with the values and fields set validation
# would give; anything else goes through validation, errors included.


def _digits(value: object, *lengths: int) -> bool:
    return type(value) is str and len(value) in lengths and value.isascii() and value.isdigit()


def _economic_code(value: object) -> bool:
    return _digits(value, 3, 5)


def _cents(value: object) -> Decimal | None:
    """The amount as :data:`Money` validation gives it, or None when it might not pass."""
    if type(value) is not Decimal or not value.is_finite() or value < 0:
        return None
    cents = value.quantize(CENT)
    return cents if cents == value else None


def _basic_line(functional: str, economic: str, amount: Decimal) -> BasicLine:
    cents = _cents(amount)
    if cents is None or not _digits(functional, 7) or not _digits(economic, 5):
        return BasicLine(functional_code=functional, economic_code=economic, amount=amount)
    data = {
        "functional_code": functional,
        "economic_code": economic,
        "source": FundSource.general_budget,
        "amount": cents,
    }
    return record(BasicLine, data, {"functional_code", "economic_code", "amount"})


_PROJECT_FIELDS = frozenset(
    ("name", "functional_code", "economic_split", "basis", "allocation", "period", "owner")
)


def _project(fields: dict[str, Any], plain_columns: bool) -> Project:
    """A stated project (its split non-empty, no lines, no amount: the model validator holds)."""
    split: dict[str, Decimal] = {}
    if plain_columns and fields["name"] and _digits(fields["functional_code"], 7):
        for code, amount in fields["economic_split"].items():
            cents = _cents(amount)
            if cents is None:
                break
            split[code] = cents
    if len(split) != len(fields["economic_split"]):
        return Project(**fields)
    data = {
        "name": fields["name"],
        "functional_code": fields["functional_code"],
        "source": FundSource.general_budget,
        "economic_split": split,
        "lines": (),
        "amount": None,
        "owner": fields["owner"],
        "basis": fields["basis"],
        "allocation": fields["allocation"],
        "period": fields["period"],
    }
    return record(Project, data, set(_PROJECT_FIELDS))


_INDICATOR_FIELDS = frozenset(
    ("level1", "level2", "name", "target", "basis", "prior_value", "weight", "scoring_rule")
)


def _indicators(stated: tuple[StatedIndicator, ...]) -> tuple[Indicator, ...]:
    """A target table's indicators, as validation gives them from what the table states."""
    weights = [i.weight or ZERO for i in stated]
    if (
        {Decimal}.issuperset(map(type, weights))
        and all(map(Decimal.is_finite, weights))
        and all(w >= 0 for w in weights)
    ):
        return tuple(
            record(
                Indicator,
                {
                    "level1": i.level1,
                    "level2": i.level2,
                    "name": i.name,
                    "target": i.target,
                    "basis": i.basis or "计划标准",
                    "prior_value": i.prior_value,
                    "weight": w,
                    "scoring_rule": i.scoring_rule or "",
                    "evidence": None,
                },
                set(_INDICATOR_FIELDS),
            )
            for i, w in zip(stated, weights, strict=True)
        )
    return tuple(
        Indicator(
            level1=i.level1,
            level2=i.level2,
            name=i.name,
            target=i.target,
            basis=i.basis or "计划标准",
            prior_value=i.prior_value,
            weight=w,
            scoring_rule=i.scoring_rule or "",
        )
        for i, w in zip(stated, weights, strict=True)
    )


def rebuild(disclosure: Disclosure, catalog: Catalog) -> tuple[Budget | None, list[str]]:
    """The budget the disclosure implies, and notes on what was assumed or left out."""
    notes: list[str] = []
    tables = {k: _to_cents(t, notes) for k, t in disclosure.tables.items()}
    claims = _Claims(disclosure.claims)
    t5 = tables.get("general_budget_expenditure")
    t3 = tables.get("expenditure")
    t6 = tables.get("general_budget_basic")
    t7 = tables.get("general_budget_projects")
    if t5 is None or t6 is None:
        return None, ["缺少一般公共预算支出表或基本支出表，未能还原预算模型"]
    codes: dict[tuple[CodeKind, str], str] = {}

    visited: set[tuple[CodeKind, str]] = set()  # codes looked up, with their parents

    def need(kind: CodeKind, code: str, name: str) -> None:
        c: str | None = code
        while c and (kind, c) not in visited:
            visited.add((kind, c))
            if catalog.get(kind, c) is None:
                codes[(kind, c)] = name if c == code else c
            c = parent_of(c)

    for t, kind in ((t5, CodeKind.functional), (t3, CodeKind.functional), (t6, CodeKind.economic)):
        if t is None:
            continue
        for r in t.rows:
            if r.code:
                need(kind, r.code, r.label or r.code)
    if codes:  # names of missing parents from the tables themselves
        labels = {
            (k, r.code): r.label
            for t, k in (
                (t5, CodeKind.functional),
                (t3, CodeKind.functional),
                (t6, CodeKind.economic),
            )
            if t
            for r in t.rows
            if r.code
        }
        for key in list(codes):
            if labels.get(key):
                codes[key] = labels[key]

    # ---- basic
    gb_basic = _items(t5, "basic")
    econ = [
        (r.code, r.values.get("total") or ZERO)
        for r in t6.rows
        if r.code and len(r.code) == 5 and r.values.get("total")
    ]
    item_rows = sorted(gb_basic.items())
    if sum((v for _, v in item_rows), ZERO) != sum((v for _, v in econ), ZERO):
        notes.append("表5 基本支出合计与表6 合计不等，基本支出交叉分配可能不完整")
    basic = [_basic_line(f, e, a) for f, e, a in _northwest(item_rows, econ)]
    # ---- sources outside the general budget
    other_source = FundSource.other_income
    ov = tables.get("overview")
    if ov:
        for r in ov.rows:
            label = r.texts.get("revenue_label", "")
            if label in _UNIT_FUND_ROWS and r.values.get("revenue_amount"):
                other_source = _UNIT_FUND_ROWS[label]
    rev = tables.get("revenue")
    if rev:
        for col in rev.columns:
            if (
                col in _REVENUE_COLUMN_SOURCE
                and col not in ("general_budget",)
                and any(r.values.get(col) for r in rev.rows if r.kind == "total")
            ):
                if col not in ("unit_funds",):
                    other_source = _REVENUE_COLUMN_SOURCE[col]
    if t3 is not None:
        for code, amount in sorted(_items(t3, "basic").items()):
            rest = amount - gb_basic.get(code, ZERO)
            if rest > 0:
                basic.append(
                    BasicLine(
                        functional_code=code,
                        economic_code="30299",
                        source=other_source,
                        amount=rest,
                    )
                )
                notes.append(
                    f"{code} 非一般公共预算基本支出 {rest} 万元的经济分类未公开，记入 30299"
                )
    # ---- projects
    stated = {p.name: p for p in disclosure.projects}
    order = {p.name: (p.index or 0) for p in disclosure.projects}
    projects: list[Project] = []
    gb_project_by_item: dict[str, Decimal] = defaultdict(lambda: ZERO)
    if t7 is not None:
        econ_cols = [c for c in t7.columns if c != "total"]
        plain_cols = all(_economic_code(c) for c in econ_cols)
        rows7 = [r for r in t7.rows if r.kind == "project"]
        # the same texts recur from project to project: one record each (frozen, shareable)
        allocations: dict[str | None, Allocation] = {}
        periods: dict[str | None, Period | None] = {}
        for pos, r in enumerate(rows7):
            name = r.texts.get("project") or r.label
            split = {c: v for c in econ_cols if (v := r.values.get(c))}
            if not split or not r.code:
                continue
            sp = stated.get(name)
            try:
                allocation = sp.allocation if sp else None
                if allocation not in allocations:
                    allocations[allocation] = _allocation(allocation)
                period = sp.period if sp else None
                if period not in periods:
                    periods[period] = _ym(period)
                fields = {
                    "name": name,
                    "functional_code": r.code,
                    "economic_split": split,
                    "basis": (sp.basis if sp and sp.basis else WITHHELD),
                    "allocation": allocations[allocation],
                    "period": periods[period],
                    "owner": None
                    if not sp or not sp.owner or sp.owner == disclosure.department
                    else sp.owner,
                }
                projects.append(_project(fields, plain_cols))
            except ValidationError as exc:
                notes.append(f"项目“{name}”未能还原：{exc.errors()[0]['msg']}")
                continue
            gb_project_by_item[r.code] += r.values.get("total") or ZERO
            order.setdefault(name, 1000 + pos)
        projects.sort(key=lambda p: order.get(p.name, 10_000))
    gb_items_project = _items(t5, "project")
    for code, amount in sorted(gb_items_project.items()):
        rest = amount - gb_project_by_item.get(code, ZERO)
        if rest > 0:
            projects.append(
                Project(
                    name=f"一般公共预算项目支出（{code}，未列明）",
                    functional_code=code,
                    economic_split={"302": rest},
                )
            )
            notes.append(f"{code} 一般公共预算项目支出 {rest} 万元未在项目表中列明")
    if t3 is not None:
        for code, amount in sorted(_items(t3, "project").items()):
            rest = amount - gb_items_project.get(code, ZERO)
            if rest > 0:
                projects.append(
                    Project(
                        name=f"{other_source.label}安排的项目支出（{code}）",
                        functional_code=code,
                        source=other_source,
                        economic_split={"302": rest},
                    )
                )
                notes.append(
                    f"{code} 非一般公共预算项目支出 {rest} 万元未公开项目与经济分类，"
                    f"记为{other_source.label}安排、经济分类 302"
                )
    # ---- performance targets
    targets: list[PerformanceTarget] = []
    candidates = [(p.name, _bare(p.name), p.total) for p in projects]
    used: set[str] = set()
    for pt in disclosure.performance:
        match = _match_project(pt.project, pt.total, candidates, used)
        if match is None:
            notes.append(f"绩效目标表“{pt.project}”找不到对应项目，未还原")
            continue
        used.add(match)
        target = {
            "project": match,
            "title": None if pt.project == match else pt.project,
            "manager": pt.manager,
            "goal": pt.goal,
            "indicators": _indicators(pt.indicators),
        }
        targets.append(trusted(PerformanceTarget, **target))
    # ---- department, staff
    staff = None
    if claims.value("staff.authorized") is not None and claims.value("staff.active") is not None:
        staff = Staff(
            authorized=claims.value("staff.authorized"),
            active=claims.value("staff.active"),
            retired=claims.value("staff.retired") or 0,
            pre1949_retired=claims.value("staff.pre1949_retired") or 0,
        )
    functions, offices = _profile(disclosure.text_lines)
    dept = Department(
        name=disclosure.department or "（未载明部门）",
        kind=_unit_kind(disclosure.text_lines),
        staff=staff,
        functions=functions,
        offices=offices,
    )
    procurement = _procurement(claims, notes)
    assets = _assets(claims, disclosure.year, notes)
    prior = _prior(claims, notes, disclosure.tables.get("three_public"))
    reasons = _reasons(claims)
    published = None
    for line in reversed(disclosure.text_lines[-8:]):
        m = re.match(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$", line.strip())
        if m:
            try:
                published = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                pass
            break
    try:
        budget = Budget(
            year=disclosure.year or date.today().year,
            department=dept,
            codes=tuple(CodeEntry(code=c, name=n, kind=k) for (k, c), n in sorted(codes.items())),
            basic=tuple(basic),
            projects=tuple(projects),
            performance_targets=tuple(targets),
            procurement=procurement,
            assets=assets,
            prior_year=prior,
            reasons=reasons,
            published_on=published,
        )
    except (ValidationError, ValueError) as exc:
        return None, [*notes, f"预算模型未能还原：{str(exc).splitlines()[0]}"]
    return budget, notes


_WHY = re.compile(r"主要原因(?:是|为)?[:：]?(.+)$")
_USE = re.compile(r"主要用于[:：]?(.+)$")
_ITEM_CODE = re.compile(r"\d{7}")


def _reasons(claims: _Claims) -> Reasons:
    """主要原因 / 主要用于 as the prose gives them after a figure."""

    def why(topic: str) -> str | None:
        for c in claims.all(topic):
            m = _WHY.search(c.text)
            if m:
                return m.group(1).strip("，,。 ")
        return None

    revenue: dict[SourceGroup, str] = {}
    for g, _, change, rate in _REVENUE_TOPICS:
        r = why(rate) or why(change)
        if r:
            revenue[g] = r
    items: dict[str, str] = {}
    usage: dict[str, str] = {}
    three: dict[str, str] = {}
    for c, base, param in claims.split:
        if base in (
            "general_budget.item.rate",
            "general_budget.item.change",
        ) and _ITEM_CODE.fullmatch(param):
            m = _WHY.search(c.text)
            if m and param not in items:
                items[param] = m.group(1).strip("，,。 ")
        elif base == "fiscal.category.amount":
            u = _USE.search(c.text)
            if u:
                usage[param] = u.group(1).strip("，,。；; ")
        elif base in ("three_public.part.rate", "three_public.part.change"):
            m = _WHY.search(c.text)
            if m and param not in three:
                three[param] = m.group(1).strip("，,。 ")
    total = why("three_public.total.rate")
    if total:
        three["total"] = total
    return Reasons(
        revenue=revenue,
        basic=why("basic.rate"),
        project=why("project.rate"),
        general_budget_basic=why("general_budget.basic.rate"),
        general_budget_project=why("general_budget.project.rate"),
        items=items,
        category_usage=usage,
        three_public={k: v for k, v in three.items() if k in _THREE_KEYS},
        office_running_costs=why("office_running_costs.rate"),
    )


_THREE_KEYS = ("total", "overseas_travel", "reception", "vehicle_purchase", "vehicle_operation")
#: each source group with its amount, change and rate topics
_REVENUE_TOPICS = tuple(
    (
        g,
        f"revenue.group.amount:{g.value}",
        f"revenue.group.change:{g.value}",
        f"revenue.group.rate:{g.value}",
    )
    for g in SourceGroup
)


# 为(?:公益[一二三]类|财政补助|全额拨款|差额拨款)?事业单位[，,。；;] in the text without its
# whitespace: the same pattern with whitespace allowed between its characters
_INSTITUTION = re.compile(
    r"为\s*(?:公\s*益\s*[一二三]\s*类|财\s*政\s*补\s*助|全\s*额\s*拨\s*款|差\s*额\s*拨\s*款)?"
    r"\s*事\s*业\s*单\s*位\s*[，,。；;]"
)


def _unit_kind(lines: tuple[str, ...]) -> UnitKind:
    """事业单位 when the document says the unit is one (“……为事业单位，无机关运行经费”)."""
    text = "".join(lines)
    return UnitKind.institution if _INSTITUTION.search(text) else UnitKind.administrative


def _profile(lines: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """主要职能 items and 内设机构 names from the profile part, where printed as lists."""
    head: list[str] = []
    for line in lines:
        if line.startswith(("第二部分", "第2部分")):
            break
        head.append(line)
    text = "".join(head)
    functions: tuple[str, ...] = ()
    m = re.search(r"主要职能(.*?)(?:二、|$)", text)
    if m:
        items = re.split(r"（[一二三四五六七八九十]+）", m.group(1))[1:]
        functions = tuple(i.strip() for i in items if i.strip())
    offices: tuple[str, ...] = ()
    o = re.search(r"(?:内设|下设)[^。]*?分别是[:：](.*?)。", text)
    if o:
        offices = tuple(x.strip() for x in o.group(1).split("、") if x.strip())
    return functions, offices


_PROJECT_SUFFIX = re.compile(r"项目$")


def _bare(name: str) -> str:
    """The name without a final 项目, as ``_PROJECT_SUFFIX.sub("", name)`` gives it."""
    return _PROJECT_SUFFIX.sub("", name) if name.endswith("\n") else name.removesuffix("项目")


def _match_project(
    title: str,
    amount: Decimal | None,
    projects: list[tuple[str, str, Decimal]],
    used: set[str],
) -> str | None:
    """The project (name, name without 项目, total) a target table belongs to."""
    names = [n for n, _, _ in projects if n not in used]
    if title in names:
        return title
    bare = _bare(title)
    for n, b, _ in projects:
        if b == bare and n not in used:
            return n
    pool = [n for n, _, t in projects if n not in used and (amount is None or t == amount)]
    if amount is not None and len(pool) == 1:
        return pool[0]  # the only project of that amount (whether or not the names are close)
    best = difflib.get_close_matches(title, pool, n=1, cutoff=0.5)
    if best:
        return best[0]
    if amount is not None and len(pool) == 1:
        return pool[0]  # the only project of that amount, under another name
    return None


def _procurement(claims: _Claims, notes: list[str]) -> Procurement | None:
    goods = claims.value("procurement.goods")
    works = claims.value("procurement.works")
    services = claims.value("procurement.services")
    if goods is None and works is None and services is None:
        return None
    try:
        return Procurement(
            goods=goods or ZERO,
            works=works or ZERO,
            services=services or ZERO,
            sme_reserved=claims.value("procurement.sme_reserved") or ZERO,
            small_micro_reserved=claims.value("procurement.small_micro_reserved"),
        )
    except ValidationError as exc:
        notes.append(f"政府采购数据不一致，未还原：{exc.errors()[0]['msg']}")
        return None


def _assets(claims: _Claims, year: int | None, notes: list[str]) -> Assets | None:
    area = claims.value("assets.building_area")
    if area is None or year is None:
        return None
    vehicles = []
    kinds = {"general_official", "law_enforcement", "other"}
    for k in ("general_official", "law_enforcement", "other"):
        count = claims.value(f"assets.vehicle_kind_count:{k}")
        value = claims.value(f"assets.vehicle_kind_value:{k}")
        if count is not None and value is not None:
            vehicles.append(VehicleGroup(kind=VehicleKind(k), count=int(count), value=value))
    del kinds
    try:
        return Assets(
            as_of_year=year - 1,
            building_area=area,
            building_value=claims.value("assets.building_value") or ZERO,
            vehicles=tuple(vehicles),
            furniture_value=claims.value("assets.furniture_value") or ZERO,
            other_value=claims.value("assets.other_value") or ZERO,
            large_equipment_50=claims.value("assets.large_equipment_50") or 0,
            large_equipment_100=claims.value("assets.large_equipment_100") or 0,
        )
    except ValidationError as exc:
        notes.append(f"国有资产数据未能还原：{exc.errors()[0]['msg']}")
        return None


def _prior(claims: _Claims, notes: list[str], three: StatedTable | None) -> PriorYear | None:
    """上年预算数 as the prose implies them (current − change); the 三公 parts as 表10 prints
    them beside this year's (its ``prior_year`` column), else from the prose."""

    def before(topic: str, change: str) -> Decimal | None:
        now = claims.value(topic)
        delta = claims.value(change)
        if now is None or delta is None:
            return None
        return Decimal(now) - Decimal(delta)

    revenue: dict[SourceGroup, Decimal] = {}
    for g, amount, change, _ in _REVENUE_TOPICS:
        v = before(amount, change)
        if v is not None:
            revenue[g] = v
    items: dict[str, Decimal] = {}
    for c, base, param in claims.split:
        if base == "general_budget.item.change" and _ITEM_CODE.fullmatch(param):
            v = before(f"general_budget.item.amount:{param}", c.topic)
            if v is not None:
                items[param] = v
    parts: dict[str, Decimal] = {}
    for part in ("overseas_travel", "reception", "vehicle_purchase", "vehicle_operation"):
        if three is not None and "prior_year" in three.columns:
            row = three.row(part)
            v = row.values.get("prior_year") if row is not None else None
        else:
            v = before(f"three_public.part.amount:{part}", f"three_public.part.change:{part}")
        if v is not None:
            parts[part] = v
    staff = None
    active = claims.value("staff.active")
    if active is not None and claims.value("staff.active.change") is not None:
        try:
            staff = PriorStaff(
                active=active - claims.value("staff.active.change"),
                retired=(claims.value("staff.retired") or 0)
                - (claims.value("staff.retired.change") or 0),
                pre1949_retired=(claims.value("staff.pre1949_retired") or 0)
                - (claims.value("staff.pre1949_retired.change") or 0),
            )
        except ValidationError as exc:  # a change larger than the figure: said, not rebuilt
            notes.append(f"上年人员数不一致，未还原：{exc.errors()[0]['msg']}")
    three_public = None
    if parts:
        try:
            three_public = ThreePublicParts(**parts)
        except ValidationError as exc:
            notes.append(f"上年“三公”经费不一致，未还原：{exc.errors()[0]['msg']}")
    fields: dict[str, Any] = {
        "revenue": revenue,
        "basic": before("basic.amount", "basic.change"),
        "project": before("project.amount", "project.change"),
        "general_budget_basic": before(
            "general_budget.basic.amount", "general_budget.basic.change"
        ),
        "general_budget_project": before(
            "general_budget.project.amount", "general_budget.project.change"
        ),
        "general_budget_items": items,
        "three_public": three_public,
        "office_running_costs": before(
            "office_running_costs.amount", "office_running_costs.change"
        ),
        "staff": staff,
    }
    if not any(v for v in fields.values()):
        return None
    try:
        return PriorYear(**fields)
    except ValidationError as exc:
        notes.append(f"上年预算数不一致，部分未还原：{exc.errors()[0]['msg']}")
        fields["general_budget_items"] = {}
        fields["revenue"] = {}
        try:
            return PriorYear(**fields)
        except ValidationError:
            return None
