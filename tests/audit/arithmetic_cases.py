"""Cases of the PRS-ARI rules (prose figures against each other) for test_rules.CASES:
rule id → (base, mutation); the base adds one consistent sentence's claims to the clean
document, the mutation plants one inconsistency in it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from helpers import with_claims

from yusuan.model.disclosure import Claim, Disclosure, Location

D = Decimal
Mutation = Callable[[Disclosure], Disclosure]


def sentence(line: int, text: str, *figures: tuple[str, object]) -> tuple[Claim, ...]:
    """The claims one sentence states (same text, same line)."""
    loc = Location(part="narrative", line=line)
    out = []
    for topic, value in figures:
        unit = (
            "%"
            if topic.split(":")[0].endswith(("rate", "share", "completion", "initial"))
            else "万元"
        )
        if isinstance(value, str):
            unit = "text"
        out.append(Claim(topic=topic, value=value, unit=unit, text=text, location=loc))  # type: ignore[arg-type]
    return tuple(out)


def adding(*claims: Claim, dropping: tuple[str, ...] = ()) -> Mutation:
    def f(d: Disclosure) -> Disclosure:
        kept = (
            d.model_copy(
                update={"claims": tuple(c for c in d.claims if not c.topic.startswith(dropping))}
            )
            if dropping
            else d
        )
        return with_claims(kept, *claims)

    return f


def changed(topic: str, value: object) -> Mutation:
    def f(d: Disclosure) -> Disclosure:
        out = tuple(
            c.model_copy(update={"value": value}) if c.topic == topic else c for c in d.claims
        )
        assert out != d.claims, topic
        return d.model_copy(update={"claims": out})

    return f


def _revenue_kind_half(d: Disclosure) -> Disclosure:
    """本年收入合计 as the clean document states it; 其他收入 half of it, 占 50.00%."""
    whole = next(c for c in d.claims if c.topic == "revenue.total")
    assert isinstance(whole.value, Decimal)
    half = (whole.value / 2).quantize(D("0.01"))
    share = (half / whole.value * 100).quantize(D("0.01"))
    return with_claims(
        d,
        *sentence(
            902,
            f"其他收入{half}万元，占{share}%",
            ("revenue.kind.amount:other", half),
            ("revenue.kind.share:other", share),
        ),
    )


ITEM = "2050202"
ARI_CASES: dict[str, tuple[Mutation, ...]] = {
    "PRS-ARI-001": (
        adding(
            *sentence(
                901,
                "全年预算为200.00万元，支出决算为190.00万元，完成全年预算数的95.00%",
                (f"final.item.budget:{ITEM}", D("200.00")),
                (f"final.item.actual:{ITEM}", D("190.00")),
                (f"final.item.completion:{ITEM}", D("95.00")),
            )
        ),
        changed(f"final.item.completion:{ITEM}", D("95.50")),
    ),
    "PRS-ARI-002": (
        adding(
            *sentence(
                901,
                "年初预算为200.00万元，支出决算为190.00万元，完成年初预算的95.00%",
                ("final.general_budget.initial_budget", D("200.00")),
                ("final.general_budget.actual", D("190.00")),
                ("final.general_budget.completion_initial", D("95.00")),
            )
        ),
        changed("final.general_budget.completion_initial", D("96.00")),
    ),
    "PRS-ARI-003": (
        adding(
            *sentence(
                901,
                "全年预算为20.00万元，支出决算为18.00万元。决算数小于全年预算数",
                (f"final.item.budget:{ITEM}", D("20.00")),
                (f"final.item.actual:{ITEM}", D("18.00")),
                (f"final.item.comparison:{ITEM}", "小于全年预算数"),
            )
        ),
        changed(f"final.item.comparison:{ITEM}", "与全年预算数持平"),
    ),
    "PRS-ARI-004": (
        adding(
            *sentence(903, "“三公”经费100.00万元", ("three_public.total.amount", D("100.00"))),
            *sentence(
                904,
                "公务接待费支出40.00万元，占“三公”经费的40.00%",
                ("three_public.part.amount:reception", D("40.00")),
                ("three_public.part.share:reception", D("40.00")),
            ),
            dropping=("three_public.",),
        ),
        changed("three_public.part.share:reception", D("45.00")),
    ),
    "PRS-ARI-005": (
        adding(
            *sentence(
                905,
                "会议费支出11.00万元，比上年增加1.00万元，增长10%",
                ("meetings.amount", D("11.00")),
                ("meetings.change", D("1.00")),
                ("meetings.rate", D("10")),
            )
        ),
        changed("meetings.rate", D("11")),
    ),
    "PRS-ARI-006": (_revenue_kind_half, changed("revenue.kind.share:other", D("55.00"))),
    "PRS-ARI-007": (
        adding(
            *sentence(906, "面向中小企业预留10.00万元", ("procurement.sme_reserved", D("10.00"))),
            *sentence(907, "由中小企业中标8.00万元", ("procurement.sme_awarded", D("8.00"))),
            dropping=("procurement.",),
        ),
        changed("procurement.sme_awarded", D("12.00")),
    ),
}
