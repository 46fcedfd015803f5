"""Codes glued to their names, and codes printed on a line apart from their names.

Text from other tools (``pdftotext -layout`` or ``-raw`` of the 决算 PDF, text copied from a
web page) sometimes loses the space between a 政府收支分类 code and its name (``310资本性支出``,
``2010301行政运行``) or prints a code alone on its line, its name and amounts on the next (or
its name on the line above).  Each must read as the row the PDF prints; digits that begin a
name, an amount or a year must not read as a code.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.catalog import available_years, load_catalog
from yusuan.parse import ParseResult, parse_text
from yusuan.parse.layouts import layout

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"

#: the seed's tables whose rows begin with a code (表2, 表3, 表5, 表6, 表7)
CODE_TABLES = {
    "revenue",
    "expenditure",
    "general_budget_expenditure",
    "general_budget_basic",
    "general_budget_projects",
}
#: a code row as the seed prints it: the code (spaced as 201 31 01), a space, the name …
SEED_ROW = re.compile(r"^(\d{3}(?: \d{2}){0,2}) (\D.*)$")
AMOUNTS = re.compile(r"(?:\s+[\d,]+\.\d{2})+$")


def _rows(result: ParseResult) -> dict[str, list[tuple[str, str, dict[str, str]]]]:
    """Each table's rows: key (less the line number that tells repeated labels apart), label,
    amounts."""
    return {
        key: [
            (r.key.split("#")[0], r.label, {c: str(v) for c, v in r.values.items()}) for r in t.rows
        ]
        for key, t in result.disclosure.tables.items()
    }


def _reprinted(text: str, how: str, tables: set[str]) -> str:
    """The seed with the code rows of ``tables`` printed ``how``."""
    seed = parse_text(text, "seed.txt")
    code_lines = {
        r.line for key in tables for r in seed.disclosure.tables[key].rows if r.code and r.line
    }
    out: list[str] = []
    changed = 0
    for no, line in enumerate(text.split("\n"), 1):
        m = SEED_ROW.match(line.strip()) if no in code_lines else None
        if m is None:
            out.append(line)
            continue
        changed += 1
        code, rest = m.groups()
        whole = code.replace(" ", "")
        if how == "glued":  # 201 31 01行政运行 4,467.47 …
            out.append(code + rest)
        elif how == "glued, in one piece":  # 2013101行政运行 4,467.47 …
            out.append(whole + rest)
        elif how == "alone":  # 201 31 01 / 行政运行 4,467.47 …
            out += [code, rest]
        elif how == "alone, in one piece":  # 2013101 / 行政运行 4,467.47 …
            out += [whole, rest]
        else:  # name above: 行政运行 / 201 31 01 4,467.47 …
            amounts = AMOUNTS.search(rest)
            cut = amounts.start() if amounts else len(rest)
            out += [rest[:cut], code + rest[cut:]]
    assert changed > 20  # the rows of every table named, not a few
    return "\n".join(out)


@pytest.mark.parametrize(
    "how", ["glued", "glued, in one piece", "alone", "alone, in one piece", "name above"]
)
def test_seed_with_its_codes_glued_or_apart_reads_the_same_tables(how: str) -> None:
    text = SEED.read_text("utf-8")
    # names printed above their codes: 表3 and 表6 (every row of every table so would leave
    # most amount lines without a word, as tools print cells one by one, column by column:
    # such text is rightly read as no table at all)
    tables = {"expenditure", "general_budget_basic"} if how == "name above" else CODE_TABLES
    reprinted = parse_text(_reprinted(text, how, tables), "reprinted.txt")
    assert _rows(reprinted) == _rows(parse_text(text, "seed.txt"))


# ------------------------------------------------------------------ 决算 表6, small texts
FINAL_HEAD = """中共某区委社会工作部 2024 年度部门决算表
一般公共预算财政拨款基本支出决算表
单位：{unit}
人员经费 公用经费
科目编码 科目名称 决算数 科目编码 科目名称 决算数
"""
FINAL_FOOT = """人员经费合计 20.00 公用经费合计 3.50
注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。
"""
#: as the PDF prints it, one row a line
FINAL_PLAIN = """301 工资福利支出 20.00 302 商品和服务支出 3.50
30101 基本工资 12.00 30201 办公费 1.00
30108 机关事业单位基本养老保险缴费 8.00 30298 其他专项费 0.50
30299 其他商品和服务支出 2.00
310 资本性支出 0.00
31001 房屋建筑物购建 0.00
31007 信息网络及软件购置更新 0.00
"""
#: as ``pdftotext -layout`` prints it: codes glued to their names, codes alone above their
#: names and amounts, names wrapped around their code's line
FINAL_LAYOUT = """301工资福利支出 20.00 302商品和服务支出 3.50
30101 基本工资 12.00 30201 办公费 1.00
机关事业单位基本
30108 8.00 30298
养老保险缴费
其他专项费 0.50
30299
其他商品和服务支出 2.00
310资本性支出 0.00
31001
房屋建筑物购建 0.00
信息 网络 及软件 购置
31007 0.00
更新
"""
#: as ``pdftotext -raw`` prints it: a code alone, its name over the next lines, its amount
#: ahead of the other list's next code (itself alone at the line's end)
FINAL_RAW = """301 工资福利支出 20.00 302 商品和服务支出 3.50
30101 基本工资 12.00 30201 办公费 1.00
30108
机关事业单位基本
养老保险缴费
8.00 30298
其他专项费 0.50
30299 其他商品和服务支出 2.00
310 资本性支出 0.00
31001 房屋建筑物购建 0.00
31007
信息网络及软件购置
更新
0.00
"""


def _final(body: str, unit: str = "万元") -> ParseResult:
    return parse_text(FINAL_HEAD.format(unit=unit) + body + FINAL_FOOT, "final.txt")


@pytest.mark.parametrize("body", [FINAL_LAYOUT, FINAL_RAW], ids=["layout", "raw"])
def test_final_account_lists_read_as_printed_one_row_a_line(body: str) -> None:
    plain = _rows(_final(FINAL_PLAIN))["general_budget_basic"]
    # every code's row, the totals, and the code the catalog does not name, by its own name
    assert len(plain) == 12
    assert ("30298", "其他专项费", {"total": "0.50"}) in plain
    assert _rows(_final(body))["general_budget_basic"] == plain


def test_a_code_left_without_an_amount_keeps_its_cell_blank() -> None:
    """30299's amount is not printed: 310's, on the next line of codes, is not taken for it."""
    body = FINAL_PLAIN.replace("30299 其他商品和服务支出 2.00", "30299")
    rows = {key: values for key, _, values in _rows(_final(body))["general_budget_basic"]}
    assert rows["30299"] == {"total": "None"}
    assert rows["310"] == {"total": "0.00"}


def test_an_amount_ending_a_line_is_no_code() -> None:
    """In a 元 table, 办公费's 310 (元) ends the line as a code alone would: it is the amount."""
    body = FINAL_PLAIN.replace("30201 办公费 1.00", "30201 办公费 310")
    table = _final(body, unit="元").disclosure.tables["general_budget_basic"]
    assert table.value("30201", "total") == Decimal("0.03")
    assert [r.code for r in table.rows].count("310") == 1  # 资本性支出 only


# ------------------------------------------------------------------ 表7, small texts
PROJECTS = """一般公共预算项目支出情况表
单位：万元
科目编码 科目名称 项目名称 项目支出合计 工资福利支出 商品和服务支出
201 一般公共服务支出 60.00 60.00
201 31 党委办公厅（室）及相关机构事务 60.00 60.00
201 31 01 行政运行 市民热线 10.00 10.00
{first}
201 31 01 行政运行 保障房维修 20.00 20.00
{second}
2013101行政运行 档案整理 30.00 30.00
{third}
合计 60.00 60.00
"""


def _projects(first: str, second: str, third: str) -> ParseResult:
    text = PROJECTS.format(first=first, second=second, third=third)
    return parse_text(text.replace("\n\n", "\n"), "projects.txt")


def test_project_names_that_begin_with_digits_are_no_codes() -> None:
    """The lower half of a wrapped project name printed below its row's line: digits that
    begin it are no code, whether no 类 begins so (120急救), a unit follows a 类 (220套, 类 220
    exists) or they make a year (2024年)."""
    result = _projects("120急救联动平台", "220套公租房", "2024年度")
    t7 = result.disclosure.tables["general_budget_projects"]
    projects = [r for r in t7.rows if r.kind == "project"]
    assert [r.code for r in projects] == ["2013101"] * 3
    # (a space is put back where Chinese meets digits at a line break)
    assert [r.texts["project"].replace(" ", "") for r in projects] == [
        "市民热线120急救联动平台",
        "保障房维修220套公租房",
        "档案整理2024年度",
    ]
    assert [r.values["total"] for r in projects] == [Decimal(n) for n in ("10", "20", "30")]
    assert {r.code for r in t7.rows} == {None, "201", "20131", "2013101"}


# ------------------------------------------------------------------ the rule's data
def test_no_catalog_name_begins_as_a_glued_name_may_not() -> None:
    """Every name of every year's catalog, glued to its code, reads as a name: it begins with
    a character that may begin one, never with a unit or a counter."""
    codes = layout("tables")["codes"]
    start, not_name = re.compile(codes["name_start"]), re.compile(codes["not_name"])
    for year in available_years():
        for entry in load_catalog(year):
            assert start.match(entry.name), (year, entry.code, entry.name)
            assert not not_name.match(entry.name), (year, entry.code, entry.name)
