"""PRS-ARI rules beyond their pass/fail case (test_rules): precision as printed, the
zero 年初预算 warning, a 三公 whole taken from the parts, and the corpus documents."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from arithmetic_cases import sentence
from helpers import clean, run, with_claims

from yusuan.audit import Severity, Status
from yusuan.parse import parse_file

D = Decimal
CORPUS = Path(__file__).parents[3] / "shared" / "corpus"
FINAL = CORPUS / "shanghai-putuo_cpc-social-work-dept_2024_final-accounts.pdfplumber.txt"
JIANGSU = CORPUS / "jiangsu_provincial-npc-standing-committee_2019_dept-budget.pdfplumber.txt"


def _rate(rate: str) -> tuple[Status, list[str]]:
    d = with_claims(
        clean(),
        *sentence(
            1,
            f"收支总计18330.37万元，比上年增加2432.93万元，增长{rate}%",
            ("total.amount", D("18330.37")),
            ("total.change", D("2432.93")),
            ("total.rate", D(rate)),
        ),
    )
    status, findings = run("PRS-ARI-005", d)
    return status, [f.message for f in findings]


def test_a_rate_is_compared_at_the_precision_printed() -> None:
    # 2432.93 ÷ 15897.44 = 15.304…%: 15.3 and 15.30 are right, 15.31 and 15.4 are not
    assert _rate("15.3")[0] is Status.passed
    assert _rate("15.30")[0] is Status.passed
    assert _rate("15.31")[0] is Status.failed
    status, messages = _rate("15.4")
    assert status is Status.failed
    assert "15.30%" in messages[0] and "15,897.44" in messages[0]


def test_completion_of_a_zero_initial_budget_is_a_warning_naming_the_full_budget() -> None:
    d = with_claims(
        clean(),
        *sentence(
            1,
            "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%",
            ("final.general_budget.initial_budget", D("0")),
            ("final.general_budget.budget", D("321.02")),
            ("final.general_budget.actual", D("307.82")),
            ("final.general_budget.completion_initial", D("95.89")),
        ),
    )
    status, findings = run("PRS-ARI-002", d)
    assert status is Status.failed
    assert findings[0].severity is Severity.warning
    assert "全年预算数 321.02" in findings[0].message


def test_three_public_share_without_a_total_uses_the_parts() -> None:
    parts = (("overseas_travel", "199.25", "25.96"), ("vehicles", "183.6", "23.92"))
    claims = [
        c
        for n, (part, amount, share) in enumerate(parts)
        for c in sentence(
            10 + n,
            f"{part}{amount}万元，占“三公”经费的{share}%",
            (f"three_public.part.amount:{part}", D(amount)),
            (f"three_public.part.share:{part}", D(share)),
        )
    ]
    claims += sentence(
        12,
        "公务接待费支出384.75万元，占“三公”经费的50.12%",
        ("three_public.part.amount:reception", D("384.75")),
        ("three_public.part.share:reception", D("50.12")),
    )
    base = clean()
    d = base.model_copy(
        update={
            "claims": tuple(c for c in base.claims if not c.topic.startswith("three_public.")),
            "tables": {k: v for k, v in base.tables.items() if k != "three_public"},
        }
    )
    assert run("PRS-ARI-004", with_claims(d, *claims))[0] is Status.passed
    wrong = [*claims[:-1], claims[-1].model_copy(update={"value": D("50.21")})]
    status, findings = run("PRS-ARI-004", with_claims(d, *wrong))
    assert status is Status.failed
    assert "767.60" in findings[0].message  # the parts' sum


@pytest.mark.skipif(not FINAL.exists(), reason="corpus not present")
def test_corpus_final_accounts_completion_and_comparisons() -> None:
    d = parse_file(FINAL).disclosure
    assert run("PRS-ARI-001", d)[0] is Status.passed  # 98.69%, 99.55%, 97.68%
    assert run("PRS-ARI-003", d)[0] is Status.passed  # 小于 / 持平
    status, findings = run("PRS-ARI-002", d)  # 完成年初预算的95.89%, 年初预算 0
    assert status is Status.failed
    assert [f.severity for f in findings] == [Severity.warning]


@pytest.mark.skipif(not JIANGSU.exists(), reason="corpus not present")
def test_corpus_jiangsu_rates_and_shares_agree() -> None:
    d = parse_file(JIANGSU).disclosure
    for rule_id in ("PRS-ARI-004", "PRS-ARI-005", "PRS-ARI-006"):
        assert run(rule_id, d)[0] is Status.passed, rule_id
