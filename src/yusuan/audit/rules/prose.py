"""Prose vs tables (PRS-*): every figure the 情况说明 states, recomputed from the tables.

Amounts equal their table cells; shares are recomputed to two decimals (half-up); a
stated change and rate agree (rate = change ÷ (current − change)); the prior-year figures
implied by several sentences agree with each other.  A figure the document does not state
makes its rule *not run*.  Where each figure stands in the tables is data (``prose.yaml``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml

from yusuan.audit.core import Issue, NotApplicable, NotRun, Severity
from yusuan.audit.registry import rule
from yusuan.audit.rules._common import (
    HUNDRED,
    amt,
    as_printed,
    by_code,
    carryover_row,
    claim_loc,
    claims,
    claims_for,
    code_rows,
    col,
    dec,
    loc,
    m,
    need,
    norm,
    pct,
    quote,
    rate_of,
    require,
    revenue_row,
    row_label,
    row_of,
    share_of,
)
from yusuan.catalog import display_code
from yusuan.model.disclosure import (
    Claim,
    Disclosure,
    Location,
    StatedRow,
    StatedTable,
    claim_topics,
)
from yusuan.model.money import ZERO

FAMILY = "prose"


@cache
def prose_data() -> dict[str, Any]:
    text = resources.files("yusuan.audit").joinpath("prose.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _find_label(t: StatedTable, label: str) -> StatedRow | None:
    return revenue_row(t, label)


def _resolve(
    d: Disclosure, spec: dict[str, Any], param: str | None
) -> tuple[StatedTable, StatedRow | None, str, str]:
    """The table, row (None when not printed), row key and column of a place; NotRun when
    the document cannot show it."""
    t = need(d, spec["table"])
    how = spec["row"]
    row: StatedRow | None
    key: str
    if how == "total":
        row, key = row_of(t, "total"), "total"
    elif how in ("group", "fiscal_group", "transfer"):
        label = prose_data()[how + "s"].get(spec.get("param") or param or "")
        if label is None:
            raise NotRun(f"未知的资金来源 {param}")
        row, key = _find_label(t, label), f"rev:{label}"
        if row is None:
            raise NotRun(f"表{t.number}没有“{label}”行（格式与标准不同）")
    elif how == "carryover_group":
        label = prose_data()["fiscal_groups"].get(param or "")
        if label is None:
            raise NotRun(f"未知的资金来源 {param}")
        row, key = carryover_row(t, label), f"rev:上年结转{label}"
        if row is None:
            raise NotRun(f"表{t.number}没有上年结转的“{label}”行（格式与标准不同）")
    elif how == "code":
        key = param or ""
        if not key.isdigit():
            raise NotRun(f"文中科目“{key}”没有编码，无法对应表中的行")
        row = by_code(t).get(key)
    else:
        key = param or ""
        row = row_of(t, key)
    column = spec["column"]
    require(t, column)
    return t, row, key, column


def place(d: Disclosure, spec: dict[str, Any], param: str | None) -> tuple[Decimal, Location, str]:
    """The amount at a place of the tables, where it is, and how to name it."""
    t, row, key, column = _resolve(d, spec, param)
    shown = row_label(t, row, column) if row is not None else _shown(key)
    name = f"表{t.number}“{shown}”行 {col(t, column)}"
    return as_printed(amt(row, column)), loc(t, row if row is not None else key, column), name


def amount_at(d: Disclosure, spec: dict[str, Any], param: str | None) -> Decimal:
    """The amount at a place (``place`` without naming it), as prose prints it (two decimals)."""
    _, row, _, column = _resolve(d, spec, param)
    return as_printed(amt(row, column))


def _shown(key: str) -> str:
    if key.isdigit():
        return display_code(key)
    return key.removeprefix("rev:")


def _label(topic: str) -> str:
    base = topic.split(":", 1)[0]
    label = claim_topics().get(base, {}).get("label", base)
    param = topic.split(":", 1)[1] if ":" in topic else None
    if param and param.isdigit():
        return f"{label}（{display_code(param)}）"
    if param:
        kind = "groups"
        if base.startswith("revenue.transfer"):
            kind = "transfers"
        elif base.startswith("three_public.part"):
            kind = "three_public_parts"
        names = prose_data()[kind]
        return f"{label}（{names.get(param) or param}）"
    return label


def _as_list(columns: str | list[str]) -> list[str]:
    return [columns] if isinstance(columns, str) else columns


# ---------------------------------------------------------------- amounts
def _check_alternatives(d: Disclosure, spec: dict[str, Any], param: str | None) -> None:
    """Raise as computing the amounts at the spec's other accepted places (``or_columns``,
    ``or_places``) would, without computing them: a figure equal to its table cell needs
    none of them, but a place the document cannot show still makes the rule *not run*."""
    if "or_columns" in spec:
        t = need(d, spec["table"])  # the same table and row as the spec's: only columns differ
        for cols in spec["or_columns"]:
            for one in _as_list(cols):
                require(t, one)
    for other in spec.get("or_places", []):
        if other["table"] in d.tables:
            _resolve(d, {**spec, **other}, param)


def _shown_place(d: Disclosure, spec: dict[str, Any], param: str | None) -> dict[str, Any]:
    """The spec, or where the document can show its figure when it cannot show the spec's own
    place: the first of ``instead`` it can (a layout without the spec's column, as 表2 of the
    Ministry of Finance's template without 财政拨款（补助）), with the spec's ``or_places`` as
    its alternatives and not its ``or_columns`` (columns of the place it cannot show)."""
    try:
        _resolve(d, spec, param)
    except NotRun:
        for other in spec["instead"]:
            if other["table"] not in d.tables:
                continue
            shown = {k: v for k, v in spec.items() if k not in ("instead", "or_columns")}
            shown.update(other)
            try:
                _resolve(d, shown, param)
            except NotRun:
                continue
            return shown
        raise
    return spec


def _amount_rule(spec: dict[str, Any]) -> Any:
    def check(d: Disclosure) -> Iterator[Issue]:
        for c in claims(d, spec["topic"]):
            stated = dec(c.value)
            if stated is None:
                continue
            param = c.param  # a property: read once
            at = _shown_place(d, spec, param) if "instead" in spec else spec
            expected = amount_at(d, at, param)
            if stated == expected:
                _check_alternatives(d, at, param)
                continue
            others = [
                sum(
                    (amount_at(d, {**at, "column": one}, param) for one in _as_list(cols)),
                    ZERO,
                )
                for cols in at.get("or_columns", [])
            ] + [
                amount_at(d, {**at, **other}, param)
                for other in at.get("or_places", [])
                if other["table"] in d.tables
            ]
            if stated not in others:
                _, where, name = place(d, at, param)
                yield Issue(
                    f"{_label(c.topic)} {m(stated)} 万元 ≠ {name} {m(expected)}{quote(c)}",
                    claim_loc(c),
                    m(expected),
                    m(stated),
                    (where,),
                )

    check.__doc__ = f"情况说明中的{spec['title']}（精确到分）。"
    return check


for _spec in prose_data()["amounts"]:
    rule(id=_spec["id"], family=FAMILY, severity=Severity.error, title=_spec["title"])(
        _amount_rule(_spec)
    )


# ---------------------------------------------------------------- shares
def _share_rule(spec: dict[str, Any]) -> Any:
    def check(d: Disclosure) -> Iterator[Issue]:
        for c in claims(d, spec["topic"]):
            stated = dec(c.value)
            if stated is None:
                continue
            param = c.param  # a property: read once
            part = amount_at(d, spec["part"], param)
            whole = amount_at(d, spec["whole"], param)
            if not whole:
                raise NotApplicable("分母为零")
            expected = share_of(part, whole)
            if stated != expected:
                _, where, name = place(d, spec["part"], param)
                _, whole_at, whole_name = place(d, spec["whole"], param)
                yield Issue(
                    f"{_label(c.topic)} {pct(stated)} ≠ {m(part)} ÷ {m(whole)} = {pct(expected)}"
                    f"（{name} ÷ {whole_name}）{quote(c)}",
                    claim_loc(c),
                    pct(expected),
                    pct(stated),
                    (where, whole_at),
                )

    check.__doc__ = f"{spec['title']}：占比 = 部分 ÷ 总额 × 100%，两位小数四舍五入。"
    return check


for _spec in prose_data()["shares"]:
    rule(id=_spec["id"], family=FAMILY, severity=Severity.error, title=_spec["title"])(
        _share_rule(_spec)
    )


# ---------------------------------------------------------------- rates
def _pairs(d: Disclosure, topic: str) -> list[tuple[Claim, Claim]]:
    """(change, rate) claims of one topic, matched by parameter."""
    changes = {c.param: c for c in claims_for(d, f"{topic}.change")}
    rates = {c.param: c for c in claims_for(d, f"{topic}.rate")}
    pairs = [(changes[p], rates[p]) for p in changes if p in rates]
    if not pairs:
        raise NotRun(f"文件未陈述该数字（{topic} 的增减额与增减率）")
    return pairs


def expected_rate(change: Decimal, current: Decimal) -> Decimal | None:
    """The rate a change implies; None when any rate is acceptable (nothing last year)."""
    rate = rate_of(change, current)
    if rate is not None:
        return rate
    return HUNDRED if change else ZERO


def _rate_rule(spec: dict[str, Any]) -> Any:
    def check(d: Disclosure) -> Iterator[Issue]:
        for change_claim, rate_claim in _pairs(d, spec["topic"]):
            change, rate = dec(change_claim.value), dec(rate_claim.value)
            if change is None or rate is None:
                continue
            current = amount_at(d, spec["current"], change_claim.param)
            stated_current = _value(d, spec["current_claim"]) if "current_claim" in spec else None
            if stated_current is not None:  # the prose's own figure (XTB-026 checks it)
                current = stated_current[0]
            expected = expected_rate(change, current)
            if expected is not None and rate != expected:
                where = (
                    claim_loc(stated_current[1])
                    if stated_current is not None
                    else place(d, spec["current"], change_claim.param)[1]
                )
                prior = current - change
                yield Issue(
                    f"{_label(rate_claim.topic)} {pct(rate)} ≠ 增减额 {m(change)} ÷ 上年 {m(prior)}"
                    f"（本年 {m(current)} − 增减额）= {pct(expected)}{quote(rate_claim)}",
                    claim_loc(rate_claim),
                    pct(expected),
                    pct(rate),
                    (claim_loc(change_claim), where),
                )

    check.__doc__ = (
        f"{spec['title']}：增减率 = 增减额 ÷（本年数 − 增减额）× 100%，本年数取自表格；"
        "上年为零时增长 100.00%（或持平 0.00%）。"
    )
    return check


for _spec in prose_data()["rates"]:
    rule(id=_spec["id"], family=FAMILY, severity=Severity.error, title=_spec["title"])(
        _rate_rule(_spec)
    )


# ---------------------------------------------------------------- lists and counts
def _list(c: Claim) -> tuple[str, ...]:
    return c.value if isinstance(c.value, tuple) else ()


def _open_list(stated: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
    """The items of a list, and whether it ends with 等 (“……、办公费等”: some of them named,
    not all)."""
    if stated:
        last = stated[-1].removesuffix("等等").removesuffix("等")
        if last != stated[-1] and last:
            return (*stated[:-1], last), True
    return stated, False


def _compare_names(
    c: Claim, stated: tuple[str, ...], expected: list[str], what: str
) -> Iterator[Issue]:
    stated, some = _open_list(stated)
    s = {norm(x) for x in stated}
    e = {norm(x) for x in expected}
    missing = [] if some else [x for x in expected if norm(x) not in s]
    extra = [x for x in stated if norm(x) not in e]
    if missing or extra:
        bits = []
        if missing:
            bits.append(f"漏列 {'、'.join(missing)}")
        if extra:
            bits.append(f"多列 {'、'.join(extra)}")
        yield Issue(
            f"{_label(c.topic)}与{what}不符：{'；'.join(bits)}",
            claim_loc(c),
            "、".join(expected),
            "、".join(stated),
        )


_GROUP_NAMES = {
    "一般公共预算": "general_budget",
    "政府性基金预算": "government_fund",
    "国有资本经营预算": "state_capital",
    "财政专户管理资金": "special_account",
    "单位资金": "unit_funds",
    "上年结转结余": "carryover",
}


@rule(id="PRS-033", family=FAMILY, severity="error", title="收入预算包括的资金来源与表1 一致")
def revenue_groups(d: Disclosure) -> Iterator[Issue]:
    """“收入预算包括：……”列出的资金来源恰为表1 中金额不为零的收入项
    （以“等”结尾的：所列的都在其中即可）。"""
    t = need(d, "overview")
    labels = prose_data()["groups"]
    present = [
        name
        for name, group in _GROUP_NAMES.items()
        if amt(_find_label(t, labels[group]), "revenue_amount")
    ]
    for c in claims(d, "revenue.groups"):
        yield from _compare_names(c, _list(c), present, "表1 有金额的收入项")


@rule(id="PRS-034", family=FAMILY, severity="error", title="称“未安排”的资金来源在表中为零")
def revenue_absent(d: Disclosure) -> Iterator[Issue]:
    """情况说明称某资金来源“未安排”时，表1（或表4）中该来源金额为零。"""
    t = need(d, "overview")
    for c in claims(d, "revenue.group.absent"):
        label = prose_data()["groups"].get(c.param or "")
        row = _find_label(t, label) if label else None
        if amt(row, "revenue_amount"):
            yield Issue(
                f"情况说明称“{c.value}未安排”，但表1“{label}”为 {m(amt(row, 'revenue_amount'))}",
                claim_loc(c),
                "0.00",
                m(amt(row, "revenue_amount")),
                (loc(t, row, "revenue_amount"),),
            )


@rule(id="PRS-035", family=FAMILY, severity="error", title="支出预算包括的类与表3 一致")
def expenditure_categories(d: Disclosure) -> Iterator[Issue]:
    """“支出预算包括：……”列出的功能分类类名恰为表3 中有金额的类
    （以“等”结尾的：所列的都在其中即可）。"""
    t = need(d, "expenditure")
    present = [r.label for r in code_rows(t) if len(r.code or r.key) == 3 and amt(r, "total")]
    for c in claims(d, "expenditure.categories"):
        yield from _compare_names(c, _list(c), present, "表3 有金额的类")


def _contents(d: Disclosure, topic: str, column: str) -> Iterator[Issue]:
    t = need(d, "general_budget_basic")
    require(t, column)  # a 表6 printing only 合计 cannot say which 款 are 人员/公用经费
    present = [r.label for r in code_rows(t) if len(r.code or r.key) == 5 and amt(r, column)]
    for c in claims(d, topic):
        yield from _compare_names(
            c, _list(c), present, f"表6 {'人员' if column == 'personnel' else '公用'}经费有金额的款"
        )


@rule(id="PRS-036", family=FAMILY, severity="warning", title="人员经费主要包括的款与表6 一致")
def personnel_contents(d: Disclosure) -> Iterator[Issue]:
    """“人员经费……主要包括”列出的经济分类款名恰为表6 人员经费有金额的款
    （以“等”结尾的：所列的都在其中即可）。"""
    yield from _contents(d, "basic.personnel.contents", "personnel")


@rule(id="PRS-037", family=FAMILY, severity="warning", title="公用经费主要包括的款与表6 一致")
def operating_contents(d: Disclosure) -> Iterator[Issue]:
    """“公用经费……主要包括”列出的经济分类款名恰为表6 公用经费有金额的款
    （以“等”结尾的：所列的都在其中即可）。"""
    yield from _contents(d, "basic.operating.contents", "operating")


def _table7_names(d: Disclosure) -> list[str]:
    t = need(d, "general_budget_projects")
    return [r.label or r.key.removeprefix("project:") for r in t.rows if r.kind == "project"]


_DIGITS = re.compile(r"\d+")


@rule(id="PRS-038", family=FAMILY, severity="error", title="文中列举的项目都在表7 中")
def projects_listed(d: Disclosure) -> Iterator[Issue]:
    """情况说明列举的项目名称都能在表7 中找到。"""
    names = {norm(n) for n in _table7_names(d)}
    # a page number printed into a wrapped list ("电子22政务内网") is not a different name
    loose = {_DIGITS.sub("", n) for n in names}
    for c in claims(d, "projects.listed"):
        unknown = [
            x for x in _list(c) if norm(x) not in names and _DIGITS.sub("", norm(x)) not in loose
        ]
        if unknown:
            yield Issue(
                f"情况说明列举的项目不在表7 中：{'、'.join(unknown)}",
                claim_loc(c),
                "表7 中的项目",
                "、".join(unknown),
            )


@rule(id="PRS-039", family=FAMILY, severity="error", title="项目支出个数 = 表7 项目数")
def projects_count(d: Disclosure) -> Iterator[Issue]:
    """“项目支出 N 个”等于表7 中的项目行数。"""
    n = len(_table7_names(d))
    t = need(d, "general_budget_projects")
    for c in claims(d, "projects.count"):
        v = dec(c.value)
        if v is not None and v != n:
            yield Issue(
                f"情况说明称项目 {v} 个，表7 列出 {n} 个项目{quote(c)}",
                claim_loc(c),
                str(n),
                str(v),
                (loc(t),),
            )


# ---------------------------------------------------------------- implied priors
def _prior(d: Disclosure, topic: str, current: Decimal) -> Decimal | None:
    for c in claims_for(d, topic):
        if c.topic == topic:
            v = dec(c.value)
            if v is not None:
                return current - v
    return None


def _priors_agree(
    d: Disclosure, whole: tuple[str, Decimal], parts: list[tuple[str, Decimal]], what: str
) -> Iterator[Issue]:
    p_whole = _prior(d, *whole)
    p_parts = [_prior(d, t, v) for t, v in parts]
    if p_whole is None or any(p is None for p in p_parts):
        raise NotRun(f"文件未陈述该数字（{what}所需的增减额）")
    total = sum((p for p in p_parts if p is not None), ZERO)
    if p_whole != total:
        where = next(c for c in d.claims if c.topic == whole[0])
        yield Issue(
            f"{what}：由增减额推出的上年数不一致，{_label(whole[0])}推出上年 {m(p_whole)}，"
            f"各部分推出上年合计 {m(total)}",
            claim_loc(where),
            m(total),
            m(p_whole),
        )


def _cell(d: Disclosure, table: str, row: str, column: str) -> Decimal:
    """A table amount as prose prints it (compared with figures derived from prose)."""
    return as_printed(amt(row_of(need(d, table), row), column))


@rule(
    id="PRS-040",
    family=FAMILY,
    severity="error",
    title="上年收入 = 上年基本支出 + 上年项目支出（由增减额推出）",
)
def priors_revenue(d: Disclosure) -> Iterator[Issue]:
    """由各资金来源、基本支出、项目支出的增减额推出的上年数：收入之和等于基本支出与项目支出之和。"""
    t = need(d, "overview")
    groups = list(claims_for(d, "revenue.group.change"))
    if not groups:
        raise NotRun("文件未陈述该数字（各资金来源增减额）")
    labels = prose_data()["groups"]
    parts = []
    for c in groups:
        label = labels.get(c.param or "")
        row = _find_label(t, label) if label else None
        if row is None:  # not a zero: a row printed under another name (“1.一般公共预算”)
            raise NotRun(f"表{t.number}没有“{label or c.param}”行（格式与标准不同）")
        parts.append((c.topic, as_printed(amt(row, "revenue_amount"))))
    basic = _cell(d, "expenditure", "total", "basic")
    project = _cell(d, "expenditure", "total", "project")
    p_basic, p_project = _prior(d, "basic.change", basic), _prior(d, "project.change", project)
    if p_basic is None or p_project is None:
        raise NotRun("文件未陈述该数字（基本支出、项目支出增减额）")
    p_revenue = sum(
        (v - (dec(c.value) or ZERO) for c, (_, v) in zip(groups, parts, strict=True)), ZERO
    )
    if p_revenue != p_basic + p_project:
        yield Issue(
            f"由增减额推出的上年收入 {m(p_revenue)} ≠ 上年基本支出 {m(p_basic)} + 上年项目支出 "
            f"{m(p_project)}",
            claim_loc(groups[0]),
            m(p_basic + p_project),
            m(p_revenue),
        )


@rule(
    id="PRS-041",
    family=FAMILY,
    severity="error",
    title="上年一般公共预算 = 其基本支出 + 项目支出（由增减额推出）",
)
def priors_general_budget(d: Disclosure) -> Iterator[Issue]:
    """一般公共预算收入推出的上年数等于一般公共预算基本支出、项目支出推出的上年数之和。"""
    yield from _priors_agree(
        d,
        (
            "revenue.group.change:general_budget",
            _cell(d, "overview", "rev:1.一般公共预算拨款", "revenue_amount"),
        ),
        [
            (
                "general_budget.basic.change",
                _cell(d, "general_budget_expenditure", "total", "basic"),
            ),
            (
                "general_budget.project.change",
                _cell(d, "general_budget_expenditure", "total", "project"),
            ),
        ],
        "一般公共预算",
    )


@rule(
    id="PRS-042",
    family=FAMILY,
    severity="error",
    title="各项支出上年数之和 = 一般公共预算上年数（由增减额推出）",
)
def priors_items(d: Disclosure) -> Iterator[Issue]:
    """表5 每个项都陈述了增减额时，各项（含今年降为零的项）推出的上年数之和等于一般公共
    预算基本支出与项目支出推出的上年数之和；少于时为警告（上年的项今年可能未提及）。
    """
    t = need(d, "general_budget_expenditure")
    items = [r for r in code_rows(t) if len(r.code or r.key) == 7]
    stated = {c.param for c in claims_for(d, "general_budget.item.change")}
    if not stated:
        raise NotRun("文件未陈述该数字（各项支出增减额）")
    if any(r.code not in stated for r in items):
        raise NotApplicable("并非每个项都陈述了增减额")
    total = _cell(d, "general_budget_expenditure", "total", "total")
    whole_parts = [
        ("general_budget.basic.change", _cell(d, "general_budget_expenditure", "total", "basic")),
        (
            "general_budget.project.change",
            _cell(d, "general_budget_expenditure", "total", "project"),
        ),
    ]
    rows = {r.code: r for r in items}
    # an item stated with a change but without a 表5 row fell to zero this year
    p_items = [
        _prior(d, c.topic, as_printed(amt(rows.get(c.param or ""), "total")))
        for c in claims_for(d, "general_budget.item.change")
    ]
    p_whole = [_prior(d, tp, v) for tp, v in whole_parts]
    if any(p is None for p in p_whole):
        raise NotRun("文件未陈述该数字（一般公共预算基本支出、项目支出增减额）")
    a = sum((p for p in p_items if p is not None), ZERO)
    b = sum((p for p in p_whole if p is not None), ZERO)
    _ = total
    if a != b:
        first = claims_for(d, "general_budget.item.change")[0]
        yield Issue(
            f"各项支出推出的上年数合计 {m(a)} ≠ 一般公共预算基本支出与项目支出推出的上年数 {m(b)}"
            + ("（上年有而今年未提及的项？）" if a < b else ""),
            claim_loc(first),
            m(b),
            m(a),
            # fewer: last year's items that vanished may go unmentioned — a warning only
            severity=Severity.warning if a < b else None,
        )


@rule(
    id="PRS-043",
    family=FAMILY,
    severity="error",
    title="“三公”经费上年数 = 各部分上年数之和（由增减额推出）",
)
def priors_three_public(d: Disclosure) -> Iterator[Issue]:
    """“三公”经费总额的增减额等于因公出国（境）、购置、运行、接待各部分增减额之和。"""
    t = need(d, "three_public")
    parts = ["overseas_travel", "vehicle_purchase", "vehicle_operation", "reception"]
    yield from _priors_agree(
        d,
        ("three_public.total.change", as_printed(amt(row_of(t, "total"), "total"))),
        [(f"three_public.part.change:{p}", as_printed(amt(row_of(t, p), "total"))) for p in parts],
        "“三公”经费",
    )


@rule(
    id="PRS-060",
    family=FAMILY,
    severity="error",
    title="“三公”经费增减额 = 表10 本年数 − 上年预算数",
)
def three_public_change_vs_table(d: Disclosure) -> Iterator[Issue]:
    """表10 并列上年预算数时（财政部参考格式，两年并列），情况说明中“三公”经费及各部分比上年的
    增减额等于表10 本年数减上年预算数（精确到分）。"""
    stated = [
        *claims_for(d, "three_public.total.change"),
        *claims_for(d, "three_public.part.change"),
    ]
    if not stated:
        raise NotRun("文件未陈述该数字（“三公”经费增减额）")
    t = need(d, "three_public")
    require(t, "prior_year")
    for c in stated:
        change = dec(c.value)
        row = row_of(t, c.param or "total")
        if change is None or row is None:
            continue
        now, before = as_printed(amt(row, "total")), as_printed(amt(row, "prior_year"))
        if change != now - before:
            yield Issue(
                f"{_label(c.topic)} {m(change)} 万元 ≠ 表{t.number}“{row_label(t, row, 'total')}”行"
                f" 本年数 {m(now)} − 上年预算数 {m(before)} = {m(now - before)}{quote(c)}",
                claim_loc(c),
                m(now - before),
                m(change),
                (loc(t, row, "total"), loc(t, row, "prior_year")),
            )


# ---------------------------------------------------------------- figures adding up in prose
def _value(d: Disclosure, topic: str) -> tuple[Decimal, Claim] | None:
    for c in claims_for(d, topic):
        if c.topic == topic and (v := dec(c.value)) is not None:
            return v, c
    return None


def _adds_up(d: Disclosure, whole: str, parts: list[str], what: str) -> Iterator[Issue]:
    w = _value(d, whole)
    if w is None:
        raise NotRun(f"文件未陈述该数字（{whole}）")
    values = [_value(d, p) for p in parts]
    stated = [v for v in values if v is not None]
    if not stated:
        raise NotRun(f"文件未陈述该数字（{what}的组成部分）")
    total = sum((v for v, _ in stated), ZERO)
    if total != w[0]:
        yield Issue(
            f"{_label(whole)} {m(w[0])} ≠ {what} {'+'.join(_label(p) for p in parts)} = {m(total)}",
            claim_loc(w[1]),
            m(total),
            m(w[0]),
            tuple(claim_loc(c) for _, c in stated),
        )


@rule(id="PRS-044", family=FAMILY, severity="error", title="政府采购预算 = 货物 + 工程 + 服务")
def procurement_total(d: Disclosure) -> Iterator[Issue]:
    """政府采购预算总额等于货物、工程、服务三类预算之和。"""
    yield from _adds_up(
        d,
        "procurement.total",
        ["procurement.goods", "procurement.works", "procurement.services"],
        "三类之和",
    )


@rule(
    id="PRS-045",
    family=FAMILY,
    severity="error",
    title="面向中小企业预留不超过采购预算，小微不超过中小",
)
def procurement_reserved(d: Disclosure) -> Iterator[Issue]:
    """面向中小企业预留金额不超过政府采购预算；其中面向小微企业预留不超过面向中小企业预留。"""
    total = _value(d, "procurement.total")
    sme = _value(d, "procurement.sme_reserved")
    small = _value(d, "procurement.small_micro_reserved")
    if sme is None:
        raise NotRun("文件未陈述该数字（面向中小企业预留）")
    if total is not None and sme[0] > total[0]:
        yield Issue(
            f"面向中小企业预留 {m(sme[0])} 超过政府采购预算 {m(total[0])}",
            claim_loc(sme[1]),
            f"≤ {m(total[0])}",
            m(sme[0]),
        )
    if small is not None and small[0] > sme[0]:
        yield Issue(
            f"面向小微企业预留 {m(small[0])} 超过面向中小企业预留 {m(sme[0])}",
            claim_loc(small[1]),
            f"≤ {m(sme[0])}",
            m(small[0]),
        )


@rule(id="PRS-046", family=FAMILY, severity="error", title="车辆总数 = 各类车辆数之和")
def vehicle_count(d: Disclosure) -> Iterator[Issue]:
    """国有资产中车辆总数等于一般公务用车、执法执勤用车、其他车辆之和。"""
    kinds = [c.topic for c in claims_for(d, "assets.vehicle_kind_count")]
    yield from _adds_up(d, "assets.vehicle_count", kinds, "各类之和")


@rule(id="PRS-047", family=FAMILY, severity="error", title="车辆价值 = 各类车辆价值之和")
def vehicle_value(d: Disclosure) -> Iterator[Issue]:
    """国有资产中车辆价值等于各类车辆价值之和。"""
    kinds = [c.topic for c in claims_for(d, "assets.vehicle_kind_value")]
    yield from _adds_up(d, "assets.vehicle_value", kinds, "各类之和")


@rule(id="PRS-048", family=FAMILY, severity="error", title="实有人数 = 在职 + 退休 + 离休")
def staff_actual(d: Disclosure) -> Iterator[Issue]:
    """机构人员情况中实有人数等于在职、退休、离休人数之和。"""
    yield from _adds_up(
        d,
        "staff.actual",
        ["staff.active", "staff.retired", "staff.pre1949_retired"],
        "在职、退休、离休之和",
    )


@rule(id="PRS-049", family=FAMILY, severity="error", title="“三公”经费 = 各部分之和（文中）")
def three_public_parts_prose(d: Disclosure) -> Iterator[Issue]:
    """情况说明中“三公”经费总额等于文中所列各部分金额之和（公务用车购置及运行费已写出时，
    其中的购置费、运行费不再另加）。"""
    parts = list(dict.fromkeys(c.topic for c in claims_for(d, "three_public.part.amount")))
    if "three_public.part.amount:vehicles" in parts:  # 购置 and 运行 are its two sub-parts
        sub = {
            "three_public.part.amount:vehicle_purchase",
            "three_public.part.amount:vehicle_operation",
        }
        parts = [p for p in parts if p not in sub]
    yield from _adds_up(d, "three_public.total.amount", parts, "各部分之和")


@rule(id="PRS-050", family=FAMILY, severity="error", title="同一数字在文中各处一致")
def same_figure_same_value(d: Disclosure) -> Iterator[Issue]:
    """同一主题的数字在情况说明中多处出现时，各处数值相同（如项目个数、基本支出）。"""
    if not d.claims:
        raise NotRun("文件未陈述该数字：没有情况说明中的数字")
    seen: dict[str, list[Claim]] = defaultdict(list)
    for c in d.claims:
        if isinstance(c.value, (Decimal, int)):  # dec(c.value) is not None
            seen[c.topic].append(c)
    per_group = prose_data()["per_group_topics"]
    for topic, found in seen.items():
        if len(found) < 2 or topic.split(":", 1)[0] in per_group:
            continue
        values = {dec(c.value) for c in found}
        if len(values) > 1:
            first, *rest = found
            for c in rest:
                if dec(c.value) != dec(first.value):
                    yield Issue(
                        f"{_label(topic)}"
                        f"前后不一：{m(dec(first.value)) if c.unit == '万元' else first.value}"
                        f" 与 {m(dec(c.value)) if c.unit == '万元' else c.value}{quote(c)}",
                        claim_loc(c),
                        str(first.value),
                        str(c.value),
                        (claim_loc(first),),
                    )


_ = (Severity, HUNDRED)
