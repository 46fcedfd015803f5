"""资金来源 fund sources, fine-grained as 表1 lists them, and their groups."""

from __future__ import annotations

from enum import StrEnum


class FundSource(StrEnum):
    """One source of funds.  Values are the identifiers used in budget files."""

    general_budget = "general_budget"  # 一般公共预算拨款（本级财力，"一般财力"）
    general_budget_transfer = "general_budget_transfer"  # 上级一般公共预算安排转移支付
    government_fund = "government_fund"  # 政府性基金收入
    government_fund_transfer = "government_fund_transfer"  # 上级政府性基金安排转移支付
    state_capital = "state_capital"  # 国有资本经营收入
    state_capital_transfer = "state_capital_transfer"  # 上级国有资本经营预算安排转移支付
    special_account = "special_account"  # 财政专户核拨（财政专户管理资金）
    business_income = "business_income"  # 事业收入
    superior_subsidy = "superior_subsidy"  # 上级补助收入
    affiliated_remittance = "affiliated_remittance"  # 附属单位上缴收入
    operating_income = "operating_income"  # 事业单位经营收入
    other_income = "other_income"  # 其他收入
    carryover_general_budget = "carryover_general_budget"  # 财政拨款结转：一般公共预算拨款
    carryover_government_fund = "carryover_government_fund"  # 财政拨款结转：基金预算拨款
    carryover_state_capital = "carryover_state_capital"  # 财政拨款结转：国有资本经营预算拨款
    carryover_special_account = "carryover_special_account"  # 非财政拨款结转结余：财政专户核拨
    carryover_unit_funds = "carryover_unit_funds"  # 非财政拨款结转结余：单位资金

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS: dict[FundSource, str] = {
    FundSource.general_budget: "一般财力",
    FundSource.general_budget_transfer: "上级一般公共预算安排转移支付",
    FundSource.government_fund: "政府性基金收入",
    FundSource.government_fund_transfer: "上级政府性基金安排转移支付",
    FundSource.state_capital: "国有资本经营收入",
    FundSource.state_capital_transfer: "上级国有资本经营预算安排转移支付",
    FundSource.special_account: "财政专户核拨",
    FundSource.business_income: "事业收入",
    FundSource.superior_subsidy: "上级补助收入",
    FundSource.affiliated_remittance: "附属单位上缴收入",
    FundSource.operating_income: "事业单位经营收入",
    FundSource.other_income: "其他收入",
    FundSource.carryover_general_budget: "一般公共预算拨款",
    FundSource.carryover_government_fund: "基金预算拨款",
    FundSource.carryover_state_capital: "国有资本经营预算拨款",
    FundSource.carryover_special_account: "财政专户核拨",
    FundSource.carryover_unit_funds: "单位资金",
}

S = FundSource
#: 一般公共预算拨款 (current year, own and transferred)
GENERAL_BUDGET = frozenset({S.general_budget, S.general_budget_transfer})
#: 政府性基金预算拨款
GOVERNMENT_FUND = frozenset({S.government_fund, S.government_fund_transfer})
#: 国有资本经营预算拨款
STATE_CAPITAL = frozenset({S.state_capital, S.state_capital_transfer})
#: 财政拨款 = general_budget + government_fund + state_capital (current year)
FISCAL_APPROPRIATION = GENERAL_BUDGET | GOVERNMENT_FUND | STATE_CAPITAL
#: 单位资金
UNIT_FUNDS = frozenset(
    {
        S.business_income,
        S.superior_subsidy,
        S.affiliated_remittance,
        S.operating_income,
        S.other_income,
    }
)
#: 财政拨款结转
CARRYOVER_FISCAL = frozenset(
    {S.carryover_general_budget, S.carryover_government_fund, S.carryover_state_capital}
)
#: 非财政拨款结转结余
CARRYOVER_NON_FISCAL = frozenset({S.carryover_special_account, S.carryover_unit_funds})
#: 上年结转结余
CARRYOVER = CARRYOVER_FISCAL | CARRYOVER_NON_FISCAL
#: 上级…转移支付
TRANSFER_FROM_ABOVE = frozenset(
    {S.general_budget_transfer, S.government_fund_transfer, S.state_capital_transfer}
)
#: 本年收入
CURRENT_YEAR = frozenset(FundSource) - CARRYOVER


class SourceGroup(StrEnum):
    """The coarse groups the prose speaks of (收入预算包括：一般公共预算、单位资金 …)."""

    general_budget = "general_budget"
    government_fund = "government_fund"
    state_capital = "state_capital"
    special_account = "special_account"
    unit_funds = "unit_funds"
    carryover = "carryover"

    @property
    def label(self) -> str:
        return GROUP_LABELS[self]

    @property
    def members(self) -> frozenset[FundSource]:
        return GROUP_MEMBERS[self]


GROUP_LABELS: dict[SourceGroup, str] = {
    SourceGroup.general_budget: "一般公共预算",
    SourceGroup.government_fund: "政府性基金预算",
    SourceGroup.state_capital: "国有资本经营预算",
    SourceGroup.special_account: "财政专户管理资金",
    SourceGroup.unit_funds: "单位资金",
    SourceGroup.carryover: "上年结转结余",
}
GROUP_MEMBERS: dict[SourceGroup, frozenset[FundSource]] = {
    SourceGroup.general_budget: GENERAL_BUDGET,
    SourceGroup.government_fund: GOVERNMENT_FUND,
    SourceGroup.state_capital: STATE_CAPITAL,
    SourceGroup.special_account: frozenset({S.special_account}),
    SourceGroup.unit_funds: UNIT_FUNDS,
    SourceGroup.carryover: CARRYOVER,
}


def group_of(source: FundSource) -> SourceGroup:
    for group, members in GROUP_MEMBERS.items():
        if source in members:
            return group
    raise AssertionError(source)  # pragma: no cover - every source has a group
