"""The 情况说明 of a disclosure in the Ministry of Finance's reference template, read as claims.

``data/national_narrative.txt`` is the 情况说明 and 名词解释 of ``data/national_template.txt``
(a fictitious department, every table adding up) in the template's usual wording; the whole
document is the template with its stub 第三部分 replaced by it. Each statement of the
narrative is read into the claim the auditor recomputes from the tables: the 类 of 财政拨款
expenditure, 一般公共预算支出 with its 基本/项目 split, 人员经费 and 公用经费 with the 款 they
"mainly include … 等", the 三公 total and its parts (the vehicles' two within brackets), and
政府采购 by kind. The consistent document gives no finding; a statement changed by a little is
found by its rule at its line; the template's sentences reworded (其中 / 包括 / 分别为, a share
after an amount, （类） …) read the same claims.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.audit import audit
from yusuan.audit.core import AuditReport, Status
from yusuan.parse import ParseResult, parse_text

DATA = Path(__file__).parent / "data"
TEMPLATE = (DATA / "national_template.txt").read_text(encoding="utf-8")
NARRATIVE = (DATA / "national_narrative.txt").read_text(encoding="utf-8")
STUB = "第三部分 2024年部门预算情况说明"

D = Decimal


def _document(narrative: str = NARRATIVE) -> str:
    return TEMPLATE[: TEMPLATE.index(STUB)] + narrative


def _parse(narrative: str = NARRATIVE) -> ParseResult:
    return parse_text(_document(narrative), "national_narrative.txt")


def _line_of(text: str, words: str) -> int:
    """The number of the line of ``text`` holding ``words`` (1-based)."""
    return text[: text.index(words)].count("\n") + 1


def _sentence(heading: str) -> str:
    """The narrative's line below the heading that begins with ``heading``."""
    lines = NARRATIVE.splitlines()
    k = next(k for k, line in enumerate(lines) if line.startswith(heading))
    return lines[k + 1]


def _claims_of_line(result: ParseResult, line: int) -> dict[str, object]:
    return {c.topic: c.value for c in result.disclosure.claims if c.location.line == line}


def _findings(report: AuditReport) -> list[str]:
    return [f"{f.rule} {f.message}" for f in report.findings if f.severity != "info"]


# ---------------------------------------------------------------- the template's wording
def test_every_figure_of_the_narrative_is_a_claim_or_a_count_and_none_is_unplaced() -> None:
    text = _document()
    result = _parse()
    start = _line_of(text, STUB)
    assert [(u.line, u.text) for u in result.report.unplaced if u.line >= start] == []
    claims = {c.topic: c.value for c in result.disclosure.claims}
    assert {k: claims[k] for k in claims if k.startswith("fiscal.category.amount")} == {
        "fiscal.category.amount:201": D("410.00"),
        "fiscal.category.amount:208": D("50.00"),
        "fiscal.category.amount:210": D("20.00"),
        "fiscal.category.amount:221": D("40.00"),
    }
    assert (
        claims["general_budget.total"],
        claims["general_budget.basic.amount"],
        claims["general_budget.project.amount"],
    ) == (D("520.00"), D("410.00"), D("110.00"))
    assert (claims["basic.personnel.amount"], claims["basic.operating.amount"]) == (
        D("360.00"),
        D("50.00"),
    )
    assert claims["basic.personnel.contents"][-1] == "机关事业单位基本养老保险缴费等"
    assert claims["three_public.total.amount"] == D("10.00")
    assert {k: v for k, v in claims.items() if k.startswith("three_public.part.amount")} == {
        "three_public.part.amount:overseas_travel": D("0"),
        "three_public.part.amount:reception": D("2.00"),
        "three_public.part.amount:vehicles": D("8.00"),
        "three_public.part.amount:vehicle_purchase": D("0"),
        "three_public.part.amount:vehicle_operation": D("8.00"),
    }
    assert (claims["procurement.goods"], claims["procurement.services"]) == (
        D("10.00"),
        D("10.00"),
    )
    assert "procurement.works" not in claims


def test_the_consistent_narrative_gives_no_finding_and_its_rules_run() -> None:
    report = audit(_parse().disclosure)
    assert _findings(report) == []
    status = {r.rule.id: r.status for r in report.results}
    for rule in (
        "PRS-009",  # 表2 prints no 财政拨款（补助） column: 表4's 合计 by 类 instead
        "PRS-010",
        "PRS-011",
        "PRS-012",
        "PRS-015",
        "PRS-016",
        "PRS-018",
        "PRS-019",
        "PRS-036",
        "PRS-037",
        "PRS-044",
        "PRS-049",
    ):
        assert status[rule] is Status.passed, rule


# ---------------------------------------------------------------- each statement changed
MUTATIONS = [
    # 财政拨款 expenditure by 类 (表4 合计 of the 类)
    ("社会保障和就业支出50.00万元", "社会保障和就业支出50.10万元", "PRS-009", "表4“208"),
    # 一般公共预算支出 and its split (表5)
    ("一般公共预算支出520.00万元", "一般公共预算支出520.10万元", "PRS-010", "表5"),
    ("基本支出410.00万元，项目支出", "基本支出409.90万元，项目支出", "PRS-011", "表5"),
    ("项目支出110.00万元。", "项目支出110.10万元。", "PRS-012", "表5"),
    # 人员经费 / 公用经费 (表6), and a 款 the 人员经费 do not hold
    ("人员经费360.00万元", "人员经费360.10万元", "PRS-015", "表6"),
    ("公用经费50.00万元", "公用经费49.90万元", "PRS-016", "表6"),
    ("主要包括基本工资、津贴补贴、", "主要包括基本工资、奖金、", "PRS-036", "多列 奖金"),
    # 三公 (表7 here): the total, the vehicles, the running costs within brackets
    ("财政拨款预算10.00万元", "财政拨款预算10.10万元", "PRS-018", "表7"),
    ("公务用车购置及运行费8.00万元", "公务用车购置及运行费8.10万元", "PRS-019", "运行费（小计）”"),
    ("公务用车运行费8.00万元", "公务用车运行费7.90万元", "PRS-019", "表7“公务用车运行费”"),
    # 政府采购 by kind adds up to its total
    ("货物类10.00万元", "货物类10.10万元", "PRS-044", "三类之和"),
]


@pytest.mark.parametrize(
    ("old", "new", "rule", "where"),
    [pytest.param(*m, id=f"{m[2]}-{k}") for k, m in enumerate(MUTATIONS)],
)
def test_a_statement_changed_by_a_little_is_found_by_its_rule_at_its_line(
    old: str, new: str, rule: str, where: str
) -> None:
    assert NARRATIVE.count(old) == 1, old
    narrative = NARRATIVE.replace(old, new)
    line = _line_of(_document(narrative), new)
    report = audit(_parse(narrative).disclosure)
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, _findings(report)
    f = found[0]
    assert (f.location.part, f.location.line) == ("narrative", line)
    assert where in f.message
    assert {x.split()[0] for x in _findings(report)} <= {rule, "PRS-049", "PRS-050"}


def test_a_list_ending_with_deng_may_leave_out_but_not_add() -> None:
    """“主要包括办公费、差旅费、公务接待费等” names some of 表6's 公用经费 款: none missing is
    reported; a 款 named that 表6 does not give 公用经费 is (the list is not only an
    example)."""
    listed = "差旅费、公务接待费等"
    report = audit(_parse(NARRATIVE.replace(listed, "差旅费、公务接待费")).disclosure)
    assert [f.rule for f in report.findings if f.severity != "info"] == ["PRS-037"]
    assert "漏列 公务用车运行维护费、其他商品和服务支出" in report.findings[0].message
    report = audit(_parse(NARRATIVE.replace(listed, "差旅费、基本工资等")).disclosure)
    found = [f for f in report.findings if f.severity != "info"]
    assert [f.rule for f in found] == ["PRS-037"]
    assert "多列 基本工资" in found[0].message and "漏列" not in found[0].message


# ---------------------------------------------------------------- the template reworded
REWORDED = {
    "四、": [
        "示例市统计局2024年财政拨款收支总预算520.00万元。财政拨款支出包括：一般公共服务支出410.00万元、"
        "社会保障和就业支出50.00万元、卫生健康支出20.00万元、住房保障支出40.00万元。",
        "示例市统计局2024年财政拨款收支总预算520.00万元。收入全部为一般公共预算拨款；支出主要包括："
        "一般公共服务支出410.00万元，占78.85%；社会保障和就业支出50.00万元，占9.62%；"
        "卫生健康支出20.00万元，占3.85%；住房保障支出40.00万元，占7.69%。",
        "示例市统计局2024年财政拨款收支总预算520.00万元。财政拨款支出中，一般公共服务支出、"
        "社会保障和就业支出、卫生健康支出、住房保障支出分别为410.00万元、50.00万元、20.00万元、"
        "40.00万元。",
        "示例市统计局2024年财政拨款收支总预算520.00万元。支出包括：一般公共服务（类）支出410.00万元，"
        "社会保障和就业（类）支出50.00万元，卫生健康（类）支出20.00万元，住房保障（类）支出40.00万元。",
    ],
    "五、": [
        "示例市统计局2024年一般公共预算支出520.00万元，其中：基本支出410.00万元，占78.85%；"
        "项目支出110.00万元，占21.15%。",
        "示例市统计局2024年一般公共预算支出预算为520.00万元，其中基本支出和项目支出分别为410.00万元"
        "和110.00万元。",
        "2024年一般公共预算财政拨款支出520.00万元。其中，基本支出预算410.00万元，项目支出预算"
        "110.00万元。",
    ],
    "六、": [
        "示例市统计局2024年一般公共预算基本支出410.00万元，其中：人员经费360.00万元，占87.80%，"
        "主要包括基本工资、津贴补贴等；公用经费50.00万元，占12.20%，主要包括办公费、差旅费等。",
        "示例市统计局2024年一般公共预算基本支出410.00万元，其中：人员经费和公用经费分别为360.00万元"
        "和50.00万元。",
        "示例市统计局2024年一般公共预算基本支出410.00万元，其中：人员经费360.00万元，主要用于在职人员"
        "工资福利和离退休人员费用；公用经费50.00万元，主要用于机关日常运转。",
        "示例市统计局2024年一般公共预算基本支出410.00万元，其中：人员经费360.00万元，包括：基本工资、"
        "津贴补贴、机关事业单位基本养老保险缴费、职工基本医疗保险缴费、住房公积金、退休费；公用经费"
        "50.00万元，包括：办公费、差旅费、公务接待费、公务用车运行维护费、其他商品和服务支出。",
    ],
    "七、": [
        "2024年“三公”经费财政拨款预算10.00万元，其中：因公出国（境）费0万元，公务用车购置及运行费"
        "8.00万元（其中，公务用车购置费0万元，公务用车运行费8.00万元），公务接待费2.00万元。",
        "2024年“三公”经费财政拨款预算数为10.00万元。因公出国（境）费、公务接待费、公务用车购置及"
        "运行费分别为0万元、2.00万元、8.00万元，其中公务用车购置费0万元、公务用车运行费8.00万元。",
    ],
    "九、": [
        "2024年示例市统计局政府采购预算20.00万元，包括货物采购预算10.00万元、服务采购预算10.00万元。",
        "2024年示例市统计局政府采购预算总额20.00万元，其中货物类、服务类分别为10.00万元、10.00万元。",
        "2024年示例市统计局政府采购预算总额20.00万元，其中：货物类10.00万元，占50.00%；服务类"
        "10.00万元，占50.00%。",
    ],
}


def _amounts(claims: dict[str, object]) -> dict[str, object]:
    """The claims of amounts (not of the lists of 款, which a rewording may leave out)."""
    return {k: v for k, v in claims.items() if not k.endswith(".contents")}


@pytest.mark.parametrize(
    ("heading", "sentence"),
    [
        pytest.param(h, s, id=f"{h.rstrip('、')}-{k}")
        for h, sentences in REWORDED.items()
        for k, s in enumerate(sentences)
    ],
)
def test_a_reworded_statement_reads_as_the_templates_and_audits_clean(
    heading: str, sentence: str
) -> None:
    template = _sentence(heading)
    expected = _amounts(_claims_of_line(_parse(), _line_of(_document(), template)))
    narrative = NARRATIVE.replace(template, sentence)
    line = _line_of(_document(narrative), sentence)
    result = _parse(narrative)
    assert _amounts(_claims_of_line(result, line)) == expected
    assert [u.text for u in result.report.unplaced if u.line == line] == []
    assert _findings(audit(result.disclosure)) == []


def test_names_and_values_that_do_not_pair_are_not_guessed() -> None:
    """“A、B、C分别为X万元、Y万元”: three names, two amounts; nothing is claimed, both amounts
    are listed unplaced."""
    sentence = (
        "示例市统计局2024年财政拨款收支总预算520.00万元。财政拨款支出中，一般公共服务支出、"
        "社会保障和就业支出、卫生健康支出分别为410.00万元、50.00万元。"
    )
    narrative = NARRATIVE.replace(_sentence("四、"), sentence)
    line = _line_of(_document(narrative), sentence)
    result = _parse(narrative)
    assert [k for k in _claims_of_line(result, line) if k.startswith("fiscal.category")] == []
    assert [u.text for u in result.report.unplaced if u.line == line] == ["410.00", "50.00"]


def test_a_three_public_part_is_named_in_chinese_in_its_finding() -> None:
    wrong = NARRATIVE.replace("公务用车运行费8.00万元", "公务用车运行费9.00万元")
    assert wrong != NARRATIVE
    found = [f for f in audit(_parse(wrong).disclosure).findings if f.rule == "PRS-019"]
    assert found and all("（公务用车运行费）" in f.message for f in found)
    assert not any("vehicle_operation" in f.message for f in found)
