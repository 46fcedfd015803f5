"""The generated 情况说明 of the sample states the seed's figures (except the seed's errors)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from yusuan.compile import disclose
from yusuan.compile.narrative import change, narrative, narrative_claims, share
from yusuan.model.budget import Budget
from yusuan.model.disclosure import Claim, claim_topics
from yusuan.model.money import money


def _claims_by_topic(claims: tuple[Claim, ...]) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(c.topic, []).append(c)
    return out


def _expected(value: Any) -> Decimal | int:
    return Decimal(value) if isinstance(value, str) else int(value)


def test_every_seed_figure_is_claimed_with_the_seed_value(
    sample: Budget, seed_figures: dict[str, Any]
) -> None:
    claims = _claims_by_topic(narrative_claims(sample))
    errors = seed_figures["seed_errors"]
    wrong = []
    for topic, printed in seed_figures["claims"].items():
        expected = _expected(errors[topic]["correct"] if topic in errors else printed)
        found = claims.get(topic)
        assert found, f"no claim {topic}"
        if any(c.value != expected for c in found):
            wrong.append((topic, expected, [c.value for c in found]))
    assert wrong == []


@pytest.mark.parametrize(
    ("topic", "seed", "correct"),
    [
        ("general_budget.category.share:221", Decimal("2.37"), Decimal("2.36")),
        ("office_running_costs.institution_units", 3, 0),
    ],
)
def test_seed_errors_are_corrected_not_copied(
    sample: Budget, seed_figures: dict[str, Any], topic: str, seed: Any, correct: Any
) -> None:
    error = seed_figures["seed_errors"][topic]
    assert _expected(error["seed"]) == seed and _expected(error["correct"]) == correct
    values = {c.value for c in narrative_claims(sample) if c.topic == topic}
    assert values == {correct}


def test_housing_share_is_correctly_rounded_not_nudged(sample: Budget) -> None:
    n = narrative(sample)
    shares = {c.code: c.share for c in n.general_budget.categories}
    assert shares["221"] == Decimal("2.36")  # 136.43 / 5773.91 = 2.3629 %
    # the shares are each rounded on their own; they need not add up to 100
    assert sum(s for s in shares.values() if s is not None) == Decimal("99.99")


def test_claims_use_the_shared_vocabulary(sample: Budget) -> None:
    topics = claim_topics()
    for c in narrative_claims(sample):
        assert c.base in topics, c.topic
        assert c.unit == topics[c.base]["unit"], c.topic
        assert c.location.part in ("narrative", "profile")
        assert c.location.section
        assert "None" not in c.text


def test_disclose_carries_the_prose_claims(sample: Budget) -> None:
    claims = narrative_claims(sample)
    d = disclose(sample, claims)
    assert "narrative" in d.parts
    assert [c.value for c in d.claims_for("general_budget.item.rate:2080501")] == [Decimal("-2.72")]


def test_project_explanations_follow_the_seed(sample: Budget, seed_figures: dict[str, Any]) -> None:
    projects = narrative(sample).projects
    assert [p.amount for p in projects] == [money(a) for a in seed_figures["project_amounts"]]
    first = projects[0]
    assert first.basis_withheld and first.allocation_withheld
    assert first.period == (2023, 1, 2023, 12)
    archive = projects[1]
    assert archive.allocation == "基础设施建设 295.36 万元；办公设备及配套设施 232.26 万元"
    assert archive.period == (2023, 1, 2025, 12)


def test_personnel_and_operating_contents(sample: Budget) -> None:
    b = narrative(sample).basic
    assert b.personnel_contents == (
        "基本工资", "津贴补贴", "奖金", "机关事业单位基本养老保险缴费", "职工基本医疗保险缴费",
        "其他社会保障缴费", "住房公积金", "退休费", "生活补助",
    )  # fmt: skip
    assert b.operating_contents == (
        "办公费", "印刷费", "邮电费", "差旅费", "工会经费", "福利费", "公务用车运行维护费",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("current", "prior", "amount", "rate", "direction"),
    [
        ("1645.57", "815.27", "830.30", "101.84", "up"),
        ("29.28", "30.10", "-0.82", "-2.72", "down"),
        ("161.31", "0.00", "161.31", "100.00", "up"),  # growth from zero: 100.00 %
        ("0.00", "0.00", "0.00", "0.00", "flat"),
        ("14.40", "14.40", "0.00", "0.00", "flat"),
        ("0.00", "21.60", "-21.60", "-100.00", "down"),
        ("1.00", "3.00", "-2.00", "-66.67", "down"),  # 66.666… half-up
        ("224.69", "200.00", "24.69", "12.35", "up"),  # 12.345 exactly: half-up, not even
    ],
)
def test_change_rule(current: str, prior: str, amount: str, rate: str, direction: str) -> None:
    c = change(Decimal(current), Decimal(prior))
    assert c is not None
    assert (c.amount, c.rate, c.direction) == (Decimal(amount), Decimal(rate), direction)


def test_no_prior_no_change() -> None:
    assert change(Decimal("5.00"), None) is None


def test_share_rule() -> None:
    assert share(Decimal("136.43"), Decimal("5773.91")) == Decimal("2.36")
    assert share(Decimal("1"), Decimal("8")) == Decimal("12.50")
    assert share(Decimal("1"), Decimal("0")) is None


def test_auditor_finds_the_compiled_prose_consistent(sample: Budget) -> None:
    """The auditor recomputes every prose claim from the tables: none is off."""
    from yusuan.audit import audit

    report = audit(disclose(sample, narrative_claims(sample)))
    prose = [
        f
        for f in report.findings
        if f.location.part in ("narrative", "profile") and f.severity.value != "info"
    ]
    assert prose == []
    assert not report.has_errors


def test_auditor_catches_a_wrong_prose_share(sample: Budget) -> None:
    """A claim that disagrees with the tables (the seed's 2.37 %) is reported at its place."""
    from yusuan.audit import audit

    claims = tuple(
        c.model_copy(update={"value": Decimal("2.37")})
        if c.topic == "general_budget.category.share:221"
        else c
        for c in narrative_claims(sample)
    )
    report = audit(disclose(sample, claims))
    hits = [f for f in report.findings if f.location.section == "五（二）"]
    assert hits, "the wrong share was not reported"
