"""Prose figures checked against each other (PRS-ARI-*): what a 情况说明 sentence states
adds up by itself — a 决算 completion rate is its outturn ÷ its budget, a rate agrees
with the amount and change beside it, a share with its part and whole, a 三公 part's
share with the 三公 total, awards to small enterprises stay within what was reserved.

These read the topics of the national template's further phrasings (topics.yaml);
figures are compared at the precision the document prints them (a rate stated as
15.3% agrees with 15.30%, not with 15.36%).  A figure not stated makes the rule *not run*.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from yusuan.audit.core import Issue, NotRun, Severity
from yusuan.audit.registry import rule
from yusuan.audit.rules._common import (
    HUNDRED,
    amt,
    as_printed,
    claim_loc,
    claims_for,
    dec,
    m,
    pct,
    quote,
)
from yusuan.model.disclosure import Claim, Disclosure, claim_topics

FAMILY = "prose"

#: topics whose amount, change and rate the prose states in one sentence
RATE_TOPICS = (
    "total",
    "fiscal",
    "general_budget",
    "general_budget.category",
    "expenditure.category",
    "expenditure.kind",
    "meetings",
    "training",
)
#: share topic → (part topic, whole topic): the whole is the prose's own figure
SHARE_TOPICS = {
    "revenue.kind.share": ("revenue.kind.amount", "revenue.total"),
    "expenditure.kind.share": ("expenditure.kind.amount", "expenditure.total"),
    "fiscal.share": ("fiscal.total", "expenditure.total"),
    "general_budget.share": ("general_budget.total", "expenditure.total"),
}


def _places(stated: Decimal) -> int:
    """Decimals the document printed (0 to 2)."""
    exponent = stated.as_tuple().exponent
    return min(max(-exponent, 0), 2) if isinstance(exponent, int) else 2


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _agrees(stated: Decimal, exact: Decimal) -> bool:
    """``stated`` is ``exact`` rounded half-up to the decimals the document printed."""
    return stated == _round(exact, _places(stated))


def _label(topic: str) -> str:
    base = topic.split(":", 1)[0]
    label = claim_topics().get(base, {}).get("label", base)
    param = topic.split(":", 1)[1] if ":" in topic else None
    return f"{label}（{param}）" if param else label


def _sentences(
    d: Disclosure, *topics: str
) -> dict[tuple[str | None, str, int | None], dict[str, Claim]]:
    """Claims of ``topics`` grouped by sentence (parameter, text, line): one sentence's
    figures belong together."""
    out: dict[tuple[str | None, str, int | None], dict[str, Claim]] = defaultdict(dict)
    for topic in topics:
        for c in claims_for(d, topic):
            key = (c.param, c.text, c.location.line)
            out[key].setdefault(c.base, c)
    return out


def _all_stated(d: Disclosure, topics: tuple[str, ...]) -> bool:
    """Whether the prose states a figure of each of ``topics`` (base topics): else no group
    of ``_sentences`` holds them all."""
    return all(claims_for(d, topic) for topic in topics)


def _value(d: Disclosure, topic: str) -> tuple[Decimal, Claim] | None:
    for c in claims_for(d, topic):
        if c.topic == topic and (v := dec(c.value)) is not None:
            return v, c
    return None


# ---------------------------------------------------------------- 决算 completion
def _completion(d: Disclosure, budget_topic: str, rate_topic: str) -> Iterator[Issue]:
    found = False
    for scope in ("final.item", "final.general_budget", "final.three_public"):
        needed = (f"{scope}.{rate_topic}", f"{scope}.actual", f"{scope}.{budget_topic}")
        if not _all_stated(d, needed):
            continue  # no sentence can hold the three
        topics = {f"{scope}.{t}" for t in (budget_topic, "budget", "actual", rate_topic)}
        groups = _sentences(d, *sorted(topics))
        for group in groups.values():
            rate_c = group.get(f"{scope}.{rate_topic}")
            actual_c = group.get(f"{scope}.actual")
            budget_c = group.get(f"{scope}.{budget_topic}")
            if rate_c is None or actual_c is None or budget_c is None:
                continue
            rate, actual, budget = dec(rate_c.value), dec(actual_c.value), dec(budget_c.value)
            if rate is None or actual is None or budget is None:
                continue
            found = True
            if not budget:
                full = _value_in(group, f"{scope}.budget")
                hint = (
                    f"（{pct(rate)} 是决算数 ÷ 全年预算数 {m(full)}）"
                    if full and _agrees(rate, actual / full * HUNDRED)
                    else ""
                )
                yield Issue(
                    f"{_label(rate_c.topic)} {pct(rate)}，但所称预算数为 0.00，比例无从计算"
                    f"{hint}{quote(rate_c)}",
                    claim_loc(rate_c),
                    "预算数不为零",
                    pct(rate),
                    severity=Severity.warning,
                )
                continue
            exact = actual / budget * HUNDRED
            if not _agrees(rate, exact):
                yield Issue(
                    f"{_label(rate_c.topic)} {pct(rate)} ≠ 决算数 {m(actual)} ÷ 预算数 {m(budget)}"
                    f" = {pct(_round(exact, 2))}{quote(rate_c)}",
                    claim_loc(rate_c),
                    pct(_round(exact, 2)),
                    pct(rate),
                )
    if not found:
        raise NotRun(f"文件未陈述该数字（决算数、预算数与{rate_topic}）")


def _value_in(group: dict[str, Claim], topic: str) -> Decimal | None:
    c = group.get(topic)
    return dec(c.value) if c is not None else None


@rule(
    id="PRS-ARI-001",
    family=FAMILY,
    severity="error",
    title="完成全年预算的比例 = 决算数 ÷ 全年预算数",
)
def completion_of_budget(d: Disclosure) -> Iterator[Issue]:
    """决算说明中“全年预算为 A 万元，支出决算为 B 万元，完成全年预算数的 R%”：R = B ÷ A × 100，
    按文中小数位数四舍五入（各项、一般公共预算财政拨款支出合计、“三公”经费及其各部分）。"""
    yield from _completion(d, "budget", "completion")


@rule(
    id="PRS-ARI-002",
    family=FAMILY,
    severity="error",
    title="完成年初预算的比例 = 决算数 ÷ 年初预算数",
)
def completion_of_initial_budget(d: Disclosure) -> Iterator[Issue]:
    """决算说明中“年初预算为 A 万元，……支出决算为 B 万元，完成年初预算的 R%”：R = B ÷ A × 100；
    年初预算为零时称完成年初预算的比例为警告（多为“全年预算”之误）。"""
    yield from _completion(d, "initial_budget", "completion_initial")


_BELOW, _ABOVE, _FLAT = ("小于",), ("大于",), ("持平",)


@rule(id="PRS-ARI-003", family=FAMILY, severity="error", title="决算数与预算数的比较与数字相符")
def outturn_comparison(d: Disclosure) -> Iterator[Issue]:
    """“决算数小于（大于）全年预算数”“决算数与全年预算数持平”与同一句的决算数、预算数相符
    （称年初预算数时与年初预算数比较）。"""
    if not _all_stated(d, ("final.item.comparison", "final.item.actual")):
        raise NotRun("文件未陈述该数字（决算数与预算数的比较）")  # no sentence holds the two
    groups = _sentences(
        d,
        "final.item.comparison",
        "final.item.actual",
        "final.item.budget",
        "final.item.initial_budget",
    )
    found = False
    for group in groups.values():
        cmp_c = group.get("final.item.comparison")
        actual = _value_in(group, "final.item.actual")
        if cmp_c is None or actual is None or not isinstance(cmp_c.value, str):
            continue
        word = cmp_c.value
        topic = "final.item.initial_budget" if "年初" in word else "final.item.budget"
        budget = _value_in(group, topic) or _value_in(group, "final.item.budget")
        if budget is None:
            continue
        found = True
        if any(w in word for w in _BELOW):
            ok, truth = actual < budget, "小于"
        elif any(w in word for w in _ABOVE):
            ok, truth = actual > budget, "大于"
        elif any(w in word for w in _FLAT):
            ok, truth = actual == budget, "等于"
        else:
            continue
        if not ok:
            yield Issue(
                f"文中称决算数{word}，但决算数 {m(actual)} 并不{truth}预算数 {m(budget)}"
                f"{quote(cmp_c)}",
                claim_loc(cmp_c),
                f"决算数{truth}预算数",
                word,
            )
    if not found:
        raise NotRun("文件未陈述该数字（决算数与预算数的比较）")


# ---------------------------------------------------------------- 三公 shares
@rule(
    id="PRS-ARI-004",
    family=FAMILY,
    severity="error",
    title="“三公”经费各部分占比 = 部分 ÷ “三公”经费合计",
)
def three_public_shares(d: Disclosure) -> Iterator[Issue]:
    """“因公出国（境）费支出 A 万元，占“三公”经费的 R%”：R = A ÷ “三公”经费合计 × 100；合计取文中
    所述，未述时取表10 合计，再无则取文中各部分之和（已写出购置及运行费时不另加其中两项）。"""
    shares = claims_for(d, "three_public.part.share")
    if not shares:
        raise NotRun("文件未陈述该数字（“三公”经费各部分占比）")
    whole: Decimal | None = None
    stated = _value(d, "three_public.total.amount")
    t = d.tables.get("three_public")
    if stated is not None:
        whole, whence = stated[0], "文中“三公”经费合计"
    elif t is not None and t.row("total") is not None:
        whole, whence = as_printed(amt(t.row("total"), "total")), f"表{t.number} 合计"
    else:
        parts: dict[str, Decimal] = {}
        for c in claims_for(d, "three_public.part.amount"):
            v = dec(c.value)
            if v is not None and c.param:
                parts.setdefault(c.param, v)
        if "vehicles" in parts:
            parts.pop("vehicle_purchase", None)
            parts.pop("vehicle_operation", None)
        whole, whence = sum(parts.values(), Decimal(0)), "文中各部分之和"
    groups = _sentences(d, "three_public.part.share", "three_public.part.amount")
    for group in groups.values():
        share_c = group.get("three_public.part.share")
        part = _value_in(group, "three_public.part.amount")
        share = dec(share_c.value) if share_c is not None else None
        if share_c is None or part is None or share is None:
            continue
        exact = part / whole * HUNDRED if whole else Decimal(0)
        if not _agrees(share, exact):
            yield Issue(
                f"{_label(share_c.topic)} {pct(share)} ≠ {m(part)} ÷ {m(whole)}（{whence}）"
                f" = {pct(_round(exact, 2))}{quote(share_c)}",
                claim_loc(share_c),
                pct(_round(exact, 2)),
                pct(share),
            )


# ---------------------------------------------------------------- rates and shares in prose
@rule(
    id="PRS-ARI-005", family=FAMILY, severity="error", title="文中增减率与同句的本年数、增减额一致"
)
def stated_rates(d: Disclosure) -> Iterator[Issue]:
    """同一句写出本年数 A、增减额 C 与增减率 R 时（收支总计、财政拨款、一般公共预算、各类支出、
    预留机动经费、会议费、培训费等）：R = C ÷（A − C）× 100，按文中小数位数四舍五入；
    上年为零时增长 100% 或持平 0%。"""
    found = False
    for topic in RATE_TOPICS:
        amount_t, change_t, rate_t = (f"{topic}.{k}" for k in ("amount", "change", "rate"))
        if topic in ("fiscal", "general_budget"):
            amount_t = f"{topic}.total"
        if not _all_stated(d, (rate_t, change_t, amount_t)):
            continue  # no sentence can hold the three
        for group in _sentences(d, amount_t, change_t, rate_t).values():
            a, c, r = (_value_in(group, t) for t in (amount_t, change_t, rate_t))
            if a is None or c is None or r is None:
                continue
            found = True
            prior = a - c
            if prior == 0:
                ok = r in (HUNDRED, Decimal(0)) if c else r == 0
                exact = HUNDRED if c else Decimal(0)
            else:
                exact = c / prior * HUNDRED
                ok = _agrees(r, exact)
            if not ok:
                rate_c = group[rate_t]
                yield Issue(
                    f"{_label(rate_c.topic)} {pct(r)} ≠ 增减额 {m(c)} ÷ 上年 {m(prior)}"
                    f"（本年 {m(a)} − 增减额）= {pct(_round(exact, 2))}{quote(rate_c)}",
                    claim_loc(rate_c),
                    pct(_round(exact, 2)),
                    pct(r),
                    (claim_loc(group[change_t]),),
                )
    if not found:
        raise NotRun("文件未陈述该数字（同一句的本年数、增减额与增减率）")


@rule(id="PRS-ARI-006", family=FAMILY, severity="error", title="文中占比 = 同句金额 ÷ 文中合计")
def stated_shares(d: Disclosure) -> Iterator[Issue]:
    """“财政拨款收入 A 万元，占 R%”“单位预留机动经费 A 万元，占 R%”“财政拨款支出 A 万元，占本年
    支出合计的 R%”：R = A ÷ 文中本年收入（支出）合计 × 100，按文中小数位数四舍五入。"""
    found = False
    for share_t, (part_t, whole_t) in SHARE_TOPICS.items():
        whole = _value(d, whole_t)
        if whole is None or not whole[0]:
            continue
        if not _all_stated(d, (share_t, part_t)):
            continue  # no sentence can hold the two
        for group in _sentences(d, share_t, part_t).values():
            share, part = _value_in(group, share_t), _value_in(group, part_t)
            if share is None or part is None:
                continue
            found = True
            exact = part / whole[0] * HUNDRED
            if not _agrees(share, exact):
                share_c = group[share_t]
                yield Issue(
                    f"{_label(share_c.topic)} {pct(share)} ≠ {m(part)} ÷ {_label(whole_t)} "
                    f"{m(whole[0])} = {pct(_round(exact, 2))}{quote(share_c)}",
                    claim_loc(share_c),
                    pct(_round(exact, 2)),
                    pct(share),
                    (claim_loc(whole[1]),),
                )
    if not found:
        raise NotRun("文件未陈述该数字（占比及其合计）")


# ---------------------------------------------------------------- small enterprises
@rule(
    id="PRS-ARI-007",
    family=FAMILY,
    severity="error",
    title="中小企业中标、授予金额不超过预留与采购总额",
)
def small_enterprise_awards(d: Disclosure) -> Iterator[Issue]:
    """面向中小（小微）企业预留项目中由中小（小微）企业中标的金额不超过预留金额；授予小微企业
    合同金额不超过授予中小企业的；授予合同金额占比 = 合同金额 ÷ 政府采购支出总额。"""
    pairs = (
        ("procurement.sme_awarded", "procurement.sme_reserved"),
        ("procurement.small_micro_awarded", "procurement.small_micro_reserved"),
        ("procurement.small_micro_contracts", "procurement.sme_contracts"),
        ("procurement.sme_contracts", "procurement.total"),
    )
    found = False
    for part_t, whole_t in pairs:
        part, whole = _value(d, part_t), _value(d, whole_t)
        if part is None or whole is None:
            continue
        found = True
        if part[0] > whole[0]:
            yield Issue(
                f"{_label(part_t)} {m(part[0])} 超过{_label(whole_t)} {m(whole[0])}"
                f"{quote(part[1])}",
                claim_loc(part[1]),
                f"≤ {m(whole[0])}",
                m(part[0]),
                (claim_loc(whole[1]),),
            )
    total = _value(d, "procurement.total")
    for share_t, part_t in (
        ("procurement.sme_contracts_share", "procurement.sme_contracts"),
        ("procurement.small_micro_contracts_share", "procurement.small_micro_contracts"),
    ):
        share, part = _value(d, share_t), _value(d, part_t)
        if share is None or part is None or total is None or not total[0]:
            continue
        found = True
        exact = part[0] / total[0] * HUNDRED
        if not _agrees(share[0], exact):
            yield Issue(
                f"{_label(share_t)} {pct(share[0])} ≠ {m(part[0])} ÷ 政府采购支出总额 {m(total[0])}"
                f" = {pct(_round(exact, 2))}{quote(share[1])}",
                claim_loc(share[1]),
                pct(_round(exact, 2)),
                pct(share[0]),
            )
    if not found:
        raise NotRun("文件未陈述该数字（中小企业中标、授予合同金额）")
