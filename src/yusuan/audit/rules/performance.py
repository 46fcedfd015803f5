"""Performance targets (PRF-*): 项目支出绩效目标表 against themselves, the prose and 表7."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from difflib import SequenceMatcher

from yusuan.audit.core import Issue, NotApplicable, NotRun, Severity, per_document
from yusuan.audit.registry import rule
from yusuan.audit.rules._common import (
    amt,
    claim_loc,
    claims,
    dec,
    loc,
    m,
    need,
    norm,
    quote,
    row_of,
)
from yusuan.model.disclosure import Disclosure, Location, StatedPerformanceTable, StatedRow
from yusuan.model.money import ZERO

FAMILY = "performance"
WEIGHT_TOTALS = (Decimal(90), Decimal(100))
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
_COST = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")


def _tables(d: Disclosure) -> tuple[StatedPerformanceTable, ...]:
    if not d.performance:
        if "performance" in d.parts:
            raise NotRun("绩效目标表未能读出")
        raise NotApplicable("文件没有项目支出绩效目标表")
    return d.performance


def _where(p: StatedPerformanceTable) -> Location:
    return p.location if p.location.part else p.location.model_copy(update={"part": "performance"})


def similarity(a: str, b: str) -> float:
    a, b = norm(a).removesuffix("项目"), norm(b).removesuffix("项目")
    if a and b and (a in b or b in a):
        return 0.9
    return SequenceMatcher(None, a, b).ratio()


def _most_similar(name: str, rows: list[StatedRow]) -> tuple[StatedRow, float] | None:
    """The first row with the highest ``similarity`` of its label to ``name`` and that score
    (None for no rows).  A row whose score cannot beat the best so far (SequenceMatcher's
    quick upper bounds) is not scored in full."""
    best: tuple[StatedRow, float] | None = None
    a = norm(name).removesuffix("项目")
    for r in rows:
        b = norm(r.label).removesuffix("项目")
        if a and b and (a in b or b in a):
            score = 0.9
        else:
            matcher = SequenceMatcher(None, a, b)
            if best is not None and (
                matcher.real_quick_ratio() <= best[1] or matcher.quick_ratio() <= best[1]
            ):
                continue
            score = matcher.ratio()
        if best is None or score > best[1]:
            best = (r, score)
    return best


@per_document
def match_projects(d: Disclosure) -> dict[int, tuple[StatedRow, float] | None]:
    """For each target table (by index): its 表7 project (by name, else amount + similar text).
    Do not change the dict: within an audit, the rules share it."""
    t = need(d, "general_budget_projects")
    rows = [r for r in t.rows if r.kind == "project"]
    names = {norm(r.label or r.key.removeprefix("project:")): r for r in rows}
    out: dict[int, tuple[StatedRow, float] | None] = {}
    used: set[str] = set()
    tables = _tables(d)
    for i, p in enumerate(tables):
        r = names.get(norm(p.project))
        if r is not None:
            out[i] = (r, 1.0)
            used.add(r.key)
    for i, p in enumerate(tables):
        if i in out:
            continue
        amount = p.fiscal if p.fiscal is not None else p.total
        free = [r for r in rows if r.key not in used]
        same = [r for r in free if amount is not None and amt(r, "total") == amount]
        pool = same or free
        best = _most_similar(p.project, pool)
        if best is not None and (best[1] >= (0.3 if same else 0.6)):
            out[i] = best
            used.add(best[0].key)
        else:
            out[i] = None
    return out


@rule(id="PRF-001", family=FAMILY, severity="error", title="指标分值权重合计为 90 或 100")
def weights_total(d: Disclosure) -> Iterator[Issue]:
    """每张绩效目标表的指标分值权重合计为 90（另 10 分留给预算执行率）或 100。"""
    for p in _tables(d):
        weights = [i.weight for i in p.indicators if i.weight is not None]
        if not weights:
            continue
        total = sum(weights, ZERO)
        if total not in WEIGHT_TOTALS:
            yield Issue(
                f"绩效目标表“{p.project}”指标权重合计 {total:g}，应为 90 或 100",
                _where(p),
                "90 或 100",
                f"{total:g}",
            )


@per_document
def cost_amounts(p: StatedPerformanceTable) -> list[Decimal] | None:
    """The cost indicators' amounts in 万元; None when one cannot be read (do not change the
    list: within an audit, PRF-002 and PRF-003 share it)."""
    out = []
    for i in p.indicators:
        if "成本" not in i.level1 + i.level2:
            continue
        match = _COST.search(i.target)
        if not match:
            return None
        value = Decimal(match.group(1))
        out.append(value if match.group(2) == "万元" else value / 10000)
    return out


@rule(id="PRF-002", family=FAMILY, severity="error", title="成本指标合计不超过项目资金")
def cost_within_amount(d: Disclosure) -> Iterator[Issue]:
    """成本指标（经济成本等）的金额之和不超过该项目的年度预算总额。"""
    seen = False
    for p in _tables(d):
        costs = cost_amounts(p)
        if not costs or p.total is None:
            continue
        seen = True
        if sum(costs, ZERO) > p.total:
            yield Issue(
                f"绩效目标表“{p.project}”成本指标合计 {m(sum(costs, ZERO))} 万元超过年度预算总额 "
                f"{m(p.total)} 万元",
                _where(p),
                f"≤ {m(p.total)}",
                m(sum(costs, ZERO)),
            )
    if not seen:
        raise NotApplicable("没有可读出金额的成本指标")


@rule(id="PRF-003", family=FAMILY, severity="info", title="成本指标合计等于项目资金")
def cost_adds_up(d: Disclosure) -> Iterator[Issue]:
    """成本指标的金额之和等于该项目的年度预算总额（少于总额时提示）。"""
    seen = False
    for p in _tables(d):
        costs = cost_amounts(p)
        if not costs or p.total is None:
            continue
        seen = True
        total = sum(costs, ZERO)
        if total < p.total:
            yield Issue(
                f"绩效目标表“{p.project}”成本指标合计 {m(total)} 万元少于年度预算总额 {m(p.total)}"
                " 万元",
                _where(p),
                m(p.total),
                m(total),
            )
    if not seen:
        raise NotApplicable("没有可读出金额的成本指标")


@rule(
    id="PRF-004",
    family=FAMILY,
    severity="error",
    title="绩效管理的财政拨款项目个数 = 绩效目标表张数",
)
def stated_count(d: Disclosure) -> Iterator[Issue]:
    """“预算绩效管理的财政拨款项目 N 个”等于所附财政拨款绩效目标表的张数。"""
    tables = [p for p in _tables(d) if (p.fiscal or ZERO) > 0 or p.fiscal is None]
    for c in claims(d, "performance.fiscal_count"):
        v = dec(c.value)
        if v is not None and v != len(tables):
            yield Issue(
                f"情况说明称绩效管理的财政拨款项目 {v} 个，附绩效目标表 {len(tables)} 张{quote(c)}",
                claim_loc(c),
                str(len(tables)),
                str(v),
            )


@rule(
    id="PRF-005", family=FAMILY, severity="error", title="绩效管理的财政拨款金额 = 各表财政拨款之和"
)
def stated_total(d: Disclosure) -> Iterator[Issue]:
    """“涉及预算金额 X 万元”等于各绩效目标表“其中：财政拨款”之和。"""
    total = sum((p.fiscal or ZERO for p in _tables(d)), ZERO)
    for c in claims(d, "performance.fiscal_total"):
        v = dec(c.value)
        if v is not None and v != total:
            yield Issue(
                f"情况说明称绩效管理项目涉及预算金额 {m(v)} 万元，各表财政拨款合计 {m(total)} "
                f"万元{quote(c)}",
                claim_loc(c),
                m(total),
                m(v),
            )


@rule(id="PRF-006", family=FAMILY, severity="error", title="每张绩效目标表对应表7 中的一个项目")
def table_has_project(d: Disclosure) -> Iterator[Issue]:
    """每张绩效目标表按名称、金额和文字相似度能对应到表7 中的一个项目。"""
    for i, found in match_projects(d).items():
        if found is None and not _outside_general_budget(d, d.performance[i].project):
            p = d.performance[i]
            yield Issue(
                f"绩效目标表“{p.project}”（{m(p.total)} 万元）在表7 中找不到对应项目",
                _where(p),
                "表7 中的项目",
                p.project,
            )


@rule(id="PRF-007", family=FAMILY, severity="warning", title="绩效目标表项目名称与表7 一致")
def table_name_matches(d: Disclosure) -> Iterator[Issue]:
    """绩效目标表的项目名称与表7 中对应项目的名称相同（按金额和相似度对应后，名称不同则警告）。"""
    t = need(d, "general_budget_projects")
    for i, found in match_projects(d).items():
        if found is not None and found[1] < 1.0:
            p, r = d.performance[i], found[0]
            yield Issue(
                f"绩效目标表项目名称“{p.project}”与表7“{r.label}”不一致",
                _where(p),
                r.label,
                p.project,
                (loc(t, r),),
                # a compiled budget links each target to its project explicitly: the
                # printed title is the author's choice, shown as a hint only
                severity=Severity.info if _declared_title(d, p.project) else None,
            )


def _outside_general_budget(d: Disclosure, shown: str) -> bool:
    """A compiled budget's target whose project has no general-budget money (not in 表7)."""
    if d.budget is None:
        return False
    for t in d.budget.performance_targets:
        if t.shown_name == shown:
            project = next((p for p in d.budget.projects if p.name == t.project), None)
            return project is not None and not project.general_budget_amount
    return False


def _general_only(d: Disclosure) -> bool:
    fiscal = d.tables.get("fiscal_overview")
    return fiscal is None or not any(
        amt(row_of(fiscal, "total"), c) for c in ("government_fund", "state_capital")
    )


def _declared_title(d: Disclosure, shown: str) -> bool:
    if d.origin != "compiled" or d.budget is None:
        return False
    return any(t.title == shown for t in d.budget.performance_targets)


@rule(id="PRF-008", family=FAMILY, severity="error", title="年度预算总额 = 财政拨款 + 其他资金")
def table_amounts_add_up(d: Disclosure) -> Iterator[Issue]:
    """绩效目标表“年度预算总额”等于“其中：财政拨款”与“其他资金”之和。"""
    for p in _tables(d):
        if p.total is None or p.fiscal is None:
            continue
        if p.total != p.fiscal + (p.other or ZERO):
            yield Issue(
                f"绩效目标表“{p.project}”年度预算总额 {m(p.total)} ≠ 财政拨款 {m(p.fiscal)} + "
                f"其他资金 {m(p.other)}",
                _where(p),
                m(p.fiscal + (p.other or ZERO)),
                m(p.total),
            )


@rule(id="PRF-009", family=FAMILY, severity="error", title="绩效目标表财政拨款 = 表7 项目金额")
def table_amount_matches(d: Disclosure) -> Iterator[Issue]:
    """绩效目标表的财政拨款金额等于表7 中对应项目的金额。"""
    t = need(d, "general_budget_projects")
    for i, found in match_projects(d).items():
        p = d.performance[i]
        if found is None or p.fiscal is None:
            continue
        r = found[0]
        # 表7 shows the general-budget part; other fiscal money may add to it
        if p.fiscal < amt(r, "total") or (p.fiscal != amt(r, "total") and _general_only(d)):
            yield Issue(
                f"绩效目标表“{p.project}”财政拨款 {m(p.fiscal)} ≠ 表7“{r.label}” "
                f"{m(amt(r, 'total'))}",
                _where(p),
                m(amt(r, "total")),
                m(p.fiscal),
                (loc(t, r, "total"),),
            )


@rule(
    id="PRF-010",
    family=FAMILY,
    severity="warning",
    title="一级指标为产出、效益、满意度（成本）指标",
)
def level1_known(d: Disclosure) -> Iterator[Issue]:
    """指标体系的一级指标只用产出指标、效益指标、满意度指标（及成本指标）。"""
    for p in _tables(d):
        odd = sorted({i.level1 for i in p.indicators if i.level1 and norm(i.level1) not in LEVEL1})
        if odd:
            yield Issue(
                f"绩效目标表“{p.project}”一级指标“{'、'.join(odd)}”不在通用指标体系中",
                _where(p),
                "、".join(LEVEL1),
                "、".join(odd),
            )


@rule(id="PRF-011", family=FAMILY, severity="warning", title="每张表都有产出指标和满意度指标")
def required_levels(d: Disclosure) -> Iterator[Issue]:
    """每张绩效目标表至少有一条产出指标和一条满意度指标。"""
    for p in _tables(d):
        have = {norm(i.level1) for i in p.indicators}
        lack = [x for x in ("产出指标", "满意度指标") if x not in have]
        if p.indicators and lack:
            yield Issue(
                f"绩效目标表“{p.project}”缺少{'、'.join(lack)}", _where(p), "、".join(lack), "无"
            )


@rule(id="PRF-012", family=FAMILY, severity="error", title="同一项目只有一张绩效目标表")
def one_table_per_project(d: Disclosure) -> Iterator[Issue]:
    """同一项目不重复填报绩效目标表。"""
    counts = Counter(norm(p.project) for p in _tables(d))
    for p in d.performance:
        if counts[norm(p.project)] > 1:
            yield Issue(
                f"项目“{p.project}”有 {counts[norm(p.project)]} 张绩效目标表",
                _where(p),
                "1",
                str(counts[norm(p.project)]),
            )
            counts[norm(p.project)] = 0


@rule(id="PRF-013", family=FAMILY, severity="warning", title="每条指标都有分值权重")
def weights_present(d: Disclosure) -> Iterator[Issue]:
    """绩效目标表的每条三级指标都给出指标分值权重。"""
    for p in _tables(d):
        lacking = [i.name for i in p.indicators if i.weight is None]
        if lacking:
            yield Issue(
                f"绩效目标表“{p.project}”指标“{'、'.join(lacking)}”没有分值权重",
                _where(p),
                "有权重",
                "无",
            )


@rule(id="PRF-014", family=FAMILY, severity="error", title="公开绩效目标表的项目个数 = 表数")
def published_count(d: Disclosure) -> Iterator[Issue]:
    """情况说明称公开绩效目标表的项目个数等于所附绩效目标表张数。"""
    n = len(_tables(d))
    for c in claims(d, "performance.published_count"):
        v = dec(c.value)
        if v is not None and v != n:
            yield Issue(
                f"情况说明称公开绩效目标表 {v} 个，实附 {n} 张{quote(c)}",
                claim_loc(c),
                str(n),
                str(v),
            )


@rule(
    id="PRF-015",
    family=FAMILY,
    severity="error",
    title="公开与不予公开绩效目标表的项目数之和 = 表7 项目数",
)
def published_plus_withheld(d: Disclosure) -> Iterator[Issue]:
    """公开绩效目标表的项目数与不予公开的项目数之和等于表7 的项目数。"""
    t = need(d, "general_budget_projects")
    n = sum(1 for r in t.rows if r.kind == "project")
    pub = claims(d, "performance.published_count")[0]
    withheld = claims(d, "performance.withheld_count")[0]
    a, b = dec(pub.value), dec(withheld.value)
    if a is not None and b is not None and a + b != n:
        yield Issue(
            f"公开 {a} 个 + 不予公开 {b} 个 ≠ 表7 项目 {n} 个",
            claim_loc(withheld),
            str(n),
            str(a + b),
            (loc(t),),
        )
