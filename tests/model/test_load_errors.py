"""Bad budget files: one clear Chinese error naming the file, the line and the key path."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.model import BudgetFileError, load_budget, load_budget_text

SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"

# A small valid budget; every case below breaks exactly one thing in it.
GOOD = """\
year: 2023
department:
  name: 测试单位
basic:
  - {functional_code: "2013101", economic_code: "30101", amount: 10.00}
  - {functional_code: "2210201", economic_code: "30113", amount: 2.50}
projects:
  - name: 项目甲
    functional_code: "2013101"
    economic_split: {"302": 5.00}
performance_targets:
  - project: 项目甲
    goal: 完成
"""
CJK = re.compile(r"[\u4e00-\u9fff]")


def _error(text: str, file: str = "budget.yaml") -> BudgetFileError:
    with pytest.raises(BudgetFileError) as caught:
        load_budget_text(text, file)
    err = caught.value
    shown = str(err)
    assert "\n" not in shown, "the error must be one line"
    assert shown.startswith(file), shown
    assert CJK.search(err.message), f"message not in Chinese: {err.message}"
    assert "Traceback" not in shown and "Input should" not in shown, shown
    return err


def test_the_good_file_loads() -> None:
    budget = load_budget_text(GOOD)
    assert budget.basic[0].amount == Decimal("10.00")
    assert budget.projects[0].total == Decimal("5.00")


def test_tab_indentation() -> None:
    err = _error(GOOD.replace("  name: 测试单位", "\tname: 测试单位"))
    assert err.line == 3
    assert "制表符" in err.message


def test_unclosed_bracket_points_at_where_it_opened() -> None:
    err = _error(GOOD.replace("amount: 2.50}", "amount: 2.50"))
    assert err.line == 6
    assert "花括号" in err.message and "没有闭合" in err.message


def test_unclosed_square_bracket() -> None:
    err = _error("year: 2023\nother_matters: [甲, 乙\n")
    assert err.line == 2
    assert "方括号" in err.message and "没有闭合" in err.message


def test_empty_file() -> None:
    err = _error("")
    assert err.line is None and err.path == ""
    assert "文件为空" in err.message


def test_only_comments_is_empty() -> None:
    assert "文件为空" in _error("# 只有注释\n\n").message


def test_top_level_list() -> None:
    err = _error("- year: 2023\n- department: {name: 甲}\n")
    assert err.line == 1
    assert "顶层必须是键值映射" in err.message and "列表" in err.message


def test_unknown_key_at_top_level() -> None:
    err = _error(GOOD + "yaer: 2023\n")
    assert err.path == "yaer"
    assert err.line == 14
    assert "未知的键" in err.message


def test_unknown_key_in_a_project() -> None:
    err = _error(
        GOOD.replace(
            'economic_split: {"302": 5.00}', 'economic_split: {"302": 5.00}\n    amout: 5.00'
        )
    )
    assert err.path == "projects[0].amout"
    assert err.line == 11
    assert "未知的键" in err.message


def test_amount_that_is_not_a_number() -> None:
    err = _error(GOOD.replace("amount: 2.50", "amount: abc"))
    assert (err.path, err.line) == ("basic[1].amount", 6)
    assert "金额不是数字" in err.message and "abc" in err.message


def test_amount_with_three_decimals() -> None:
    err = _error(GOOD.replace("amount: 2.50", "amount: 1.234"))
    assert (err.path, err.line) == ("basic[1].amount", 6)
    assert "两位小数" in err.message


def test_negative_amount() -> None:
    err = _error(GOOD.replace("amount: 2.50", "amount: -2.50"))
    assert (err.path, err.line) == ("basic[1].amount", 6)
    assert "负数" in err.message


@pytest.mark.parametrize("spelling", [".inf", ".nan", "1e3", "true"])
def test_amounts_that_are_not_plain_numbers(spelling: str) -> None:
    err = _error(GOOD.replace("amount: 2.50", f"amount: {spelling}"))
    assert (err.path, err.line) == ("basic[1].amount", 6)
    assert "金额" in err.message


def test_unknown_functional_code_on_a_basic_line() -> None:
    err = _error(GOOD.replace('"2210201"', '"2219998"'))
    assert (err.path, err.line) == ("basic[1]", 6)
    assert "未知的功能分类科目编码 2219998" in err.message
    assert "codes" in err.message  # says how to declare it


def test_unknown_economic_code_on_a_basic_line() -> None:
    err = _error(GOOD.replace('"30113"', '"30198"'))
    assert (err.path, err.line) == ("basic[1]", 6)
    assert "未知的经济分类科目编码 30198" in err.message


def test_unknown_economic_code_in_a_project() -> None:
    err = _error(GOOD.replace('{"302": 5.00}', '{"30298": 5.00}'))
    assert (err.path, err.line) == ("projects[0]", 8)
    assert "30298" in err.message


def test_unknown_functional_code_in_a_project() -> None:
    err = _error(
        GOOD.replace(
            'functional_code: "2013101"\n    economic', 'functional_code: "2019998"\n    economic'
        )
    )
    assert (err.path, err.line) == ("projects[0]", 8)
    assert "2019998" in err.message


def test_declared_code_is_accepted() -> None:
    text = GOOD.replace('"2210201"', '"2210298"') + (
        'codes:\n  - {code: "2210298", name: 本单位自定义项, kind: functional}\n'
    )
    budget = load_budget_text(text)
    assert budget.catalog.functional["2210298"].name == "本单位自定义项"
    assert budget.catalog.functional["2210298"].source == "budget file"


def test_unquoted_code_says_to_quote_it() -> None:
    err = _error(
        GOOD.replace(
            'functional_code: "2013101", economic_code: "30101"',
            'functional_code: 2013101, economic_code: "30101"',
        )
    )
    assert (err.path, err.line) == ("basic[0].functional_code", 5)
    assert "引号" in err.message


def test_project_amount_disagrees_with_its_split() -> None:
    err = _error(
        GOOD.replace(
            'economic_split: {"302": 5.00}', 'economic_split: {"302": 5.00}\n    amount: 6.00'
        )
    )
    assert (err.path, err.line) == ("projects[0]", 8)
    assert "6.00" in err.message and "5.00" in err.message and "不一致" in err.message


def test_performance_target_of_a_missing_project() -> None:
    err = _error(GOOD.replace("  - project: 项目甲", "  - project: 项目乙"))
    assert (err.path, err.line) == ("performance_targets[0].project", 12)
    assert "项目乙" in err.message and "不存在" in err.message


def test_duplicate_top_level_key() -> None:
    err = _error(GOOD + "year: 2024\n")
    assert (err.path, err.line) == ("year", 14)
    assert "重复的键" in err.message and "第 1 行" in err.message


def test_duplicate_nested_key() -> None:
    err = _error(GOOD.replace("  name: 测试单位\n", "  name: 测试单位\n  name: 别的单位\n"))
    assert (err.path, err.line) == ("department.name", 4)
    assert "重复的键" in err.message


def test_recursive_alias_is_refused_not_a_crash() -> None:
    err = _error(GOOD + "other_matters: &loop [*loop]\n")
    assert (err.path, err.line) == ("other_matters[0]", 14)
    assert "别名" in err.message


def test_alias_bomb_is_refused() -> None:
    items = ["&a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        items.append(f"&{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    err = _error(GOOD + "other_matters: [" + ", ".join(items) + "]\n")  # 10**8 strings
    assert err.line == 14
    assert "展开后内容过多" in err.message


def test_plain_aliases_still_work() -> None:
    text = GOOD.replace("    goal: 完成", "    goal: &goal 完成") + "other_matters: [*goal]\n"
    assert load_budget_text(text).other_matters == ("完成",)


def test_deep_nesting_is_refused_not_a_crash() -> None:
    err = _error("year: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "嵌套层次过深" in err.message


def test_several_errors_are_counted() -> None:
    err = _error(GOOD.replace("amount: 2.50", "amount: abc").replace("amount: 10.00", "amount: -1"))
    assert "另有 1 处错误" in err.message
    assert err.path == "basic[0].amount"  # the first, in file order


# --- files -------------------------------------------------------------------------------


def test_gbk_file(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes(GOOD.encode("gbk"))
    with pytest.raises(BudgetFileError) as caught:
        load_budget(path)
    err = caught.value
    assert err.file == str(path)
    assert err.line == 3  # the first non-ASCII byte is in 测试单位
    assert "UTF-8" in err.message and "GBK" in err.message


def test_utf8_with_bom_loads(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert load_budget(path).department.name == "测试单位"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "table.xlsx.yaml"
    path.write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)))
    with pytest.raises(BudgetFileError) as caught:
        load_budget(path)
    assert "不是文本文件" in caught.value.message


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(BudgetFileError) as caught:
        load_budget(tmp_path)
    assert caught.value.file == str(tmp_path)
    assert "目录" in caught.value.message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(BudgetFileError) as caught:
        load_budget(path)
    assert str(caught.value) == f"{path}: 文件不存在"


def test_30_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)  # sparse: 30 MB on paper
    with pytest.raises(BudgetFileError) as caught:
        load_budget(path)
    assert caught.value.file == str(path)
    assert "文件过大" in caught.value.message


def test_error_line_in_a_real_file(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    broken = text.replace("amount: 495.55", "amount: 495.555", 1)
    path = tmp_path / "atushi.yaml"
    path.write_text(broken, encoding="utf-8")
    line = next(i for i, ln in enumerate(broken.splitlines(), 1) if "495.555" in ln)
    with pytest.raises(BudgetFileError) as caught:
        load_budget(path)
    assert str(caught.value).startswith(f"{path}:{line}: basic[1].amount: ")


# --- money never passes through float ---------------------------------------------------


def _all_amounts(value: object) -> list[object]:
    from pydantic import BaseModel

    found: list[object] = []
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found += _all_amounts(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            found += _all_amounts(item)
    elif isinstance(value, tuple | list):
        for item in value:
            found += _all_amounts(item)
    elif isinstance(value, Decimal | float):
        found.append(value)
    return found


def test_amounts_are_decimals_with_two_places() -> None:
    budget = load_budget(SAMPLE)
    amounts = _all_amounts(budget)
    assert len(amounts) > 50
    assert not [a for a in amounts if isinstance(a, float)]
    money = [a for a in amounts if isinstance(a, Decimal)]
    # every Money field is quantized to cents; indicator weights are the only other Decimals
    cents = [a for a in money if a.as_tuple().exponent == -2]
    assert len(cents) >= len(budget.basic) + sum(len(p.all_lines) for p in budget.projects)
    for line in budget.basic:
        assert line.amount.as_tuple().exponent == -2


def test_decimal_text_is_exact() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in float; here it must be exactly 0.30
    text = GOOD.replace("amount: 10.00", "amount: 0.1").replace("amount: 2.50", "amount: 0.2")
    budget = load_budget_text(text)
    total = sum((line.amount for line in budget.basic), Decimal(0))
    assert total == Decimal("0.30") and str(total) == "0.30"
    assert str(budget.basic[0].amount) == "0.10"


def test_device_file_is_refused_without_reading_forever() -> None:
    with pytest.raises(BudgetFileError) as caught:
        load_budget("/dev/zero")
    assert caught.value.file == "/dev/zero"
    assert "不是普通文件" in caught.value.message


def test_two_yaml_documents_in_one_file() -> None:
    err = _error(GOOD + "---\nyear: 2024\n")
    assert err.line == 14
    assert "多个 YAML 文档" in err.message


def test_misspelt_key_is_reported_as_unknown_with_the_key_it_should_be() -> None:
    # A misspelt required key is both unknown and missing; the clerk must edit the misspelt one.
    err = _error(GOOD.replace('- {functional_code: "2210201"', '- {functonal_code: "2210201"'))
    assert (err.path, err.line) == ("basic[1].functonal_code", 6)
    assert "未知的键" in err.message and "是否应为 functional_code" in err.message


def test_year_before_2000_names_the_lower_bound_not_negative() -> None:
    err = _error(GOOD.replace("year: 2023", "year: 1999"))
    assert err.path == "year"
    assert "不能小于 2000" in err.message and "负数" not in err.message


def test_fractional_head_count_is_shown_as_typed() -> None:
    err = _error(
        GOOD.replace(
            "  name: 测试单位",
            "  name: 测试单位\n  staff: {authorized: 8.5, active: 8, retired: 0}",
        )
    )
    assert err.path == "department.staff.authorized"
    assert err.message == "应为整数：8.5"


def test_misspelt_fund_source_names_the_source_it_should_be() -> None:
    err = _error(
        GOOD.replace(
            'economic_split: {"302": 5.00}',
            'source: goverment_fund\n    economic_split: {"302": 5.00}',
        )
    )
    assert err.path == "projects[0].source"
    assert err.message == "取值 'goverment_fund' 不在允许范围内，是否应为 government_fund？"


def test_unrelated_fund_source_lists_the_allowed_values() -> None:
    err = _error(
        GOOD.replace(
            'economic_split: {"302": 5.00}', 'source: 财政拨款\n    economic_split: {"302": 5.00}'
        )
    )
    assert "不在允许范围内" in err.message and "'general_budget'" in err.message
