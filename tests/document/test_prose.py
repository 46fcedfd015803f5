"""The prose as a reader reads it: the seed's sentences and figures, and no empty parts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from yusuan.compile import prior_from_budget
from yusuan.model.budget import Budget
from yusuan.render.document import Block, Document, chinese_number, document

PARTS = ("第一部分", "第二部分", "第三部分", "第四部分")


def test_all_parts_in_order(sample_doc: Document) -> None:
    parts = [b.text for b in sample_doc.blocks if b.kind == "part"]
    assert [p[:4] for p in parts] == list(PARTS)
    kinds = [b.kind for b in sample_doc.blocks]
    assert kinds.count("tables") == 1 and kinds.count("performance") == 1
    assert [b.text for b in sample_doc.blocks if b.kind == "signature"] == [
        "中共阿图什市委员会办公室",
        "2023年03月13日",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # sentences of the seed, with its numbers (spacing as the seed's text)
        "编制数 59，实有人数 81 人，其中：在职 50 人，减少 4 人；退休 31 人，减少 1 人",
        "收支总预算 5,935.22 万元。",
        "收入预算包括：一般公共预算、单位资金。",
        "支出预算包括：一般公共服务支出、社会保障和就业支出、卫生健康支出、住房保障支出。",
        "一般公共预算 5,773.91 万元，占 97.28%，比上年预算增加 4,833.64 万元，增长 514.07%",
        "上级一般公共预算安排的转移支付资金未安排。",
        "国有资本经营预算未安排。",
        "单位资金 161.31 万元，占 2.72%，比上年预算增加 161.31 万元，增长 100.00%",
        "基本支出 1,645.57 万元，占 27.73%，比上年预算增加 830.30 万元，增长 101.84%",
        "项目支出 4,289.65 万元，占 72.27%，比上年预算增加 4,164.65 万元，增长 3,331.72%",
        "2023 年财政拨款收支总预算 5,773.91 万元。",
        "住房保障支出 136.43 万元，主要用于我单位职工住房公积金缴费支出",
        "项目支出 4,128.34 万元，比上年预算增加 4,003.34 万元，增长 3,202.67%",
        "1、一般公共服务支出（类）5,357.21 万元，占 92.78%。",
        "4、住房保障支出（类）136.43 万元，占 2.36%。",  # seed: 2.37 (wrong)
        "行政单位离退休（项）：2023 年预算数为 29.28 万元，比上年预算减少 0.82 万元，下降 2.72%",
        "人员经费 1,614.85 万元，主要包括：基本工资、津贴补贴、奖金",
        "公用经费 30.72 万元，主要包括：办公费、印刷费、邮电费、差旅费、"
        "工会经费、福利费、公务用车运行维护费。",
        "预算安排规模：2,330.50 万元",
        "资金执行时间：2023 年 1 月至 2025 年 12 月",
        "没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。",
        "“三公”经费数为 14.40 万元，其中：因公出国（境）费 0.00 万元，"
        "公务用车购置费 0.00 万元，公务用车运行费 14.40 万元，"
        "公务接待费 0.00 万元。",
        "经费比上年预算减少 7.20 万元，下降 33.33%",
        "公务用车运行费比上年预算减少 7.20 万元，下降 33.33%，主要原因是车辆运行费用减少",
        "机关运行经费财政拨款预算 30.72 万元，比上年预算减少 7.33 万元，下降 19.26%。",
        "政府采购预算 4,186.94 万元，其中：政府采购货物预算 3,584.97 万元，"
        "政府采购工程预算 218.40 万元，政府采购服务预算 383.57 万元。",
        "面向中小企业预留政府采购项目预算金额 3,396.91 万元，"
        "其中：面向小微企业预留政府采购项目预算金额 3,396.91 万元。",
        "2.车辆 21 辆，价值 308.19 万元；其中：一般公务用车 21 辆，价值 308.19 万元",
        "预算绩效管理的财政拨款项目 8 个，涉及预算金额 742.24 万元；"
        "非财政拨款项目 0 个，涉及预算金额 0.00 万元。",
        "一般公共预算项目支出 27 个，涉及金额 4,128.34 万元，"
        "其中公开 8 个项目支出绩效目标表，剩余 19 个项目支出绩效目标表不予公开。",
        "八、机关运行经费：指各单位的公用经费",
    ],
)
def test_seed_sentences(sample_doc: Document, sentence: str) -> None:
    assert sentence in sample_doc.text


def test_seed_wrong_share_not_printed(sample_doc: Document) -> None:
    assert "占 2.37%" not in sample_doc.text


def _number(value: Decimal) -> str:
    return f"{abs(value):,.2f}"


def test_every_seed_amount_and_rate_appears(
    sample_doc: Document, seed_figures: dict[str, Any]
) -> None:
    """Each 万元 amount, share and rate of the seed is printed (the corrected one for errors)."""
    errors = seed_figures["seed_errors"]
    text = sample_doc.text
    missing = []
    for topic, printed in seed_figures["claims"].items():
        value = errors[topic]["correct"] if topic in errors else printed
        if not isinstance(value, str):
            continue  # counts are checked as claims
        number = _number(Decimal(value))
        needle = f"{number}%" if (".share" in topic or ".rate" in topic) else f"{number} "
        if needle not in text:
            missing.append((topic, needle))
    assert missing == []


def _headings_have_content(blocks: tuple[Block, ...]) -> list[str]:
    rank = {"part": 0, "h1": 1, "h2": 2}
    empty = []
    for here, after in zip(blocks, (*blocks[1:], Block("part")), strict=True):
        if here.kind in rank and after.kind in rank and rank[after.kind] <= rank[here.kind]:
            empty.append(here.text)
        if here.kind == "signature":
            break
    return empty


@pytest.mark.parametrize("name", ["sample", "minimal", "small"])
def test_no_empty_heading_and_no_none(name: str, request: pytest.FixtureRequest) -> None:
    budget: Budget = request.getfixturevalue(name)
    doc = document(budget)
    assert _headings_have_content(doc.blocks) == []
    assert "None" not in doc.text
    assert "{{" not in doc.text and "{%" not in doc.text


def test_missing_parts_are_stated(minimal: Budget) -> None:
    text = document(minimal).text
    for sentence in [
        "本部门无人员编制情况需说明。",
        "本部门 2024 年无一般公共预算项目支出。",
        "某某县档案馆 2024 年没有财政拨款安排的“三公”经费支出。",
        "某某县档案馆为事业单位，无机关运行经费财政拨款预算。",
        "2024 年，本部门无政府采购预算。",
        "本部门无国有资产占用使用情况需说明。",
        "2024 年，本部门无公开项目支出绩效目标表的项目。",
        "本部门无其他需说明的事项。",
    ]:
        assert sentence in text
    # without 上年预算数 no change is stated at all
    assert "比上年" not in text and "持平" not in text


def test_small_department(small: Budget) -> None:
    text = document(small).text
    assert "有下属预算单位 1 个，分别是：某某县测试中心" in text
    assert "在职 9 人，增加 1 人；退休 2 人，与上年持平" in text
    assert (
        "本级及下属 0 家行政单位和 1 家事业单位的机关运行经费财政拨款预算 3.00 万元，"
        "比上年预算减少 1.00 万元，下降 25.00%。" in text
    )
    assert "1、项目名称：测试设备购置" in text
    assert "资金执行时间：2024 年 3 月至 2024 年 10 月" in text
    assert "其中公开 0 个项目支出绩效目标表，剩余 1 个项目支出绩效目标表不予公开。" in text


def test_prior_from_last_years_file(sample: Budget) -> None:
    """With last year's budget as prior, a budget identical to it is 持平 everywhere."""
    same = sample.model_copy(update={"prior_year": prior_from_budget(sample)})
    text = document(same).text
    assert "比上年预算增加" not in text and "比上年预算减少" not in text
    assert "一般公共预算 5,773.91 万元，占 97.28%，与上年预算持平" in text
    assert "在职 50 人，与上年持平" in text


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in (1, 9, 10, 11, 12, 20, 21, 99)] == [
        "一", "九", "十", "十一", "十二", "二十", "二十一", "九十九",
    ]  # fmt: skip
