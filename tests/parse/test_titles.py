"""Table titles beyond the listed ones: the words of a title name its table.

Each region words its titles its own way (部门收入预算表, 收入预算表, 部门收入总表 …) and no list
is ever complete. A title that no layout lists is still read when its words say which table it
is, by that table's first layout, with a warning in the report; and a listed title found at the
end of a longer one whose start names another table is not taken for it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from yusuan.audit import audit
from yusuan.parse import parse_text
from yusuan.parse.tables import named_by_words, printed_number, title_spec
from yusuan.parse.text import compact, read_text

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"
LAYOUT = Path(__file__).resolve().parents[2] / "src" / "yusuan" / "parse" / "layouts"

#: the seed's titles, and wordings of the same tables that no layout lists
RENAMED = {
    "部门收支总体情况表": "部门收支预算表",
    "部门收入总体情况表": "收入预算表",
    "部门支出总体情况表": "支出预算表",
    "财政拨款收支预算总体情况表": "财政拨款收支预算表",
    "一般公共预算支出情况表": "一般公共预算支出功能分类预算表",
    "一般公共预算基本支出情况表": "一般公共预算基本支出经济分类预算表",
    "一般公共预算项目支出情况表": "项目支出预算表",
    "政府性基金预算支出情况表": "政府性基金预算支出预算表",
    "国有资本经营预算支出情况表": "国有资本经营预算支出预算表",
    "财政拨款“三公”经费支出情况表": "一般公共预算“三公”经费支出预算情况表",
}


def test_every_listed_title_names_its_own_table_by_its_words() -> None:
    data = yaml.safe_load((LAYOUT / "tables.yaml").read_text(encoding="utf-8"))
    not_title = re.compile(data["title_words"]["not_title"])
    for table in data["tables"]:
        for title in table["titles"]:
            named = named_by_words(compact(title))
            assert named is not None and named.key == table["key"], title
            assert not not_title.search(compact(title)), title


def test_the_renamed_titles_are_listed_nowhere() -> None:
    for old, new in RENAMED.items():
        listed = title_spec(old)
        assert listed is not None and not listed[1], old
        named = title_spec(new)
        assert named is not None and named[1], new  # only its words name it
        assert named[0].key == listed[0].key, new


@pytest.mark.parametrize(
    ("title", "key"),
    [
        # ends as a listed title, 财政拨款支出预算表
        ("政府性基金预算财政拨款支出预算表", "fund_budget_expenditure"),
        ("国有资本经营预算财政拨款支出预算表", "state_capital_expenditure"),
        ("一般公共预算财政拨款支出预算表", "general_budget_expenditure"),
        ("表5 一般公共预算支出表（按功能分类）", "general_budget_expenditure"),
        ("部门收入总表（单位：万元）", "revenue"),
        ("附表7：部门项目支出预算表", "general_budget_projects"),
        ("机关运行经费预算表", "office_running_costs"),
        ("政府采购预算明细表", "procurement"),
    ],
)
def test_a_title_is_the_table_its_words_name(title: str, key: str) -> None:
    named = title_spec(title)
    assert named is not None and named[0].key == key


@pytest.mark.parametrize(
    "line",
    [
        "项目支出绩效目标表",
        "部门整体支出绩效目标表",
        "详见单位的项目绩效目标表",
        "第二部分 2019年度部门预算表",
        "本部门没有政府性基金预算支出，故政府性基金预算支出表为空表",
        "一般公共预算支出",  # no 表
    ],
)
def test_a_line_that_only_names_a_table_is_no_title(line: str) -> None:
    assert title_spec(line) is None


def test_the_seed_with_unlisted_titles_reads_the_same_tables() -> None:
    text = SEED.read_text(encoding="utf-8")
    renamed = text
    for old, new in RENAMED.items():
        assert renamed.count(f"\n{old}\n") == 1, old
        renamed = renamed.replace(f"\n{old}\n", f"\n{new}\n")
    before = parse_text(text, "seed.txt")
    after = parse_text(renamed, "renamed.txt")
    tables = before.disclosure.tables
    assert set(after.disclosure.tables) == set(tables)
    for key, table in tables.items():
        again = after.disclosure.tables[key]
        assert [(r.key, r.values) for r in again.rows] == [(r.key, r.values) for r in table.rows]
    # the report says which tables were named by their words alone, one warning each
    said = [w for w in after.report.warnings if "不在已知版式中" in w]
    assert len(said) == len(RENAMED)
    assert all(any(f"“{new}”" in w for w in said) for new in RENAMED.values())
    assert not [w for w in before.report.warnings if "不在已知版式中" in w]
    # and the auditor finds what it finds in the document as printed, nothing more
    found = {(f.rule, f.location.table, f.location.row) for f in audit(before.disclosure).findings}
    again_found = {
        (f.rule, f.location.table, f.location.row) for f in audit(after.disclosure).findings
    }
    assert again_found == found


@pytest.mark.parametrize(
    ("lines", "title", "number"),
    [
        (["表一 部门收支总体情况表"], 0, 1),
        (["附表5：一般公共预算支出表"], 0, 5),
        (["表 10", "", "财政拨款“三公”经费支出情况表"], 2, 10),
        (["政府性基金财政拨款支出预算表", "公开表十", "部门：某单位 单位：万元"], 0, 10),
        (["收入预算总表", "公开表二", "支出预算总表", "公开表三"], 2, 3),  # its own, not the last
        (["表1-1 部门收支总表"], 0, None),  # a sub-number says nothing sure
        (["部门收支总表", "单位：万元"], 0, None),
    ],
)
def test_a_table_keeps_the_number_the_document_prints(
    lines: list[str], title: int, number: int | None
) -> None:
    doc = read_text("\n".join(lines), "t.txt")
    at = next(i for i, ln in enumerate(doc.lines) if ln.text.strip() == lines[title])
    assert printed_number(doc.lines, at) == number


#: a 项目支出表 by source of funds: its title's words name 表7, its header fits no layout
_BY_SOURCE = """表10
项目支出预算表
部门：示例市统计局 单位：万元
项目名称 合计 一般公共预算拨款 政府性基金 其他资金
合计 130.00 110.00 20.00
统计调查项目 100.00 80.00 20.00
专项统计业务 30.00 30.00
"""


def test_a_table_named_by_words_whose_header_fits_no_layout_is_not_read() -> None:
    text = (Path(__file__).parent / "data" / "national_template.txt").read_text(encoding="utf-8")
    heading = "第三部分 2024年部门预算情况说明"
    assert text.count(heading) == 1
    result = parse_text(text.replace(heading, _BY_SOURCE + heading), "national.txt")
    why = result.disclosure.unreadable_tables["general_budget_projects"]
    assert "表头也不合已知版式" in why
    assert "general_budget_projects" not in result.disclosure.tables
    status = next(s for s in result.report.tables if s.key == "general_budget_projects")
    assert status.status == "unreadable" and status.number == 10
    # its numbers are listed as unplaced, not lost and not guessed into columns
    unplaced = [u.text for u in result.report.unplaced]
    for amount in ("130.00", "110.00", "100.00", "80.00"):
        assert amount in unplaced
    report = audit(result.disclosure)
    assert not [f.rule for f in report.findings if f.rule.startswith(("TBL", "XTB"))]
    ran = {r.rule.id: r for r in report.results}
    assert ran["TBL-SUM-026"].status.value == "not_run"
    assert "不合已知版式" in (ran["TBL-SUM-026"].reason or "")
