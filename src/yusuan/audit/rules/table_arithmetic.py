"""Table arithmetic (TBL-SUM-*): totals and subtotals inside each table.

Published tables are exact: every identity holds to the cent.  The repeated shapes
(row sums, 类 = Σ款 = Σ项, 合计 = Σ类) are data rows in ``identities.yaml``; the
particular ones (表1 and 表4 revenue sides, 表6, 表7, 表10) are small functions here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from importlib import resources
from itertools import chain
from operator import attrgetter
from typing import Any

import yaml

from yusuan.audit.core import Issue, NotApplicable, NotRun, Severity, per_document
from yusuan.audit.registry import rule
from yusuan.audit.rules._common import (
    _children,
    amt,
    bare,
    by_code,
    code_of,
    code_rows,
    coded_rows,
    column_sum,
    columns_sum,
    loc,
    m,
    money_columns,
    need,
    norm,
    require,
    require_standard,
    row_of,
    signed_columns,
    sum_check,
    total_row,
    where,
)
from yusuan.compile.layouts import layout_data
from yusuan.model.disclosure import Disclosure, StatedRow, StatedTable
from yusuan.model.money import ZERO

FAMILY = "table_arithmetic"


@cache
def _identities_yaml() -> dict[str, Any]:
    text = resources.files("yusuan.audit").joinpath("identities.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def identities() -> dict[str, list[dict[str, Any]]]:
    """The rules' entries of identities.yaml, by kind (row_sums, overview_vs_revenue …)."""
    return _identities_yaml()


def labels(section: str) -> dict[str, list[str]]:
    """A section of identities.yaml naming lines by what they are (``pair_lines``,
    ``fiscal_lines``): what → the labels printed for it."""
    data: dict[str, list[str]] = _identities_yaml()[section]
    return data


def _row_sum_issues(
    t: StatedTable, total: str, parts: list[str], skip_blank: bool = False
) -> Iterator[Issue]:
    """In every row, ``total`` = the sum of ``parts`` (printed columns) to the cent;
    ``skip_blank`` passes over rows with all of them blank."""
    for row in t.rows:
        values = row.values
        if skip_blank and not values.get(total):
            if not any(values.get(c) for c in parts):
                continue
        expected = ZERO  # the columns are printed (required by the caller): sum_check, inline
        for c in parts:
            v = values.get(c)
            if v:
                expected += v
        v = values.get(total)
        if (v if v is not None else ZERO) != expected:
            yield from sum_check(t, row, total, [(row, c) for c in parts])


def _row_sums(spec: dict[str, Any]) -> Any:
    def check(d: Disclosure) -> Iterator[Issue]:
        t = need(d, spec["table"])
        require_standard(t)
        parts = list(spec["parts"])
        require(t, spec["total"], *parts)
        total = spec["total"]
        yield from _row_sum_issues(t, total, parts, skip_blank=spec["table"] == "fiscal_overview")

    check.__doc__ = spec["title"] + "（逐行，精确到分）。"
    return check


def _hierarchy(spec: dict[str, Any]) -> Any:
    def check(d: Disclosure) -> Iterator[Issue]:
        t = need(d, spec["table"])
        if not code_rows(t):
            raise NotApplicable(f"表{t.number}没有科目行")
        kids_of, columns = _children(t), money_columns(t)
        for code, row in coded_rows(t):
            kids = kids_of.get(code)
            if not kids:
                continue
            yield from columns_sum(t, row, columns, kids)

    check.__doc__ = spec["title"] + "。"
    return check


def _column_totals(spec: dict[str, Any]) -> Any:
    def check(d: Disclosure) -> Iterator[Issue]:
        t = need(d, spec["table"])
        total = total_row(t)
        tops = [r for code, r in coded_rows(t) if len(code) == 3]
        if not tops and not t.is_empty:
            raise NotRun(f"表{t.number}没有读出类级科目行")
        for c in money_columns(t):
            yield from column_sum(t, total, c, tops)

    check.__doc__ = spec["title"] + "。"
    return check


def _row_sums_printed(spec: dict[str, Any]) -> Any:
    def check(d: Disclosure) -> Iterator[Issue]:
        t = need(d, spec["table"])
        if not any(c in t.columns for c in spec["when"]):
            raise NotApplicable(f"表{t.number}按标准格式列示，各行合计由标准等式核对")
        total = spec["total"]
        require(t, total)
        yield from _row_sum_issues(t, total, [c for c in money_columns(t) if c != total])

    check.__doc__ = spec["title"] + "（逐行，精确到分；只核对按表头读出、列示了标准以外各列的表）。"
    return check


_FACTORIES = {
    "row_sums": _row_sums,
    "row_sums_printed": _row_sums_printed,
    "hierarchy": _hierarchy,
    "column_totals": _column_totals,
}
for _kind, _factory in _FACTORIES.items():
    for _spec in identities()[_kind]:
        rule(id=_spec["id"], family=FAMILY, severity=Severity.error, title=_spec["title"])(
            _factory(_spec)
        )


# ------------------------------------------------------------- 表1 / 表4 revenue sides
@cache
def _revenue_levels(key: str) -> dict[str, int]:
    spec = next(t for t in layout_data()["tables"] if t["key"] == key)
    rows = list(spec["revenue_rows"]) + list(spec.get("carryover_rows", []))
    return {norm(r["label"]): r["level"] for r in rows}


@cache
def pair_lines() -> dict[str, frozenset[str]]:
    """``pair_lines`` of identities.yaml: role → the labels (numbering aside, :func:`bare`)."""
    return {
        role: frozenset(bare(label) for label in printed)
        for role, printed in labels("pair_lines").items()
    }


#: the level of a revenue line printed below the top lines it adds up (本年收入合计)
SUBTOTAL = -1


@per_document
def _revenue_rows(t: StatedTable) -> list[tuple[StatedRow, int]]:
    """(row, level) of the revenue lines of 表1/表4 the layout knows, in table order (do not
    change the list: within an audit, the rules share it); :data:`SUBTOTAL` for the year's
    revenue printed below its lines."""
    levels = _revenue_levels(t.key)
    lines = pair_lines()
    out = []
    # below a top line printed without a number (年初财政拨款结转和结余), lines numbered as top
    # lines (一、一般公共预算财政拨款 …) are its parts
    nested = False
    for row in t.rows:
        key = row.key
        if not key.startswith("rev:"):
            continue
        label = norm(row.texts.get("revenue_label", "") or key.removeprefix("rev:"))
        level = levels.get(label)
        unnumbered_top = False
        if level is None and bare(label) in lines["revenue_subtotal"]:
            level = SUBTOTAL
        elif level is None and _REVENUE_WORDS.search(label):
            # a revenue line the layout does not know: its numbering tells its level
            level = next((lv for pattern, lv in _NUMBERED if pattern.match(label)), None)
            if level is None and bare(label) in lines["revenue_top"]:
                level, unnumbered_top = 0, True
            elif level == 0 and nested:
                level = 1
        if level is not None:
            if level == SUBTOTAL or (level == 0 and not unnumbered_top and not nested):
                nested = False
            elif unnumbered_top:
                nested = True
            out.append((row, level))
    return out


@per_document
def pair_expenditure(t: StatedTable) -> tuple[StatedRow | None, list[StatedRow]]:
    """表1/表4: the line of the year's expenditure when the table prints one (本年支出,
    本年支出合计), and the lines beside it (结转下年), by their expenditure label (do not change
    the list)."""
    lines = pair_lines()
    current: StatedRow | None = None
    beside: list[StatedRow] = []
    for row in t.rows:
        label = row.texts.get("expenditure_label")
        if not label or row.code or row.kind == "total":
            continue
        name = bare(label)
        if name in lines["expenditure_current"] and current is None:
            current = row
        elif name in lines["expenditure_beside"]:
            beside.append(row)
    return current, beside


def year_expenditure(t: StatedTable) -> StatedRow:
    """表1/表4's row of the year's expenditure: the 本年支出 line where printed, else 总计."""
    current, _ = pair_expenditure(t)
    return current if current is not None else total_row(t)


def _expenditure_side(t: StatedTable, column: str, cats: list[StatedRow]) -> Iterator[Issue]:
    """The categories add up to the year's expenditure, and the lines beside it (结转下年)
    with it to the 支出总计."""
    current, beside = pair_expenditure(t)
    total = total_row(t)
    if current is None:
        yield from column_sum(t, total, column, [*cats, *beside])
    else:
        yield from column_sum(t, current, column, cats)
        yield from column_sum(t, total, column, [current, *beside])


#: words of a revenue line (not of a 支出用途 line the text printed on the revenue side)
_REVENUE_WORDS = re.compile(r"收入|拨款|预算|结转|结余|资金")
#: how other layouts number their revenue lines: 一、 (a group), （一） or 1. (its lines), 其中：
_NUMBERED = (
    (re.compile(r"[一二三四五六七八九十]+[、.．]"), 0),
    (re.compile(r"(?:\([一二三四五六七八九十]+\)|\d+[、.．])"), 1),
    (re.compile(r"其中[:：]"), 2),
)


def _revenue_tree(t: StatedTable, top: bool) -> Iterator[Issue]:
    """Each revenue line with sub-lines equals their sum (``top``: level 0 only, else deeper);
    with ``top``, a subtotal printed below its top lines (本年收入合计) equals them."""
    rows = _revenue_rows(t)
    if not rows:
        raise NotRun(f"表{t.number}收入方的项目与标准格式不同，无法核对")
    group: list[StatedRow] = []  # the top lines since the last subtotal
    for i, (row, level) in enumerate(rows):
        if level == SUBTOTAL:
            if top:
                yield from column_sum(t, row, "revenue_amount", group)
            group = []
            continue
        if level == 0:
            group.append(row)
        if (level == 0) != top:
            continue
        kids: list[StatedRow] = []
        for other, other_level in rows[i + 1 :]:
            if other_level <= level:
                break
            if other_level == level + 1:
                kids.append(other)
        if kids:
            yield from column_sum(t, row, "revenue_amount", kids)


def _grand_revenue(t: StatedTable) -> Iterator[Issue]:
    tops: list[StatedRow] = []
    group: list[StatedRow] = []  # the top lines since the last subtotal: it stands for them
    for r, level in _revenue_rows(t):
        if level == 0:
            group.append(r)
        elif level == SUBTOTAL:
            tops.append(r)
            group = []
    tops += group
    if not tops:
        raise NotRun(f"表{t.number}收入方的项目与标准格式不同，无法核对")
    yield from column_sum(t, total_row(t), "revenue_amount", tops)


def _category_rows(t: StatedTable) -> list[StatedRow]:
    return [r for r in t.rows if r.code and len(r.code) == 3]


@rule(
    id="TBL-SUM-001",
    family=FAMILY,
    severity="error",
    title="表1 收入总计 = 本年收入 + 上年结转结余",
)
def overview_revenue_total(d: Disclosure) -> Iterator[Issue]:
    """表1 “收入总计”等于“一、本年收入”与“二、上年结转结余”之和。
    财政部格式：等于“本年收入合计”与“上年结转”之和。"""
    yield from _grand_revenue(need(d, "overview"))


@rule(
    id="TBL-SUM-002",
    family=FAMILY,
    severity="error",
    title="表1 本年收入、上年结转结余 = 其下各项之和",
)
def overview_revenue_groups(d: Disclosure) -> Iterator[Issue]:
    """表1 “一、本年收入”“二、上年结转结余”各等于其下编号各项（1.、2.…）之和。
    财政部格式：“本年收入合计”等于其上各收入项之和。"""
    yield from _revenue_tree(need(d, "overview"), top=True)


@rule(id="TBL-SUM-003", family=FAMILY, severity="error", title="表1 各收入项 = 其“其中”各项之和")
def overview_revenue_details(d: Disclosure) -> Iterator[Issue]:
    """表1 收入方各编号项（如“1.一般公共预算拨款”）等于其下“其中”各项之和。"""
    yield from _revenue_tree(need(d, "overview"), top=False)


@rule(id="TBL-SUM-005", family=FAMILY, severity="error", title="表1 支出总计 = 各类支出之和")
def overview_expenditure_total(d: Disclosure) -> Iterator[Issue]:
    """表1 “支出总计”等于支出方各功能分类类级金额之和。
    另列“本年支出合计”“结转下年”的格式（财政部格式）：
    各类之和等于本年支出合计，支出总计等于本年支出合计与结转下年之和。"""
    t = need(d, "overview")
    cats = _category_rows(t)
    if not cats:
        raise NotRun("表1 支出方没有读出功能分类类级行")
    yield from _expenditure_side(t, "expenditure_amount", cats)


def _balance(t: StatedTable, left: str, right: str) -> Iterator[Issue]:
    require(t, left, right)
    total = total_row(t)
    a, b = amt(total, left), amt(total, right)
    if a != b:
        yield Issue(
            f"表{t.number} 收入总计 {m(a)} ≠ 支出总计 {m(b)}",
            loc(t, total, right),
            expected=m(a),
            actual=m(b),
            related=(loc(t, total, left),),
        )


@rule(id="TBL-SUM-006", family=FAMILY, severity="error", title="表1 收入总计 = 支出总计")
def overview_balanced(d: Disclosure) -> Iterator[Issue]:
    """表1 收支平衡：收入总计等于支出总计。"""
    yield from _balance(need(d, "overview"), "revenue_amount", "expenditure_amount")


@rule(
    id="TBL-SUM-014",
    family=FAMILY,
    severity="error",
    title="表4 收入总计 = 财政拨款（补助）+ 上年结转",
)
def fiscal_revenue_total(d: Disclosure) -> Iterator[Issue]:
    """表4 “收入总计”等于“一、财政拨款（补助）”与“二、上年结转”（如有）之和。"""
    yield from _grand_revenue(need(d, "fiscal_overview"))


@rule(id="TBL-SUM-015", family=FAMILY, severity="error", title="表4 财政拨款（补助）= 其下各项之和")
def fiscal_revenue_groups(d: Disclosure) -> Iterator[Issue]:
    """表4 “一、财政拨款（补助）”等于一般公共预算、政府性基金预算、国有资本经营预算之和。"""
    yield from _revenue_tree(need(d, "fiscal_overview"), top=True)


@rule(
    id="TBL-SUM-017", family=FAMILY, severity="error", title="表4 支出总计 = 各类支出之和（每一列）"
)
def fiscal_expenditure_total(d: Disclosure) -> Iterator[Issue]:
    """表4 “支出总计”行的合计、一般公共预算、政府性基金、国有资本经营各列等于各类之和。
    另列“本年支出”“结转下年”的格式（财政部格式）：
    各类之和等于本年支出，支出总计等于本年支出与结转下年之和。"""
    t = need(d, "fiscal_overview")
    require(t, "expenditure_total")  # a layout without categories (Jiangsu's: 支出用途) has none
    cats = _category_rows(t)
    if not cats:
        raise NotRun("表4 支出方没有读出功能分类类级行")
    for c in ("expenditure_total", "general_budget", "government_fund", "state_capital"):
        if c in t.columns:
            yield from _expenditure_side(t, c, cats)


@rule(id="TBL-SUM-018", family=FAMILY, severity="error", title="表4 收入总计 = 支出总计")
def fiscal_balanced(d: Disclosure) -> Iterator[Issue]:
    """表4 财政拨款收支平衡：收入总计等于支出总计（只列一个支出金额列的格式按该列）。"""
    t = need(d, "fiscal_overview")
    right = next((c for c in _FISCAL_SPENT if c in t.columns), _FISCAL_SPENT[0])
    yield from _balance(t, "revenue_amount", right)


#: 表4's column of the 支出总计: the standard's 合计, or a layout's one amount column (Jiangsu)
_FISCAL_SPENT = ("expenditure_total", "expenditure_amount")


# ------------------------------------------------------------- 表6
@rule(id="TBL-SUM-023", family=FAMILY, severity="error", title="表6 类 = Σ款（每一金额列）")
def basic_sections(d: Disclosure) -> Iterator[Issue]:
    """表6 经济分类每个类级行等于其下款级行之和（合计、人员经费、公用经费各列）。"""
    t = need(d, "general_budget_basic")
    kids_of = _children(t)
    for code, row in coded_rows(t):
        kids = kids_of.get(code)
        if kids:
            yield from columns_sum(t, row, ("total", "personnel", "operating"), kids)


@rule(
    id="TBL-SUM-025", family=FAMILY, severity="error", title="表6 人员经费、公用经费按经济分类归列"
)
def basic_personnel_split(d: Disclosure) -> Iterator[Issue]:
    """表6 人员经费只含工资福利支出（301）和对个人和家庭的补助（303），其余为公用经费。"""
    t = need(d, "general_budget_basic")
    personnel = set(layout_data()["personnel_categories"])
    for code, row in coded_rows(t):
        is_personnel = code[:3] in personnel
        wrong = "operating" if is_personnel else "personnel"
        right = "personnel" if is_personnel else "operating"
        if amt(row, wrong):
            yield Issue(
                f"{where(t, row, wrong)} {m(amt(row, wrong))}：该科目应列入"
                f"{'人员经费' if is_personnel else '公用经费'}",
                loc(t, row, wrong),
                expected="0.00",
                actual=m(amt(row, wrong)),
                related=(loc(t, row, right),),
            )


# ------------------------------------------------------------- 表7
def _project_rows(t: StatedTable) -> list[StatedRow]:
    return [r for r in t.rows if r.kind == "project" or r.key.startswith("project:")]


@rule(id="TBL-SUM-027", family=FAMILY, severity="error", title="表7 类、款小计 = 其下各项目之和")
def projects_subtotals(d: Disclosure) -> Iterator[Issue]:
    """表7 每个类级、款级小计行等于编码在其下的项目行之和（每一金额列）。"""
    t = need(d, "general_budget_projects")
    projects = _project_rows(t)
    if not projects:
        raise NotApplicable("表7没有项目")
    codes = [p.code or "" for p in projects]
    columns = money_columns(t)
    for row in t.rows:
        if row.kind == "project" or row.key == "total":
            continue
        code = code_of(row)
        if not code:
            continue
        under = [p for p, c in zip(projects, codes, strict=True) if c.startswith(code)]
        yield from columns_sum(t, row, columns, under)


@rule(id="TBL-SUM-028", family=FAMILY, severity="error", title="表7 合计 = 各项目之和")
def projects_total(d: Disclosure) -> Iterator[Issue]:
    """表7 合计行等于全部项目行之和（每一金额列）。"""
    t = need(d, "general_budget_projects")
    projects = _project_rows(t)
    total = total_row(t)
    yield from columns_sum(t, total, money_columns(t), projects)


# ------------------------------------------------------------- 表10
@rule(
    id="TBL-SUM-036",
    family=FAMILY,
    severity="error",
    title="表10 合计 = 出国（境）费 + 接待费 + 公务用车",
)
def three_public_total(d: Disclosure) -> Iterator[Issue]:
    """表10 合计行等于因公出国（境）费、公务接待费、公务用车购置及运行费（小计）之和。"""
    t = need(d, "three_public")
    parts = [row_of(t, k) for k in ("overseas_travel", "reception", "vehicles")]
    if any(p is None for p in parts):
        raise NotRun("表10 的行与标准格式不同，无法核对")
    total = total_row(t)
    present = [p for p in parts if p is not None]
    for c in money_columns(t):
        yield from column_sum(t, total, c, present)


@rule(
    id="TBL-SUM-037", family=FAMILY, severity="error", title="表10 公务用车小计 = 购置费 + 运行费"
)
def three_public_vehicles(d: Disclosure) -> Iterator[Issue]:
    """表10 “公务用车购置及运行费（小计）”等于公务用车购置费与公务用车运行费之和。"""
    t = need(d, "three_public")
    row = row_of(t, "vehicles")
    if row is None:
        from yusuan.audit.core import NotRun

        raise NotRun("表10 没有公务用车小计行")
    parts = [
        p for k in ("vehicle_purchase", "vehicle_operation") if (p := row_of(t, k)) is not None
    ]
    for c in money_columns(t):
        yield from column_sum(t, row, c, parts)


_VALUES = attrgetter("values")
_IS_SIGNED = Decimal.is_signed


@rule(
    id="TBL-SUM-042",
    family=FAMILY,
    severity="error",
    title="表10 增减额 = 本年数 − 上年预算数",
)
def three_public_change(d: Disclosure) -> Iterator[Issue]:
    """表10 列示上年预算数与增减额时（财政部参考格式，两年并列），各行增减额等于本年数减
    上年预算数（精确到分）。"""
    t = need(d, "three_public")
    require(t, "change", "prior_year")
    for row in t.rows:
        now, before, change = amt(row, "total"), amt(row, "prior_year"), amt(row, "change")
        if change != now - before:
            yield Issue(
                f"{where(t, row, 'change')} {m(change)} ≠ 本年数 {m(now)} − 上年预算数 {m(before)}"
                f"（应为 {m(now - before)}）",
                loc(t, row, "change"),
                m(now - before),
                m(change),
                (loc(t, row, "total"), loc(t, row, "prior_year")),
            )


@rule(id="TBL-SUM-038", family=FAMILY, severity="error", title="预算表中没有负数")
def no_negative(d: Disclosure) -> Iterator[Issue]:
    """各表金额均不为负数（预算数不能为负；增减额等可为负的列除外）。"""
    if not d.tables:
        from yusuan.audit.core import NotRun

        raise NotRun("文件中没有公开表")
    for t in d.tables.values():
        # one pass in C over the table's non-zero amounts for a sign: most tables have no
        # negative amount (a signed one may be a -0, looked at as a row would be)
        cells = chain.from_iterable(map(dict.values, map(_VALUES, t.rows)))
        if not any(map(_IS_SIGNED, filter(None, cells))):
            continue
        for row in t.rows:
            # the smallest non-zero amount, compared in C: most rows have no negative one
            if min(filter(None, row.values.values()), default=ZERO) >= ZERO:
                continue
            signed = signed_columns(t.key)
            for c, v in row.values.items():
                if v is not None and v < ZERO and c not in signed:
                    yield Issue(f"{where(t, row, c)} 为负数 {m(v)}", loc(t, row, c), "≥ 0", m(v))


_ = by_code


#: 表6 of final accounts (决算) prints a 合计 per half instead of one 合计 row
_SPLIT_TOTALS = {"general_budget_basic": frozenset({"人员经费合计", "公用经费合计"})}


def _split_totals(t: StatedTable) -> bool:
    wanted = _SPLIT_TOTALS.get(t.key)
    if wanted is None:
        return False
    labels = {norm(r.label) for r in t.rows} | {
        norm(r.texts.get("revenue_label", "")) for r in t.rows
    }
    return wanted <= labels


@rule(id="TBL-SUM-039", family=FAMILY, severity="error", title="每张表都有合计行")
def total_rows_present(d: Disclosure) -> Iterator[Issue]:
    """表2、3、5、6、7、8、9、10 各有合计行，表1、表4 各有收入总计、支出总计行；表6 只印
    “人员经费合计”“公用经费合计”两行（决算的格式）也可。"""
    if not d.tables:
        from yusuan.audit.core import NotRun

        raise NotRun("文件中没有公开表")
    for t in d.tables.values():
        # a table with 科目 rows sums them up; an empty table may print its header only
        if row_of(t, "total") is None and code_rows(t) and not t.is_empty and not _split_totals(t):
            yield Issue(f"表{t.number}“{t.title}”没有合计行", loc(t, "total"), "合计行", "缺")
