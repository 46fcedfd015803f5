"""Completeness (CMP-*) against 《地方预决算公开操作规程》 and the disclosure catalogs:
every required table present (or empty with its note), and the required explanations."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat
from typing import Any

from yusuan.audit.core import Issue, NotApplicable, NotRun, Severity
from yusuan.audit.registry import rule
from yusuan.audit.rules._common import claim_index, claims_for, table_titles
from yusuan.audit.rules.text_quality import joined_text
from yusuan.model.disclosure import PART_LABELS, Disclosure, Location

FAMILY = "completeness"
#: table key → (rule id, severity when missing); 表7 and 表9 are optional in many catalogs
#: (DISCLOSURE-RULES: eight tables required, 项目支出 and 国有资本经营 added by many)
REQUIRED_TABLES: dict[str, tuple[str, Severity]] = {
    "overview": ("CMP-001", Severity.error),
    "revenue": ("CMP-002", Severity.error),
    "expenditure": ("CMP-003", Severity.error),
    "fiscal_overview": ("CMP-004", Severity.error),
    "general_budget_expenditure": ("CMP-005", Severity.error),
    "general_budget_basic": ("CMP-006", Severity.error),
    "general_budget_projects": ("CMP-007", Severity.info),
    "fund_budget_expenditure": ("CMP-008", Severity.error),
    "state_capital_expenditure": ("CMP-009", Severity.info),
    "three_public": ("CMP-010", Severity.error),
}


def _table_present(key: str) -> Any:
    number, title = table_titles()[key]

    def check(d: Disclosure) -> Iterator[Issue]:
        if key not in d.tables and key not in d.unreadable_tables:
            yield Issue(
                f"缺少表{number}“{title}”",
                Location(part="tables", table=number, table_key=key),
                title,
                "缺",
            )

    check.__doc__ = f"文件公开了表{number}“{title}”（无数据时公开空表并说明）。"
    return check


for _key, (_id, _severity) in REQUIRED_TABLES.items():
    _number, _title = table_titles()[_key]
    rule(id=_id, family=FAMILY, severity=_severity, title=f"公开表{_number}“{_title}”")(
        _table_present(_key)
    )


@rule(id="CMP-011", family=FAMILY, severity="warning", title="空表附有说明")
def empty_tables_noted(d: Disclosure) -> Iterator[Issue]:
    """没有数据的表8 政府性基金、表9 国有资本经营、表10 “三公”经费附有空表说明。"""
    if not d.tables:
        raise NotRun("文件中没有公开表")
    for key in ("fund_budget_expenditure", "state_capital_expenditure", "three_public"):
        t = d.tables.get(key)
        if t is not None and t.is_empty and not t.note:
            yield Issue(f"表{t.number}“{t.title}”为空表，但没有说明", t.location, "空表说明", "无")


def _has_narrative(d: Disclosure) -> bool:
    if "narrative" in d.parts:
        return True
    if d.origin == "compiled":
        raise NotRun("编制结果尚未生成情况说明")
    return False


def _stated(d: Disclosure, prefix: str, what: str, section: str) -> Iterator[Issue]:
    if not _has_narrative(d):
        raise NotRun("文件没有情况说明部分（见 CMP-020）")
    if not any(map(str.startswith, claim_index(d), repeat(prefix))):
        yield Issue(
            f"情况说明没有说明{what}", Location(part="narrative", section=section), what, "无"
        )


@rule(id="CMP-012", family=FAMILY, severity="error", title="说明“三公”经费")
def three_public_explained(d: Disclosure) -> Iterator[Issue]:
    """情况说明写明财政拨款“三公”经费总额及各部分金额。"""
    yield from _stated(d, "three_public.", "“三公”经费", "十")


@rule(id="CMP-013", family=FAMILY, severity="warning", title="“三公”经费增减说明原因")
def three_public_reasons(d: Disclosure) -> Iterator[Issue]:
    """“三公”经费比上年增减时，情况说明写出增减的主要原因。"""
    if not _has_narrative(d):
        raise NotRun("文件没有情况说明部分（见 CMP-020）")
    changes = list(claims_for(d, "three_public.total.change"))
    if not changes:
        raise NotRun("文件未陈述该数字（“三公”经费增减额）")
    if d.text_lines:
        # the lines as joined for the text rules (with newlines): a find there is one in
        # the lines run together, no later than it; else search as the rule always did
        joined = joined_text(d)
        start = joined.find("三公")
        reasons = start >= 0 and joined.find("原因", start) >= 0
        if not reasons:
            text = "".join(d.text_lines)
            start = text.find("三公")
            reasons = start >= 0 and "原因" in text[start:]
    elif d.budget is not None:
        reasons = bool(d.budget.reasons.three_public)
    else:
        raise NotRun("没有文件文本，无法查看原因说明")
    if not reasons:
        yield Issue("“三公”经费增减没有说明原因", changes[0].location, "主要原因", "无")


@rule(id="CMP-014", family=FAMILY, severity="error", title="说明机关运行经费")
def office_running_explained(d: Disclosure) -> Iterator[Issue]:
    """情况说明写明机关运行经费预算（行政单位；事业单位不适用）。"""
    if d.budget is not None and d.budget.department.kind.value != "administrative":
        raise NotApplicable("事业单位不单列机关运行经费")
    yield from _stated(d, "office_running_costs.", "机关运行经费", "十一")


@rule(id="CMP-015", family=FAMILY, severity="error", title="说明政府采购预算")
def procurement_explained(d: Disclosure) -> Iterator[Issue]:
    """情况说明写明政府采购预算（货物、工程、服务）。"""
    yield from _stated(d, "procurement.", "政府采购预算", "十一")


@rule(id="CMP-016", family=FAMILY, severity="warning", title="说明国有资产占用使用情况")
def assets_explained(d: Disclosure) -> Iterator[Issue]:
    """情况说明写明国有资产占用使用情况（房屋、车辆、大型设备）。"""
    yield from _stated(d, "assets.", "国有资产占用使用情况", "十一")


@rule(id="CMP-017", family=FAMILY, severity="warning", title="公开绩效目标")
def performance_explained(d: Disclosure) -> Iterator[Issue]:
    """文件说明预算绩效情况，或附有项目支出绩效目标表。"""
    if d.performance:
        return
    yield from _stated(d, "performance.", "预算绩效情况", "十一")


def _part(d: Disclosure, part: str) -> Iterator[Issue]:
    if part not in d.parts:
        if d.origin == "compiled":
            raise NotRun(f"编制结果尚未生成{PART_LABELS[part]}")
        yield Issue(f"缺少{PART_LABELS[part]}", Location(part=part), PART_LABELS[part], "缺")


@rule(id="CMP-018", family=FAMILY, severity="warning", title="有名词解释")
def glossary_present(d: Disclosure) -> Iterator[Issue]:
    """文件有名词解释部分。"""
    yield from _part(d, "glossary")


@rule(id="CMP-019", family=FAMILY, severity="warning", title="有部门概况")
def profile_present(d: Disclosure) -> Iterator[Issue]:
    """文件有部门概况（主要职能、机构设置及人员情况）。"""
    yield from _part(d, "profile")


@rule(id="CMP-020", family=FAMILY, severity="error", title="有情况说明")
def narrative_present(d: Disclosure) -> Iterator[Issue]:
    """文件有部门预算情况说明。"""
    yield from _part(d, "narrative")
