"""Cross-table identities (XTB-*): the same money shown in two tables is the same.

A finding is placed in the table checked second (the one derived from the first) and
names the first as related.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from yusuan.audit.core import Issue, NotApplicable, NotRun, Severity
from yusuan.audit.registry import rule
from yusuan.audit.rules._common import (
    amt,
    as_printed,
    by_code,
    claim_loc,
    claims,
    claims_for,
    code_of,
    col,
    dec,
    first_line,
    loc,
    m,
    need,
    quote,
    require,
    revenue_row,
    row_of,
    table_name,
    total_row,
)
from yusuan.audit.rules.table_arithmetic import (
    identities,
    labels,
    pair_expenditure,
    year_expenditure,
)
from yusuan.model.disclosure import Disclosure, StatedRow, StatedTable
from yusuan.model.money import ZERO

FAMILY = "cross_table"


def _row_by_label(t: StatedTable, label: str) -> StatedRow | None:
    return revenue_row(t, label)


def _label(t: StatedTable, r: StatedRow | None, key: str, column: str | None = None) -> str:
    if r is None:
        return f"表{t.number}“{key}”行（缺）"
    from yusuan.audit.rules._common import row_label

    return f"表{t.number}“{row_label(t, r, column)}”行"


def _sum(row: StatedRow | None, columns: list[str]) -> Decimal:
    """The row's amounts in ``columns`` added up (blank cells and a missing row are zero)."""
    total = ZERO
    if row is not None:
        values = row.values
        for c in columns:
            v = values.get(c)
            if v:  # a blank cell or a zero changes no sum
                total += v
    return total


def _compare(
    a: StatedTable,
    a_row: StatedRow | None,
    a_cols: Iterable[str],
    b: StatedTable,
    b_row: StatedRow | None,
    b_cols: Iterable[str],
    *,
    a_key: str = "",
    b_key: str = "",
    relation: str = "=",
) -> list[Issue]:
    a_cols, b_cols = list(a_cols), list(b_cols)
    require(a, *a_cols)
    require(b, *b_cols)
    x = _sum(a_row, a_cols)
    y = _sum(b_row, b_cols)
    ok = x == y if relation == "=" else y >= x
    if ok:
        return []
    a_what = "+".join(col(a, c) for c in a_cols)
    b_what = "+".join(col(b, c) for c in b_cols)
    op = "≠" if relation == "=" else "<"
    b_loc = loc(b, b_row if b_row is not None else b_key, b_cols[0])
    a_loc = loc(a, a_row if a_row is not None else a_key, a_cols[0])
    return [
        Issue(
            f"{_label(b, b_row, b_key, b_cols[0])} {b_what} {m(y)} {op} "
            f"{_label(a, a_row, a_key, a_cols[0])} "
            f"{a_what} {m(x)}",
            b_loc,
            expected=m(x) if relation == "=" else f"≥ {m(x)}",
            actual=m(y),
            related=(a_loc,),
        )
    ]


def _any_amount(row: StatedRow | None, columns: list[str]) -> bool:
    if row is None:
        return False
    values = row.values
    for c in columns:
        if values.get(c):
            return True
    return False


def _compare_by_code(
    a: StatedTable,
    a_cols: list[str],
    b: StatedTable,
    b_cols: list[str],
    *,
    level: int | None = None,
    relation: str = "=",
) -> Iterator[Issue]:
    require(a, *a_cols)
    require(b, *b_cols)
    rows_a, rows_b = by_code(a), by_code(b)
    for t, rows in ((a, rows_a), (b, rows_b)):
        if not rows and not t.is_empty:
            raise NotRun(f"表{t.number}没有读出科目行，无法逐行核对")
    codes = sorted(set(rows_a) | set(rows_b))
    equal = relation == "="
    for code in codes:
        if level is not None and len(code) != level:
            continue
        ra, rb = rows_a.get(code), rows_b.get(code)
        if ra is None and not _any_amount(rb, b_cols):
            continue
        if rb is None and not _any_amount(ra, a_cols):
            continue
        # _compare, without its checks of the columns (done above) unless it finds a difference
        x, y = _sum(ra, a_cols), _sum(rb, b_cols)
        if x == y if equal else y >= x:
            continue
        yield from _compare(a, ra, a_cols, b, rb, b_cols, a_key=code, b_key=code, relation=relation)


# ------------------------------------------------------------------ 表1 vs 表2, 表3
@rule(id="XTB-001", family=FAMILY, severity="error", title="表1 收入总计 = 表2 合计")
def overview_vs_revenue_total(d: Disclosure) -> Iterator[Issue]:
    """表1 收入总计等于表2 部门收入总体情况表合计行的总计。"""
    a, b = need(d, "overview"), need(d, "revenue")
    yield from _compare(a, total_row(a), ["revenue_amount"], b, total_row(b), ["total"])


@rule(id="XTB-002", family=FAMILY, severity="error", title="表1 各类支出 = 表3 各类合计")
def overview_vs_expenditure_categories(d: Disclosure) -> Iterator[Issue]:
    """表1 支出方每个功能分类类级金额等于表3 同一类的合计。"""
    a, b = need(d, "overview"), need(d, "expenditure")
    yield from _compare_by_code(b, ["total"], a, ["expenditure_amount"], level=3)


@rule(id="XTB-003", family=FAMILY, severity="error", title="表1 支出总计 = 表3 合计")
def overview_vs_expenditure_total(d: Disclosure) -> Iterator[Issue]:
    """表1 支出总计等于表3 部门支出总体情况表的合计。
    另列“本年支出合计”“结转下年”的格式（财政部格式）：本年支出合计等于表3 合计。"""
    a, b = need(d, "overview"), need(d, "expenditure")
    yield from _compare(a, year_expenditure(a), ["expenditure_amount"], b, total_row(b), ["total"])


@rule(id="XTB-004", family=FAMILY, severity="error", title="表2 与表3 逐行总额一致")
def revenue_vs_expenditure_rows(d: Disclosure) -> Iterator[Issue]:
    """表2 每个功能分类行的总计等于表3 同一科目行的合计（两表科目行一一对应）。"""
    a, b = need(d, "revenue"), need(d, "expenditure")
    yield from _compare_by_code(a, ["total"], b, ["total"])


def _overview_row(t: StatedTable, labels: list[str]) -> StatedRow | None:
    """表1's revenue line printed as one of ``labels``, or so once the numbering is left out."""
    return first_line(t, labels)


def _overview_line(spec: dict[str, Any]) -> Any:
    labels = [spec["label"], *spec.get("also", [])]

    def check(d: Disclosure) -> Iterator[Issue]:
        a, b = need(d, "overview"), need(d, "revenue")
        row = _overview_row(a, labels)
        if row is None:
            raise NotRun(f"表1 没有“{spec['label']}”行")
        # the columns of 表2 this layout prints (one that splits out no transfers from above
        # counts them in its own column)
        columns = [c for c in spec["columns"] if c in b.columns] or spec["columns"]
        yield from _compare(a, row, ["revenue_amount"], b, total_row(b), columns)

    check.__doc__ = (
        f"表1 “{spec['label']}”（或其他格式的同一收入行：{'、'.join(labels[1:]) or '无'}）"
        "等于表2 合计行相应列之和。"
    )
    return check


for _spec in identities()["overview_vs_revenue"]:
    rule(
        id=_spec["id"],
        family=FAMILY,
        severity=Severity.error,
        title=f"表1“{_spec['label']}” = 表2 相应列合计",
    )(_overview_line(_spec))


def _revenue_rows(spec: dict[str, Any]) -> Any:
    def check(d: Disclosure) -> Iterator[Issue]:
        a, b = need(d, "revenue"), need(d, spec["table"])
        # a layout that prints no column of transfers from above counts them in its own
        # (the Ministry of Finance's 表2: 一般公共预算拨款收入): the columns printed are the sum
        columns = [c for c in spec["columns"] if c in a.columns] or spec["columns"]
        yield from _compare_by_code(a, columns, b, ["total"])
        yield from _compare(a, total_row(a), columns, b, total_row(b), ["total"])

    check.__doc__ = (
        f"{table_name(spec['table'])}逐行合计等于表2 同一科目行相应资金来源列之和"
        "（未单列上级转移支付的格式，按所列各列）。"
    )
    return check


for _spec in identities()["revenue_vs_tables"]:
    rule(
        id=_spec["id"],
        family=FAMILY,
        severity=Severity.error,
        title=f"{table_name(_spec['table'])}逐行 = 表2 相应资金来源列",
    )(_revenue_rows(_spec))


def _no_fiscal_carryover(b: StatedTable) -> None:
    """表4 columns include 上年结转; 表5/表8/表9 show current-year money only."""
    carry = first_line(b, labels("fiscal_lines")["carryover"])
    if carry is not None and amt(carry, "revenue_amount"):
        raise NotApplicable("有上年财政拨款结转，表4 各列含结转资金")


def _fiscal_categories(spec: dict[str, Any]) -> Any:
    def check(d: Disclosure) -> Iterator[Issue]:
        a, b = need(d, spec["table"]), need(d, "fiscal_overview")
        _no_fiscal_carryover(b)
        yield from _compare_by_code(a, ["total"], b, [spec["column"]], level=3)
        yield from _compare(a, total_row(a), ["total"], b, year_expenditure(b), [spec["column"]])

    check.__doc__ = (
        f"表4 每类的“{spec['column']}”列及支出总计等于{table_name(spec['table'])}同类合计"
        "（另列“本年支出”的格式：本年支出）。"
    )
    return check


for _spec in identities()["fiscal_vs_tables"]:
    rule(
        id=_spec["id"],
        family=FAMILY,
        severity=Severity.error,
        title=f"表4 各类{_spec['column']}列 = {table_name(_spec['table'])}各类合计",
    )(_fiscal_categories(_spec))


# ------------------------------------------------------------------ 表1 vs 表4
#: 表1's three appropriation lines: XTB-005…007's labels (each as layouts print it)
_FISCAL_LINES = ("XTB-005", "XTB-006", "XTB-007")


def _overview_labels(rule_id: str) -> list[str]:
    spec = next(s for s in identities()["overview_vs_revenue"] if s["id"] == rule_id)
    return [spec["label"], *spec.get("also", [])]


def _fiscal_line(t: StatedTable, line: str) -> StatedRow | None:
    """表4's revenue line ``line`` (``fiscal_lines`` in identities.yaml) as its layout prints it."""
    return first_line(t, labels("fiscal_lines")[line])


@rule(
    id="XTB-010",
    family=FAMILY,
    severity="error",
    title="表4 财政拨款（补助）= 表1 三项财政拨款之和",
)
def fiscal_vs_overview(d: Disclosure) -> Iterator[Issue]:
    """表4 “一、财政拨款（补助）”（财政部格式：“一、本年收入”）等于表1 一般公共预算、
    基金预算、国有资本经营预算拨款之和（或其他格式的同一收入行）。"""
    a, b = need(d, "overview"), need(d, "fiscal_overview")
    rows = [r for i in _FISCAL_LINES if (r := _overview_row(a, _overview_labels(i))) is not None]
    target = _fiscal_line(b, "appropriation")
    if not rows or target is None:
        raise NotRun("表1 或表4 缺少财政拨款收入行")
    x = sum((amt(r, "revenue_amount") for r in rows), ZERO)
    y = amt(target, "revenue_amount")
    if x != y:
        yield Issue(
            f"表4“{target.texts.get('revenue_label') or '一、财政拨款（补助）'}” {m(y)} ≠ "
            f"表1 三项财政拨款之和 {m(x)}",
            loc(b, target, "revenue_amount"),
            m(x),
            m(y),
            tuple(loc(a, r, "revenue_amount") for r in rows),
        )


@rule(
    id="XTB-011",
    family=FAMILY,
    severity="error",
    title="表4 一般公共预算收入 = 表1 一般公共预算拨款",
)
def fiscal_general_vs_overview(d: Disclosure) -> Iterator[Issue]:
    """表4 收入方“一般公共预算”等于表1 “1.一般公共预算拨款”（或其他格式的同一收入行）。"""
    a, b = need(d, "overview"), need(d, "fiscal_overview")
    ra = _overview_row(a, _overview_labels("XTB-005"))
    rb = _fiscal_line(b, "general_budget")
    if ra is None or rb is None:
        raise NotRun("表1 或表4 缺少一般公共预算收入行")
    yield from _compare(a, ra, ["revenue_amount"], b, rb, ["revenue_amount"])


@rule(
    id="XTB-031",
    family=FAMILY,
    severity="error",
    title="表4 各类合计 = 表2 同类财政拨款小计 + 财政拨款结转",
)
def fiscal_vs_revenue_categories(d: Disclosure) -> Iterator[Issue]:
    """表4 每个类的财政拨款支出合计等于表2 同类的财政拨款（补助）小计与财政拨款结转之和。"""
    a, b = need(d, "revenue"), need(d, "fiscal_overview")
    yield from _compare_by_code(
        a, ["fiscal", "carryover_fiscal"], b, ["expenditure_total"], level=3
    )


@rule(id="XTB-032", family=FAMILY, severity="error", title="表4 一般公共预算支出总计 = 表5 合计")
def fiscal_vs_general_total(d: Disclosure) -> Iterator[Issue]:
    """表4 收入方“一般公共预算”（或其他格式的同一收入行）等于表5 一般公共预算支出合计
    （当年拨款，无结转时）。"""
    a, b = need(d, "general_budget_expenditure"), need(d, "fiscal_overview")
    rb = _fiscal_line(b, "general_budget")
    if rb is None:
        raise NotRun("表4 缺少一般公共预算收入行")
    carry = first_line(b, labels("fiscal_lines")["carryover"])
    if carry is not None and amt(carry, "revenue_amount"):
        raise NotApplicable("有上年结转，表5 含结转资金")
    _, beside = pair_expenditure(b)
    if any(amt(r, c) for r in beside for c in ("expenditure_total", "general_budget")):
        raise NotApplicable("有结转下年资金，表4 收入不等于当年支出")
    yield from _compare(a, total_row(a), ["total"], b, rb, ["revenue_amount"])


# ------------------------------------------------------------------ 表5 vs 表3, 表6, 表7
@rule(id="XTB-018", family=FAMILY, severity="error", title="表5 各行不超过表3 同行（基本、项目）")
def general_within_expenditure(d: Disclosure) -> Iterator[Issue]:
    """一般公共预算是全部支出的一部分：表5 每行的基本支出、项目支出不超过表3 同一科目行。"""
    a, b = need(d, "general_budget_expenditure"), need(d, "expenditure")
    for c in ("basic", "project"):
        yield from _compare_by_code(a, [c], b, [c], relation=">=")


@rule(id="XTB-019", family=FAMILY, severity="error", title="表5 基本支出合计 = 表6 合计")
def general_basic_vs_basic_table(d: Disclosure) -> Iterator[Issue]:
    """表5 基本支出合计等于表6 一般公共预算基本支出情况表的合计。"""
    a, b = need(d, "general_budget_expenditure"), need(d, "general_budget_basic")
    yield from _compare(a, total_row(a), ["basic"], b, total_row(b), ["total"])


def _projects_by_code(t: StatedTable) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for r in t.rows:
        if r.kind == "project" and r.code:
            out[r.code] = out.get(r.code, ZERO) + amt(r, "total")
    return out


@rule(id="XTB-021", family=FAMILY, severity="error", title="表5 各项项目支出 = 表7 该项下项目之和")
def general_projects_by_item(d: Disclosure) -> Iterator[Issue]:
    """表5 每个功能分类项级行的项目支出等于表7 中编码为该项的项目合计。"""
    a, b = need(d, "general_budget_expenditure"), need(d, "general_budget_projects")
    per_code = _projects_by_code(b)
    rows = by_code(a)
    for code in sorted(set(per_code) | {c for c in rows if len(c) == 7}):
        stated = amt(rows.get(code), "project")
        listed = per_code.get(code, ZERO)
        if stated != listed:
            projects = [r for r in b.rows if r.kind == "project" and r.code == code]
            yield Issue(
                f"表5“{code}”行项目支出 {m(stated)} ≠ 表7 该项下 {len(projects)} 个项目之和 "
                f"{m(listed)}",
                loc(a, rows.get(code) or code, "project"),
                m(listed),
                m(stated),
                tuple(loc(b, r, "total") for r in projects),
            )


@rule(id="XTB-022", family=FAMILY, severity="error", title="表5 项目支出合计 = 表7 合计")
def general_projects_total(d: Disclosure) -> Iterator[Issue]:
    """表5 项目支出合计等于表7 一般公共预算项目支出合计。"""
    a, b = need(d, "general_budget_expenditure"), need(d, "general_budget_projects")
    yield from _compare(a, total_row(a), ["project"], b, total_row(b), ["total"])


# ------------------------------------------------------------------ 表10 vs 表6
def _three_public_vs_basic(d: Disclosure, part: str, code: str) -> Iterator[Issue]:
    a, b = need(d, "general_budget_basic"), need(d, "three_public")
    rb = row_of(b, part)
    if rb is None:
        raise NotRun(f"表{b.number} 没有“{_PARTS.get(part, part)}”行")
    # a layout printing one column (合计): it holds at least the 一般公共预算 part
    column = "general_budget" if "general_budget" in b.columns else "total"
    ra = by_code(a).get(code)
    if ra is None:
        if amt(rb, column):
            raise NotApplicable("表6 无此科目，金额全部来自项目支出")
        return
    yield from _compare(a, ra, ["total"], b, rb, [column], relation=">=")


_PARTS = {
    "overseas_travel": "因公出国（境）费",
    "reception": "公务接待费",
    "vehicle_operation": "公务用车运行费",
}


@rule(
    id="XTB-023",
    family=FAMILY,
    severity="error",
    title="表10 公务用车运行费 ≥ 表6 公务用车运行维护费",
)
def vehicle_operation_vs_basic(d: Disclosure) -> Iterator[Issue]:
    """表10 公务用车运行费（一般公共预算；只列合计的格式按合计）不少于表6 “302 31 公务用车
    运行维护费”（项目支出中也可能列支）。
    """
    yield from _three_public_vs_basic(d, "vehicle_operation", "30231")


@rule(
    id="XTB-024",
    family=FAMILY,
    severity="error",
    title="表10 因公出国（境）费 ≥ 表6 因公出国（境）费用",
)
def overseas_vs_basic(d: Disclosure) -> Iterator[Issue]:
    """表10 因公出国（境）费（一般公共预算；只列合计的格式按合计）不少于表6
    “302 12 因公出国（境）费用”。"""
    yield from _three_public_vs_basic(d, "overseas_travel", "30212")


@rule(id="XTB-025", family=FAMILY, severity="error", title="表10 公务接待费 ≥ 表6 公务接待费")
def reception_vs_basic(d: Disclosure) -> Iterator[Issue]:
    """表10 公务接待费（一般公共预算；只列合计的格式按合计）不少于表6 “302 17 公务接待费”。"""
    yield from _three_public_vs_basic(d, "reception", "30217")


# ------------------------------------------------------------------ 机关运行经费
@rule(id="XTB-026", family=FAMILY, severity="error", title="机关运行经费 = 表6 公用经费合计")
def office_running_vs_operating(d: Disclosure) -> Iterator[Issue]:
    """情况说明中的机关运行经费等于表6 公用经费合计（行政单位的财政拨款公用经费）。另有
    政府性基金、国有资本经营预算拨款时不少于它；部门有下属预算单位（其中的事业单位不计
    机关运行经费）时不超过它；两者皆有时无法核对。"""
    t = need(d, "general_budget_basic")
    require(t, "operating")
    total = total_row(t)
    fiscal = d.tables.get("fiscal_overview")
    # 机关运行经费 is fiscal 公用经费: equal to 表6 when all fiscal money is general budget
    more = fiscal is not None and any(
        amt(row_of(fiscal, "total"), c) for c in ("government_fund", "state_capital")
    )
    # subordinate units may be 事业单位: their 公用经费 is in 表6 but not 机关运行经费
    less = any((dec(u.value) or 0) > 0 for u in claims_for(d, "units.subordinate_count"))
    if more and less:
        raise NotApplicable("部门有其他财政拨款且有下属预算单位：机关运行经费与表6 无固定关系")
    operating = as_printed(amt(total, "operating"))  # prose prints 万元 to the cent
    for c in claims(d, "office_running_costs.amount"):
        v = dec(c.value)
        if v is None:
            continue
        if more:
            wrong, op, expected = v < operating, "少于", f"≥ {m(operating)}"
        elif less:
            wrong, op, expected = v > operating, "超过", f"≤ {m(operating)}"
        else:
            wrong, op, expected = v != operating, "≠", m(operating)
        if wrong:
            yield Issue(
                f"机关运行经费 {m(v)} {op} 表6 公用经费合计 {m(operating)}{quote(c)}",
                claim_loc(c),
                expected,
                m(v),
                (loc(t, total, "operating"),),
            )


# ------------------------------------------------------------------ 空表 表8/表9 vs notes, 表4
def _empty_note(d: Disclosure, key: str) -> Iterator[Issue]:
    t = need(d, key)
    says_empty = bool(t.note and "空表" in t.note)
    if says_empty and not t.is_empty:
        total = row_of(t, "total")
        yield Issue(
            f"表{t.number} 备注称为空表，但表中有金额（合计 {m(amt(total, 'total'))}）",
            loc(t, total),
            "空表",
            m(amt(total, "total")),
        )


@rule(id="XTB-027", family=FAMILY, severity="error", title="表8 空表说明与表中金额一致")
def fund_note_vs_content(d: Disclosure) -> Iterator[Issue]:
    """表8 备注说明为空表时，表中没有金额。"""
    yield from _empty_note(d, "fund_budget_expenditure")


@rule(id="XTB-030", family=FAMILY, severity="error", title="表9 空表说明与表中金额一致")
def state_capital_note_vs_content(d: Disclosure) -> Iterator[Issue]:
    """表9 备注说明为空表时，表中没有金额。"""
    yield from _empty_note(d, "state_capital_expenditure")


def _fiscal_column_total(d: Disclosure, key: str, column: str) -> Iterator[Issue]:
    a, b = need(d, key), need(d, "fiscal_overview")
    _no_fiscal_carryover(b)
    ta = row_of(a, "total")
    yield from _compare(a, ta, ["total"], b, year_expenditure(b), [column], a_key="total")


@rule(id="XTB-028", family=FAMILY, severity="error", title="表8 合计 = 表4 政府性基金预算支出总计")
def fund_vs_fiscal(d: Disclosure) -> Iterator[Issue]:
    """表8 合计（空表为 0）等于表4 支出总计行（另列“本年支出”的格式：本年支出行）的政府性
    基金预算列。"""
    yield from _fiscal_column_total(d, "fund_budget_expenditure", "government_fund")


@rule(
    id="XTB-029", family=FAMILY, severity="error", title="表9 合计 = 表4 国有资本经营预算支出总计"
)
def state_capital_vs_fiscal(d: Disclosure) -> Iterator[Issue]:
    """表9 合计（空表为 0）等于表4 支出总计行（另列“本年支出”的格式：本年支出行）的国有资本
    经营预算列。"""
    yield from _fiscal_column_total(d, "state_capital_expenditure", "state_capital")


_ = code_of
