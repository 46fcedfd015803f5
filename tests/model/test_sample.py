"""The built-in sample (atushi-2023.yaml) as the seed publication describes it.

Expected figures are the ones the seed document prints (its 情况说明 and its
项目支出绩效目标表), not values computed from the sample itself.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import yusuan
from yusuan.compile import figures
from yusuan.compile.disclose import stated_performance
from yusuan.model.budget import Budget
from yusuan.model.load import BudgetFileError, load_budget, load_budget_text
from yusuan.model.sources import GENERAL_BUDGET, UNIT_FUNDS, SourceGroup

SAMPLE = Path(yusuan.__file__).parent / "samples" / "atushi-2023.yaml"

# 项目支出绩效目标表 as the seed prints them, in its order:
# (name printed on the table, 项目负责人, 年度预算总额, 财政拨款, 其他资金)
SEED_TARGETS = [
    ("县级领导配套经费", "姬文虎", "14.00", "14.00", "0.00"),
    ("国家安全宣传教育基地维修经费项目", "赵学飞", "3.00", "3.00", "0.00"),
    ("国家安全宣传教育工作经费项目", "赵学飞", "10.00", "10.00", "0.00"),
    ("市委办公室正常运转经费", "姬文虎", "170.00", "170.00", "0.00"),
    ("阿图什市公安局、指挥部红机搬迁项目", "闫杰", "6.48", "6.48", "0.00"),
    ("阿图什市委四楼专用通信保障服务中心核心机房搬迁项目", "闫杰", "3.00", "3.00", "0.00"),
    ("阿图什市新综合档案馆配套设施及运行经费", "白丽甜", "527.62", "527.62", "0.00"),
    ("阿图什市视频会议中心更换 USB 电池和列头柜项目", "闫杰", "8.14", "8.14", "0.00"),
]


@pytest.fixture(scope="module")
def sample() -> Budget:
    return load_budget(SAMPLE)


def test_sample_loads_as_the_seed_department(sample: Budget) -> None:
    assert sample.year == 2023
    assert sample.department.name == "中共阿图什市委员会办公室"
    assert sample.department.staff is not None
    assert sample.department.staff.authorized == 59
    assert sample.department.staff.actual == 81


def test_projects_27_general_budget_and_one_from_unit_funds(sample: Budget) -> None:
    assert len(sample.projects) == 28
    general = [p for p in sample.projects if p.amount_from(GENERAL_BUDGET) == p.total]
    unit = [p for p in sample.projects if p.amount_from(UNIT_FUNDS) == p.total]
    assert len(general) == 27
    assert [p.total for p in unit] == [Decimal("161.31")]
    assert sum(p.total for p in general) == Decimal("4128.34")


def test_eight_performance_targets_in_seed_order(sample: Budget) -> None:
    stated = stated_performance(sample)
    assert len(stated) == 8
    got = [(t.project, t.manager, str(t.total), str(t.fiscal), str(t.other)) for t in stated]
    assert got == SEED_TARGETS


def test_target_weights_add_up_to_90(sample: Budget) -> None:
    for target in sample.performance_targets:
        total = sum(i.weight for i in target.indicators)
        assert total == 90, f"绩效目标表「{target.shown_name}」指标分值权重合计 {total}，应为 90"


def test_every_indicator_row_is_complete(sample: Budget) -> None:
    levels1 = {"产出指标", "成本指标", "效益指标", "满意度指标"}
    for target in sample.performance_targets:
        assert target.manager and target.goal
        for ind in target.indicators:
            where = f"{target.shown_name}/{ind.name}"
            assert ind.level1 in levels1, where
            assert ind.level2 and ind.name and ind.target and ind.scoring_rule, where
            assert ind.basis == "计划标准", where
            assert ind.prior_value in (None, "0"), where


_COST = re.compile(r"^(?:<=|=|<)\s*(\d+(?:\.\d+)?)\s*万元$")


def test_cost_indicators_within_project_amount(sample: Budget) -> None:
    by_name = {p.name: p for p in sample.projects}
    for target in sample.performance_targets:
        project = by_name[target.project]
        costs = [i for i in target.indicators if i.level1 == "成本指标"]
        total = Decimal(0)
        for ind in costs:
            match = _COST.match(ind.target)
            assert match, f"{target.shown_name}/{ind.name}: 成本指标值无法识别 {ind.target!r}"
            value = Decimal(match.group(1))
            assert value <= project.total, f"{target.shown_name}/{ind.name} {value}"
            total += value
        assert total <= project.total, f"{target.shown_name}: 成本指标合计 {total}"


def test_cost_indicators_of_the_archive_add_up_to_its_amount(sample: Budget) -> None:
    # 137.45 + 19.34 + 276.02 + 94.81 = 527.62, as printed.
    target = next(t for t in sample.performance_targets if t.project.startswith("阿图什市新综合"))
    values = [
        Decimal(m.group(1))
        for i in target.indicators
        if i.level1 == "成本指标" and (m := _COST.match(i.target))
    ]
    assert sum(values) == Decimal("527.62")


def test_figures_match_the_seed_prose(sample: Budget) -> None:
    f = figures(sample)
    assert f.performance_count == 8
    assert f.performance_total == Decimal("742.24")  # 财政拨款项目 8 个，涉及预算金额 742.24 万元
    assert f.general_budget_project_count == 27


# (what, this year − prior year, the change the seed states)
def _changes(sample: Budget) -> list[tuple[str, Decimal, Decimal]]:
    f = figures(sample)
    prior = sample.prior_year
    assert prior is not None
    assert prior.basic is not None and prior.project is not None
    assert prior.general_budget_project is not None and prior.general_budget_basic is not None
    assert prior.three_public is not None and prior.office_running_costs is not None
    assert f.office_running_costs is not None
    items = prior.general_budget_items
    by_item = f.general_budget_by_item

    unit = SourceGroup.unit_funds

    def item(code: str) -> Decimal:
        return by_item.get(code, Decimal(0)) - items[code]

    rows = [
        ("一般公共预算", f.general_budget - prior.revenue[SourceGroup.general_budget], "4833.64"),
        ("单位资金", f.revenue_by_group[unit] - prior.revenue[unit], "161.31"),
        ("基本支出", f.basic - prior.basic, "830.30"),
        ("项目支出", f.project - prior.project, "4164.65"),
        ("一般公共预算基本支出", f.general_budget_basic - prior.general_budget_basic, "830.30"),
        (
            "一般公共预算项目支出",
            f.general_budget_project - prior.general_budget_project,
            "4003.34",
        ),
        ("行政运行", item("2013101"), "3863.94"),
        ("事业运行", item("2013150"), "111.32"),
        ("其他党委办公厅（室）及相关机构事务支出", item("2013199"), "671.56"),
        ("行政单位离退休", item("2080501"), "-0.82"),
        ("机关事业单位基本养老保险缴费支出", item("2080505"), "91.15"),
        ("行政单位医疗", item("2101101"), "19.47"),
        ("事业单位医疗", item("2101102"), "4.50"),
        ("住房公积金", item("2210201"), "72.52"),
        ("三公经费", f.three_public.total - prior.three_public.total, "-7.20"),
        (
            "公务用车运行费",
            f.three_public.vehicle_operation - prior.three_public.vehicle_operation,
            "-7.20",
        ),
        ("机关运行经费", f.office_running_costs - prior.office_running_costs, "-7.33"),
    ]
    return [(what, got, Decimal(stated)) for what, got, stated in rows]


def test_priors_imply_the_seed_stated_changes(sample: Budget) -> None:
    for what, got, stated in _changes(sample):
        assert got == stated, f"{what}：样例推出的增减 {got}，公开文本为 {stated}"


def test_prior_staff_implies_the_stated_decreases(sample: Budget) -> None:
    staff, prior = sample.department.staff, sample.prior_year
    assert staff is not None and prior is not None and prior.staff is not None
    assert staff.active - prior.staff.active == -4  # 在职 50 人，减少 4 人
    assert staff.retired - prior.staff.retired == -1  # 退休 31 人，减少 1 人


def test_a_target_for_a_missing_project_is_one_clear_error() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "  - project: 搬迁项目\n", "  - project: 不存在的项目\n"
    )
    with pytest.raises(BudgetFileError) as err:
        load_budget_text(text, "atushi-2023.yaml")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("atushi-2023.yaml:")
    assert "绩效目标表所属项目不存在：不存在的项目" in message


def test_allocation_items_add_up_to_the_project_amount(sample: Budget) -> None:
    # The seed truncates one item to "2. 万元" (机房线路改造); the sample keeps 2.10, which the
    # target table states and which makes the items add up.
    with_items = [p for p in sample.projects if p.allocation.items]
    assert len(with_items) == 8
    for project in with_items:
        amounts = [i.amount for i in project.allocation.items]
        assert None not in amounts, project.name
        total = sum((a for a in amounts if a is not None), Decimal(0))
        assert total == project.total, f"{project.name}: 资金分配 {total} ≠ {project.total}"


def test_published_cost_indicators_agree_with_the_allocation(sample: Budget) -> None:
    # Where a target table itemises costs, each cost bound is one of the project's allocation
    # items (as the 情况说明 prints them), e.g. 机房线路改造费用 <=2.10 ↔ 线路改造 2.1 万元.
    # The exceptions are the seed's own: 采购办公用品成本 <=78 = 办公设备 23 + 办公耗材 55,
    # and the archive, whose table splits 527.62 otherwise than its 资金分配情况.
    by_name = {p.name: p for p in sample.projects}
    matched, unmatched = 0, []
    for target in sample.performance_targets:
        items = {i.amount for i in by_name[target.project].allocation.items}
        for ind in target.indicators:
            match = _COST.match(ind.target)
            if ind.level1 != "成本指标" or match is None:
                continue
            if Decimal(match.group(1)) in items:
                matched += 1
            else:
                unmatched.append(ind.name)
    assert matched == 16
    assert unmatched == [
        "采购办公用品成本",
        "档案馆新馆内部采购项目建设成本",
        "档案馆新馆运行经费成本",
        "档案馆新馆附属设施及消防水池（含设备）项目建设成本",
        "档案馆新馆内部采购建设项目（二期）成本",
    ]
