"""The claim vocabulary on the national template's phrasing families (claims.yaml).

Sentences written here in the wordings published 部门预算 and 部门决算 情况说明 use (the
standard template and its common variants: 与上年相比 / 比上年 / 较上年 / 同比 /
与2023年度相比, 增长 / 下降 / 降低, a template's "增加（减少）" left in, 年初 / 全年
预算…), not copied from the corpus.  Each test checks that a claim reads the number of
its own clause (not a neighbour's), with its sign, and that nothing else is claimed.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.parse import ParseResult, parse_file, parse_text

D = Decimal


def _parse(body: str, heading: str = "一、收支预算总体情况说明") -> ParseResult:
    text = f"第三部分 2024年度部门预算情况说明\n{heading}\n{body}\n"
    return parse_text(text, "vocab.txt")


def _claims(body: str, heading: str = "一、收支预算总体情况说明") -> dict[str, list[object]]:
    out: dict[str, list[object]] = defaultdict(list)
    for c in _parse(body, heading).disclosure.claims:
        out[c.topic].append(c.value)
    return dict(out)


def _unplaced(body: str, heading: str = "一、收支预算总体情况说明") -> list[str]:
    return [u.text for u in _parse(body, heading).report.unplaced]


# ---------------------------------------------------------------- totals and changes
def test_total_with_change_in_three_wordings() -> None:
    for body, sign in (
        (
            "某局2024年度收入、支出预算总计1,234.56万元，与上年相比收、支预算总计各减少20.5万元，"
            "下降1.63%。",
            -1,
        ),
        ("某局收支总预算1234.56万元，比上年增加20.5万元，增长1.69%。", 1),
        (
            "某中心2024年度收入支出决算总计1234.56万元。与2023年度相比，收入支出总计减少20.50万元，"
            "降低1.63%。",
            -1,
        ),
    ):
        got = _claims(body)
        assert got["total.amount"] == [D("1234.56")], body
        assert got["total.change"] == [D("20.5") * sign], body
        assert got["total.rate"][0] in (D("1.63") * sign, D("1.69") * sign), body
        assert _unplaced(body) == []


def test_fiscal_total_is_not_read_as_the_whole_total() -> None:
    body = (
        "财政拨款收入支出总计300.00万元。与2023年度相比，财政拨款收入支出总计增加12.00万元，"
        "增长4.17%。"
    )
    got = _claims(body)
    assert "total.amount" not in got
    assert got["fiscal.total"] == [D("300.00")]
    assert got["fiscal.change"] == [D("12.00")]
    assert got["fiscal.rate"] == [D("4.17")]


def test_general_budget_expenditure_with_share_and_change() -> None:
    body = (
        "一般公共预算财政拨款支出88.10万元，占本年支出合计的90.00%。与2023年度相比，"
        "一般公共预算财政拨款支出减少3.20万元，下降3.50%。"
    )
    got = _claims(body, "五、一般公共预算财政拨款支出决算情况说明")
    assert got["general_budget.total"] == [D("88.10")]
    assert got["general_budget.share"] == [D("90.00")]
    assert got["general_budget.change"] == [D("-3.20")]
    assert got["general_budget.rate"] == [D("-3.50")]


def test_source_groups_with_the_template_residue() -> None:
    body = (
        "2．财政专户管理资金收入预算总计0万元。与上年相比增加（减少）0万元，增长（减少）0%。"
        "3．其他资金收入预算总计15.5万元。与上年相比减少2.5万元，下降13.89%。"
    )
    got = _claims(body)
    assert got["revenue.group.amount:special_account"] == [D("0")]
    assert got["revenue.group.amount:unit_funds"] == [D("15.5")]
    assert got["revenue.group.change:unit_funds"] == [D("-2.5")]
    assert got["revenue.group.rate:unit_funds"] == [D("-13.89")]


def test_revenue_kinds_and_their_shares() -> None:
    body = (
        "本年收入合计500.00万元，其中：财政拨款收入450.00万元，占90.00%；事业收入40.00万元，"
        "占8.00%；其他收入10.00万元，占2.00%。"
    )
    got = _claims(body, "二、收入决算情况说明")
    assert got["revenue.total"] == [D("500.00")]
    assert got["revenue.kind.amount:fiscal"] == [D("450.00")]
    assert got["revenue.kind.share:operations"] == [D("8.00")]
    assert got["revenue.kind.amount:other"] == [D("10.00")]
    # 一般公共预算财政拨款收入 is a fund group's, not the kind 财政拨款收入
    assert "revenue.kind.amount:fiscal" not in _claims("一般公共预算财政拨款收入450.00万元。")


# ---------------------------------------------------------------- 类 and 项
def test_category_with_usage_then_change() -> None:
    body = (
        "（二）支出预算总计900万元。包括：1．教育（类）支出120.5万元，主要用于学校运转。"
        "与上年相比减少10.5万元，下降8.02%。主要原因是项目调整。"
    )
    got = _claims(body)
    assert got["expenditure.category.amount:205"] == [D("120.5")]
    assert got["expenditure.category.change:205"] == [D("-10.5")]
    assert got["expenditure.category.rate:205"] == [D("-8.02")]
    assert got["total.amount"] == [D("900")]


def test_category_under_a_general_budget_heading_is_general_budget() -> None:
    body = "卫生健康支出（类）支出30万元，较上年增加3万元，增长11.11%。"
    got = _claims(body, "五、一般公共预算支出预算情况说明")
    assert got["general_budget.category.amount:210"] == [D("30")]
    assert got["general_budget.category.change:210"] == [D("3")]
    assert "expenditure.category.amount:210" not in got


def test_item_with_or_without_its_category_and_a_misprinted_kuan() -> None:
    body = (
        "1. 住房改革支出（类）住房公积金（项）52.9万元，与上年相比增加1.34万元，增长2.6%。"
        "2．行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）24.84万元，"
        "同比减少0.83万元，下降3.23%。"
    )
    got = _claims(body, "五、财政拨款支出预算情况说明")
    assert got["general_budget.item.amount:2210201"] == [D("52.9")]
    assert got["general_budget.item.change:2210201"] == [D("1.34")]
    assert got["general_budget.item.rate:2210201"] == [D("2.6")]
    assert got["general_budget.item.amount:2080506"] == [D("24.84")]
    assert got["general_budget.item.change:2080506"] == [D("-0.83")]


def test_item_name_after_a_bracket_inside_a_kuan_name_is_not_split() -> None:
    """“党委办公厅（室）及相关机构事务（款）”: the 款 is the whole name, not the part
    after （室）."""
    body = (
        "一般公共服务支出（类）党委办公厅（室）及相关机构事务（款）行政运行（项）：2024年预算数为"
        "100万元，比上年预算增加10万元,增长11.11%。"
    )
    got = _claims(body, "七、一般公共预算当年拨款情况说明")
    wrong = [t for t in got if t.startswith("general_budget.item") and "/及相关机构事务/" in t]
    assert wrong == []


# ---------------------------------------------------------------- 决算
def test_final_accounts_item_budget_outturn_completion() -> None:
    body = (
        "2、教育支出（类）普通教育（款）小学教育（项）。主要用于：学校日常运转。"
        "年初预算为80.00万元，全年预算为100.00万元，支出决算为95.50万元，完成全年预算数的95.50%。"
        "决算数小于全年预算数的主要原因：人员变动。"
        "3、教育支出（类）普通教育（款）初中教育（项）。全年预算为20.00万元，支出决算为20.00万元。"
        "决算数与全年预算数持平。"
    )
    got = _claims(body, "五、一般公共预算财政拨款支出决算情况说明")
    assert got["final.item.initial_budget:2050202"] == [D("80.00")]
    assert got["final.item.budget:2050202"] == [D("100.00")]
    assert got["final.item.actual:2050202"] == [D("95.50")]
    assert got["final.item.completion:2050202"] == [D("95.50")]
    assert got["final.item.comparison:2050202"] == ["小于全年预算数"]
    assert got["final.item.budget:2050203"] == [D("20.00")]
    assert got["final.item.actual:2050203"] == [D("20.00")]
    assert got["final.item.comparison:2050203"] == ["与全年预算数持平"]
    assert "final.item.completion:2050203" not in got


def test_final_accounts_whole_with_initial_budget_completion() -> None:
    body = (
        "一般公共预算财政拨款支出年初预算为200.00万元，支出决算为190.00万元，完成年初预算的95.00%。"
    )
    got = _claims(body, "五、一般公共预算财政拨款支出决算情况说明")
    assert got["final.general_budget.initial_budget"] == [D("200.00")]
    assert got["final.general_budget.actual"] == [D("190.00")]
    assert got["final.general_budget.completion_initial"] == [D("95.00")]
    assert "final.general_budget.budget" not in got


# ---------------------------------------------------------------- 三公, 会议费, 培训费
def test_three_public_part_shares() -> None:
    body = (
        "“三公”经费预算支出中，因公出国（境）费支出0万元，占“三公”经费的0%；公务用车购置及运行"
        "维护费支出12.5万元，占“三公”经费的62.5%；公务接待费支出7.5万元，占37.5%。"
    )
    got = _claims(body, "九、一般公共预算“三公”经费支出预算情况说明")
    assert got["three_public.part.share:overseas_travel"] == [D("0")]
    assert got["three_public.part.amount:vehicles"] == [D("12.5")]
    assert got["three_public.part.share:vehicles"] == [D("62.5")]
    assert got["three_public.part.share:reception"] == [D("37.5")]


def test_meetings_and_training_with_or_without_change() -> None:
    body = (
        "会议费预算支出14.73万元，比上年预算减少1.64万元，下降10.02%。"
        "培训费支出决算3.38万元，较上年增加0.4万元。"
    )
    got = _claims(body, "九、一般公共预算“三公”经费、会议费、培训费支出情况说明")
    assert got["meetings.amount"] == [D("14.73")]
    assert got["meetings.change"] == [D("-1.64")]
    assert got["meetings.rate"] == [D("-10.02")]
    assert got["training.amount"] == [D("3.38")]
    assert got["training.change"] == [D("0.4")]
    assert "training.rate" not in got


# ---------------------------------------------------------------- 政府采购, 绩效, 项目
def test_procurement_amounts_and_awards() -> None:
    body = (
        "2024年度政府采购支出总额30.00万元，其中：政府采购货物支出10.00万元、政府采购工程支出0万元、"
        "政府采购服务支出20.00万元。授予中小企业合同金额24.00万元，占政府采购支出总额的80.00%，"
        "其中：授予小微企业合同金额12.00万元，占政府采购支出总额的40.00%。"
    )
    got = _claims(body, "十二、政府采购支出情况说明")
    assert got["procurement.total"] == [D("30.00")]
    assert got["procurement.goods"] == [D("10.00")]
    assert got["procurement.works"] == [D("0")]
    assert got["procurement.services"] == [D("20.00")]
    assert got["procurement.sme_contracts"] == [D("24.00")]
    assert got["procurement.sme_contracts_share"] == [D("80.00")]
    assert got["procurement.small_micro_contracts"] == [D("12.00")]
    assert got["procurement.small_micro_contracts_share"] == [D("40.00")]


def test_performance_counts_and_quarterly_plan() -> None:
    body = (
        "编报绩效目标的项目3个，涉及预算金额45.6万元；绩效运行监控的项目2个，涉及预算金额30万元；"
        "绩效自评的2024年度项目2个，涉及预算资金30万元，平均得分95.50分。"
        "第一季度用款计划10万元，第二季度用款计划20.5万元。"
    )
    got = _claims(body, "十、预算绩效管理情况")
    assert got["performance.fiscal_count"] == [3]
    assert got["performance.fiscal_total"] == [D("45.6")]
    assert got["performance.monitored_count"] == [2]
    assert got["performance.self_evaluated_total"] == [D("30")]
    assert got["projects.quarterly_plan:1"] == [D("10")]
    assert got["projects.quarterly_plan:2"] == [D("20.5")]
    assert _unplaced(body, "十、预算绩效管理情况") == []  # the score has a role


def test_flat_against_last_years_executed_budget() -> None:
    body = (
        "1. “科学技术支出（类）科学技术普及（款）科普活动（项）”10.00万元，主要用于科普活动。"
        "2023年当年预算执行数为10.00万元，2024年预算安排10.00万元，比2023年预算执行数持平。"
    )
    got = _claims(body, "三、一般公共预算支出预算情况说明")
    assert got["general_budget.item.prior_actual:2060702"] == [D("10.00")]
    assert got["general_budget.item.rate_vs_actual:2060702"] == [D("0")]


def test_token_roles_for_numbers_that_are_not_claims() -> None:
    body = "根据《关于W060701单元W-07、W-08街坊的批复》建设。设计策略：1、形体方正；2、布局合理。"
    assert _unplaced(body, "四、实施方案") == []


# ---------------------------------------------------------------- more template wordings
def test_final_accounts_template_totals() -> None:
    body = (
        "某局2023年度收入、支出决算总计640.2万元。与上年相比，收、支总计各增加40.2万元，"
        "增长6.7%。本单位收入为600万元，其中：财政拨款收入580万元，占96.67%；经营收入0万元，"
        "占0%。本单位支出为590万元。其中：基本支出400万元，占67.8%；经营支出0万元，占0%。"
    )
    got = _claims(body, "一、收入支出决算总体情况说明")
    assert got["total.amount"] == [D("640.2")]
    assert got["total.change"] == [D("40.2")]
    assert got["total.rate"] == [D("6.7")]
    assert got["revenue.total"] == [D("600")]
    assert got["revenue.kind.share:fiscal"] == [D("96.67")]
    assert got["revenue.kind.amount:business"] == [D("0")]
    assert got["expenditure.total"] == [D("590")]
    assert got["expenditure.kind.share:business"] == [D("0")]


def test_fiscal_budget_and_current_year_appropriation() -> None:
    body = (
        "某局2024年财政拨款收支预算820万元。与上年相比，财政拨款收支预算减少20万元，下降2.38%。"
        "一般公共预算当年拨款800万元，比上年增加10万元，增长1.27%。"
    )
    got = _claims(body, "三、财政拨款收支预算总体情况说明")
    assert got["fiscal.total"] == [D("820")]
    assert got["fiscal.change"] == [D("-20")]
    assert got["fiscal.rate"] == [D("-2.38")]
    assert got["general_budget.total"] == [D("800")]
    assert got["general_budget.change"] == [D("10")]


def test_sources_with_shares_only_outside_the_fiscal_sections() -> None:
    body = "收入预算1000万元，其中：一般公共预算拨款800万元，占80%；上年结转结余200万元，占20%。"
    got = _claims(body, "二、收入预算情况说明")
    assert got["revenue.group.amount:general_budget"] == [D("800")]
    assert got["revenue.group.share:carryover"] == [D("20")]
    # a share of the fiscal total is not a share of the whole revenue
    fiscal = _claims("一般公共预算拨款800万元，占97.56%。", "四、财政拨款收支预算总体情况说明")
    assert "revenue.group.share:general_budget" not in fiscal


def test_general_budget_structure_without_the_lei_marker() -> None:
    body = (
        "一般公共预算财政拨款支出294.29万元，主要用于以下方面：一般公共服务支出264.87万元，"
        "占90.00%；住房保障支出29.42万元，占10.00%。其他城乡社区支出3万元，占1%。"
    )
    got = _claims(body, "（二）一般公共预算财政拨款支出决算结构情况")
    assert got["general_budget.category.amount:201"] == [D("264.87")]
    assert got["general_budget.category.share:221"] == [D("10.00")]
    assert "general_budget.category.amount:212" not in got  # a 项 name ending in a 类 name


def test_three_public_outturn_against_budget_and_part_changes() -> None:
    body = (
        "“三公”经费财政拨款支出预算为20万元，支出决算为18万元，完成预算的90%，其中：公务接待费"
        "支出预算为5万元，支出决算为4.5万元，完成预算的90%。公务用车运行维护费支出8.2万元，"
        "按同口径同比减少0.8万元，下降8.89%；公务用车购置费0万元，比2023年预算持平。"
    )
    got = _claims(body, "七、财政拨款“三公”经费支出决算情况说明")
    assert got["final.three_public.budget:total"] == [D("20")]
    assert got["final.three_public.actual:total"] == [D("18")]
    assert got["final.three_public.completion:total"] == [D("90")]
    assert got["final.three_public.actual:reception"] == [D("4.5")]
    assert got["three_public.part.change:vehicle_operation"] == [D("-0.8")]
    assert got["three_public.part.rate:vehicle_operation"] == [D("-8.89")]
    assert got["three_public.part.change:vehicle_purchase"] == [D("0")]


def test_performance_and_running_costs_wordings() -> None:
    body = (
        "2024年本部门共5个项目实行绩效目标管理，涉及财政性资金合计320.5万元。"
        "本部门机关运行经费安排312.23万元，比上年增加15.18万元，增长5.11%。"
    )
    got = _claims(body, "十四、预算绩效目标设置情况说明")
    assert got["performance.fiscal_count"] == [5]
    assert got["performance.fiscal_total"] == [D("320.5")]
    assert got["office_running_costs.amount"] == [D("312.23")]


def test_token_roles_for_thresholds_row_ordinals_and_offset_changes() -> None:
    body = (
        "本部门共有车辆3辆。单价20\n万元（含）以上的设备5台（套）。\n"
        "1 某某单位（本级）\n"
        "主要原因是会议经费压减10%，增减相抵后增加16.48万元。"
    )
    assert _unplaced(body, "十三、国有资产占用情况") == []


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


@pytest.mark.skipif(not CORPUS.exists(), reason="corpus not present")
@pytest.mark.parametrize(
    ("name", "most"),
    [
        ("jiangsu_provincial-npc-standing-committee_2019_dept-budget.pdfplumber.txt", 3),
        ("shanghai-putuo_cpc-social-work-dept_2024_final-accounts.pdfplumber.txt", 0),
        ("shanghai-putuo_wanli-street-office_2024_dept-budget.pdfplumber.txt", 0),
        ("shanghai-putuo_gov-office_2025_dept-budget.pdfplumber.txt", 0),
    ],
)
def test_corpus_numbers_are_placed_or_listed_few(name: str, most: int) -> None:
    """Jiangsu's three: 组织3⏎次专题询问 (a count broken over lines), 项目支出预算数增加
    125.62万元 and 专项经费23.3万元 inside a 主要原因 clause."""
    unplaced = parse_file(CORPUS / name).report.unplaced
    assert len(unplaced) <= most, [u.context for u in unplaced]


def test_fiscal_sources_in_a_final_accounts_revenue_and_changes_on_last_years_outturn() -> None:
    body = (
        "2022年本年收入合计412.5万元，其中：一般公共预算财政拨款收入385.9万元，占93.55%；"
        "政府性基金预算财政拨款收入0万元，占0%；其他收入26.6万元，占6.45%。"
        "本单位2022年度本年支出合计410万元，较2021年度决算数减少17.4万元，下降4.07%。"
    )
    got = _claims(body, "二、收入决算情况说明")
    assert got["revenue.group.amount:general_budget"] == [D("385.9")]
    assert got["revenue.group.share:general_budget"] == [D("93.55")]
    assert got["revenue.group.share:government_fund"] == [D("0")]
    assert "revenue.kind.amount:fiscal" not in got
    assert got["revenue.kind.share:other"] == [D("6.45")]
    assert got["expenditure.total"] == [D("410")]


# ---------------------------------------------------------------- counts and "none" in words
def test_staff_counts_listed_without_their_changes() -> None:
    got = _claims(
        "某局编制数 40，实有人数 52 人，其中：在职 38 人；退休 12 人；离休 2 人。",
        "二、机构设置及人员情况",
    )
    assert got["staff.active"] == [38]
    assert got["staff.retired"] == [12]
    assert got["staff.pre1949_retired"] == [2]
    with_changes = _claims("其中：在职 31 人，增加 4 人；退休 12 人，减少 1 人。", "二、人员情况")
    assert with_changes["staff.active"] == [31]  # read once, with its change
    assert with_changes["staff.active.change"] == [4]


def test_subordinate_units_counted_after_their_name() -> None:
    got = _claims("某局有下属预算单位 3 个，分别是：甲、乙、丙，下设 5 个处室。", "二、机构设置")
    assert got["units.subordinate_count"] == [3]
    assert got["units.offices_count"] == [5]


def test_three_public_part_unchanged_is_a_change_of_zero() -> None:
    got = _claims(
        "2024 年“三公”经费比上年预算减少 2.00 万元，下降 10.00%，其中：公务接待费比上年预算减少"
        " 2.00 万元，下降 20.00%；公务用车运行费与上年预算持平。",
        "十、关于2024年财政拨款“三公”经费预算情况说明",
    )
    assert got["three_public.part.change:vehicle_operation"] == [0]
    assert got["three_public.part.rate:vehicle_operation"] == [0]
    assert got["three_public.part.change:reception"] == [D("-2.00")]


def test_no_procurement_and_no_targets_in_words() -> None:
    for body in ("2024 年，本部门无政府采购预算。", "本单位2024年未安排政府采购预算。"):
        assert _claims(body, "（二）政府采购情况")["procurement.total"] == [0], body
    got = _claims("2024 年，本部门无公开项目支出绩效目标表的项目。", "（四）预算绩效情况")
    assert got["performance.published_count"] == [0]


def test_project_count_without_withheld_targets() -> None:
    got = _claims(
        "本年度我单位一般公共预算项目支出 3 个，涉及金额 120.50 万元，其中公开 3 个项目支出"
        "绩效目标表。",
        "（五）其他需说明的事项",
    )
    assert got["projects.count"] == [3]
    assert got["projects.total"] == [D("120.50")]
    assert got["performance.published_count"] == [3]
    assert "performance.withheld_count" not in got


def test_large_equipment_counts_at_a_line_start() -> None:
    got = _claims(
        "4.其他资产价值 20.00 万元。\n单位价值 50 万元以上大型设备 2 台，单位价值 100 万元以上"
        "大型设备 1 台。\n2024 年预算安排购置 50 万元以上大型设备 0 台，单位价值 100 万元以上"
        "大型设备 0 台。",
        "（三）国有资产占用使用情况",
    )
    assert got["assets.large_equipment_50"] == [2]
    assert got["assets.large_equipment_100"] == [1]


def test_personnel_costs_without_contents() -> None:
    got = _claims(
        "某局 2024 年一般公共预算基本支出 10.00 万元，其中：\n人员经费 0.00 万元。\n公用经费"
        " 10.00 万元，主要包括：办公费。",
        "六、关于2024年一般公共预算基本支出情况说明",
    )
    assert got["basic.personnel.amount"] == [D("0.00")]
    assert got["basic.operating.amount"] == [D("10.00")]


def test_staff_counts_unchanged_from_last_year() -> None:
    body = (
        "实有人数 66 人，其中：在职 59 人，减少 2 人；退休 6 人，与上年持平；"
        "离休 1 人，与上年持平。"
    )
    got = _claims(body, "一、部门主要职责")
    assert got["staff.active"] == [59]
    assert got["staff.retired"] == [6] and got["staff.retired.change"] == [0]
    assert got["staff.pre1949_retired"] == [1] and got["staff.pre1949_retired.change"] == [0]
    assert _unplaced(body, "一、部门主要职责") == []


def test_fiscal_appropriations_with_their_carryover() -> None:
    body = (
        "收入预算包括：一般公共预算拨款 83,145.28 万元，上年结转一般公共预算拨款 12,342.94 万元；"
        "政府性基金预算拨款 24,655.31 万元，上年结转政府性基金预算拨款 6,814.07 万元。"
    )
    heading = "四、关于财政拨款收支预算情况的说明"
    got = _claims(body, heading)
    assert got["fiscal.group.amount:general_budget"] == [D("83145.28")]
    assert got["fiscal.group.amount:government_fund"] == [D("24655.31")]
    assert got["fiscal.group.carryover:general_budget"] == [D("12342.94")]
    assert got["fiscal.group.carryover:government_fund"] == [D("6814.07")]
    assert _unplaced(body, heading) == []


def test_vehicle_purchase_budget_stated_or_none() -> None:
    heading = "十一、其他重要事项的情况说明"
    body = "2025 年某局预算安排购置车辆经费 33.41 万元，安排购置 50 万元以上大型设备 0 台。"
    assert _claims(body, heading)["assets.planned_vehicle_purchase"] == [D("33.41")]
    assert _unplaced(body, heading) == []
    none = "2023 年某局预算未安排购置车辆经费，安排购置 50 万元以上大型设备 0 台。"
    assert _claims(none, heading)["assets.planned_vehicle_purchase"] == [0]
