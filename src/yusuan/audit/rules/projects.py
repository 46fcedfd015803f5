"""Project explanations vs 表7 (PRJ-*): 情况说明 七 lists each project with six fields."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from yusuan.audit.core import Issue, NotApplicable, NotRun
from yusuan.audit.registry import rule
from yusuan.audit.rules._common import amt, loc, m, need, norm, total_row
from yusuan.model.disclosure import Disclosure, Location, StatedProject, StatedRow, StatedTable
from yusuan.model.money import ZERO

FAMILY = "projects"
FIELD_LABELS = {
    "name": "项目名称",
    "basis": "设立的政策依据",
    "amount": "预算安排规模",
    "owner": "项目承担单位",
    "allocation": "资金分配情况",
    "period": "资金执行时间",
}
WITHHELD = "不予公开"
_AMOUNT = re.compile(r"(\d+(?:,\d{3})*(?:\.\d*)?)\s*万元?")
_PERIOD = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*至\s*(\d{4})\s*年\s*(\d{1,2})\s*月")


def _projects(d: Disclosure) -> tuple[StatedProject, ...]:
    if not d.projects:
        if d.tables.get("general_budget_projects") is not None and _table7(d):
            raise NotRun("文件中没有项目支出情况说明")
        raise NotApplicable("没有项目")
    return d.projects


def _table7(d: Disclosure) -> list[StatedRow]:
    t = d.tables.get("general_budget_projects")
    if t is None:
        return []
    return [r for r in t.rows if r.kind == "project"]


def _name(r: StatedRow) -> str:
    return r.label or r.key.removeprefix("project:")


def _where(p: StatedProject) -> Location:
    return p.location if p.location.part else p.location.model_copy(update={"part": "narrative"})


def _title(p: StatedProject) -> str:
    return f"项目{p.index}“{p.name}”" if p.index is not None else f"项目“{p.name}”"


def _t7(d: Disclosure) -> tuple[StatedTable, dict[str, StatedRow]]:
    t = need(d, "general_budget_projects")
    return t, {norm(_name(r)): r for r in t.rows if r.kind == "project"}


@rule(id="PRJ-001", family=FAMILY, severity="error", title="项目预算安排规模 = 表7 该项目金额")
def amount_matches_table(d: Disclosure) -> Iterator[Issue]:
    """每个项目说明的“预算安排规模”等于表7 同名项目的项目支出合计。"""
    t, rows = _t7(d)
    for p in _projects(d):
        r = rows.get(norm(p.name))
        if r is None or p.amount is None:
            continue
        if p.amount != amt(r, "total"):
            yield Issue(
                f"{_title(p)}预算安排规模 {m(p.amount)} 万元 ≠ 表7 该项目 {m(amt(r, 'total'))}",
                _where(p),
                m(amt(r, "total")),
                m(p.amount),
                (loc(t, r, "total"),),
            )


@rule(id="PRJ-002", family=FAMILY, severity="error", title="表7 每个项目都有项目说明")
def every_table_project_explained(d: Disclosure) -> Iterator[Issue]:
    """表7 列出的每个项目在情况说明“项目支出情况”中都有说明。"""
    t, rows = _t7(d)
    named = {norm(p.name) for p in _projects(d)}
    for key, r in rows.items():
        if key not in named:
            yield Issue(
                f"表7 项目“{_name(r)}”（{m(amt(r, 'total'))} 万元）在项目说明中没有出现",
                loc(t, r, "total"),
                "有说明",
                "无",
            )


@rule(id="PRJ-003", family=FAMILY, severity="error", title="每个项目说明都对应表7 中的项目")
def every_explanation_in_table(d: Disclosure) -> Iterator[Issue]:
    """情况说明中说明的每个项目都能在表7 中按名称找到。"""
    _, rows = _t7(d)
    for p in _projects(d):
        if norm(p.name) not in rows:
            yield Issue(f"{_title(p)}不在表7 中", _where(p), "表7 中的项目", p.name)


def _missing(p: StatedProject) -> list[str]:
    # the six fields in the order of FIELD_LABELS
    values = (p.name, p.basis, p.amount, p.owner, p.allocation, p.period)
    printed = p.fields
    if printed:
        return [
            f for f, v in zip(FIELD_LABELS, values, strict=True) if f not in printed or _blank(v)
        ]
    return [f for f, v in zip(FIELD_LABELS, values, strict=True) if _blank(v)]


def _blank(value: object) -> bool:
    """``value in (None, "")``, without comparing an amount with a string (slow)."""
    return value is None or (isinstance(value, str) and not value)


@rule(id="PRJ-004", family=FAMILY, severity="error", title="项目说明六项内容齐全")
def required_fields(d: Disclosure) -> Iterator[Issue]:
    """每个项目说明都有项目名称、设立的政策依据、预算安排规模、项目承担单位、资金分配情况、资金执行时间。"""
    for p in _projects(d):
        missing = _missing(p)
        if missing:
            yield Issue(
                f"{_title(p)}缺少{'、'.join(FIELD_LABELS[f] for f in missing)}",
                _where(p),
                "、".join(FIELD_LABELS[f] for f in missing),
                "缺",
            )


def _duplicated(p: StatedProject) -> list[str]:
    if len(set(p.fields)) == len(p.fields):
        return []
    return [f for f, n in Counter(p.fields).items() if n > 1]


@rule(id="PRJ-005", family=FAMILY, severity="error", title="项目说明中同一内容不重复出现")
def duplicated_fields(d: Disclosure) -> Iterator[Issue]:
    """同一项目说明中，同一字段（如“预算安排规模”）只出现一次。"""
    for p in _projects(d):
        dup = _duplicated(p)
        if dup:
            yield Issue(
                f"{_title(p)}重复列出{'、'.join(FIELD_LABELS.get(f, f) for f in dup)}",
                _where(p),
                "各一次",
                "、".join(f"{FIELD_LABELS.get(f, f)}×{p.fields.count(f)}" for f in dup),
            )


@rule(id="PRJ-006", family=FAMILY, severity="error", title="项目说明内容错位到相邻项目")
def displaced_fields(d: Disclosure) -> Iterator[Issue]:
    """一个项目重复列出的内容恰是相邻项目缺少的内容时，这些内容属于相邻项目（错位）。"""
    projects = _projects(d)
    if not any(p.fields for p in projects):
        raise NotRun("文件未记录项目说明的字段顺序")
    for i, p in enumerate(projects):
        dup = set(_duplicated(p))
        if not dup:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(projects):
                lost = dup & set(_missing(projects[j]))
                if lost:
                    labels = "、".join(FIELD_LABELS[f] for f in FIELD_LABELS if f in lost)
                    yield Issue(
                        f"{_title(p)}重复的{labels}应属{_title(projects[j])}（后者缺少这些内容）",
                        _where(p),
                        f"{_title(projects[j])}的{labels}",
                        f"列在{_title(p)}下",
                        (_where(projects[j]),),
                    )
                    break


def allocation_amounts(text: str) -> list[Decimal]:
    """The amounts (万元) an allocation text states."""
    out = []
    for match in _AMOUNT.finditer(text):
        out.append(Decimal(match.group(1).replace(",", "").rstrip(".") or "0"))
    return out


@rule(id="PRJ-007", family=FAMILY, severity="error", title="资金分配明细之和 = 预算安排规模")
def allocation_adds_up(d: Disclosure) -> Iterator[Issue]:
    """公开的资金分配情况中各笔金额之和等于该项目的预算安排规模。"""
    checked = False
    for p in _projects(d):
        if not p.allocation or WITHHELD in p.allocation or p.amount is None:
            continue
        amounts = allocation_amounts(p.allocation)
        if not amounts:
            continue
        checked = True
        total = sum(amounts, ZERO)
        if total != p.amount:
            yield Issue(
                f"{_title(p)}资金分配情况各项之和 {m(total)} 万元 ≠ 预算安排规模 {m(p.amount)} 万元"
                f"（{p.allocation}）",
                _where(p),
                m(p.amount),
                m(total),
            )
    if not checked:
        raise NotApplicable("没有公开金额明细的资金分配情况")


@rule(id="PRJ-008", family=FAMILY, severity="warning", title="项目说明编号连续")
def numbering(d: Disclosure) -> Iterator[Issue]:
    """项目说明按 1、2、3…… 连续编号，不跳号、不重号。"""
    projects = _projects(d)
    numbers = [p.index for p in projects if p.index is not None]
    if not numbers:
        raise NotRun("文件未给项目说明编号")
    for expected, p in enumerate(projects, start=1):
        if p.index is not None and p.index != expected:
            yield Issue(f"{_title(p)}编号应为 {expected}", _where(p), str(expected), str(p.index))
            break


@rule(id="PRJ-009", family=FAMILY, severity="error", title="项目名称不重复")
def unique_names(d: Disclosure) -> Iterator[Issue]:
    """项目说明和表7 中，同一项目名称只出现一次。"""
    counts = Counter(norm(p.name) for p in _projects(d))
    for p in d.projects:
        if counts[norm(p.name)] > 1:
            yield Issue(
                f"{_title(p)}名称重复出现 {counts[norm(p.name)]} 次",
                _where(p),
                "1",
                str(counts[norm(p.name)]),
            )
            counts[norm(p.name)] = 0
    t = d.tables.get("general_budget_projects")
    if t is not None:
        rows = Counter(norm(_name(r)) for r in _table7(d))
        for r in _table7(d):
            if rows[norm(_name(r))] > 1:
                yield Issue(
                    f"表7 项目“{_name(r)}”重复出现", loc(t, r), "1", str(rows[norm(_name(r))])
                )
                rows[norm(_name(r))] = 0


@rule(id="PRJ-010", family=FAMILY, severity="error", title="项目说明金额合计 = 表7 合计")
def explanations_total(d: Disclosure) -> Iterator[Issue]:
    """各项目说明的预算安排规模之和等于表7 项目支出合计。"""
    t = need(d, "general_budget_projects")
    projects = _projects(d)
    stated = [p.amount for p in projects if p.amount is not None]
    if len(stated) < len(projects):
        raise NotRun("部分项目未陈述预算安排规模")
    total = sum(stated, ZERO)
    expected = amt(total_row(t), "total")
    if total != expected:
        yield Issue(
            f"项目说明预算安排规模合计 {m(total)} ≠ 表7 合计 {m(expected)}",
            Location(part="narrative", section="七"),
            m(expected),
            m(total),
            (loc(t, "total", "total"),),
        )


@rule(id="PRJ-011", family=FAMILY, severity="warning", title="资金执行时间覆盖预算年度")
def period_covers_year(d: Disclosure) -> Iterator[Issue]:
    """资金执行时间起止有序，且包含预算年度（不早于当年结束）。"""
    year = d.year
    if year is None:
        raise NotRun("文件未写明预算年度")
    seen = False
    for p in _projects(d):
        period = p.period
        match = _PERIOD.search(period) if period else None
        if not match:
            continue
        seen = True
        y1, m1, y2, m2 = (int(x) for x in match.groups())
        if (y2, m2) < (y1, m1) or y2 < year or y1 > year:
            yield Issue(
                f"{_title(p)}资金执行时间“{period}”与 {year} 年预算不符",
                _where(p),
                f"含 {year} 年",
                period,
            )
    if not seen:
        raise NotRun("文件未陈述资金执行时间")
